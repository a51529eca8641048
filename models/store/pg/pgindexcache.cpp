#include "store/pg/pgindexcache.h"

#include "index/indexlog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>

namespace mapline::pg::pgindexcache {

QString folder()
{
    const QString setting = qEnvironmentVariable("MAPLINE_INDEX_CACHE");
    const QString lower = setting.trimmed().toLower();
    if (lower == u"off" || lower == u"0" || lower == u"no" || lower == u"none")
        return {};
    if (!setting.isEmpty())
        return setting;
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    return base.isEmpty() ? QString() : base + QStringLiteral("/mapline/index");
}

QString pathFor(const QString &folder, const QByteArray &databaseId)
{
    return folder + QLatin1Char('/') + QString::fromLatin1(databaseId) + QStringLiteral(".mapline-index");
}

bool prepareFolder(const QString &folder, QString *why)
{
    if (!QDir().mkpath(folder)) {
        *why = QStringLiteral("cannot create the cache folder %1").arg(folder);
        return false;
    }
    // Only the user: the copies hold every event's place, day and actors.
    if (!QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner)) {
        *why = QStringLiteral("cannot make the cache folder %1 private (0700)").arg(folder);
        return false;
    }
    return true;
}

quint64 fingerprint(const IndexLoadOptions &options, bool asked)
{
    if (!asked)
        return 0;
    return options.positionsFingerprint ? std::max<quint64>(options.positionsFingerprint(), 1) : 1;
}

bool keep(const EventIndex &index, const IndexStamp &stamp, quint64 fingerprint, const QString &path)
{
    QString why;
    if (!prepareFolder(QFileInfo(path).path(), &why)) {
        qCWarning(lcIndex).noquote() << why << "; the next open streams the events again";
        return false;
    }
    if (Status s = PersistentIndex::write(index, stamp, fingerprint, path); !s) {
        qCWarning(lcIndex).noquote() << s.error() << "; the next open streams the events again";
        return false;
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    qCInfo(lcIndex).noquote() << path << "written:" << index.size() << "events";
    return true;
}

} // namespace mapline::pg::pgindexcache
