// Database faults, through the real `mapline` executable and the viewer's
// MainWindow::openDatabase(path, quiet = true): a truncated file, a newer schema, a file that is
// not SQLite, a read-only file or folder, a full disk (a file-size limit, and a small tmpfs), a
// database locked by another writer, two imports at once. Each gives a clear message naming the
// file, never a crash, and leaves the database consistent (and, where refused, untouched).
// Also: every SQL statement in the code takes its values as bound parameters.
#include "crashsafety/articlegenerator.h"
#include "crashsafety/storechecks.h"
#include "dbfaults/sqlscan.h"
#include "../app/mainwindow.h"
#include "store/eventstore.h"
#include "store/schema.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QMainWindow>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <functional>
#include <grp.h>
#include <sys/fsuid.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace mapline;

namespace {

constexpr uid_t kNobody = 65534;

bool isRoot()
{
    return ::geteuid() == 0;
}

struct Run {
    int exitCode = -1;
    bool crashed = false; // ended by a signal
    QByteArray out;
    QByteArray err;
};

// Runs `program` (default: mapline) with a child-side set-up run between fork and exec.
Run run(const QStringList &args, const std::function<void()> &childSetup = {},
        const QString &program = QStringLiteral(MAPLINE_EXE))
{
    QProcess p;
    p.setProcessEnvironment(test::importEnvironment());
    if (childSetup)
        p.setChildProcessModifier(childSetup);
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// In the child, as root: become nobody, so that file permissions apply as to any user.
void becomeNobody()
{
    if (::geteuid() != 0)
        return;
    if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) {
        const char message[] = "tst_dbfaults: cannot drop privileges\n";
        (void)!::write(2, message, sizeof message - 1);
        ::_exit(125);
    }
}

QByteArray fileHash(const QString &path)
{
    return QCryptographicHash::hash(test::readFile(path), QCryptographicHash::Sha256);
}

QString errText(const QByteArray &err)
{
    return QString::fromUtf8(err);
}

// Imports `files` into `db` with the executable; closing its last connection checkpoints the WAL.
bool importFiles(const QString &db, const QStringList &files)
{
    const Run r = run(QStringList{QStringLiteral("import"), QStringLiteral("--db"), db} + files);
    if (r.crashed || r.exitCode != 0)
        qWarning("%s", r.err.constData());
    return !r.crashed && r.exitCode == 0;
}

void setUserVersion(const QString &path, int version)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=%1").arg(version)));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
}

bool mentionsDiskFull(const QString &err)
{
    static const QRegularExpression full(QStringLiteral("disk is full|disk full|file too large|no space left|"
                                                        "file size limit"),
                                         QRegularExpression::CaseInsensitiveOption);
    return err.contains(full);
}

} // namespace

class TestDbFaults : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();

    void truncatedDatabase_data();
    void truncatedDatabase();
    void newerSchema();
    void viewerRefusesForeignFiles_data();
    void viewerRefusesForeignFiles();
    void readOnlyFile();
    void readOnlyFolder();
    void fullDiskFileSizeLimit();
    void fullDiskKilledBySignal();
    void fullDiskTmpfs();
    void lockedByAnotherWriter();
    void concurrentImports();
    void exportsAreAtomic_data();
    void exportsAreAtomic();
    void sqlUsesBoundParameters();

private:
    QString freshDb(const QString &name, int articles = 12);
    QString viewerOpen(const QString &path, bool *opened);
    void checkAfterFullDisk(const QString &db);

    QTemporaryDir mDir;
    QString mArticles;
    QStringList mFiles;
    test::ExpectedArticles mExpected;
};

