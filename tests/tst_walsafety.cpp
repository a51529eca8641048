// The database's -wal and -shm files, and what is not a database file at all: a -wal from another
// database or left from another copy of this one, a truncated file with a -wal, a -wal that is
// not a WAL, a FIFO or a device as --db; and other programs (sqlite3, `mapline import`) using the
// file while this process holds it open. Through the real executable, the viewer's
// MainWindow::openDatabase and EventStore. A file that is refused stays byte for byte as it was,
// and so do its -wal and -shm (or their absence).
#include "../app/mainwindow.h"
#include "index/eventindexloader.h"
#include "store/eventstore.h"
#include "testsupport.h"
#include "workspace.h"

#include <QCryptographicHash>
#include <QLabel>
#include <QProcess>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <sqlite3.h>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>

using namespace mapline;

namespace {

const QStringList kCompanions = {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")};

// The database and its -wal and -shm: a hash of each, or "absent".
QStringList fileState(const QString &db)
{
    QStringList state;
    for (const QString &suffix : kCompanions) {
        const QString path = db + suffix;
        state << (QFile::exists(path) ? QString::fromLatin1(QCryptographicHash::hash(test::readFile(path),
                                                                                      QCryptographicHash::Sha256)
                                                                .toHex()
                                                                .left(16))
                                      : QStringLiteral("absent"));
    }
    return state;
}

test::ProcessResult runMapline(const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("MAPLINE_DB"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(MAPLINE_EXE), args);
    test::ProcessResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.crashed = true;
        r.err = "timed out";
        return r;
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// Runs `sql` through a connection of its own that closes without checkpointing: the -wal keeps
// the writes (and the -shm stays), as after a program that was killed.
bool writeLeavingWal(const QString &db, const char *sql)
{
    sqlite3 *handle = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(db).constData(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
        sqlite3_close(handle);
        return false;
    }
    sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    char *error = nullptr;
    const bool ok = sqlite3_exec(handle, "PRAGMA wal_autocheckpoint=0", nullptr, nullptr, &error) == SQLITE_OK &&
                    sqlite3_exec(handle, sql, nullptr, nullptr, &error) == SQLITE_OK;
    if (!ok)
        qWarning("%s: %s", qPrintable(db), error);
    sqlite3_free(error);
    sqlite3_close(handle);
    return ok && QFileInfo(db + QStringLiteral("-wal")).size() > 0;
}

bool copyOver(const QString &from, const QString &to)
{
    QFile::remove(to);
    return QFile::copy(from, to);
}

// Sets the modification time of `path` to `secondsAgo` seconds before now.
bool setAge(const QString &path, int secondsAgo)
{
    struct timespec times[2];
    clock_gettime(CLOCK_REALTIME, &times[0]);
    times[0].tv_sec -= secondsAgo;
    times[1] = times[0];
    return ::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0) == 0;
}

QString text(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes);
}

} // namespace

class TestWalSafety : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();

    void foreignWalIsRefused();
    void foreignWalOfAnotherPageSize();
    void truncatedWithItsWal();
    void staleWalOlderThanTheDatabase();
    void emptyFileWithAWal();
    void walThatIsNotAWal();
    void ownWalAfterACrashIsApplied();
    void interruptedCheckpointIsApplied();
    void notRegularFiles_data();
    void notRegularFiles();
    void otherProgramsWhileOpen();
    void viewerFollowsOutsideImports();

private:
    QString copyOf(const QString &base, const QString &name);
    void checkRefusedEverywhere(const QString &db, const QString &reason);

    QTemporaryDir mDir;
    QString mBaseA; // the ACLED and GDELT 1.0 fixtures
    QString mBaseB; // the GDELT 2.0 fixture
};

