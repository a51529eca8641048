// Everything Mapline writes (exports, snapshots, animations), attacked as a hostile or an
// unlucky user would (issue 12), through the real executable: an output naming an input, a
// GeoPackage another program holds open, targets that are not regular files, a file-size limit,
// a stop signal in the middle of a write, leftovers of a killed run, names without the format's
// extension, and what each failure says. Each test failed before its fix: run with
// MAPLINE_TEST_EXE set to a build of the commit before it (safeoutput/safeoutputfixtures.h).
#include "exportdialogs/exportfixtures.h"
#include "gdeltfiles.h"
#include "geo/gdalhandles.h"
#include "safeoutput/safeoutputfixtures.h"

#include <gdal.h>
#include <ogr_api.h>

#include <QCoreApplication>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <unistd.h>

using namespace mapline;
using namespace mapline::test;

namespace {

bool isRoot()
{
    return ::geteuid() == 0;
}

mode_t modeOf(const QString &path, bool follow = false)
{
    struct stat st {};
    const QByteArray p = QFile::encodeName(path);
    if ((follow ? ::stat(p.constData(), &st) : ::lstat(p.constData(), &st)) != 0)
        return 0;
    return st.st_mode;
}

// Sets the modification time of `path` (a file or a folder) `seconds` into the past.
bool age(const QString &path, int seconds)
{
    struct timeval times[2] = {};
    ::gettimeofday(&times[0], nullptr);
    times[0].tv_sec -= seconds;
    times[1] = times[0];
    return ::utimes(QFile::encodeName(path).constData(), times) == 0;
}

// This machine's name as Mapline puts it into temporary names (io/tempfiles.cpp).
QString hostTag()
{
    QString h;
    for (const QChar c : QSysInfo::machineHostName())
        if (c.isLetterOrNumber() && c.unicode() < 128 && h.size() < 24)
            h += c;
    return h.isEmpty() ? QStringLiteral("host") : h;
}

// The number of a process that has ended.
qint64 deadPid()
{
    QProcess p;
    p.start(QStringLiteral("true"), QStringList());
    p.waitForStarted();
    const qint64 pid = p.processId();
    p.waitForFinished();
    return pid;
}

// The lines of a command's stderr, without `animate`'s progress ("frame 3/4").
QStringList messageLines(const QByteArray &err)
{
    static const QRegularExpression progress(QStringLiteral(": frame [0-9]+/[0-9]+$"));
    QStringList lines;
    for (const QString &line : QString::fromUtf8(err).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        if (!line.contains(progress))
            lines << line;
    return lines;
}

} // namespace

class TestSafeOutput : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void outputIsNeverAnInput_data();
    void outputIsNeverAnInput();
    void sqliteTargetInUseIsRefused_data();
    void sqliteTargetInUseIsRefused();
    void oldOutputKeptUnderAFileSizeLimit_data();
    void oldOutputKeptUnderAFileSizeLimit();
    void targetsThatAreNotRegularFiles_data();
    void targetsThatAreNotRegularFiles();
    void replacedFileKeepsItsPermissions();
    void explicitFormatWritesOneFile_data();
    void explicitFormatWritesOneFile();
    void stopSignalRemovesTemporaryFiles_data();
    void stopSignalRemovesTemporaryFiles();
    void staleTemporaryFilesRemoved();
    void writeFailuresSayWhy_data();
    void writeFailuresSayWhy();
    void snapshotTooLargeForMemory();

private:
    QString folder(const QString &name) const;
    QString bigDatabase();

    QTemporaryDir mDir;
    QString mDb;      // the four events of the export fixtures
    QString mDeleteDb; // the same in rollback-journal mode: read without a -shm, under any file-size limit
    QString mBigDb;   // 30,000 GDELT events, made by the first test that needs them
};

