#pragma once

// Small helpers shared by the test executables (header-only so each test stays one executable).
#include "store/eventstore.h"

#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QTest>

#include <memory>

namespace mapline::test {

inline QString testData(const QString &relative)
{
    return QStringLiteral(MAPLINE_TEST_DATA "/") + relative;
}

inline QString sharedPath(const QString &relative)
{
    return QStringLiteral(MAPLINE_SHARED_DATA "/") + relative;
}

// The bundled sample article (resources/sample/, with its .meta sidecar): the project's own copy
// of the CNN report in ../shared/corpus, so tests need nothing outside the repository.
inline QString sampleArticle()
{
    return QStringLiteral(MAPLINE_TEST_DATA "/../../resources/sample/cnn-2001-11-22-konduz-talks.txt");
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Byte 18 of a SQLite file's header: 2 in WAL mode, 1 in rollback-journal mode; -1 when unreadable.
inline int journalModeByte(const QString &db)
{
    QFile f(db);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray header = f.read(20);
    return header.size() == 20 ? int(header.at(18)) : -1;
}

// The compression class a PNG file's image data was written at: the FLEVEL bits of the zlib
// stream in its first IDAT chunk (0: zlib's levels 0-1, 1: levels 2-5, 2: level 6, its default,
// 3: levels 7-9); -1 when the file is not a PNG with image data.
inline int pngZlibLevelClass(const QString &path)
{
    const QByteArray png = readFile(path);
    if (!png.startsWith("\x89PNG\r\n\x1a\n"))
        return -1;
    for (qsizetype at = 8; at + 12 <= png.size();) {
        const auto byte = [&](qsizetype i) { return quint32(quint8(png.at(i))); };
        const quint32 length = byte(at) << 24 | byte(at + 1) << 16 | byte(at + 2) << 8 | byte(at + 3);
        if (png.mid(at + 4, 4) == "IDAT")
            return length >= 2 ? int(byte(at + 9) >> 6) : -1;
        at += 12 + qsizetype(length);
    }
    return -1;
}

// A copy of the sample article in `dir` without its sidecar, as a user would drop it in.
inline QString sampleArticleWithoutSidecar(const QString &dir)
{
    const QString copy = dir + QStringLiteral("/cnn-2001-11-22-konduz-talks.txt");
    QFile::remove(copy);
    return QFile::copy(sampleArticle(), copy) ? copy : QString();
}

// Opens (creating it if need be) the event store at `path`; null, with a warning naming the
// reason, when it cannot.
// Kabul as the gazetteer places it: the place an analyst's correction moves an event to.
inline Place kabulPlace()
{
    Place p;
    p.name = QStringLiteral("Kabul");
    p.precision = GeoPrecision::City;
    p.coordinate = QGeoCoordinate(34.5281, 69.1723);
    p.admin1 = QStringLiteral("Kabul");
    p.country = QStringLiteral("AF");
    p.source = QStringLiteral("GeoNames");
    p.gazetteerId = 1138958;
    return p;
}

inline std::unique_ptr<EventStore> openStore(const QString &path)
{
    auto store = EventStore::open(path);
    if (!store) {
        qWarning() << store.error();
        return nullptr;
    }
    return std::move(store).value();
}

// The first column of the first row `sql` gives on `store`'s connection; invalid on an error.
inline QVariant scalar(EventStore &store, const QString &sql)
{
    QSqlQuery q(store.database());
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool crashed = false;
};

// Runs the mapline executable with `args`; the environment is the test's, with MAPLINE_DB unset
// unless given.
inline ProcessResult runMapline(const QStringList &args, const QString &maplineDb = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("MAPLINE_DB"));
    if (!maplineDb.isEmpty())
        env.insert(QStringLiteral("MAPLINE_DB"), maplineDb);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(MAPLINE_EXE), args);
    ProcessResult r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace mapline::test