void TestWalSafety::initTestCase()
{
    QVERIFY(mDir.isValid());
    qputenv("XDG_CONFIG_HOME", mDir.filePath(QStringLiteral("config")).toLocal8Bit());
    qputenv("XDG_DATA_HOME", mDir.filePath(QStringLiteral("data")).toLocal8Bit());
    mBaseA = mDir.filePath(QStringLiteral("base-a.sqlite"));
    mBaseB = mDir.filePath(QStringLiteral("base-b.sqlite"));
    for (const auto &[db, files] :
         {std::pair{mBaseA, QStringList{test::testData(QStringLiteral("datasets/acled-afghanistan-2020.csv")),
                                         test::testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV"))}},
          std::pair{mBaseB, QStringList{test::testData(QStringLiteral("datasets/gdelt2-20191024143000.export.CSV"))}}}) {
        const auto r = runMapline(QStringList{QStringLiteral("import"), QStringLiteral("--db"), db,
                                           QStringLiteral("--keep-outside")} + files);
        QVERIFY2(!r.crashed && r.out.contains("imported"), r.err.constData());
        QVERIFY(!QFile::exists(db + QStringLiteral("-wal")));
    }
}

QString TestWalSafety::copyOf(const QString &base, const QString &name)
{
    const QString db = mDir.filePath(name);
    for (const QString &suffix : kCompanions)
        QFile::remove(db + suffix);
    return QFile::copy(base, db) ? db : QString();
}

// `import`, `events` and the viewer refuse `db` with a message naming it and `reason`, and the
// database, its -wal and its -shm stay as they were.
void TestWalSafety::checkRefusedEverywhere(const QString &db, const QString &reason)
{
    const QStringList before = fileState(db);
    const QString name = QFileInfo(db).fileName();
    for (const QStringList &args :
         {QStringList{QStringLiteral("events"), QStringLiteral("--db"), db},
          QStringList{QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--keep-outside"),
                      test::testData(QStringLiteral("datasets/gdelt2-20191024143000.export.CSV"))}}) {
        const auto r = runMapline(args);
        QVERIFY2(!r.crashed, r.err.constData());
        QVERIFY2(r.exitCode == 1, qPrintable(args.first() + QStringLiteral(" exited with %1: ").arg(r.exitCode) + text(r.err)));
        QVERIFY2(text(r.err).contains(name) && text(r.err).contains(reason), r.err.constData());
        if (args.first() == u"events")
            QVERIFY2(r.out.isEmpty(), "events printed rows of a database it should refuse");
        QCOMPARE(fileState(db), before);
    }
    {
        MainWindow window;
        QVERIFY(!window.openDatabase(db, true));
        const QString message = window.statusBar()->currentMessage();
        QVERIFY2(message.contains(name) && message.contains(reason), qPrintable(message));
    }
    QCOMPARE(fileState(db), before);
}

// [d01] The -wal of another Mapline database (same page size, same schema) copied beside this
// one. SQLite would replay it into the file: the first connection to close wrote the mix into
// the database, and `events` printed a silent mix of both with exit 0.
void TestWalSafety::foreignWalIsRefused()
{
    const QString a = copyOf(mBaseA, QStringLiteral("foreign-a.sqlite"));
    const QString b = copyOf(mBaseB, QStringLiteral("foreign-b.sqlite"));
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    QVERIFY(writeLeavingWal(b, "UPDATE events SET confidence = 0.7"));
    QVERIFY(copyOver(b + QStringLiteral("-wal"), a + QStringLiteral("-wal")));
    checkRefusedEverywhere(a, QStringLiteral("-wal"));
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!QFile::exists(a + QStringLiteral("-shm")));
}

void TestWalSafety::foreignWalOfAnotherPageSize()
{
    const QString a = copyOf(mBaseA, QStringLiteral("pagesize-a.sqlite"));
    const QString other = mDir.filePath(QStringLiteral("pagesize-other.sqlite"));
    QVERIFY(!a.isEmpty());
    QVERIFY(writeLeavingWal(other, "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; CREATE TABLE notes (x); "
                                   "INSERT INTO notes VALUES ('Kabul'), ('Herat')"));
    QVERIFY(copyOver(other + QStringLiteral("-wal"), a + QStringLiteral("-wal")));
    checkRefusedEverywhere(a, QStringLiteral("8192"));
}

// [d16] A database cut in half (a failed copy) with its own -wal beside it: the -wal does not hold
// the pages that are missing. The truncation check used to be skipped whenever a -wal existed,
// and a failed import then rewrote the file to twice its size.
void TestWalSafety::truncatedWithItsWal()
{
    const QString db = copyOf(mBaseA, QStringLiteral("truncated.sqlite"));
    QVERIFY(!db.isEmpty());
    QVERIFY(writeLeavingWal(db, "UPDATE events SET confidence = 0.77 WHERE id % 2 = 0"));
    QFile::remove(db + QStringLiteral("-shm"));
    QFile file(db);
    QVERIFY(file.resize((file.size() / 2 / 4096) * 4096));
    checkRefusedEverywhere(db, QStringLiteral("truncated"));
}

// A -wal left by a crash, then the database restored from a backup taken before it: the -wal is
// older than the file and none of its pages is in it. Replaying it would mix two states.
void TestWalSafety::staleWalOlderThanTheDatabase()
{
    const QString db = copyOf(mBaseA, QStringLiteral("stale.sqlite"));
    QVERIFY(!db.isEmpty());
    const QString backup = db + QStringLiteral(".backup");
    QVERIFY(copyOver(db, backup));
    QVERIFY(writeLeavingWal(db, "UPDATE events SET confidence = 0.31; UPDATE places SET admin2 = 'x'"));
    QFile::remove(db + QStringLiteral("-shm"));
    QVERIFY(setAge(db + QStringLiteral("-wal"), 3600));
    QVERIFY(copyOver(backup, db)); // now newer than the -wal
    checkRefusedEverywhere(db, QStringLiteral("older"));
}

// SQLite deletes the -wal of an empty database on its first write.
void TestWalSafety::emptyFileWithAWal()
{
    const QString source = copyOf(mBaseA, QStringLiteral("empty-source.sqlite"));
    QVERIFY(writeLeavingWal(source, "UPDATE events SET confidence = 0.5"));
    const QString db = mDir.filePath(QStringLiteral("empty.sqlite"));
    QVERIFY(test::writeFile(db, {}));
    QVERIFY(copyOver(source + QStringLiteral("-wal"), db + QStringLiteral("-wal")));
    checkRefusedEverywhere(db, QStringLiteral("empty"));
}

// Bytes that are not a write-ahead log: SQLite ignores them and writes over them at the next write.
// Writing is refused; reading goes on without them, with a warning.
void TestWalSafety::walThatIsNotAWal()
{
    const QString db = copyOf(mBaseA, QStringLiteral("notwal.sqlite"));
    QVERIFY(!db.isEmpty());
    QVERIFY(test::writeFile(db + QStringLiteral("-wal"), QByteArray(8192, '\x5A')));
    const QStringList before = fileState(db);
    auto r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db,
                      test::testData(QStringLiteral("datasets/gdelt2-20191024143000.export.CSV"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(text(r.err).contains(QStringLiteral("notwal.sqlite-wal")) &&
                 text(r.err).contains(QStringLiteral("not a write-ahead log")),
             r.err.constData());
    QCOMPARE(fileState(db), before);
    r = runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(text(r.err).contains(QStringLiteral("warning")) && text(r.err).contains(QStringLiteral("notwal.sqlite-wal")),
             r.err.constData());
    QVERIFY(r.out.count('\n') > 5);
    QCOMPARE(fileState(db).mid(0, 2), before.mid(0, 2)); // reading creates the -shm index, nothing else
}

// A -wal of this very database, left by a crash: SQLite's recovery is right, and Mapline reads
// and writes it as usual (no false alarm).
void TestWalSafety::ownWalAfterACrashIsApplied()
{
    const QString db = copyOf(mBaseA, QStringLiteral("crashed.sqlite"));
    QVERIFY(!db.isEmpty());
    QVERIFY(writeLeavingWal(db, "UPDATE events SET confidence = 0.42"));
    auto r = runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY2(r.exitCode == 0 && r.err.isEmpty(), r.err.constData());
    QVERIFY(r.out.contains(",0.42,"));
    r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--keep-outside"),
                    test::testData(QStringLiteral("datasets/gdelt2-20191024143000.export.CSV"))});
    QVERIFY2(r.out.contains("imported   ") && !r.err.contains("failed"), r.err.constData()); // a bad row: exit 1
    auto store = test::openStore(db);
    QVERIFY(store);
    QVERIFY2(store->checkConsistency().ok(), qPrintable(store->checkConsistency().error()));
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE confidence = 0.42")).toInt(),
             test::scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE dataset_id < 3")).toInt());
}

// A crash while SQLite was copying the -wal into the database (a checkpoint): the file is newer
// than the -wal, and the pages copied so far are the -wal's. That is this database's -wal.
void TestWalSafety::interruptedCheckpointIsApplied()
{
    const QString db = copyOf(mBaseA, QStringLiteral("checkpointing.sqlite"));
    QVERIFY(!db.isEmpty());
    QVERIFY(writeLeavingWal(db, "UPDATE events SET confidence = 0.55"));
    // The first frame of the -wal, copied into the database as a checkpoint would.
    const QByteArray wal = test::readFile(db + QStringLiteral("-wal"));
    const int pageSize = int(qFromBigEndian<quint32>(wal.constData() + 8));
    const quint32 page = qFromBigEndian<quint32>(wal.constData() + 32);
    QFile file(db);
    QVERIFY(file.open(QIODevice::ReadWrite) && file.seek(qint64(page - 1) * pageSize));
    QCOMPARE(file.write(wal.mid(32 + 24, pageSize)), qint64(pageSize));
    file.close();
    QVERIFY(setAge(db + QStringLiteral("-wal"), 60));
    const auto r = runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--format"),
                            QStringLiteral("csv")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains(",0.55,"));
}