void TestDbFaults::initTestCase()
{
    QVERIFY(mDir.isValid());
    // Children run as nobody when the test runs as root: they must reach the files.
    QVERIFY(QFile::setPermissions(mDir.path(), QFileDevice::Permissions(0x7755)));
    // The viewer keeps settings (recent files, last database): keep them out of the user's.
    qputenv("XDG_CONFIG_HOME", mDir.filePath(QStringLiteral("config")).toLocal8Bit());
    qputenv("XDG_DATA_HOME", mDir.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("HOME", mDir.path().toLocal8Bit());
    mArticles = mDir.filePath(QStringLiteral("articles"));
    mFiles = test::generateArticles(mArticles, 120, 7).files;
    QString error;
    mExpected = test::referenceImport(mArticles, mFiles, mDir.filePath(QStringLiteral("reference.sqlite")), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Make the generated tree readable by nobody.
    QDirIterator it(mArticles, QDir::AllEntries | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile::setPermissions(path, it.fileInfo().isDir() ? QFileDevice::Permissions(0x7755)
                                                          : QFileDevice::Permissions(0x6644));
    }
}

// A database holding the first `articles` generated files, checkpointed (no -wal left).
QString TestDbFaults::freshDb(const QString &name, int articles)
{
    const QString db = mDir.filePath(name);
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(db + suffix);
    if (!importFiles(db, mFiles.mid(0, articles)))
        return {};
    return db;
}

QString TestDbFaults::viewerOpen(const QString &path, bool *opened)
{
    MainWindow window;
    *opened = window.openDatabase(path, true);
    return window.statusBar()->currentMessage();
}

// A file cut short (a failed copy, a full disk during a backup): refused with a message, and not
// written to. SQLite itself would open it and fail later, or write into it.
void TestDbFaults::truncatedDatabase_data()
{
    QTest::addColumn<double>("keep"); // the share of the file kept
    QTest::newRow("half") << 0.5;
    QTest::newRow("all but the last page") << -1.0;
    QTest::newRow("first page only") << 0.0;
}

void TestDbFaults::truncatedDatabase()
{
    QFETCH(double, keep);
    const QString db = freshDb(QStringLiteral("truncated-%1.sqlite").arg(QTest::currentDataTag()).replace(' ', '-'), 40);
    QVERIFY(!db.isEmpty());
    QFile f(db);
    const qint64 size = f.size();
    const qint64 page = 4096;
    QVERIFY(size > 4 * page);
    const qint64 cut = keep < 0 ? size - page : keep == 0 ? page : (qint64(size * keep) / page) * page;
    QVERIFY(f.resize(cut));
    const QByteArray before = fileHash(db);
    const QString name = QFileInfo(db).fileName();
    for (const QStringList &args : {QStringList{QStringLiteral("import"), QStringLiteral("--db"), db, mFiles.last()},
                                    QStringList{QStringLiteral("events"), QStringLiteral("--db"), db}}) {
        const Run r = run(args);
        QVERIFY2(!r.crashed, r.err.constData());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(errText(r.err).contains(name), r.err.constData());
        QVERIFY2(errText(r.err).remove(db).contains(QStringLiteral("truncated")), r.err.constData());
    }
    bool opened = true;
    const QString message = viewerOpen(db, &opened);
    QVERIFY(!opened);
    QVERIFY2(message.contains(name) && QString(message).remove(db).contains(QStringLiteral("truncated")),
             qPrintable(message));
    QCOMPARE(fileHash(db), before);
}

// tst_store covers EventStore::open on a newer schema; here the command line and the viewer.
void TestDbFaults::newerSchema()
{
    const QString db = freshDb(QStringLiteral("newer.sqlite"), 3);
    QVERIFY(!db.isEmpty());
    setUserVersion(db, schema::latestVersion() + 1);
    const QByteArray before = fileHash(db);
    const QString name = QFileInfo(db).fileName();
    for (const QStringList &args : {QStringList{QStringLiteral("import"), QStringLiteral("--db"), db, mFiles.last()},
                                    QStringList{QStringLiteral("events"), QStringLiteral("--db"), db}}) {
        const Run r = run(args);
        QVERIFY2(!r.crashed, r.err.constData());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(errText(r.err).contains(name) && errText(r.err).contains(QStringLiteral("newer")), r.err.constData());
        QVERIFY(r.out.isEmpty() || !r.out.contains("imported "));
    }
    bool opened = true;
    const QString message = viewerOpen(db, &opened);
    QVERIFY(!opened);
    QVERIFY2(message.contains(name) && message.contains(QStringLiteral("newer")), qPrintable(message));
    QCOMPARE(fileHash(db), before);
}

void TestDbFaults::viewerRefusesForeignFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    QTest::newRow("text") << QByteArray("my notes about Konduz\n") << QStringLiteral("not a SQLite database");
    QTest::newRow("binary") << QByteArray(8192, '\xAB') << QStringLiteral("not a SQLite database");
    QTest::newRow("a SQLite header alone") << QByteArray("SQLite format 3\0\x10\0", 19) << QStringLiteral("truncated");
}

void TestDbFaults::viewerRefusesForeignFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    const QString db = mDir.filePath(QStringLiteral("foreign-%1.sqlite").arg(QTest::currentTestFunction()) +
                                     QString::fromLatin1(QTest::currentDataTag()).replace(' ', '-'));
    QVERIFY(test::writeFile(db, content));
    bool opened = true;
    const QString message = viewerOpen(db, &opened);
    QVERIFY(!opened);
    QVERIFY2(message.contains(QFileInfo(db).fileName()) && message.contains(reason), qPrintable(message));
    QCOMPARE(test::readFile(db), content);
}