void TestSafeOutput::initTestCase()
{
    QVERIFY(mDir.isValid());
    GDALAllRegister();
    mDb = mDir.filePath(QStringLiteral("events.sqlite"));
    fillDatabase(mDb);
    QCOMPARE(storedEvents(mDb).size(), 4);
    mDeleteDb = mDir.filePath(QStringLiteral("events-delete.sqlite"));
    QVERIFY(QFile::copy(mDb, mDeleteDb));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("delete-mode"));
        db.setDatabaseName(mDeleteDb);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode=DELETE")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("delete-mode"));
}

QString TestSafeOutput::folder(const QString &name) const
{
    QString safe = name;
    safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9]+")), QStringLiteral("-"));
    const QString path = mDir.filePath(QStringLiteral("t-") + safe);
    QDir(path).removeRecursively();
    QDir().mkpath(path);
    return path;
}

QString TestSafeOutput::bigDatabase()
{
    if (!mBigDb.isEmpty())
        return mBigDb;
    const QString gdelt = mDir.filePath(QStringLiteral("big.export.CSV"));
    writeGdeltFile(gdelt, 30000);
    const QString db = mDir.filePath(QStringLiteral("big.sqlite"));
    const Run r = runMaplineWith({QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--keep-outside"),
                                  gdelt});
    if (r.crashed || r.exitCode != 0) {
        qWarning("%s", r.err.constData());
        return {};
    }
    mBigDb = db;
    return mBigDb;
}

// `export --out` naming the database replaced it with the export, exit 0 (d02). Every output is
// compared by device and inode with the database (and its -wal, -shm, -journal) and the layers.
void TestSafeOutput::outputIsNeverAnInput_data()
{
    QTest::addColumn<QStringList>("args"); // DB, OUT and LAYER stand for the paths
    QTest::addColumn<QString>("dbName");
    QTest::addColumn<QString>("outName");
    QTest::addColumn<QString>("how"); // "same", "symlink", "hardlink", "layer"
    QTest::addColumn<QString>("says");
    const QStringList exportJson = {"export", "--db", "DB", "--out", "OUT", "--format", "geojson"};
    QTest::newRow("export over the database") << exportJson << "events.sqlite" << "events.sqlite" << "same"
                                              << "the database";
    QTest::newRow("export over the database, spelt another way")
        << exportJson << "events.sqlite" << "sub/../events.sqlite" << "same" << "the database";
    QTest::newRow("export through a symbolic link to the database")
        << exportJson << "events.sqlite" << "link.geojson" << "symlink" << "the database";
    QTest::newRow("export over a hard link to the database")
        << QStringList{"export", "--db", "DB", "--out", "OUT"} << "events.sqlite" << "hard.gpkg" << "hardlink"
        << "the database";
    QTest::newRow("export over the database's -wal")
        << QStringList{"export", "--db", "DB", "--out", "OUT", "--format", "csv"} << "events.sqlite"
        << "events.sqlite-wal" << "same" << "write-ahead log";
    QTest::newRow("snapshot over the database")
        << QStringList{"snapshot", "--db", "DB", "--out", "OUT", "--size", "320x200"} << "map.png" << "map.png"
        << "same" << "the database";
    QTest::newRow("animated GIF over the database")
        << QStringList{"animate", "--db", "DB", "--out", "OUT", "--from", "2001-11-20", "--to", "2001-11-21",
                       "--size", "160x100"}
        << "anim.gif" << "anim.gif" << "same" << "the database";
    QTest::newRow("snapshot over its own layer")
        << QStringList{"snapshot", "--db", "DB", "--layer", "LAYER", "--out", "OUT", "--size", "320x200"}
        << "events.sqlite" << "layer.tif" << "layer" << "a map layer";
}

