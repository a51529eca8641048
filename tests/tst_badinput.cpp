// Bad and awkward article files, imported the way a user does it: one batch through the real
// `mapline import`. Each bad file gets a clear message naming the file and the reason, each
// awkward one is decoded and stored right, the rest of the batch is imported, and the exit code
// is 1 (some input failed). Also: the stored text holds nothing of scripts, styles, frames or
// remote resources, and the import opens no network socket (strace, when installed).
//
// Fixtures: tests/data/bad/ (see its README.md), copied to a temporary folder; the big files
// (100 MB, 10,000-deep nesting, a 10,000-character line) are generated there at run time.
#include "extract/articleparser.h"
#include "extract/timetagger.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;

namespace {

constexpr qint64 kHugeBytes = 100LL * 1024 * 1024;

// A file of `size` bytes written without writing them: a sparse file, all NUL.
bool writeSparse(const QString &path, qint64 size)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.resize(size);
}

} // namespace

class TestBadInput : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void batchReportsEachBadFile_data();
    void batchReportsEachBadFile();
    void batchImportsTheRest();
    void awkwardFilesAreDecoded_data();
    void awkwardFilesAreDecoded();
    void storedTextHasNoActiveContent();
    void impossibleDatesNeverShiftOrBreak();
    void importOpensNoNetworkSocket();

private:
    QString storedBody(const QString &fileName);

    QTemporaryDir mDir;
    QString mBatch;
    QString mDb;
    test::ProcessResult mRun;
};

void TestBadInput::initTestCase()
{
    QVERIFY(mDir.isValid());
    mBatch = mDir.filePath(QStringLiteral("batch"));
    QVERIFY(QDir().mkpath(mBatch));
    QDirIterator fixtures(test::testData(QStringLiteral("bad")), QDir::Files);
    while (fixtures.hasNext()) {
        const QString from = fixtures.next();
        QVERIFY(QFile::copy(from, QDir(mBatch).filePath(fixtures.fileName())));
    }

    // 100 MB: refused by its size, before any of it is read.
    QVERIFY(writeSparse(QDir(mBatch).filePath(QStringLiteral("huge.txt")), kHugeBytes));
    // 10,000 nested elements around a story, most left unclosed.
    QByteArray nested = "<html><body>";
    for (int i = 0; i < 10000; ++i)
        nested += i % 2 ? "<div>" : "<span><b>";
    nested += "KONDUZ, Afghanistan -- Taliban fighters surrendered in Konduz on Sunday, commanders said.";
    for (int i = 0; i < 5000; ++i)
        nested += "</div>";
    nested += "</body></html>\n";
    QVERIFY(test::writeFile(QDir(mBatch).filePath(QStringLiteral("nested.html")), nested));
    // One line of 10,000 characters, no line break, made of sentences.
    QByteArray line;
    for (int i = 0; line.size() < 10000; ++i)
        line += QByteArray("Convoy ") + QByteArray::number(i) + " reached Herat on Monday, aid agencies said. ";
    line.truncate(10000);
    QVERIFY(test::writeFile(QDir(mBatch).filePath(QStringLiteral("long-line.txt")), line));

    mDb = mDir.filePath(QStringLiteral("bad.sqlite"));
    mRun = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), mDb, mBatch});
    qInfo("stderr of the batch import:\n%s", mRun.err.constData());
}

void TestBadInput::batchReportsEachBadFile_data()
{
    QTest::addColumn<QString>("kind"); // how stderr starts the line
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty") << "failed" << "empty.txt" << "the file is empty";
    QTest::newRow("only white space") << "failed" << "blank.txt" << "the file is empty";
    QTest::newRow("binary") << "failed" << "binary.txt" << "a binary file";
    QTest::newRow("100 MB") << "failed" << "huge.txt" << "too large for a news article (100 MB; the limit is 32 MB)";
    QTest::newRow("impossible date in a sidecar") << "failed" << "impossible-date.txt.meta:2"
                                                  << "\"2001-02-30\" is not a date";
    QTest::newRow("CSV row too short") << "bad row" << "acled-ragged.csv:3" << "10 fields, but the header has 31";
    QTest::newRow("CSV row too long") << "bad row" << "acled-ragged.csv:5" << "33 fields, but the header has 31";
    QTest::newRow("GDELT row too short") << "bad row" << "gdelt-ragged.CSV:2" << "20 columns, but GDELT 1.0 rows have 57 or 58";
}

// Every problem is one stderr line: "failed     <path>: <reason>" or "bad row    <path>:<line>: <reason>".
void TestBadInput::batchReportsEachBadFile()
{
    QFETCH(QString, kind);
    QFETCH(QString, file);
    QFETCH(QString, reason);
    QVERIFY(!mRun.crashed);
    const QString expected = QStringLiteral("%1 %2: %3").arg(kind.leftJustified(10), QDir(mBatch).filePath(file), reason);
    QVERIFY2(QString::fromUtf8(mRun.err).contains(expected),
             qPrintable(QStringLiteral("expected \"%1\" in:\n%2").arg(expected, QString::fromUtf8(mRun.err))));
}