// chmod 0444. As root, permissions do not stop writes: the commands then run as nobody, and the
// viewer (in this process) checks files with the filesystem uid of nobody (setfsuid).
void TestDbFaults::readOnlyFile()
{
    // The folder stays writable (by nobody too): only the file is read-only.
    const QString folder = mDir.filePath(QStringLiteral("readonly-file"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::setPermissions(folder, QFileDevice::Permissions(0x7777)));
    const QString db = freshDb(QStringLiteral("readonly-file/readonly.sqlite"), 6);
    QVERIFY(!db.isEmpty());
    QVERIFY(QFile::setPermissions(db, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    const QByteArray before = fileHash(db);
    const QString name = QFileInfo(db).fileName();

    Run r = run({QStringLiteral("import"), QStringLiteral("--db"), db, mFiles.last()}, becomeNobody);
    QVERIFY2(!r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(errText(r.err).contains(name), r.err.constData());
    QVERIFY2(errText(r.err).contains(QStringLiteral("read-only")) || errText(r.err).contains(QStringLiteral("readonly")),
             r.err.constData());
    QCOMPARE(fileHash(db), before);

    // Reading a read-only database works: an archived database on a read-only share.
    r = run({QStringLiteral("events"), QStringLiteral("--db"), db}, becomeNobody);
    QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData());
    QCOMPARE(fileHash(db), before);

    // The viewer: a message, never a crash; the file stays as it was.
    if (isRoot())
        ::setfsuid(kNobody);
    bool opened = false;
    const QString message = viewerOpen(db, &opened);
    if (isRoot())
        ::setfsuid(0);
    if (!opened)
        QVERIFY2(message.contains(name), qPrintable(message));
    QCOMPARE(fileHash(db), before);
}

// A folder without write permission: SQLite cannot create the -wal and -shm files beside the
// database, nor a new database.
void TestDbFaults::readOnlyFolder()
{
    const QString folder = mDir.filePath(QStringLiteral("readonly-folder"));
    QVERIFY(QDir().mkpath(folder));
    const QString db = QDir(folder).filePath(QStringLiteral("events.sqlite"));
    QVERIFY(importFiles(db, mFiles.mid(0, 5)));
    QVERIFY(!QFile::exists(db + QStringLiteral("-wal")));
    // The file itself stays writable (as by its owner); the folder does not.
    QVERIFY(QFile::setPermissions(db, QFileDevice::Permissions(0x6666)));
    QVERIFY(QFile::setPermissions(folder, QFileDevice::Permissions(0x5555)));
    const auto restore = qScopeGuard([&] { QFile::setPermissions(folder, QFileDevice::Permissions(0x7755)); });
    const QByteArray before = fileHash(db);

    Run r = run({QStringLiteral("import"), QStringLiteral("--db"), db, mFiles.last()}, becomeNobody);
    QVERIFY2(!r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(errText(r.err).contains(QStringLiteral("events.sqlite")) && errText(r.err).contains(QStringLiteral("not writable")),
             r.err.constData());
    QCOMPARE(fileHash(db), before);

    // Reading needs the -shm file beside the database: it works, or says why it cannot.
    r = run({QStringLiteral("events"), QStringLiteral("--db"), db}, becomeNobody);
    QVERIFY2(!r.crashed, r.err.constData());
    if (r.exitCode != 0) {
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(errText(r.err).contains(QStringLiteral("events.sqlite")) &&
                     errText(r.err).contains(QStringLiteral("folder")) &&
                     errText(r.err).contains(QStringLiteral("not writable")),
                 r.err.constData());
    }
    QCOMPARE(fileHash(db), before);

    const QString fresh = QDir(folder).filePath(QStringLiteral("new.sqlite"));
    r = run({QStringLiteral("import"), QStringLiteral("--db"), fresh, mFiles.last()}, becomeNobody);
    QVERIFY2(!r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(errText(r.err).contains(QStringLiteral("new.sqlite")) && errText(r.err).contains(QStringLiteral("not writable")),
             r.err.constData());
    QVERIFY(!QFile::exists(fresh));
}

// The database after an import that ran out of space: consistent, every article whole, and the
// import completes once there is room again.
void TestDbFaults::checkAfterFullDisk(const QString &db)
{
    qint64 stored = 0;
    const QString problem = test::checkStoreWhole(db, mExpected, &stored);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(stored < mFiles.size(), "the limit was not reached: make the articles bigger or the limit smaller");
    const Run again = run({QStringLiteral("import"), QStringLiteral("--db"), db, mArticles});
    QVERIFY2(!again.crashed && again.exitCode == 0, again.err.constData());
    QVERIFY(test::checkStoreWhole(db, mExpected, &stored).isEmpty());
    QCOMPARE(stored, qint64(mFiles.size()));
}

// RLIMIT_FSIZE (ulimit -f) with SIGXFSZ ignored: writes past the limit fail with EFBIG, as on a
// full disk; the import reports it, keeps what it committed and exits 1.
void TestDbFaults::fullDiskFileSizeLimit()
{
    const QString db = freshDb(QStringLiteral("fsize.sqlite"), 10);
    QVERIFY(!db.isEmpty());
    const rlim_t limit = rlim_t(QFileInfo(db).size() + 96 * 1024);
    const Run r = run({QStringLiteral("import"), QStringLiteral("--db"), db, mArticles}, [limit] {
        ::signal(SIGXFSZ, SIG_IGN);
        const struct rlimit rl = {limit, limit};
        ::setrlimit(RLIMIT_FSIZE, &rl);
    });
    QVERIFY2(!r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(mentionsDiskFull(errText(r.err)), r.err.constData());
    QVERIFY2(errText(r.err).contains(QStringLiteral("failed     ")), r.err.constData());
    checkAfterFullDisk(db);
}

// The same limit as `prlimit --fsize=N mapline import ...` or `ulimit -f` sets it: SIGXFSZ keeps
// its default action, which ends the process unless the program ignores the signal (main() does).
void TestDbFaults::fullDiskKilledBySignal()
{
    const QString db = freshDb(QStringLiteral("fsize-signal.sqlite"), 10);
    QVERIFY(!db.isEmpty());
    const rlim_t limit = rlim_t(QFileInfo(db).size() + 96 * 1024);
    const Run r = run({QStringLiteral("import"), QStringLiteral("--db"), db, mArticles}, [limit] {
        ::signal(SIGXFSZ, SIG_DFL);
        const struct rlimit rl = {limit, limit};
        ::setrlimit(RLIMIT_FSIZE, &rl);
    });
    // Whatever happens, nothing is lost or half-stored.
    checkAfterFullDisk(db);
    QVERIFY2(!r.crashed && r.exitCode == 1 && mentionsDiskFull(errText(r.err)), r.err.constData());
}

// A real ENOSPC: the database on a 1 MB tmpfs mounted in a private mount namespace
// (unshare -rm: an unprivileged user namespace), copied out when the import is done.
void TestDbFaults::fullDiskTmpfs()
{
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    if (unshare.isEmpty())
        QSKIP("unshare (util-linux) is not installed");
    const QString mount = mDir.filePath(QStringLiteral("tmpfs"));
    const QString out = mDir.filePath(QStringLiteral("tmpfs-out"));
    QVERIFY(QDir().mkpath(mount) && QDir().mkpath(out));
    const QString script = QStringLiteral(
        "mount -t tmpfs -o size=1m mapline-test \"$1\" || exit 200\n"
        "\"$2\" import --db \"$1/full.sqlite\" \"$3\" 2>\"$4/stderr\" >\"$4/stdout\"\n"
        "echo $? >\"$4/rc\"\n"
        "cp \"$1\"/full.sqlite* \"$4\"/ && exit 0\n");
    const Run r = run({QStringLiteral("-rm"), QStringLiteral("sh"), QStringLiteral("-c"), script, QStringLiteral("sh"),
                       mount, QStringLiteral(MAPLINE_EXE), mArticles, out},
                      {}, unshare);
    if (r.exitCode != 0 && !QFile::exists(out + QStringLiteral("/rc")))
        QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs in a user namespace here: %1").arg(errText(r.err))));
    const QByteArray err = test::readFile(out + QStringLiteral("/stderr"));
    QCOMPARE(test::readFile(out + QStringLiteral("/rc")).trimmed(), QByteArray("1"));
    QVERIFY2(mentionsDiskFull(errText(err)), err.constData());
    const QString db = out + QStringLiteral("/full.sqlite");
    QFile::remove(db + QStringLiteral("-shm")); // rebuilt from the WAL on open
    checkAfterFullDisk(db);
}

// Another process holds the write lock (an open write transaction) for longer than the busy
// timeout: the import waits, then fails with a message; nothing is written or spoiled.
void TestDbFaults::lockedByAnotherWriter()
{
    const QString db = freshDb(QStringLiteral("locked.sqlite"), 4);
    QVERIFY(!db.isEmpty());
    const QString connection = QStringLiteral("holder");
    {
        QSqlDatabase holder = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        holder.setDatabaseName(db);
        QVERIFY(holder.open());
        QSqlQuery q(holder);
        QVERIFY2(q.exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("UPDATE settings SET value = value WHERE key = 'area_of_interest'")));

        const Run r = run({QStringLiteral("import"), QStringLiteral("--db"), db, mFiles.last()});
        QVERIFY2(!r.crashed, r.err.constData());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(errText(r.err).contains(QFileInfo(mFiles.last()).fileName()), r.err.constData());
        QVERIFY2(errText(r.err).contains(QStringLiteral("locked")), r.err.constData());
        QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
        holder.close();
    }
    QSqlDatabase::removeDatabase(connection);
    qint64 stored = 0;
    const QString problem = test::checkStoreWhole(db, mExpected, &stored);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(stored, qint64(4));
}

// Two imports of the same folder into the same new database at the same time: both finish
// (one waits for the other's transactions), each article is stored once, nothing is corrupt.
// Five rounds (their interleavings differ); MAPLINE_CONCURRENT_ROUNDS sets fewer for the sanitizer
// run of CI, where each round takes ten times as long.
void TestDbFaults::concurrentImports()
{
    bool set = false;
    const int rounds = qEnvironmentVariableIntValue("MAPLINE_CONCURRENT_ROUNDS", &set);
    for (int round = 0; round < (set && rounds > 0 ? rounds : 5); ++round) {
        const QString db = mDir.filePath(QStringLiteral("concurrent-%1.sqlite").arg(round));
        QProcess a, b;
        a.setProcessEnvironment(test::importEnvironment());
        b.setProcessEnvironment(test::importEnvironment());
        const QStringList args = {QStringLiteral("import"), QStringLiteral("--db"), db, mArticles};
        a.start(QStringLiteral(MAPLINE_EXE), args);
        b.start(QStringLiteral(MAPLINE_EXE), args);
        QVERIFY(a.waitForFinished(300000) && b.waitForFinished(300000));
        for (QProcess *p : {&a, &b}) {
            QCOMPARE(p->exitStatus(), QProcess::NormalExit);
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        }
        const QByteArray outA = a.readAllStandardOutput();
        const QByteArray outB = b.readAllStandardOutput();
        QVERIFY2(outA.contains(" 0 failed") && outB.contains(" 0 failed"), (outA + outB).constData());
        qint64 stored = 0;
        const QString problem = test::checkStoreWhole(db, mExpected, &stored);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(stored, qint64(mFiles.size()));
    }
}

// An export that cannot be finished (here: the file-size limit, as a full disk) leaves the file it
// was to replace as it was, and no temporary file behind.
void TestDbFaults::exportsAreAtomic_data()
{
    QTest::addColumn<QStringList>("args"); // OUT stands for the target
    QTest::addColumn<QString>("target");
    const QStringList exportArgs = {QStringLiteral("export"), QStringLiteral("--out"), QStringLiteral("OUT")};
    QTest::newRow("GeoJSON") << exportArgs << "events.geojson";
    QTest::newRow("KML") << exportArgs << "events.kml";
    QTest::newRow("GeoPackage") << exportArgs << "events.gpkg";
    QTest::newRow("CSV") << exportArgs << "events.csv";
    QTest::newRow("Shapefile") << exportArgs << "events.shp";
    QTest::newRow("snapshot PNG") << QStringList{QStringLiteral("snapshot"), QStringLiteral("--out"), QStringLiteral("OUT"),
                                                 QStringLiteral("--size"), QStringLiteral("1600x1200")}
                                  << "map.png";
    QTest::newRow("snapshot PDF") << QStringList{QStringLiteral("snapshot"), QStringLiteral("--out"), QStringLiteral("OUT"),
                                                 QStringLiteral("--size"), QStringLiteral("1600x1200")}
                                  << "map.pdf";
    QTest::newRow("snapshot GeoTIFF") << QStringList{QStringLiteral("snapshot"), QStringLiteral("--out"),
                                                     QStringLiteral("OUT"), QStringLiteral("--size"),
                                                     QStringLiteral("1600x1200")}
                                      << "map.tif";
}

void TestDbFaults::exportsAreAtomic()
{
    QFETCH(QStringList, args);
    QFETCH(QString, target);
    static QString db;
    if (db.isEmpty())
        db = freshDb(QStringLiteral("exports.sqlite"), 40);
    QVERIFY(!db.isEmpty());
    const QString folder = mDir.filePath(QStringLiteral("exports-") + QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-'));
    QVERIFY(QDir().mkpath(folder));
    const QString out = QDir(folder).filePath(target);
    const QByteArray previous = "the previous export, which must survive a failed one\n";
    QVERIFY(test::writeFile(out, previous));
    args.replace(args.indexOf(QStringLiteral("OUT")), out);
    args << QStringLiteral("--db") << db;
    // The database's -shm (32 KB) is already there: the limit stops only the export.
    const rlim_t limit = 40 * 1024;
    const Run r = run(args, [limit] {
        ::signal(SIGXFSZ, SIG_IGN);
        const struct rlimit rl = {limit, limit};
        ::setrlimit(RLIMIT_FSIZE, &rl);
    });
    QVERIFY2(!r.crashed, r.err.constData());
    QVERIFY2(r.exitCode != 0 && test::readFile(out) == previous,
             qPrintable(QStringLiteral("exit code %1, %2 is now %3 bytes:\n%4")
                            .arg(r.exitCode).arg(out).arg(QFileInfo(out).size()).arg(errText(r.err))));
    QVERIFY2(errText(r.err).contains(target), r.err.constData());
    const QStringList left = QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System);
    QCOMPARE(left, QStringList{target});
}

// Values never enter SQL text: every SQL string literal completed with .arg() or + must be on this
// list, with the reason it is safe (it interpolates code constants, integers, column names or
// '?' placeholders). A grep-level check over models/, app/ and views/ (dbfaults/sqlscan.h): new
// constructions fail here until reviewed.
void TestDbFaults::sqlUsesBoundParameters()
{
    struct Allowed {
        const char *file;
        const char *needle;
        const char *why;
    };
    static const Allowed allowed[] = {
        {"models/store/eventstore.cpp", "\"PRAGMA user_version=%1\").arg(migration.version)", "an integer of the migration table"},
        {"models/store/eventstore.cpp", "\"PRAGMA application_id=%1\").arg(schema::kApplicationId)", "a constant"},
        {"models/store/eventstore.cpp", "\"PRAGMA \") + pragma", "pragma names written in the code"},
        {"models/store/eventstore_query.cpp", "\"e.type IN (%1)\").arg(placeholders(", "'?' placeholders only"},
        {"models/store/eventstore_query.cpp", ".arg(clauses.join(", "clauses of '?' placeholders"},
        {"models/store/eventstore_query.cpp", "\" LIMIT %1\").arg(query.limit)", "an integer"},
        {"models/store/eventstore_query.cpp", "\" LIMIT %1\").arg(query.limit - handed)", "an integer"},
        {"models/store/eventstore_query.cpp", ".arg(roles ? QStringLiteral(\", ea.role\") : QString())", "a fixed column name or nothing"},
        {"models/store/eventstore_query.cpp", ".arg(sel.where)", "a WHERE clause of '?' placeholders"},
        {"models/store/eventstore_readrecords.cpp", "\"e.id IN (%1) AND e.date < ?\").arg(byIds(longIds))",
         "event ids (integers from the index copy, QString::number) and a '?' placeholder"},
        {"models/store/eventstore_readrecords.cpp", "\"SELECT e.id, e.article_id, s.text,",
         "fixed column lists, joins and table names (\"events e\" with NOT INDEXED) chosen in the code"},
        {"models/store/eventstore_readrecords.cpp", "\" LIMIT %1\").arg(query.limit - handed)", "an integer"},
        {"models/store/eventstore_readrecords.cpp", "QStringLiteral(\"id, article_id, sentence_id, type,",
         "fixed column names, or NULL and '' for an older database's missing columns, chosen in the code"},
        {"models/store/eventstore_readrecords.cpp", "\"SELECT %1 FROM events ORDER BY id\").arg(IdOrderRows::columns(",
         "IdOrderRows::columns: fixed column names, or NULL and '' for an older database's missing columns"},
        {"models/store/eventstore_readrecords.cpp", "\"e.id IN (%1) AND e.date < ?\").arg(byIds(earlier))",
         "event ids (integers from the index copy, QString::number) and a '?' placeholder"},
        {"models/store/eventstore_readrecords.cpp", "WHERE %1 ORDER BY date, id\").arg(range)",
         "one of two fixed conditions of '?' placeholders"},
        {"models/store/eventstore_readrecords.cpp", "\"SELECT %1, (%2) FROM events e NOT INDEXED WHERE e.id >= ?%3 ORDER BY e.id\")",
         "IdOrderRows::columns, an EventSelection's WHERE clause of '?' placeholders, and fixed conditions of '?' placeholders"},
        {"models/store/eventstore_readrecords.cpp", ".arg(actorTable) + part.sel.where + part.order",
         "a table name chosen in the code, a WHERE clause of '?' placeholders and a fixed ORDER BY"},
        {"models/store/eventstore_dataset.cpp", "\"DROP TRIGGER \") + QString::fromLatin1(name)", "trigger names of a constant list"},
        {"models/store/changecounter.cpp", "\"CREATE TRIGGER %1_i AFTER INSERT ON %2\").arg(prefix, table)", "table and trigger names of a constant list"},
        {"models/store/changecounter.cpp", ".arg(prefix, QString::fromLatin1(w.columns), table)", "table, column and trigger names of a constant list"},
        {"models/store/changecounter.cpp", "\"CREATE TRIGGER %1_d AFTER DELETE ON %2\").arg(prefix, table)", "table and trigger names of a constant list"},
        {"models/store/eventstore_corrections.cpp", ".arg(QLatin1String(kCorrectionColumns))", "a constant column list"},
        {"models/store/eventstore_corrections.cpp", "arg(QString::fromLatin1(kCorrectionColumns)",
         "a constant column list whose author column is a constant name or NULL"},
        {"models/store/pg/pgcorrectionwriter.cpp", "\"SELECT %1 FROM corrections WHERE %2\").arg(kStoredColumns, kKeyWhere)",
         "a constant column list and a constant condition on $1..$6"},
        {"models/store/pg/pgcorrectionwriter.cpp", "WHERE %1\").arg(kKeyWhere)", "a constant condition on $1..$6"},
        {"models/store/pg/pgcorrectionwriter_write.cpp", "WHERE %1\").arg(kWriterKeyWhere)", "a constant condition on $1..$6"},
        {"models/store/pg/pgcorrectionwriter_write.cpp", ".arg(quint32(Event::Corrected))", "an integer constant (a flag)"},
        {"models/store/pg/pgcorrectionwriter_write.cpp", "\"UPDATE events SET %1 WHERE id = $1::bigint\").arg(set)",
         "assignments of $n placeholders (param()) and integer flags"},
        {"models/store/pg/pgcorrectionwriter_write.cpp", "geo_precision = %4\") .arg(param(", "$n placeholders (param())"},
        {"models/store/pg/pgcorrectionwriter_write.cpp", "cameo_root = %4\") .arg(param(", "$n placeholders (param())"},
        {"models/store/pg/pgschema.cpp", "ask the database's administrator to run CREATE EXTENSION %4",
         "a message to the analyst, not SQL run by Mapline"},
        {"models/store/pg/pgeventreader.cpp", "\" WHERE e.id = ANY($1::bigint[])\"), {array}",
         "a constant SELECT and a constant condition on $1"},
        {"models/store/eventstore_fusion.cpp", "INSERT INTO happening_corrections (kind, %1, other_content_hash",
         "a constant column list and an optional constant author column with its '?'"},
        {"models/store/correctionlog.cpp", "WHERE subject IN (%1) AND id > ? ORDER BY id", "'?' placeholders (marks())"},
        {"models/store/correctionlog.cpp", "FROM correction_history WHERE subject IN (%1)\") .arg(marks(",
         "'?' placeholders (marks())"},
        {"models/store/correctionrows.cpp", "\"INSERT INTO events (%1) VALUES (%2)\") .arg(names.join(",
         "column names written in the code; the values are bound ('?')"},
        {"models/store/eventstore_control.cpp", "FROM control_corrections WHERE place = ? AND admin1 = ?",
         "a constant column name or NULL"},
        {"models/store/eventstore_history.cpp", "SELECT corrected_at, %1 FROM corrections WHERE content_hash = ?",
         "a constant column name or NULL"},
        {"models/store/pg/pgeventreader_happenings.cpp", "QString::fromLatin1(kPgHappeningSelect) + QStringLiteral(\" WHERE h.id",
         "a constant SELECT and a constant condition on $1"},
        {"models/eventlookup.cpp", ".arg(marks(chunk.size()))", "'?' placeholders only"},
        {"models/happeninglookup.cpp", ".arg(happeningMarks(chunk.size()))", "'?' placeholders only"},
        {"models/store/eventstore_batch.cpp", "\"DROP TRIGGER \") + name", "trigger names of a constant list (kDeferred)"},
        {"models/store/eventstore_dataset.cpp", "\"DROP INDEX \\\"\") + quoted", "an index name read from sqlite_master, quoted as an identifier (its \" doubled)"},
        {"models/store/eventstore_import.cpp", ".arg(QLatin1String(eventcolumns::kCommon), eventcolumns::placeholders(",
         "a constant column list and '?' placeholders"},
        {"models/store/eventstore_dataset.cpp", ".arg(QLatin1String(eventcolumns::kCommon), eventcolumns::placeholders(",
         "a constant column list and '?' placeholders"},
        {"models/store/eventstore_happenings.cpp", "QStringLiteral(\" WHERE \") + clauses.join(", "clauses of '?' placeholders"},
        {"models/store/eventstore_happenings.cpp", "\"h.type IN (%1)\").arg(marks(", "'?' placeholders only"},
        {"models/store/eventstore_happenings.cpp", ".arg(names.join(", "clauses of '?' placeholders"},
        {"models/store/eventstore_happenings.cpp", ".arg(QLatin1String(kColumns), w.text())",
         "a constant column list and a WHERE clause of '?' placeholders"},
        {"models/store/eventstore_happenings.cpp", "\" LIMIT %1\").arg(query.limit)", "an integer"},
        {"models/store/eventstore_happenings.cpp", "FROM happenings h%1) ORDER BY e.id\") .arg(w.text())",
         "a WHERE clause of '?' placeholders"},
        {"models/store/eventstore_happenings.cpp", "WHERE h.id = ?\").arg(QLatin1String(kColumns))", "a constant column list"},
        {"models/store/eventstore_fusion.cpp", ".arg(QLatin1String(kKeyColumns))", "a constant column list"},
        {"models/store/eventstore_query.cpp", ".arg(happenings ? QStringLiteral(\"e.happening_id, h.sources\")",
         "constant columns and joins"},
        {"models/store/fusionsync.cpp", ".arg(idList(", "integers: event and happening ids, area numbers"},
        {"models/store/fusionsync_write.cpp", ".arg(QLatin1String(kCountingTriggers[0])",
         "trigger names of a constant list (kCountingTriggers)"},
        {"models/store/fusionsync_write.cpp", "return sql + \" ON CONFLICT (id)",
         "happeningsInsertSql: numbered parameters and a constant conflict clause"},
        {"models/store/fusionsync_write.cpp", "\"DROP TRIGGER \" + name",
         "a name read back from sqlite_master for one of kCountingTriggers' constant names"},
        {"models/store/fusionsync.cpp", ".arg(where)", "a condition of integer id lists built here (idList)"},
        {"models/store/fusionsync.cpp", ".arg(ids[from]).arg(ids[to - 1])", "integers: the ends of a range of ids, and a constant column"},
        {"models/store/fusionsync.cpp", ".arg(idCondition(", "a condition of integer ids built here (idCondition)"},
        {"models/store/storecheck.cpp", "VALUES('integrity-check', 1)\") .arg(d.name)",
         "an index name of schema::indexDefinitions()"},
        {"models/store/storeindexes.cpp", "tbl_name IN (%1))\").arg(marks)", "'?' placeholders only"},
        {"models/store/storeindexes.cpp", "VALUES('integrity-check')\").arg(name)",
         "an index name of schema::indexDefinitions() (its callers pass nothing else)"},
        {"models/store/storeindexes.cpp", "\"DROP TRIGGER IF EXISTS \") + t.name", "trigger names of schema::indexDefinitions()"},
        // The PostgreSQL store (models/store/pg/) and `mapline copy` (models/store/copy/): values
        // are bound ($n, PgSelection) or sent as COPY data; the text holds code constants, '?'
        // clauses, integers, and identifiers quoted by quotedName() or read from the catalog.
        {"models/store/pg/pgeventreader.cpp", "\"e.type IN (%1)\").arg(marks.join(", "'?' placeholders only"},
        {"models/store/pg/pgeventreader.cpp", ".arg(clauses.join(", "clauses of '?' placeholders"},
        {"models/store/pg/pgeventreader.cpp", "\"FETCH %1 FROM %2\").arg(kBatch).arg(mName)", "a constant and a cursor name made here"},
        {"models/store/pg/pgeventreader.cpp", "ORDER BY 1\").arg(sel->where)", "a WHERE clause of '?' placeholders"},
        {"models/store/pg/pgeventreader.cpp", "\" LIMIT %1\").arg(query.limit - handed)", "an integer"},
        {"models/store/pg/pgeventreader.cpp", "JOIN actors a ON a.id = ea.actor_id\") + sel", "a WHERE clause of '?' placeholders"},
        {"models/store/pg/pgeventreader_happenings.cpp", "\"h.type IN (%1)\").arg(marks.join(", "'?' placeholders only"},
        {"models/store/pg/pgeventreader_happenings.cpp", ".arg(names.join(", "clauses of '?' placeholders"},
        {"models/store/pg/pgeventreader_happenings.cpp", "\"SELECT h.id, h.date::text", "a WHERE clause of '?' placeholders"},
        {"models/store/pg/pgeventreader_happenings.cpp", "\" LIMIT %1\").arg(query.limit)", "an integer"},
        {"models/store/pg/pgeventreader_happenings.cpp", "ORDER BY e.id\") .arg(w->where)", "a WHERE clause of '?' placeholders"},
        {"models/store/pg/pgschema.cpp", "CREATE TABLE places", "a constant column definition (pointColumn())"},
        {"models/store/pg/pgschema.cpp", "CREATE TABLE happenings", "a constant column definition (pointColumn())"},
        {"models/store/pg/pgschema.cpp", "CREATE TABLE events", "a constant column definition (pointColumn())"},
        {"models/store/pg/pgschema.cpp", "\"CREATE EXTENSION IF NOT EXISTS %1 SCHEMA public;\")", "extension names of a constant list"},
        {"models/store/pg/pgschema.cpp", "\"CREATE SCHEMA IF NOT EXISTS %1\").arg(quoted(schema))", "a constant schema name, quoted"},
        {"models/store/pg/pgcopy.cpp", "\"COPY (SELECT %1 FROM %2%3 ORDER BY %4) TO STDOUT\")",
         "quoted column and table names, a constant condition and key"},
        {"models/store/pg/pgcopy.cpp", "QStringLiteral(\" WHERE \") + where, orderBy)", "a constant condition and key"},
        {"models/store/pg/pgcopy.cpp", "\"SELECT 1 FROM %1 LIMIT 1\").arg(quotedName(table))", "a table name of a constant list, quoted"},
        {"models/store/pg/pgcopy.cpp", "\" WHERE key <> '%1'\").arg(QLatin1String(pg::pgschema::kVersionKey))", "a constant"},
        {"models/store/pg/pgcopy.cpp", "\"DELETE FROM %1%2\").arg(quotedName(*t), keep)", "a quoted table name and a constant condition"},
        {"models/store/pg/pgbulkload.cpp", "\"ALTER TABLE %1 DROP CONSTRAINT %2\")", "names read from the catalog, quoted"},
        {"models/store/pg/pgbulkload.cpp", "\"ALTER TABLE %1 ADD CONSTRAINT %2 %3\")", "names and definitions read from the catalog"},
        {"models/store/pg/pgbulkload.cpp", "\"DROP INDEX %1\").arg(indexes->string(i, 0))", "an index name from the catalog (regclass, quoted)"},
        {"models/store/pg/pgbulkload.cpp", ".arg(kBuildMemoryKb)", "a constant number of kB"},
        {"models/store/pg/pgcopy.cpp", "\"COPY %1 (%2) FROM STDIN\").arg(quotedName(table), quotedNames(columns))",
         "quoted table and column names"},
        {"models/store/pg/pgcopy.cpp", "pg_get_serial_sequence('%1.%2', 'id')", "the constant schema and a table of a constant list"},
        {"models/store/copy/sqlitecopy.cpp", "\"SELECT %1 FROM %2%3 ORDER BY %4\")", "quoted column and table names, a constant condition and key"},
        {"models/store/copy/sqlitecopy.cpp", "QStringLiteral(\" WHERE \") + where, orderBy)", "a constant condition and key"},
        {"models/store/copy/sqlitecopy.cpp", "\"SELECT 1 FROM %1 LIMIT 1\").arg(quotedName(table))", "a table name of a constant list, quoted"},
        {"models/store/copy/sqlitecopy.cpp", "\"DELETE FROM %1\").arg(quotedName(*t))", "a table name of a constant list, quoted"},
        {"models/store/copy/sqlitecopy.cpp", "\"DROP TRIGGER IF EXISTS %1\").arg(t.name)", "trigger names of schema::indexDefinitions()"},
        {"models/store/copy/sqlitecopy.cpp", "\"INSERT INTO %1 (%2) VALUES (%3)\")", "quoted names and '?' placeholders"},
        {"models/store/pg/pgindexreader.cpp", "COPY (%4 SELECT e.id, e.date, e.date_end, e.lon, e.lat",
         "COPY takes no parameters: days written by QDate (ISO digits) and fixed subqueries of the code"},
        {"models/store/pg/pgindexreader.cpp", "COPY (SELECT e.id, e.date, e.date_end, e.lon, e.lat, e.geo_precision",
         "COPY takes no parameters: a constant condition of the code (the whole store's read)"},
        {"models/store/pg/pgindexdelta.cpp", "EXISTS (SELECT 1 FROM change_log WHERE %1)",
         "a constant condition of the code; the snapshot is bound ($1)"},
        {"models/store/pg/pgindexdelta.cpp", "\"SELECT first_id, last_id FROM change_events WHERE %1\").arg(since)",
         "a constant condition of the code; the snapshot is bound ($1)"},
        {"models/store/pg/pgindexdelta.cpp", "WITH r(lo, hi) AS (SELECT * FROM unnest('%1'::bigint[], '%2'::bigint[]))",
         "COPY takes no parameters: arrays of integers the code wrote (QString::number)"},
        {"models/store/pg/pgindexcopy.cpp", ".arg(kStoreId)", "a constant expression of the code (kStoreId); values are bound"},
        {"models/store/pg/pgchangelog.cpp", "\"CREATE OR REPLACE FUNCTION count_change()", "a constant channel name"},
        {"models/store/pg/pgchangelog.cpp", "\"CREATE TRIGGER %1_log_",
         "table names and event-id queries of a constant list (kLogged), quoted as literals"},
        {"models/store/pg/pgchangecounter.cpp", "\"CREATE TRIGGER %1_count_change", "table names of a constant list"},
        {"models/store/pg/pgdatasetwriter.cpp", "\"SELECT pg_advisory_xact_lock(%1)\").arg(kWriteLockKey)",
         "a constant key"},
        {"models/store/pg/pgdatasetwriter.cpp", "nextval('%1'::regclass)",
         "the events' sequence as the server names it (pg_get_serial_sequence), its quotes doubled"},
        {"models/store/pg/pgdatasetwriter.cpp", "\"SELECT nextval(pg_get_serial_sequence('%1', 'id'))\").arg(table)",
         "a table name of the code's (reserveIds is called with \"events\" and \"sentences\")"},
        {"models/store/pg/pgdatasetwriter.cpp", "\"SELECT setval(pg_get_serial_sequence('%1', 'id'), $1)\").arg(table)",
         "a table name of the code's, the value bound as $1"},
        {"models/store/pg/pgdatasetwriter.cpp", "\"CREATE TEMP TABLE %1 (ord integer, %2) ON COMMIT DROP\").arg(temp, columns)",
         "a temporary table's name and column list written in the code (storeNamed's callers)"},
        {"models/store/pg/pgdatasetwriter.cpp", "\"COPY %1 FROM STDIN\").arg(temp)", "a temporary table's name written in the code"},
        {"models/store/pg/pgdatasetwriter.cpp", "\"INSERT INTO change_events (first_id, last_id) VALUES (%1, %2)\")",
         "two event ids (integers reserved from the sequence)"},
        {"models/store/pg/pgdatasetwriter.cpp", "SELECT %1, r.line, 0, 0, r.sentence", "an article id the server returned (an integer)"},
        {"models/store/pg/pgdatasetwriter.cpp", ".arg(articleId, datasetId, fusing ? QStringLiteral(\"f.happening_id\")",
         "article and dataset ids the server returned (integers), and a constant column and join or nothing"},
        {"models/store/pg/pgfusion.cpp", "WHERE %1 ORDER BY e.id\") .arg(condition)", "a constant condition on $1 (its callers' own)"},
        {"models/store/pg/pgfusion.cpp", "WHERE %1) ORDER BY ea.event_id, ea.actor_id\") .arg(condition)",
         "a constant condition on $1 (its callers' own)"},
        {"models/store/pg/pgfusion.cpp", "happening_id IS NOT NULL%1\") .arg(withStale", "a constant clause or nothing"},
        {"models/store/pg/pgfusion_write.cpp", "\"COPY fused_happenings (%1) FROM STDIN\").arg(kFusedColumns)", "a constant column list"},
        {"models/store/pg/pgfusion_write.cpp", "\"INSERT INTO happenings (%1, stale) SELECT %1, 0 FROM fused_happenings",
         "a constant column list and assignments and rows made of its names"},
        {"models/store/pg/pgwritelock.cpp", "\"BEGIN; SELECT pg_advisory_xact_lock(%1)\").arg(kWriteLockKey)", "a constant key"},
        {"models/store/pg/pgcorrectionwriter.cpp", "The role %1 may read this shared store",
         "a message for the store's administrator, never run: the role's name quoted as an identifier, the constant schema"},
        {"models/store/pg/pgcorrectionwriter_write.cpp", "\"INSERT INTO events (%1) SELECT %1 FROM jsonb_populate_record",
         "column names read from the catalog, quoted by quote_ident(); the row is bound ($1)"},
        {"models/store/pg/pgcheck.cpp", "\"CREATE OR REPLACE FUNCTION \") + statement.mid(", "the schema's own migration statements"},
        {"models/store/pg/pgcheck.cpp", "\"SELECT value FROM %1.settings WHERE key = $1\").arg(quoted(kSchema))",
         "a constant schema name, quoted"},
        {"models/store/pg/pgcheck.cpp", "(ST_SRID(geom) <> 4326 OR ST_X(geom) <> lon OR ST_Y(geom) <> lat)))", "table names of a constant list"},
        {"models/store/pg/pgcheck.cpp", "CASE WHEN is_called THEN last_value + 1 ELSE last_value",
         "the store's table, column and sequence names as the catalog gives them, quoted"},
        {"models/store/pg/pgcheck.cpp", "\"SET search_path = %1\").arg(path.join(", "schema names from the catalog, quoted"},
        {"models/store/pg/pgcheck.cpp", ".arg(kDangling, kMiscounted)", "constant conditions and a constant query"},
        {"models/store/pg/pgcheck.cpp", "\"REINDEX INDEX %1\").arg(index.name)", "index names of the schema's own statements"},
        {"models/store/pg/pgcheck.cpp", "\"ALTER TABLE %1 DROP COLUMN IF EXISTS geom\").arg(table)", "table names of a constant list"},
        {"models/store/pg/pgcheck.cpp", "\"ALTER TABLE %1 ADD COLUMN %2\").arg(table, pgschema::pointColumn())",
         "table names of a constant list and a constant column definition"},
        {"models/store/pg/pgcheck.cpp", "\"ALTER TABLE %1 ENABLE TRIGGER %2\").arg(trigger.table, trigger.name)",
         "table and trigger names of the schema's own statements"},
        {"models/store/pg/pgcheck.cpp", "\"LOCK TABLE %1 IN SHARE MODE\").arg(quoted(s.table))", "table names from the catalog, quoted"},
        {"models/store/pg/pgcheck.cpp", "(SELECT max(%2) FROM %1))\").arg(quoted(s.table), quoted(s.column))",
         "table and column names from the catalog, quoted"},
        {"models/store/pg/pgcheck.cpp", "\"UPDATE events e SET happening_id = NULL WHERE %1\").arg(kDangling)", "a constant condition"},
        {"models/store/pg/pgcheck.cpp", "\"UPDATE happenings SET stale = 1 WHERE id IN (%1)\").arg(kMiscounted)", "a constant query"},
    };
    const QDir root(QStringLiteral(MAPLINE_TEST_DATA "/../.."));
    QStringList findings;
    int files = 0;
    int constructions = 0;
    for (const QString &folder : {QStringLiteral("models"), QStringLiteral("app"), QStringLiteral("views")}) {
        QDirIterator it(root.filePath(folder), {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString relative = root.relativeFilePath(path);
            ++files;
            for (const test::SqlConstruction &c : test::findSqlInterpolation(QString::fromUtf8(test::readFile(path)))) {
                ++constructions;
                bool reviewed = false;
                for (const Allowed &a : allowed)
                    reviewed = reviewed || (relative == QLatin1String(a.file) && c.snippet.contains(QLatin1String(a.needle)));
                if (!reviewed)
                    findings << QStringLiteral("%1:%2: %3").arg(relative).arg(c.line).arg(c.snippet.left(240));
            }
        }
    }
    qInfo("bound parameters: %d files read, %d SQL strings completed with .arg() or +, %d on the reviewed list",
          files, constructions, int(std::size(allowed)));
    QVERIFY(files > 50);
    // The reader must see the known constructions, or it sees nothing.
    QVERIFY(constructions >= 7);
    QVERIFY2(findings.isEmpty(), qPrintable(QStringLiteral("SQL text built from values (bind them with ? instead, or "
                                                           "add the construction to the reviewed list with the reason "
                                                           "it is safe):\n") + findings.join(u'\n')));
}

QTEST_MAIN(TestDbFaults)
#include "tst_dbfaults.moc"