void TestSafeOutput::outputIsNeverAnInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, dbName);
    QFETCH(QString, outName);
    QFETCH(QString, how);
    QFETCH(QString, says);
    const QString dir = folder(QString::fromLatin1(QTest::currentDataTag()));
    QVERIFY(QDir(dir).mkpath(QStringLiteral("sub")));
    const QString db = QDir(dir).filePath(dbName);
    QVERIFY(QFile::copy(mDb, db));
    const QString out = QDir(dir).filePath(outName);
    QString guarded = db; // the file that must come out untouched
    if (how == u"symlink")
        QVERIFY(QFile::link(db, out));
    else if (how == u"hardlink")
        QCOMPARE(::link(QFile::encodeName(db).constData(), QFile::encodeName(out).constData()), 0);
    else if (how == u"layer") {
        const Run made = runMaplineWith({"snapshot", "--db", db, "--out", out, "--size", "320x200"});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        guarded = out;
        args.replace(args.indexOf(QStringLiteral("LAYER")), out);
    }
    const QByteArray before = fileHash(guarded);
    args.replace(args.indexOf(QStringLiteral("DB")), db);
    args.replace(args.indexOf(QStringLiteral("OUT")), out);
    const Run r = runMaplineWith(args);
    QVERIFY2(!r.crashed, r.err.constData());
    QVERIFY2(r.exitCode == 1, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err))));
    QVERIFY2(r.err.contains(says.toUtf8()) && r.err.contains("choose another name"), r.err.constData());
    QCOMPARE(fileHash(guarded), before);
    QCOMPARE(integrityOf(db, QStringLiteral("SELECT count(*) FROM events")), QStringLiteral("ok 4"));
    QCOMPARE(hiddenEntries(dir), QStringList());
}

// A GeoPackage that QGIS holds open in WAL mode: the new file was renamed in under the old -wal,
// which SQLite then applied to it: a corrupt export, exit 0 (d08). Refused while another program
// has it open, or while its -wal or -journal holds another program's changes; the file as the
// other program has it stays whole.
void TestSafeOutput::sqliteTargetInUseIsRefused_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("says");
    QTest::newRow("open in WAL mode, changes in its -wal") << "wal" << "has it open";
    QTest::newRow("open in WAL mode, its -wal checkpointed") << "wal-checkpointed" << "has it open";
    QTest::newRow("in a transaction of another program") << "transaction" << "has it open";
    QTest::newRow("a -wal left by a program that stopped") << "stale-wal" << "ev.gpkg-wal beside it holds changes";
    QTest::newRow("a -journal left by a program that stopped") << "stale-journal"
                                                                << "ev.gpkg-journal beside it holds an unfinished";
}

