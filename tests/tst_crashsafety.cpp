// Crash safety: the real `mapline import` killed with SIGKILL at random moments of a bulk import,
// many times. After every kill the database opens, passes PRAGMA integrity_check, foreign-key,
// full-text and R*Tree checks, every stored article is whole (its sentences and events are
// exactly what a fresh parse of its file gives), and running the import again completes with
// exit code 0 and one article per file.
//
// Reproducible: the folder and the kill points come from a seed (MAPLINE_CRASH_SEED, printed);
// MAPLINE_CRASH_ITERATIONS sets the number of kills (default 40), MAPLINE_CRASH_ARTICLES the
// size of the folder (default 240), MAPLINE_CRASH_KEEP=1 keeps the temporary folder. The kill moment also depends on
// timing, so each kill is classified after the fact: the process is stopped (SIGSTOP), the WAL
// write lock is probed (a kill "mid-transaction" is one that lands while the importer holds it),
// then killed (SIGKILL).
#include "crashsafety/articlegenerator.h"
#include "crashsafety/sqlitelocks.h"
#include "crashsafety/storechecks.h"
#include "gdeltfiles.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

using namespace mapline;

namespace {

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

// Progress lines of `mapline import` (one per file, printed once the batch holding the file is committed).
int progressLines(const QByteArray &out)
{
    int n = 0;
    for (const QByteArray &line : out.split('\n'))
        n += line.startsWith("imported ") || line.startsWith("unchanged ") || line.startsWith("failed ");
    return n;
}

} // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void killedImportLosesNothing();
    void importIsReproducible();
    void killedDatasetImportIsWholeOrAbsent();
    void killedRollbackJournalImportIsWholeOrAbsent();

private:
    void killDatasetImports(bool rollbackJournal);
    // Checks a database left by a killed import; returns the number of articles it holds.
    void checkAfterKill(const QString &db, qint64 *articles);
    void completeImport(const QString &db);

    QTemporaryDir mDir;
    QString mFolder;
    QStringList mFiles;
    test::ExpectedArticles mExpected; // file -> sentences, events of a fresh parse
    quint32 mSeed = 20011122;
};

void TestCrashSafety::initTestCase()
{
    QVERIFY(mDir.isValid());
    // MAPLINE_CRASH_KEEP=1 keeps the articles and databases for a look after a failure.
    mDir.setAutoRemove(!qEnvironmentVariableIsSet("MAPLINE_CRASH_KEEP"));
    mSeed = quint32(envInt("MAPLINE_CRASH_SEED", int(mSeed)));
    mFolder = mDir.filePath(QStringLiteral("articles"));
    const int count = envInt("MAPLINE_CRASH_ARTICLES", 240);
    const test::GeneratedArticles generated = test::generateArticles(mFolder, count, mSeed);
    mFiles = generated.files;
    QCOMPARE(mFiles.size(), count);
    // What a complete, uninterrupted import stores for each file.
    QString error;
    mExpected = test::referenceImport(mFolder, mFiles, mDir.filePath(QStringLiteral("reference.sqlite")), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    qInfo("crash safety: seed %u, %d articles (%lld bytes) in %s", mSeed, int(mFiles.size()),
          generated.bytes, qPrintable(mFolder));
}

void TestCrashSafety::checkAfterKill(const QString &db, qint64 *articles)
{
    *articles = 0;
    if (!QFile::exists(db))
        return; // killed before the file was created: nothing to lose
    const QString problem = test::checkStoreWhole(db, mExpected, articles);
    QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(db, problem)));
}