void TestWalSafety::notRegularFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    QTest::newRow("FIFO") << QStringLiteral("fifo.sqlite") << QStringLiteral("FIFO");
    if (QFileInfo(QStringLiteral("/dev/null")).exists() && !QFile::exists(QStringLiteral("/dev/null-journal")) &&
        !QFile::exists(QStringLiteral("/dev/null-wal")))
        QTest::newRow("/dev/null") << QStringLiteral("/dev/null") << QStringLiteral("character device");
}

// [issue 12, 19] A FIFO as --db blocked for ever (opened for reading); /dev/null as --db got a
// -journal beside it. Neither is opened now.
void TestWalSafety::notRegularFiles()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    if (!path.startsWith(QLatin1Char('/'))) {
        path = mDir.filePath(path);
        QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0644) == 0);
    }
    for (const QString &command : {QStringLiteral("events"), QStringLiteral("import")}) {
        QStringList args = {command, QStringLiteral("--db"), path};
        if (command == u"import")
            args << test::testData(QStringLiteral("datasets/gdelt2-20191024143000.export.CSV"));
        const auto r = runMapline(args, 60000);
        QVERIFY2(!r.crashed, qPrintable(command + QStringLiteral(": ") + text(r.err)));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(text(r.err).contains(path) && text(r.err).contains(reason), r.err.constData());
    }
    {
        MainWindow window;
        QVERIFY(!window.openDatabase(path, true));
        QVERIFY2(window.statusBar()->currentMessage().contains(reason), qPrintable(window.statusBar()->currentMessage()));
    }
    for (const QString &suffix : {QStringLiteral("-journal"), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QVERIFY2(!QFile::exists(path + suffix), qPrintable(path + suffix));
}

// [issue 12, 2] With the database open in this process (the viewer's store), another connection
// of this process opening and closing it (the viewer's index loader and import worker), then other
// programs reading and importing into it: the store keeps its -wal and -shm and goes on reading
// and writing. Opening the file through a descriptor of its own (the header check) used to drop
// all of this process's locks on it; the next program to close then took it for the last user,
// checkpointed and deleted the -wal and -shm under the open store.
void TestWalSafety::otherProgramsWhileOpen()
{
    const QString db = copyOf(mBaseA, QStringLiteral("shared.sqlite"));
    QVERIFY(!db.isEmpty());
    auto store = test::openStore(db);
    QVERIFY(store);
    QVERIFY(store->setSetting(QStringLiteral("note"), QStringLiteral("before")).ok());
    const qint64 events = test::scalar(*store, QStringLiteral("SELECT count(*) FROM events")).toLongLong();
    QVERIFY(events > 0);
    // What the viewer does on its worker threads while its own store stays open.
    const auto index = loadEventIndex(db);
    QVERIFY2(index.ok(), qPrintable(index.error()));
    QVERIFY(EventStore::open(db, EventStore::Mode::ReadWrite).ok());

    const QString sqlite3 = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
    if (!sqlite3.isEmpty()) {
        QProcess p;
        p.start(sqlite3, {db, QStringLiteral("SELECT count(*) FROM events")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.readAllStandardOutput().trimmed().toLongLong(), events);
    } else {
        qWarning("sqlite3 is not installed (apt package sqlite3): only mapline runs beside the store");
    }
    const auto r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--keep-outside"),
                            test::testData(QStringLiteral("datasets/gdelt2-20191024143000.export.CSV"))});
    QVERIFY2(r.out.contains("imported   ") && !r.err.contains("failed"), r.err.constData()); // a bad row: exit 1

    // SQLite keeps both while a connection is open.
    QVERIFY(QFile::exists(db + QStringLiteral("-wal")));
    QVERIFY(QFile::exists(db + QStringLiteral("-shm")));
    const qint64 after = test::scalar(*store, QStringLiteral("SELECT count(*) FROM events")).toLongLong();
    QVERIFY2(after > events, qPrintable(QStringLiteral("%1 events before, %2 after").arg(events).arg(after)));
    QVERIFY(store->setSetting(QStringLiteral("note"), QStringLiteral("after")).ok());
    QVERIFY2(store->checkConsistency().ok(), qPrintable(store->checkConsistency().error()));
    store.reset();
    auto again = test::openStore(db);
    QVERIFY(again);
    QCOMPARE(again->setting(QStringLiteral("note")).value(), QStringLiteral("after"));
    QCOMPARE(test::scalar(*again, QStringLiteral("SELECT count(*) FROM events")).toLongLong(), after);
}