void TestSafeOutput::sqliteTargetInUseIsRefused()
{
    QFETCH(QString, state);
    QFETCH(QString, says);
    const QString dir = folder(QString::fromLatin1(QTest::currentDataTag()));
    const QString gpkg = QDir(dir).filePath(QStringLiteral("ev.gpkg"));
    Run r = runMaplineWith({"export", "--db", mDb, "--out", gpkg, "--from", "2001-11-21"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString wal = gpkg + QStringLiteral("-wal");
    const QString journal = gpkg + QStringLiteral("-journal");
    const bool stale = state.startsWith(u"stale");
    const QString connection = QStringLiteral("other-program");
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        other.setDatabaseName(gpkg);
        QVERIFY(other.open());
        QSqlQuery q(other);
        if (state.contains(u"wal")) {
            // As QGIS: WAL mode, changes still in the -wal when the export runs.
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode=WAL")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_autocheckpoint=0")));
        }
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE notes(x)")));
        QVERIFY2(q.exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                       "WHERE i < 2000) INSERT INTO notes SELECT i FROM n")),
                 qPrintable(q.lastError().text()));
        if (state == u"wal-checkpointed")
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        if (state == u"transaction") {
            QVERIFY(other.transaction());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO notes VALUES (0)"))); // SQLite's RESERVED lock
        }
        // Hashed by another process: closing a descriptor of the file here would drop this
        // process's SQLite locks on it (POSIX locks belong to the process, not the descriptor).
        const auto hash = [](const QString &path) {
            QProcess sum;
            sum.start(QStringLiteral("sha256sum"), {path});
            sum.waitForFinished();
            return sum.readAllStandardOutput().left(64);
        };
        const QByteArray savedWal = state == u"stale-wal" ? hash(wal) : QByteArray();
        if (stale) {
            // A program that stopped: its -wal (copied before it closed) or a journal with a header.
            const QString copy = QDir(dir).filePath(QStringLiteral("wal.copy"));
            if (state == u"stale-wal")
                QVERIFY(QFile::copy(wal, copy));
            q.finish();
            q = QSqlQuery();
            other.close();
            if (state == u"stale-wal") {
                QVERIFY(QFile::rename(copy, wal));
                QCOMPARE(hash(wal), savedWal);
                QVERIFY(QFileInfo(wal).size() > 32);
            } else {
                QByteArray bytes(4096, '\0');
                bytes.replace(0, 8, QByteArray::fromHex("d9d505f920a163d7")); // SQLite's journal magic
                QVERIFY(writeFile(journal, bytes));
            }
        }
        const QByteArray before = hash(gpkg);
        r = runMaplineWith({"export", "--db", mDb, "--out", gpkg});
        QVERIFY2(!r.crashed, r.err.constData());
        QVERIFY2(r.exitCode == 1 && r.err.contains(says.toUtf8()), r.err.constData());
        QCOMPARE(hiddenEntries(dir), QStringList());
        QCOMPARE(hash(gpkg), before);
        // Read as the other program would, while it still has the file open.
        if (state == u"wal")
            QCOMPARE(integrityOf(gpkg, QStringLiteral("SELECT count(*) FROM notes")), QStringLiteral("ok 2000"));
        if (state == u"transaction")
            QVERIFY(other.rollback());
        q = QSqlQuery();
        other.close();
    }
    QSqlDatabase::removeDatabase(connection);
    QFile::remove(wal);
    QFile::remove(journal);
    QCOMPARE(integrityOf(gpkg, QStringLiteral("SELECT count(*) FROM notes")), QStringLiteral("ok 2000"));
    // Once the other program has let go, the export goes through.
    r = runMaplineWith({"export", "--db", mDb, "--out", gpkg});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

// Animation frames under a file-size limit: every PNG cut short, the old good frames deleted,
// exit 0 (d03). Each frame's write, sync and close are checked, and the old set is replaced
// only by a complete new one.
void TestSafeOutput::oldOutputKeptUnderAFileSizeLimit_data()
{
    QTest::addColumn<QString>("out");
    QTest::newRow("PNG frames") << "frames";
    QTest::newRow("animated GIF") << "anim.gif";
}

void TestSafeOutput::oldOutputKeptUnderAFileSizeLimit()
{
    QFETCH(QString, out);
    const QString dir = folder(QString::fromLatin1(QTest::currentDataTag()));
    const QString target = QDir(dir).filePath(out);
    const QStringList args = {"animate", "--db", mDb, "--out", target, "--from", "2001-11-18", "--to", "2001-11-21",
                              "--size", "640x400"};
    Run r = runMaplineWith(args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList before = folderHashes(target.endsWith(u".gif") ? dir : target);
    QVERIFY(before.size() >= 1);
    // 48 KB: room for the database's -shm (32 KB), not for a 640 x 400 frame.
    r = runMaplineWith(args + QStringList{"--title", "new"}, fileSizeLimit(48 * 1024));
    QVERIFY2(!r.crashed, r.err.constData());
    QVERIFY2(r.exitCode == 1, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err))));
    QVERIFY2(r.err.contains("reached the file size limit"), r.err.constData());
    QCOMPARE(folderHashes(target.endsWith(u".gif") ? dir : target), before);
    QCOMPARE(hiddenEntries(dir), QStringList());
}

