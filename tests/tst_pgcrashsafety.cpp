// An import into PostgreSQL killed with SIGKILL (on the tests' own server, tests/support/
// pgserver.*): every article whole or absent. MAPLINE_CRASH_ITERATIONS sets the number of kills
// (default 2), as in tst_crashsafety.
#include "pgimports.h"
#include "pgserver.h"
#include "store/pg/pgwritelock.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace mapline;
using namespace mapline::pg;

class TestPgCrashSafety : public QObject {
    Q_OBJECT

private:
    test::PgServer mServer;

    QString newStore()
    {
        const QString url = mServer.createDatabase();
        if (url.isEmpty())
            qWarning().noquote() << mServer.error();
        return url;
    }

private slots:
    void initTestCase()
    {
        MAPLINE_START_PG_SERVER(mServer);
    }

    // An import killed (SIGKILL) in the middle: what is stored is whole articles only. Importing
    // again then gives exactly what one uninterrupted import gives; a half-stored article would be
    // found "unchanged" and keep its missing rows.
    void aKilledImportLeavesWholeArticles()
    {
        QTemporaryDir dir;
        const QStringList articles = test::writeArticles(dir.path(), 12);
        QCOMPARE(articles.size(), 12);
        const QString reference = newStore();
        QVERIFY(!reference.isEmpty());
        QCOMPARE(test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), reference, dir.path()}).exitCode, 0);
        const QByteArray expected = test::eventsOf(reference, false, true);
        const int iterations = qEnvironmentVariableIsSet("MAPLINE_CRASH_ITERATIONS")
                                   ? std::max(1, qEnvironmentVariableIntValue("MAPLINE_CRASH_ITERATIONS"))
                                   : 2;
        bool killedMidway = false; // at least once with some articles stored and not all
        for (int i = 0; i < iterations; ++i) {
            const QString url = newStore();
            QVERIFY(!url.isEmpty());
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("MAPLINE_TEST_BATCH_ARTICLES"), QStringLiteral("3"));
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(MAPLINE_EXE), {QStringLiteral("import"), QStringLiteral("--db"), url, dir.path()});
            // Killed once its first batch is committed (its lines printed): on even turns while it
            // holds the store's write lock (a batch being written: pg_locks, pgwritelock.h), on odd
            // ones at once (parsing the next batch, or writing it).
            QByteArray out;
            while (!out.contains("imported") && p.state() != QProcess::NotRunning && p.waitForReadyRead(30000))
                out += p.readAllStandardOutput();
            if (i % 2 == 0) {
                const QString held = QStringLiteral("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 "
                                                    "AND ((classid::bigint << 32) | objid::bigint) = %1")
                                         .arg(kWriteLockKey);
                auto watcher = PgConnection::open(url);
                QVERIFY2(watcher, qPrintable(watcher.error()));
                for (int spin = 0; spin < 5000 && p.state() == QProcess::Running; ++spin) {
                    auto r = (*watcher)->query(held, QStringLiteral("test"));
                    if (r && r->int64(0, 0) == 1)
                        break;
                }
            }
            ::kill(pid_t(p.processId()), SIGKILL);
            p.waitForFinished();
            // (Killed before it had created the store, maybe: then nothing is stored.)
            const qint64 stored = test::pgCount(url, QStringLiteral("SELECT count(*) FROM pg_tables WHERE schemaname = 'mapline' "
                                                            "AND tablename = 'articles'")) == 1
                                      ? test::pgCount(url, QStringLiteral("SELECT count(*) FROM articles"))
                                      : 0;
            QVERIFY(stored >= 0 && stored <= 12);
            killedMidway = killedMidway || (stored > 0 && stored < 12);
            const test::ProcessResult again = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), url, dir.path()});
            QCOMPARE(again.exitCode, 0);
            QVERIFY2(again.out.contains(QByteArray::number(stored) + " unchanged"), again.out.constData());
            QCOMPARE(test::eventsOf(url, false, true), expected);
        }
        if (!killedMidway)
            QSKIP("the import was never killed between its first and its last batch (a machine much faster or slower "
                  "than these moments expect): nothing was checked");
    }
};

QTEST_GUILESS_MAIN(TestPgCrashSafety)
#include "tst_pgcrashsafety.moc"