void TestCrashSafety::completeImport(const QString &db)
{
    QProcess p;
    p.setProcessEnvironment(test::importEnvironment());
    p.start(QStringLiteral(MAPLINE_EXE), {QStringLiteral("import"), QStringLiteral("--db"), db, mFolder});
    QVERIFY(p.waitForFinished(300000));
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, p.readAllStandardError().constData());
    auto store = EventStore::open(db, EventStore::Mode::ReadOnly);
    QVERIFY2(store.ok(), qPrintable(store.error()));
    QVERIFY(store.value()->checkConsistency().ok());
    QSqlQuery q(store.value()->database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*), count(DISTINCT path), count(DISTINCT content_hash) FROM articles")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), int(mFiles.size()));
    QCOMPARE(q.value(1).toInt(), int(mFiles.size()));
    QCOMPARE(q.value(2).toInt(), int(mFiles.size()));
}

void TestCrashSafety::killedImportLosesNothing()
{
    const int iterations = envInt("MAPLINE_CRASH_ITERATIONS", 40);
    QRandomGenerator rng(mSeed);
    int midTransaction = 0;
    int betweenTransactions = 0;
    int beforeDatabase = 0;
    int finishedFirst = 0;
    qint64 articlesAtKills = 0;
    QElapsedTimer clock;
    clock.start();

    for (int i = 0; i < iterations; ++i) {
        const QString db = mDir.filePath(QStringLiteral("crash-%1.sqlite").arg(i));
        // Half the kills wait for a write transaction to be open; the others fall where they fall,
        // including while the database is being created or migrated.
        const int afterFiles = int(rng.bounded(quint32(mFiles.size())));
        const bool aimAtTransaction = rng.bounded(2u) == 1;
        const int extraMicroseconds = int(rng.bounded(3000u));

        QProcess p;
        p.setProcessEnvironment(test::importEnvironment());
        p.setProcessChannelMode(QProcess::SeparateChannels);
        p.start(QStringLiteral(MAPLINE_EXE), {QStringLiteral("import"), QStringLiteral("--db"), db, mFolder});
        QVERIFY2(p.waitForStarted(), qPrintable(p.errorString()));
        const pid_t pid = pid_t(p.processId());

        QByteArray out;
        while (progressLines(out) < afterFiles && p.state() == QProcess::Running) {
            if (p.waitForReadyRead(120000))
                out += p.readAllStandardOutput();
            else if (p.state() == QProcess::Running)
                QFAIL("the import printed nothing for two minutes");
        }
        bool aimed = false;
        if (aimAtTransaction) {
            for (int spin = 0; spin < 2000000 && p.state() == QProcess::Running; ++spin) {
                if (test::sqliteWalWriter(db) == pid) {
                    aimed = true;
                    break;
                }
            }
        }
        if (!aimed && extraMicroseconds > 0)
            ::usleep(useconds_t(extraMicroseconds));
        if (p.state() != QProcess::Running || ::kill(pid, SIGSTOP) != 0) {
            // It finished before the kill: still a valid run to check.
            p.waitForFinished(-1);
            ++finishedFirst;
        } else {
            const pid_t writer = test::sqliteWalWriter(db);
            ::kill(pid, SIGKILL);
            QVERIFY(p.waitForFinished(60000));
            // Lines come per committed batch, so the last ones come just before the exit: the
            // process may have ended (a zombie takes SIGSTOP and SIGKILL without effect).
            if (p.exitStatus() == QProcess::NormalExit) {
                ++finishedFirst;
            } else if (writer == pid) {
                ++midTransaction;
            } else if (QFile::exists(db + QStringLiteral("-shm"))) {
                ++betweenTransactions;
            } else {
                ++beforeDatabase;
            }
        }

        qint64 stored = 0;
        checkAfterKill(db, &stored);
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(QStringLiteral("after kill %1 (seed %2, after %3 files)").arg(i).arg(mSeed).arg(afterFiles)));
        articlesAtKills += stored;
        completeImport(db);
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(QStringLiteral("re-import after kill %1 (seed %2)").arg(i).arg(mSeed)));
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(db + suffix);
    }

    qInfo("crash safety: %d iterations in %.1f s: %d kills mid-transaction, %d between transactions, "
          "%d before the database was opened, %d imports finished before the kill; %lld articles were "
          "stored at the kills, all whole",
          iterations, clock.elapsed() / 1000.0, midTransaction, betweenTransactions, beforeDatabase, finishedFirst,
          articlesAtKills);
    // The probe must see transactions, or the figures above mean nothing.
    QVERIFY2(midTransaction > 0, "no kill landed inside a write transaction");
}