void TestBadInput::batchImportsTheRest()
{
    QVERIFY(!mRun.crashed);
    QCOMPARE(mRun.exitCode, 1);
    const QStringList imported = {
        "good-kabul.txt", "good-herat.html", "invalid-utf8.txt", "utf16le-bom.txt", "utf16be-bom.txt",
        "windows-1252.txt", "malformed.html", "scripts.html", "february-30.txt", "nested.html", "long-line.txt"};
    const int failed = 5;
    QVERIFY2(mRun.out.contains(QStringLiteral("%1 articles imported, 0 unchanged, %2 failed")
                                   .arg(imported.size()).arg(failed).toUtf8()),
             mRun.out.constData());
    for (const QString &file : imported)
        QVERIFY2(mRun.out.contains("imported   " + QDir(mBatch).filePath(file).toUtf8()), qPrintable(file));
    // The datasets with bad rows are imported without them.
    QVERIFY2(mRun.out.contains("2 datasets imported, 0 unchanged, 0 failed; 5 events; 3 bad rows skipped"),
             mRun.out.constData());
    // Nothing half-done: the failures left no rows, the database is consistent.
    auto store = EventStore::open(mDb, EventStore::Mode::ReadOnly);
    QVERIFY2(store.ok(), qPrintable(store.error()));
    QVERIFY(store.value()->checkConsistency().ok());
    QCOMPARE(store.value()->stats()->articles, qint64(imported.size() + 2)); // a dataset is an article row too
}

void TestBadInput::awkwardFilesAreDecoded_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected"); // in the stored body
    QTest::newRow("UTF-16LE with BOM") << "utf16le-bom.txt" << QStringLiteral("\u201cthe fighting is over.\u201d");
    QTest::newRow("UTF-16BE with BOM") << "utf16be-bom.txt" << QStringLiteral("Gen. Dostum \u2014");
    QTest::newRow("Windows-1252") << "windows-1252.txt" << QStringLiteral("\u201cWe lost everything,\u201d said a caf\u00e9 owner \u2014");
    QTest::newRow("Windows-1252 euro") << "windows-1252.txt" << QStringLiteral("\u20ac5 for bread");
    QTest::newRow("invalid UTF-8 keeps UTF-8") << "invalid-utf8.txt" << QStringLiteral("Commanders in Maz\u0101r-e Shar\u012bf said \u201cwe will hold the city\u201d");
    QTest::newRow("malformed HTML") << "malformed.html" << QStringLiteral("U.S. warplanes bombed the airport late Saturday.");
    QTest::newRow("10,000-deep nesting") << "nested.html" << QStringLiteral("Taliban fighters surrendered in Konduz on Sunday");
    QTest::newRow("10,000-character line") << "long-line.txt" << QStringLiteral("Convoy 7 reached Herat on Monday, aid agencies said.");
}

void TestBadInput::awkwardFilesAreDecoded()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    const QString body = storedBody(file);
    QVERIFY2(body.contains(expected), qPrintable(QStringLiteral("%1 not in:\n%2").arg(expected, body.left(2000))));
    QVERIFY2(!body.contains(QChar(0xFFFD)), qPrintable(body.left(2000)));
    // The bytes that were not UTF-8 are reported, naming the file.
    if (file == u"invalid-utf8.txt") {
        const QString warning = QStringLiteral("warning    %1: 4 byte(s) that are not UTF-8 were read as Windows-1252")
                                    .arg(QDir(mBatch).filePath(file));
        QVERIFY2(QString::fromUtf8(mRun.err).contains(warning), mRun.err.constData());
    }
}