// The staged rename replaced whatever sat at --out: a symbolic link (its target kept the old
// data), a named pipe, a device node (d09). A link is written through, as cp does; anything else
// that is not a regular file is refused by name.
void TestSafeOutput::targetsThatAreNotRegularFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("says");
    QTest::newRow("symbolic link: the file it names is replaced") << "symlink" << 0 << "exported 4 events";
    QTest::newRow("snapshot through a symbolic link") << "snapshot-symlink" << 0 << "Wrote";
    QTest::newRow("dangling symbolic link") << "dangling" << 1 << "which does not exist";
    QTest::newRow("named pipe") << "fifo" << 1 << "it is a named pipe (FIFO), not a regular file";
    QTest::newRow("character device") << "device" << 1 << "it is a character device, not a regular file";
    QTest::newRow("folder") << "folder" << 1 << "it is a folder";
    QTest::newRow("a Shapefile's .dbf is a symbolic link") << "companion" << 1 << "is a symbolic link";
}

void TestSafeOutput::targetsThatAreNotRegularFiles()
{
    QFETCH(QString, kind);
    QFETCH(int, exitCode);
    QFETCH(QString, says);
    const QString dir = folder(QString::fromLatin1(QTest::currentDataTag()));
    const QString real = QDir(dir).filePath(QStringLiteral("real/map.data"));
    QVERIFY(QDir(dir).mkpath(QStringLiteral("real")));
    QVERIFY(writeFile(real, "old\n"));
    QString out = QDir(dir).filePath(QStringLiteral("out.geojson"));
    const QByteArray outPath = QFile::encodeName(out);
    QStringList args = {"export", "--db", mDb, "--out", out};
    mode_t expectedType = S_IFREG;
    if (kind == u"symlink" || kind == u"snapshot-symlink") {
        QVERIFY(QFile::link(real, out));
        expectedType = S_IFLNK;
        if (kind == u"snapshot-symlink") {
            out = QDir(dir).filePath(QStringLiteral("map.png"));
            QVERIFY(QFile::link(real, out));
            args = {"snapshot", "--db", mDb, "--out", out, "--size", "320x200"};
        }
    } else if (kind == u"dangling") {
        QVERIFY(QFile::link(QDir(dir).filePath(QStringLiteral("nowhere/x.geojson")), out));
        expectedType = S_IFLNK;
    } else if (kind == u"fifo") {
        QCOMPARE(::mkfifo(outPath.constData(), 0644), 0);
        expectedType = S_IFIFO;
    } else if (kind == u"device") {
        if (!isRoot())
            QSKIP("making a device node needs root");
        // A private copy of /dev/null, never the real one.
        QCOMPARE(::mknod(outPath.constData(), S_IFCHR | 0644, makedev(1, 3)), 0);
        expectedType = S_IFCHR;
    } else if (kind == u"folder") {
        QVERIFY(QDir().mkpath(out));
        expectedType = S_IFDIR;
    } else if (kind == u"companion") {
        out = QDir(dir).filePath(QStringLiteral("out.dbf"));
        args = {"export", "--db", mDb, "--out", QDir(dir).filePath(QStringLiteral("out.shp"))};
        QVERIFY(QFile::link(real, out));
        expectedType = S_IFLNK;
    }
    const Run r = runMaplineWith(args);
    QVERIFY2(!r.crashed, r.err.constData());
    QVERIFY2(r.exitCode == exitCode,
             qPrintable(QStringLiteral("exit %1: %2%3").arg(r.exitCode).arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err))));
    QVERIFY2((r.out + r.err).contains(says.toUtf8()), (r.out + r.err).constData());
    QCOMPARE(modeOf(out) & S_IFMT, expectedType); // the link, pipe, device or folder is still there
    if (kind == u"symlink" || kind == u"snapshot-symlink") {
        const QByteArray written = readFile(real);
        QVERIFY2(written.startsWith(kind == u"symlink" ? "{" : "\x89PNG"), written.left(16).constData());
        QCOMPARE(QFileInfo(out).symLinkTarget(), real);
    } else {
        QCOMPARE(readFile(real), QByteArray("old\n"));
    }
    QCOMPARE(hiddenEntries(dir), QStringList());
}

