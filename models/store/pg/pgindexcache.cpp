#include "store/pg/pgindexcache.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

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

} // namespace mapline::pg::pgindexcache