// Scripts, styles, frames, objects and remote resources: none of it is story text, and no
// address of a remote resource is kept in the body (the cleaner is text-only: nothing renders).
void TestBadInput::storedTextHasNoActiveContent()
{
    const QString body = storedBody(QStringLiteral("scripts.html"));
    QVERIFY2(body.contains(QStringLiteral("U.S. warplanes bombed positions near Jalalabad on Monday")), qPrintable(body));
    QVERIFY2(body.contains(QStringLiteral("Hundreds of families fled the city.")), qPrintable(body));
    for (const char *banned : {"SCRIPTTEXT", "STYLETEXT", "ONLOADTEXT", "IFRAMETEXT", "NOSCRIPTTEXT", "OBJECTTEXT",
                               "SVGSCRIPTTEXT", "SVGTEXT", "http", "evil.example", "document.write", "<", "alert("})
        QVERIFY2(!body.contains(QLatin1String(banned)), qPrintable(QStringLiteral("\"%1\" stored in:\n%2").arg(banned, body)));
    // Every sentence of the database, whatever its article, is free of markup and addresses.
    auto store = EventStore::open(mDb, EventStore::Mode::ReadOnly);
    QVERIFY(store.ok());
    QSqlQuery q(store.value()->database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sentences WHERE text LIKE '%<script%' OR text LIKE '%http://%' "
                                  "OR text LIKE '%SCRIPTTEXT%'")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

// "February 30" is no day: the tagger must not roll it over into March, and nothing stored
// carries an impossible or unordered date.
void TestBadInput::impossibleDatesNeverShiftOrBreak()
{
    const QDate published(2001, 3, 5);
    for (const QString &sentence : {QStringLiteral("Taliban fighters clashed near Spin Boldak on February 30, residents said."),
                                    QStringLiteral("The raid on Feb. 31, 2001, was denied."),
                                    QStringLiteral("Talks set for 30 February were cancelled.")}) {
        for (const TimeMention &m : tagTimes(sentence, published)) {
            if (!m.text.contains(QStringLiteral("30")) && !m.text.contains(QStringLiteral("31")))
                continue;
            if (m.range.isValid())
                QVERIFY2(m.range.start.month() == 2 && m.range.end.month() == 2,
                         qPrintable(QStringLiteral("\"%1\" resolved to %2..%3")
                                        .arg(m.text, m.range.start.toString(Qt::ISODate), m.range.end.toString(Qt::ISODate))));
        }
    }
    auto store = EventStore::open(mDb, EventStore::Mode::ReadOnly);
    QVERIFY(store.ok());
    QSqlQuery q(store.value()->database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM events WHERE (date IS NOT NULL AND date(date) IS NOT date) "
                                  "OR (date_end IS NOT NULL AND date(date_end) IS NOT date_end) OR date_end < date")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
                                  "WHERE a.path LIKE '%february-30.txt' AND e.date >= '2001-03-01' AND e.date <= '2001-03-02' "
                                  "AND e.time_text LIKE '%30%'")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

// The whole batch again, under strace: no socket other than a local (AF_UNIX) one is opened,
// and nothing is connected to a network address. Skipped where strace is not installed.
void TestBadInput::importOpensNoNetworkSocket()
{
    const QString strace = QStandardPaths::findExecutable(QStringLiteral("strace"));
    if (strace.isEmpty())
        QSKIP("strace is not installed (apt-get install strace); docs/RELIABILITY.md lists the grep-level checks");
    const QString log = mDir.filePath(QStringLiteral("strace.log"));
    QProcess p;
    // LeakSanitizer cannot run under ptrace (the sanitizer build): leaks are checked elsewhere.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString asan = env.value(QStringLiteral("ASAN_OPTIONS"));
    env.insert(QStringLiteral("ASAN_OPTIONS"), asan.isEmpty() ? QStringLiteral("detect_leaks=0") : asan + QStringLiteral(":detect_leaks=0"));
    p.setProcessEnvironment(env);
    const QString db = mDir.filePath(QStringLiteral("strace.sqlite"));
    p.start(strace, {QStringLiteral("-f"), QStringLiteral("-qq"), QStringLiteral("-e"), QStringLiteral("trace=%network,openat"),
                     QStringLiteral("-o"), log, QStringLiteral(MAPLINE_EXE), QStringLiteral("import"),
                     QStringLiteral("--db"), db, mBatch});
    QVERIFY(p.waitForFinished(300000));
    const QByteArray err = p.readAllStandardError();
    if (err.contains("PTRACE_TRACEME") || err.contains("ptrace(PTRACE_SEIZE"))
        QSKIP(qPrintable(QStringLiteral("strace cannot trace here: %1").arg(QString::fromUtf8(err.left(200)))));
    QCOMPARE(p.exitCode(), 1); // the same batch: the bad files fail as before
    const QByteArray calls = test::readFile(log);
    // The trace was live: it saw the database being opened.
    QVERIFY2(calls.contains(db.toUtf8()), calls.left(2000).constData());
    for (const QByteArray &line : calls.split('\n')) {
        if (line.trimmed().isEmpty() || line.contains("openat("))
            continue;
        const bool local = line.contains("AF_UNIX") || line.contains("AF_LOCAL");
        QVERIFY2(local || !(line.contains("socket(") || line.contains("connect(") || line.contains("sendto(")),
                 line.constData());
    }
}

QString TestBadInput::storedBody(const QString &fileName)
{
    auto store = EventStore::open(mDb, EventStore::Mode::ReadOnly);
    if (!store.ok())
        return store.error();
    QSqlQuery q(store.value()->database());
    q.prepare(QStringLiteral("SELECT body FROM articles WHERE path = ?"));
    q.addBindValue(QDir(mBatch).filePath(fileName));
    if (!q.exec() || !q.next())
        return QStringLiteral("(%1 is not stored)").arg(fileName);
    return q.value(0).toString();
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