// "All or nothing" is judged against what a complete import stores, so the same file must give
// the same events every time. Four imports, each with Qt's random hash seed (as users run it):
// every article's sentences and events must agree.
void TestCrashSafety::importIsReproducible()
{
    QList<test::ExpectedArticles> runs;
    for (int i = 0; i < 4; ++i) {
        const QString db = mDir.filePath(QStringLiteral("reproducible-%1.sqlite").arg(i));
        QProcess p;
        QProcessEnvironment env = test::importEnvironment();
        env.remove(QStringLiteral("QT_HASH_SEED"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(MAPLINE_EXE), {QStringLiteral("import"), QStringLiteral("--db"), db, mFolder});
        QVERIFY(p.waitForFinished(300000));
        QCOMPARE(p.exitCode(), 0);
        QString error;
        runs << test::storedArticles(db, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    QStringList differences;
    for (const QString &file : mFiles) {
        QStringList counts;
        for (const test::ExpectedArticles &run : runs)
            counts << QStringLiteral("%1/%2").arg(run.value(file).first).arg(run.value(file).second);
        if (counts.count(counts.first()) != counts.size())
            differences << QStringLiteral("%1: sentences/events %2").arg(file, counts.join(QStringLiteral(", ")));
    }
    QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
}

// A dataset file is one transaction, read on a thread of its own while the store writes, with
// the index triggers dropped inside the transaction: `mapline import` of a GDELT file killed at
// random moments leaves either nothing of the file or all of it, never a dropped trigger, and the
// import then completes. MAPLINE_CRASH_DATASET_KILLS sets the number of kills (default 8),
// MAPLINE_CRASH_DATASET_ROWS the file's rows (default 60,000: about a second to import).
void TestCrashSafety::killedDatasetImportIsWholeOrAbsent()
{
    killDatasetImports(false);
}

// The same with the file's transaction in rollback-journal mode (a large file into a new
// database: eventstore_dataset.cpp, RollbackJournal; MAPLINE_ROLLBACK_JOURNAL_BYTES=1 makes this
// small file "large"), half of the kills at moments spread over the rows, half once the database
// file has grown to a part of its final size (the commit writing the pages into it). Besides "whole or absent": while the import
// writes, no -wal grows and the -journal stays small (the pages appended to the file are not
// journaled) while the database grows; the next open plays the journal back and puts the
// database in WAL mode again; a completed import leaves it in WAL mode with no journal.
void TestCrashSafety::killedRollbackJournalImportIsWholeOrAbsent()
{
    qputenv("MAPLINE_ROLLBACK_JOURNAL_BYTES", "1");
    killDatasetImports(true);
    qunsetenv("MAPLINE_ROLLBACK_JOURNAL_BYTES");
}

namespace {

qint64 fileBytes(const QString &path)
{
    return QFileInfo::exists(path) ? QFileInfo(path).size() : 0;
}

} // namespace

void TestCrashSafety::killDatasetImports(bool rollbackJournal)
{
    const int rows = envInt("MAPLINE_CRASH_DATASET_ROWS", 60000);
    const QString file = mDir.filePath(QStringLiteral("world.export.CSV"));
    if (!QFile::exists(file))
        test::writeGdeltFile(file, rows);
    const QStringList args = {QStringLiteral("import"), QStringLiteral("--keep-outside"), QStringLiteral("--db")};
    const QString prefix = rollbackJournal ? QStringLiteral("journal-") : QStringLiteral("dataset-");
    // Which process holds the write lock of `db`: the WAL's, or in rollback-journal mode the
    // database file's RESERVED lock.
    const auto writerOf = [rollbackJournal](const QString &db) {
        return rollbackJournal ? test::sqliteRollbackWriter(db) : test::sqliteWalWriter(db);
    };
    // Waits (up to a minute, whatever the build's speed) until `p` holds the write lock on `db`;
    // false when it ended first.
    const auto waitForWriteLock = [&writerOf](QProcess &p, const QString &db) {
        QElapsedTimer waited;
        waited.start();
        while (p.state() == QProcess::Running && waited.elapsed() < 60000) {
            if (writerOf(db) == pid_t(p.processId()))
                return true;
            ::usleep(200);
        }
        return false;
    };
    // How long the import holds its transaction, from an uninterrupted run: the kills are aimed
    // within it (an instrumented build is ten times slower than a release one).
    qint64 transactionMs = 0, finalBytes = 0;
    {
        const QString db = mDir.filePath(prefix + QStringLiteral("reference.sqlite"));
        QProcess p;
        p.setProcessEnvironment(test::importEnvironment());
        p.start(QStringLiteral(MAPLINE_EXE), args + QStringList{db, file});
        QVERIFY2(p.waitForStarted(), qPrintable(p.errorString()));
        QVERIFY(waitForWriteLock(p, db));
        QElapsedTimer held;
        held.start();
        QVERIFY(p.waitForFinished(300000));
        transactionMs = held.elapsed();
        QCOMPARE(p.exitCode(), 0);
        finalBytes = fileBytes(db);
        if (rollbackJournal) {
            // Back in WAL mode, nothing left beside it.
            QCOMPARE(test::journalModeByte(db), 2);
            QVERIFY(!QFile::exists(db + QStringLiteral("-journal")));
        }
    }
    QRandomGenerator rng(mSeed + (rollbackJournal ? 2 : 1));
    int midTransaction = 0;
    qint64 largestJournal = 0, largestDatabase = 0;
    int inRollbackJournal = 0; // kills that found the file's transaction in rollback-journal mode
    const int kills = envInt("MAPLINE_CRASH_DATASET_KILLS", 8);
    for (int i = 0; i < kills; ++i) {
        const QString db = mDir.filePath(prefix + QStringLiteral("crash-%1.sqlite").arg(i));
        QProcess p;
        p.setProcessEnvironment(test::importEnvironment());
        p.start(QStringLiteral(MAPLINE_EXE), args + QStringList{db, file});
        QVERIFY2(p.waitForStarted(), qPrintable(p.errorString()));
        const pid_t pid = pid_t(p.processId());
        // Into the write transaction, then a part of its length: while rows are written, or
        // while the indexes are built at the end. In rollback-journal mode the kills are spread
        // over the whole transaction and a little past it (the return to WAL mode).
        waitForWriteLock(p, db);
        if (!rollbackJournal) {
            ::usleep(useconds_t(rng.bounded(quint32(transactionMs * 900 + 1))));
        } else if (i % 2 == 0) {
            // While the rows are read and written (in SQLite's cache, spilled into the file)...
            ::usleep(useconds_t(transactionMs * 1000 * i / (2 * kills) + rng.bounded(quint32(transactionMs * 50 + 1))));
        } else {
            // ... or once the file has grown to a part of its final size: the pages written
            // into the database at the commit, the journal live.
            const qint64 grown = finalBytes * i / (kills + 1);
            while (p.state() == QProcess::Running && fileBytes(db) < grown)
                ::usleep(100);
        }
        bool killed = false;
        if (p.state() == QProcess::Running && ::kill(pid, SIGSTOP) == 0) {
            const bool writing = writerOf(db) == pid;
            midTransaction += writing;
            // The import writes in WAL mode before the file's transaction (the new database's
            // schema) and after it (the index copy): a kill may land there too. Inside it, the
            // file's pages go into the database, not into a -wal; the journal holds only the
            // pages the new database had before the import.
            if (rollbackJournal && writing && test::journalModeByte(db) == 1) {
                ++inRollbackJournal;
                const qint64 journal = fileBytes(db + QStringLiteral("-journal"));
                const qint64 wal = fileBytes(db + QStringLiteral("-wal"));
                largestJournal = std::max(largestJournal, journal);
                largestDatabase = std::max(largestDatabase, fileBytes(db));
                QVERIFY2(wal == 0, qPrintable(QStringLiteral("kill %1: a -wal of %2 bytes").arg(i).arg(wal)));
                QVERIFY2(journal < 2 * 1024 * 1024,
                         qPrintable(QStringLiteral("kill %1: a -journal of %2 bytes").arg(i).arg(journal)));
            }
            ::kill(pid, SIGKILL);
            killed = true;
        }
        QVERIFY(p.waitForFinished(60000));

        auto store = EventStore::open(db);
        QVERIFY2(store.ok(), qPrintable(store.error()));
        EventStore &s = *store.value();
        QVERIFY2(s.checkConsistency().ok(), qPrintable(s.checkConsistency().error()));
        const QString problem = test::checkIndexes(s);
        QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("after kill %1: %2").arg(i).arg(problem)));
        QSqlQuery q(s.database());
        QVERIFY(q.exec(QStringLiteral("SELECT (SELECT count(*) FROM datasets), (SELECT count(*) FROM events), "
                                      "(SELECT count(*) FROM articles), (SELECT coalesce(sum(events), 0) FROM datasets)")));
        QVERIFY(q.next());
        const int datasets = q.value(0).toInt();
        const int events = q.value(1).toInt();
        QVERIFY2((datasets == 0 && events == 0 && q.value(2).toInt() == 0) ||
                     (datasets == 1 && events == rows && q.value(3).toInt() == rows),
                 qPrintable(QStringLiteral("kill %1 (%2): %3 datasets, %4 events")
                                .arg(i).arg(killed ? "killed" : "finished first").arg(datasets).arg(events)));
        q.finish();
        if (rollbackJournal) {
            // The journal was played back (or deleted by the commit), and the database is in WAL
            // mode again from the first open.
            QVERIFY(!QFile::exists(db + QStringLiteral("-journal")));
            QCOMPARE(test::journalModeByte(db), 2);
        }
        store.value().reset();
        // The import completes afterwards, or finds the file already whole.
        const test::ProcessResult again = test::runMapline(args + QStringList{db, file});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        auto after = EventStore::open(db, EventStore::Mode::ReadOnly);
        QVERIFY(after.ok());
        QSqlQuery count(after.value()->database());
        QVERIFY(count.exec(QStringLiteral("SELECT count(*) FROM events")) && count.next());
        QCOMPARE(count.value(0).toInt(), rows);
    }
    qInfo("crash safety, datasets%s: %d kills of a %d-row GDELT import (its transaction: %lld ms), %d while it "
          "held the write lock; every database whole or without the file",
          rollbackJournal ? " (rollback journal)" : "", kills, rows, transactionMs, midTransaction);
    if (rollbackJournal) {
        qInfo("rollback journal: at the kills, the largest -journal %lld bytes, the largest database %lld bytes "
              "(%lld when whole)",
              largestJournal, largestDatabase, finalBytes);
        QVERIFY2(inRollbackJournal > 0, "no kill landed in the file's rollback-journal transaction");
        // Kills landed while the file's pages were going into the database: the first kill aimed
        // at a grown file waits until it holds a (kills + 1)-th of its final size (a quarter with
        // CI's three kills).
        QVERIFY2(largestDatabase >= finalBytes / (kills + 1),
                 qPrintable(QStringLiteral("the largest database at a kill: %1 bytes of %2").arg(largestDatabase).arg(finalBytes)));
    }
    QVERIFY2(midTransaction > 0, "no kill landed inside the import's transaction");
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