// A file the analyst made private (0600) stayed private: the staged file replaced it with the
// default permissions (0644), readable by every user of the machine.
void TestSafeOutput::replacedFileKeepsItsPermissions()
{
    const QString dir = folder(QStringLiteral("permissions"));
    for (const QString &name : {QStringLiteral("private.csv"), QStringLiteral("private.shp")}) {
        const QString out = QDir(dir).filePath(name);
        QVERIFY(writeFile(out, "old\n"));
        QVERIFY(QFile::setPermissions(out, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const Run r = runMaplineWith({"export", "--db", mDb, "--out", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(readFile(out) != "old\n");
        QCOMPARE(modeOf(out) & 07777, mode_t(0600));
    }
}

// `--out events.txt --format csv` made a folder; KML to ".out" failed as "disk full" and left a
// hidden folder (d10). An explicit --format writes one file of that format, whatever its name.
void TestSafeOutput::explicitFormatWritesOneFile_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("driver");
    QTest::addColumn<int>("features");
    QTest::newRow("CSV to .txt") << "csv" << "events.txt" << "CSV" << 4;
    QTest::newRow("KML to .out") << "kml" << "events.out" << "KML" << 3;
    QTest::newRow("GeoPackage to .data") << "gpkg" << "events.data" << "GPKG" << 4;
    QTest::newRow("GeoJSON to .kml") << "geojson" << "events.kml" << "GeoJSON" << 4;
    QTest::newRow("GeoJSON without an extension") << "geojson" << "events" << "GeoJSON" << 4;
}

void TestSafeOutput::explicitFormatWritesOneFile()
{
    QFETCH(QString, format);
    QFETCH(QString, name);
    QFETCH(QString, driver);
    QFETCH(int, features);
    const QString dir = folder(QString::fromLatin1(QTest::currentDataTag()));
    const QString out = QDir(dir).filePath(name);
    const Run r = runMaplineWith({"export", "--db", mDb, "--out", out, "--format", format});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(QFileInfo(out).isFile(), "not a file");
    QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{name});
    const QByteArray driverName = driver.toLatin1();
    const char *drivers[] = {driverName.constData(), nullptr};
    const QByteArray path = (driver == u"CSV" ? "CSV:" : "") + out.toUtf8();
    geo::DatasetHPtr ds(GDALOpenEx(path.constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
    QVERIFY2(ds, qPrintable(QStringLiteral("%1 cannot read it").arg(driver)));
    OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), "events");
    QVERIFY(layer);
    QCOMPARE(OGR_L_GetFeatureCount(layer, TRUE), features);
}

// SIGTERM or Ctrl+C during an export or an animation left its hidden temporary files (a 72 MB
// .dbf) (d19). The signal handler removes them, and the process still ends by the signal.
void TestSafeOutput::stopSignalRemovesTemporaryFiles_data()
{
    QTest::addColumn<QStringList>("args"); // DB and OUT stand for the paths
    QTest::addColumn<QString>("out");
    QTest::addColumn<bool>("big");
    QTest::addColumn<int>("sig");
    const QStringList exporting = {"export", "--db", "DB", "--out", "OUT"};
    const QStringList animating = {"animate", "--db", "DB", "--out", "OUT", "--from", "2001-11-01", "--to", "2001-11-30"};
    QTest::newRow("export Shapefile, SIGTERM") << exporting << "ev.shp" << true << int(SIGTERM);
    QTest::newRow("export GeoPackage, SIGINT") << exporting << "ev.gpkg" << true << int(SIGINT);
    QTest::newRow("export CSV, SIGHUP") << exporting << "ev.csv" << true << int(SIGHUP);
    QTest::newRow("animate PNG frames, SIGTERM") << animating << "frames" << false << int(SIGTERM);
    QTest::newRow("animate GIF, SIGINT") << animating << "anim.gif" << false << int(SIGINT);
}

void TestSafeOutput::stopSignalRemovesTemporaryFiles()
{
    QFETCH(QStringList, args);
    QFETCH(QString, out);
    QFETCH(bool, big);
    QFETCH(int, sig);
    const QString db = big ? bigDatabase() : mDb;
    QVERIFY(!db.isEmpty());
    const QString dir = folder(QString::fromLatin1(QTest::currentDataTag()));
    const QString target = QDir(dir).filePath(out);
    if (out.contains(u'.'))
        QVERIFY(writeFile(target, "the previous output\n"));
    args.replace(args.indexOf(QStringLiteral("DB")), db);
    args.replace(args.indexOf(QStringLiteral("OUT")), target);
    QProcess p;
    p.setProcessEnvironment(maplineEnvironment());
    p.start(maplineProgram(), args);
    QVERIFY(p.waitForStarted());
    // As soon as the temporary file is there, stop the process.
    QStringList seen;
    while (seen.isEmpty() && !p.waitForFinished(1))
        seen = hiddenEntries(dir);
    QVERIFY2(!seen.isEmpty(), "the process ended before its temporary file appeared");
    QCOMPARE(::kill(pid_t(p.processId()), sig), 0);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    QCOMPARE(p.exitCode(), sig); // ended by the signal, as the shell expects
    QCOMPARE(hiddenEntries(dir), QStringList());
    if (out.contains(u'.'))
        QCOMPARE(readFile(target), QByteArray("the previous output\n"));
    else
        QVERIFY(!QFileInfo::exists(target));
}

// A run killed outright (SIGKILL, a power cut) cannot clean up: the next write into the folder
// removes its leftovers, and only those: our naming, this machine, a process that is gone, and
// untouched for TempFiles::kStaleSeconds. A previous output set aside (".old") is kept.
void TestSafeOutput::staleTemporaryFilesRemoved()
{
    const QString dir = folder(QStringLiteral("stale"));
    const QString host = hostTag();
    const QString dead = QString::number(deadPid());
    const QString alive = QString::number(QCoreApplication::applicationPid());
    const auto name = [&](const QString &base, const QString &h, const QString &pid, const QString &tag,
                          const QString &ext) {
        return QStringLiteral(".%1.mapline-%2-%3-%4.tmp%5").arg(base, h, pid, tag, ext);
    };
    const QStringList stale = {name("events.geojson", host, dead, "0000abcd", ".geojson"),
                               name("events", host, dead, "0000abce", ".dbf"),
                               name("frames", host, dead, "0000abcf", "")};
    const QStringList kept = {name("events", host, dead, "0000abd0", ".shp.old"), // set aside while replacing
                              name("live.geojson", host, alive, "0000abd1", ".geojson"),
                              name("recent.geojson", host, dead, "0000abd2", ".geojson"),
                              name("other.geojson", "otherhost", dead, "0000abd3", ".geojson"),
                              QStringLiteral(".events.tmp.geojson"), QStringLiteral("notes.txt")};
    for (const QString &n : stale + kept) {
        const QString path = QDir(dir).filePath(n);
        if (n.endsWith(u".tmp")) {
            QVERIFY(QDir().mkpath(path));
            QVERIFY(writeFile(path + QStringLiteral("/frame-0001.png"), "partial"));
        } else {
            QVERIFY(writeFile(path, "partial"));
        }
        if (!n.startsWith(u".recent"))
            QVERIFY(age(path, 3600));
    }
    const Run r = runMaplineWith({"export", "--db", mDb, "--out", QDir(dir).filePath(QStringLiteral("events.geojson"))});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QStringList expected = kept;
    expected << QStringLiteral("events.geojson");
    expected.sort();
    QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name), expected);
}