// [issue 12, 19] The viewer's "N in the database" stayed as it was after an import from a terminal.
// It now reloads when another connection has committed (PRAGMA data_version), checked every few
// seconds while its window is active and when it becomes active; and it keeps its -wal and -shm.
void TestWalSafety::viewerFollowsOutsideImports()
{
    const QString db = copyOf(mBaseA, QStringLiteral("viewer.sqlite"));
    QVERIFY(!db.isEmpty());
    MainWindow window;
    QVERIFY(window.openDatabase(db, true));
    Workspace *workspace = window.workspace();
    QTRY_VERIFY_WITH_TIMEOUT(workspace->index() && !workspace->isLoading(), 60000);
    const qsizetype before = workspace->index()->size();
    // Nothing committed elsewhere: nothing to reload.
    workspace->checkForOutsideChanges();
    QVERIFY(!workspace->isLoading());

    const auto r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--keep-outside"),
                               test::testData(QStringLiteral("datasets/gdelt2-20191024143000.export.CSV"))});
    QVERIFY2(r.out.contains("imported   "), r.err.constData());
    QVERIFY(QFile::exists(db + QStringLiteral("-wal")) && QFile::exists(db + QStringLiteral("-shm")));
    workspace->checkForOutsideChanges();
    QTRY_VERIFY_WITH_TIMEOUT(workspace->index() && workspace->index()->size() > before, 60000);
    auto *status = window.findChild<QLabel *>(QStringLiteral("workspaceStatus"));
    QVERIFY(status);
    QTRY_VERIFY2(status->text().contains(QStringLiteral("%1 in the database").arg(workspace->index()->size())),
                 qPrintable(status->text()));
}

QTEST_MAIN(TestWalSafety)
#include "tst_walsafety.moc"