// Raw library text as the only message: a GeoPackage trigger's SQL, "DBF record 50", "Unknown
// error". Each write failure says which file and why, in the words `mapline import` uses.
void TestSafeOutput::writeFailuresSayWhy_data()
{
    QTest::addColumn<QStringList>("args"); // DB and OUT stand for the paths
    QTest::addColumn<QString>("out");
    // Under 32 KB, the database's -shm could not be made: the database in rollback-journal mode.
    QTest::addColumn<int>("limit");
    QTest::addColumn<QStringList>("notSaid");
    const QStringList exporting = {"export", "--db", "DB", "--out", "OUT"};
    const QStringList animating = {"animate", "--db", "DB", "--out", "OUT", "--from", "2001-11-18", "--to",
                                   "2001-11-21", "--size", "640x400"};
    QTest::newRow("GeoPackage") << exporting << "ev.gpkg" << 512 << QStringList{"sqlite3_exec", "PRAGMA", "SELECT"};
    QTest::newRow("Shapefile") << exporting << "ev.shp" << 512 << QStringList{"DBF record", "Failure seeking"};
    QTest::newRow("CSV") << exporting << "ev.csv" << 512 << QStringList{"could not be written"};
    QTest::newRow("GeoJSON") << exporting << "ev.geojson" << 512 << QStringList{"is the disk full"};
    QTest::newRow("KML") << exporting << "ev.kml" << 512 << QStringList{"is the disk full"};
    QTest::newRow("animated GIF") << animating << "anim.gif" << 40960 << QStringList{"Unknown error"};
    QTest::newRow("PNG frames") << animating << "frames" << 40960 << QStringList{"Unknown error"};
    QTest::newRow("GeoTIFF snapshot") << QStringList{"snapshot", "--db", "DB", "--out", "OUT", "--size", "1600x1200"}
                                      << "map.tif" << 40960 << QStringList{"TIFFAppend", "scanline"};
}

void TestSafeOutput::writeFailuresSayWhy()
{
    QFETCH(QStringList, args);
    QFETCH(QString, out);
    QFETCH(int, limit);
    QFETCH(QStringList, notSaid);
    const QString db = limit < 32768 ? mDeleteDb : mDb;
    const QString dir = folder(QString::fromLatin1(QTest::currentDataTag()));
    const QString target = QDir(dir).filePath(out);
    args.replace(args.indexOf(QStringLiteral("DB")), db);
    args.replace(args.indexOf(QStringLiteral("OUT")), target);
    const Run r = runMaplineWith(args, fileSizeLimit(rlim_t(limit)));
    QVERIFY2(!r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 1);
    const QString err = QString::fromUtf8(r.err);
    // "TARGET reached ...", or for frames "TARGET/frame-0001.png reached ...".
    QVERIFY2(err.contains(QStringLiteral("reached the file size limit of this process (%1 bytes, ulimit -f)")
                              .arg(limit)) &&
                 err.contains(target),
             qPrintable(err));
    for (const QString &raw : notSaid)
        QVERIFY2(!err.contains(raw), qPrintable(err));
    QCOMPARE(messageLines(r.err).size(), 1);
    QVERIFY(!QFileInfo::exists(target));
    QCOMPARE(hiddenEntries(dir), QStringList());
}

// A snapshot too large for memory: 3,000 QPainter warnings, then "Image is empty". Its size is
// checked against the memory the process may use before anything is drawn.
void TestSafeOutput::snapshotTooLargeForMemory()
{
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer reserves terabytes of address space: no address-space limit can be set");
#endif
    const QString dir = folder(QStringLiteral("memory"));
    const QString out = QDir(dir).filePath(QStringLiteral("big.png"));
    const Run r = runMaplineWith({"snapshot", "--db", mDb, "--out", out, "--size", "10000x10000", "--pixel-ratio", "2"},
                                 [] {
                                     const rlim_t bytes = rlim_t(1536) * 1024 * 1024;
                                     const struct rlimit rl = {bytes, bytes};
                                     ::setrlimit(RLIMIT_AS, &rl);
                                 });
    QVERIFY2(!r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 1);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(QStringLiteral("a 20000 x 20000 image needs")) && err.contains(QStringLiteral("ulimit -v")),
             qPrintable(err.left(2000)));
    QVERIFY2(!err.contains(QStringLiteral("QPainter")) && !err.contains(QStringLiteral("Image is empty")),
             qPrintable(err.left(2000)));
    QCOMPARE(messageLines(r.err).size(), 1);
    QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
}

QTEST_GUILESS_MAIN(TestSafeOutput)
#include "tst_safeoutput.moc"
