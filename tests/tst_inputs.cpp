// What `mapline import` reads, attacked as a hostile or unlucky user would: pipes and named pipes,
// endless devices, files and folders it may not read, names that are not UTF-8 or hold line
// breaks, a huge gazetteer-user.tsv. Each runs the real executable on real files. Nothing may
// hang, nothing may be read without bound, and every file not imported is named with the reason
// (exit code 1). Also the pieces below: lossless file names (io/localpath.h) and their quoting in
// messages (io/displaypath.h).
#include "interop/datasetformat.h"
#include "io/displaypath.h"
#include "io/localpath.h"
#include "store/eventstore.h"
#include "testsupport.h"
#include "gdeltfiles.h"

#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <grp.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace mapline;

namespace {

constexpr uid_t kNobody = 65534;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true; // AddressSanitizer reserves terabytes of address space
#else
constexpr bool kSanitized = false;
#endif

// How to run the program: as whom, under what memory limit, with what on stdin. Set with the
// chained setters: Run().nobody().timeout(30000).
struct Run {
    Run() = default;
    Run &input(QByteArray bytes) { stdinBytes = std::move(bytes); return *this; }
    Run &nobody() { asNobody = true; return *this; }
    Run &memory(qint64 bytes) { addressSpace = bytes; return *this; }
    Run &timeout(int ms) { timeoutMs = ms; return *this; }
    Run &shell(QString command) { shellCommand = std::move(command); return *this; }

    QByteArray stdinBytes;   // written to a pipe on stdin, then closed
    bool asNobody = false;   // drop root to uid/gid 65534 (a user who may not read 000 files)
    qint64 addressSpace = 0; // RLIMIT_AS in bytes, 0 for none
    int timeoutMs = 60000;   // a hang is a failure, not a wait
    QString shellCommand;    // run through /bin/sh -c instead (raw bytes in names); $M is mapline
};

test::ProcessResult run(const QStringList &args, const Run &r = Run())
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("MAPLINE_DB"));
    env.insert(QStringLiteral("M"), QStringLiteral(MAPLINE_EXE));
    p.setProcessEnvironment(env);
    const bool asNobody = r.asNobody && ::geteuid() == 0;
    const qint64 limit = r.addressSpace;
    p.setChildProcessModifier([asNobody, limit] {
        if (limit > 0) {
            const rlimit rl{rlim_t(limit), rlim_t(limit)};
            ::setrlimit(RLIMIT_AS, &rl);
        }
        if (asNobody && (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0))
            ::_exit(125);
    });
    if (r.shellCommand.isEmpty())
        p.start(QStringLiteral(MAPLINE_EXE), args);
    else
        p.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), r.shellCommand});
    test::ProcessResult result;
    if (!p.waitForStarted(30000))
        return result;
    if (!r.stdinBytes.isNull()) {
        p.write(r.stdinBytes);
        p.closeWriteChannel();
    }
    if (!p.waitForFinished(r.timeoutMs)) {
        p.kill();
        p.waitForFinished();
        result.crashed = true;
        result.err = "(killed: no end after " + QByteArray::number(r.timeoutMs / 1000) + " s)\n";
    }
    result.crashed = result.crashed || p.exitStatus() != QProcess::NormalExit;
    result.exitCode = p.exitCode();
    result.out = p.readAllStandardOutput();
    result.err += p.readAllStandardError();
    return result;
}

QString describe(const test::ProcessResult &r)
{
    return QStringLiteral("exit %1%2\nstdout:\n%3\nstderr:\n%4")
        .arg(r.exitCode)
        .arg(r.crashed ? QStringLiteral(" (crashed or killed)") : QString())
        .arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err));
}

// Creates a file whose name is the raw bytes `name` (they need not be UTF-8) in `dir`.
bool writeRawName(const QString &dir, const QByteArray &name, const QByteArray &contents)
{
    const QByteArray path = QFile::encodeName(dir) + '/' + name;
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, contents.constData(), size_t(contents.size())) == contents.size();
    return ::close(fd) == 0 && ok;
}

// The shell's printf format for `bytes`: every byte as an octal escape.
QString printfOctal(const QByteArray &bytes)
{
    QString out;
    for (const char c : bytes)
        out += QStringLiteral("\\%1").arg(uint(static_cast<unsigned char>(c)), 3, 8, QLatin1Char('0'));
    return out;
}

const QByteArray kStory = "KABUL, Afghanistan (CNN) -- Taliban fighters attacked a convoy near Kabul on Monday, "
                          "officials said.\n";
const QByteArray kHerat = "HERAT, Afghanistan (CNN) -- Fighting broke out in Herat on Tuesday, residents said.\n";

} // namespace

class TestInputs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void fileNamesRoundTrip();
    void displayPathQuotes_data();
    void displayPathQuotes();
    void pipeIsReadOnce_data();
    void pipeIsReadOnce();
    void detectionKeepsWhatItPeeked();
    void namedPipeWithoutWriterIsRefused();
    void namedPipeWithWriterIsRead();
    void specialFilesInFolderAreNamed();
    void endlessInputsAreBounded_data();
    void endlessInputsAreBounded();
    void endlessCsvRecordIsBounded();
    void unreadableFilesAreNamed();
    void nonUtf8NamesAreImported();
    void largeUserGazetteerIsNotReadWhole();

private:
    QString path(const QString &name) const { return mDir.filePath(name); }
    QTemporaryDir mDir;
};

void TestInputs::initTestCase()
{
    QVERIFY(mDir.isValid());
    // The runs as nobody create their databases here.
    QVERIFY(QFile::setPermissions(mDir.path(), QFileDevice::Permissions(0x7777)));
}

// Every byte string survives decodeFileName() then encodeFileName(); valid UTF-8 decodes as
// Qt decodes it, and only the bytes that are not UTF-8 count as escaped.
void TestInputs::fileNamesRoundTrip()
{
    QRandomGenerator random(20011122);
    for (int i = 0; i < 5000; ++i) {
        QByteArray bytes(int(random.bounded(1, 24)), Qt::Uninitialized);
        for (char &c : bytes)
            c = char(random.bounded(i % 2 ? 256 : 0x80) | (i % 3 == 0 ? 0x80 : 0));
        const QString name = decodeFileName(bytes);
        QCOMPARE(encodeFileName(name), bytes);
        QCOMPARE(hasEscapedBytes(name), !bytes.isValidUtf8());
        if (bytes.isValidUtf8())
            QCOMPARE(name, QString::fromUtf8(bytes));
    }
    const QByteArray cafe("caf\xe9.txt");
    QCOMPARE(encodeFileName(decodeFileName(cafe)), cafe);
    QCOMPARE(fileNameAsText(decodeFileName(cafe)), QStringLiteral("caf\uFFFD.txt"));
    // A character beyond the BMP whose low surrogate falls in the escape range stays a character.
    const char32_t wide = 0x10080;
    const QByteArray emoji = QString::fromUcs4(&wide, 1).toUtf8();
    QCOMPARE(encodeFileName(decodeFileName(emoji)), emoji);
    QVERIFY(!hasEscapedBytes(decodeFileName(emoji)));
}

void TestInputs::displayPathQuotes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("shown"); // as coreutils' ls --quoting-style=shell-escape shows it
    QTest::newRow("plain") << "f/a b.txt" << "f/a b.txt";
    QTest::newRow("accents") << QStringLiteral("f/Mazār.txt") << QStringLiteral("f/Mazār.txt");
    QTest::newRow("line break") << "f/a\nb.txt" << "'f/a'$'\\n''b.txt'";
    QTest::newRow("not UTF-8") << decodeFileName("f/caf\xe9.txt") << "'f/caf'$'\\351''.txt'";
    QTest::newRow("byte 0xff") << decodeFileName("\xff") << "$'\\377'";
    QTest::newRow("quote and tab") << "it's\t.txt" << "'it'\\''s'$'\\t''.txt'";
    QTest::newRow("escape sequence") << "a\x1b[31m.txt" << "'a'$'\\E''[31m.txt'";
    QTest::newRow("right-to-left override") << QStringLiteral("a\u202Etxt.exe") << "'a'$'\\u202e''txt.exe'";
    QTest::newRow("line separator") << QStringLiteral("a\u2028b.txt") << "'a'$'\\u2028''b.txt'";
}

void TestInputs::displayPathQuotes()
{
    QFETCH(QString, name);
    QFETCH(QString, shown);
    QCOMPARE(displayPath(name), shown);
    // In a message: the name quoted, anything else that would break the line escaped.
    const QString message = messageLine(name + QStringLiteral(": found \"x\ny\""), {name});
    QCOMPARE(message, shown + QStringLiteral(": found \"x\\ny\""));
}

void TestInputs::pipeIsReadOnce_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("expected"); // on stdout
    QTest::addColumn<int>("exitCode");
    const QString gdelt = path(QStringLiteral("pipe-gdelt.CSV"));
    test::writeGdeltFile(gdelt, 400); // over the 64 KB that format detection reads first
    const QByteArray gdeltBytes = test::readFile(gdelt);
    QVERIFY(gdeltBytes.size() > DatasetFormat::kDetectBytes);
    QTest::newRow("GDELT over 64 KB") << gdeltBytes << QStringList{QStringLiteral("--keep-outside")}
                                      << "imported   /dev/stdin (GDELT 2.0 events: 400 rows, 400 events" << 0;
    QTest::newRow("ACLED") << test::readFile(test::testData(QStringLiteral("datasets/acled-afghanistan-2020.csv")))
                           << QStringList{QStringLiteral("--keep-outside")}
                           << "imported   /dev/stdin (ACLED export: 8 rows, 5 events, 3 bad rows skipped" << 1;
    QTest::newRow("article") << kStory << QStringList{QStringLiteral("--date"), QStringLiteral("2001-11-19")}
                             << "imported   /dev/stdin (1 sentence, 1 event)" << 0;
}

// `cat file | mapline import /dev/stdin`: the bytes format detection looked at are read again.
void TestInputs::pipeIsReadOnce()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, options);
    QFETCH(QString, expected);
    QFETCH(int, exitCode);
    const QString db = path(QStringLiteral("pipe-%1.sqlite").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
    const auto r = run(QStringList{QStringLiteral("import"), QStringLiteral("--db"), db} + options +
                           QStringList{QStringLiteral("/dev/stdin")},
                       Run().input(bytes));
    QVERIFY2(r.exitCode == exitCode && !r.crashed, qPrintable(describe(r)));
    QVERIFY2(QString::fromUtf8(r.out).contains(expected), qPrintable(describe(r)));
}

void TestInputs::detectionKeepsWhatItPeeked()
{
    const QString gdelt = path(QStringLiteral("peek-gdelt.CSV"));
    test::writeGdeltFile(gdelt, 300);
    InputFile file;
    QVERIFY(file.open(gdelt).ok());
    QCOMPARE(DatasetFormat::detect(file), DatasetFormat::Kind::Gdelt2);
    QCOMPARE(file.position(), qint64(0));
    const Result<QByteArray> all = file.readAll(1 << 30, QStringLiteral("too large"));
    QVERIFY(all.ok());
    QCOMPARE(*all, test::readFile(gdelt));
}

// A named pipe nobody writes to would block the open (and the import) for ever.
void TestInputs::namedPipeWithoutWriterIsRefused()
{
    const QString fifo = path(QStringLiteral("nobody-writes.txt"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
    const QString story = path(QStringLiteral("fifo-story.txt"));
    QVERIFY(test::writeFile(story, kStory));
    const auto r = run({QStringLiteral("import"), QStringLiteral("--db"), path(QStringLiteral("fifo.sqlite")),
                        QStringLiteral("--date"), QStringLiteral("2001-11-19"), fifo, story},
                       Run().timeout(30000));
    QVERIFY2(!r.crashed && r.exitCode == 1, qPrintable(describe(r)));
    QVERIFY2(r.err.contains("failed     " + fifo.toUtf8() + ": a pipe with no program writing to it"),
             qPrintable(describe(r)));
    QVERIFY2(r.out.contains("imported   " + story.toUtf8()), qPrintable(describe(r)));
}

void TestInputs::namedPipeWithWriterIsRead()
{
    const QString fifo = path(QStringLiteral("someone-writes.txt"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
    // The writer waits in its open() for a reader, as `cat story > fifo &` does.
    QProcess writer;
    writer.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("printf '%s' \"$0\" > \"$1\""),
                                             QString::fromUtf8(kHerat), fifo});
    QVERIFY(writer.waitForStarted());
    QTest::qWait(200); // not a timing assertion: the import is right whether or not the writer is there yet
    const auto r = run({QStringLiteral("import"), QStringLiteral("--db"), path(QStringLiteral("fifo-written.sqlite")),
                        QStringLiteral("--date"), QStringLiteral("2001-11-20"), fifo},
                       Run().timeout(30000));
    writer.kill();
    writer.waitForFinished();
    QVERIFY2(!r.crashed, qPrintable(describe(r)));
    // Either it was read, or the writer was not there yet and that is said; never a hang.
    QVERIFY2((r.exitCode == 0 && r.out.contains("imported   " + fifo.toUtf8())) ||
                 (r.exitCode == 1 && r.err.contains("a pipe with no program writing to it")),
             qPrintable(describe(r)));
}

// Inside a folder only regular files are read; a pipe or a dangling link there is named.
void TestInputs::specialFilesInFolderAreNamed()
{
    const QString folder = path(QStringLiteral("special"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(test::writeFile(folder + QStringLiteral("/a.txt"), kStory));
    QCOMPARE(::mkfifo(QFile::encodeName(folder + QStringLiteral("/pipe.txt")).constData(), 0644), 0);
    QCOMPARE(::symlink("/nonexistent/story.txt", QFile::encodeName(folder + QStringLiteral("/gone.txt")).constData()), 0);
    QCOMPARE(::symlink("/nonexistent/notes.pdf", QFile::encodeName(folder + QStringLiteral("/gone.pdf")).constData()), 0);
    const auto r = run({QStringLiteral("import"), QStringLiteral("--db"), path(QStringLiteral("special.sqlite")),
                        QStringLiteral("--date"), QStringLiteral("2001-11-19"), folder},
                       Run().timeout(30000));
    QVERIFY2(!r.crashed && r.exitCode == 1, qPrintable(describe(r)));
    QVERIFY2(r.err.contains("failed     " + folder.toUtf8() + "/pipe.txt: a named pipe, not a file"), qPrintable(describe(r)));
    QVERIFY2(r.err.contains("failed     " + folder.toUtf8() + "/gone.txt: a link to a file that does not exist"),
             qPrintable(describe(r)));
    QVERIFY2(!r.err.contains("gone.pdf"), qPrintable(describe(r))); // not a file Mapline imports anyway
    QVERIFY2(r.out.contains("imported   " + folder.toUtf8() + "/a.txt"), qPrintable(describe(r)));
    QVERIFY2(r.out.contains("1 article imported, 0 unchanged, 2 failed"), qPrintable(describe(r)));
}

void TestInputs::endlessInputsAreBounded_data()
{
    QTest::addColumn<QString>("named"); // the file named to import
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("/dev/zero") << "/dev/zero"
                               << QByteArray("failed     /dev/zero: too large for a news article (more than 32 MB "
                                             "read from a character device; the limit is 32 MB)");
    QTest::newRow("/dev/urandom") << "/dev/urandom" << QByteArray("failed     /dev/urandom: too large for a news article");
    const QString folder = path(QStringLiteral("endless"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(test::writeFile(folder + QStringLiteral("/story.txt"), kStory));
    QCOMPARE(::symlink("/dev/zero", QFile::encodeName(folder + QStringLiteral("/story.txt.meta")).constData()), 0);
    QTest::newRow("sidecar on /dev/zero") << folder + QStringLiteral("/story.txt")
                                          << (folder + QStringLiteral("/story.txt.meta: too large for a sidecar")).toUtf8();
}

// /dev/zero, /dev/urandom, a sidecar that never ends: read up to the limit, never beyond, under
// a memory limit the old unbounded read could not live in.
void TestInputs::endlessInputsAreBounded()
{
    QFETCH(QString, named);
    QFETCH(QByteArray, message);
    const auto r = run({QStringLiteral("import"), QStringLiteral("--db"), path(QStringLiteral("endless.sqlite")), named},
                       Run().memory(kSanitized ? 0 : 2LL * 1024 * 1024 * 1024));
    QVERIFY2(!r.crashed && r.exitCode == 1, qPrintable(describe(r)));
    QVERIFY2(r.err.contains(message), qPrintable(describe(r)));
}

// An ACLED header, then a record that never ends (commas without end): the reader stops at its
// record limit with a message instead of holding every empty field.
void TestInputs::endlessCsvRecordIsBounded()
{
    const auto r = run({}, Run().memory(kSanitized ? 0 : 2LL * 1024 * 1024 * 1024).shell(
                               QStringLiteral("{ printf 'event_id_cnty,event_date,event_type,latitude,longitude\\n'; "
                                              "yes , | tr -d '\\n'; } | \"$M\" import --keep-outside --db '%1' /dev/stdin")
                                   .arg(path(QStringLiteral("commas.sqlite")))));
    QVERIFY2(!r.crashed && r.exitCode == 1, qPrintable(describe(r)));
    QVERIFY2(r.err.contains("failed     /dev/stdin: line 2: a record longer than 64 MB; not a CSV dataset"),
             qPrintable(describe(r)));
}

// Files and folders the user may not read, inside a folder and named: each is named with the
// reason, the rest is imported, the exit code is 1. Run as nobody when the test runs as root.
void TestInputs::unreadableFilesAreNamed()
{
    const QString folder = path(QStringLiteral("locked"));
    QVERIFY(QDir().mkpath(folder + QStringLiteral("/sub")));
    QVERIFY(test::writeFile(folder + QStringLiteral("/a.txt"), kStory));
    QVERIFY(test::writeFile(folder + QStringLiteral("/b.txt"), kHerat));
    QVERIFY(test::writeFile(folder + QStringLiteral("/sub/c.txt"), kHerat));
    QVERIFY(QFile::copy(test::testData(QStringLiteral("datasets/acled-afghanistan-2020.csv")),
                        folder + QStringLiteral("/acled.csv")));
    for (const char *locked : {"/b.txt", "/acled.csv", "/sub"})
        QCOMPARE(::chmod(QFile::encodeName(folder + QLatin1String(locked)).constData(), 0), 0);
    QCOMPARE(::chmod(QFile::encodeName(folder).constData(), 0755), 0);
    // The check must really be denied: not the case for root (CAP_DAC_OVERRIDE) unless dropped.
    const auto probe = run({}, Run().nobody().shell(
                               QStringLiteral("cat '%1/b.txt' >/dev/null 2>&1 && echo readable").arg(folder)));
    if (probe.out.contains("readable") || probe.exitCode == 125)
        QSKIP("files with mode 000 stay readable here (root that cannot switch to uid 65534)");

    const QString db = path(QStringLiteral("locked.sqlite"));
    const auto r = run({QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--date"),
                        QStringLiteral("2001-11-19"), folder},
                       Run().nobody());
    QVERIFY2(!r.crashed && r.exitCode == 1, qPrintable(describe(r)));
    const QByteArray f = folder.toUtf8();
    QVERIFY2(r.err.contains("failed     " + f + "/b.txt: cannot read: Permission denied"), qPrintable(describe(r)));
    QVERIFY2(r.err.contains("failed     " + f + "/sub: cannot read the folder: Permission denied"), qPrintable(describe(r)));
    QVERIFY2(r.err.contains("failed     " + f + "/acled.csv: cannot read: Permission denied"), qPrintable(describe(r)));
    QVERIFY2(r.out.contains("imported   " + f + "/a.txt"), qPrintable(describe(r)));

    // Named: the reason, not "not a file Mapline imports".
    const auto named = run({QStringLiteral("import"), QStringLiteral("--db"), db, folder + QStringLiteral("/acled.csv")},
                           Run().nobody());
    QVERIFY2(!named.crashed && named.exitCode == 1, qPrintable(describe(named)));
    QVERIFY2(named.err.contains("failed     " + f + "/acled.csv: cannot read: Permission denied"), qPrintable(describe(named)));
    for (const char *locked : {"/b.txt", "/acled.csv", "/sub"}) // for QTemporaryDir to remove them
        QCOMPARE(::chmod(QFile::encodeName(folder + QLatin1String(locked)).constData(), 0755), 0);
}

// Names that are not UTF-8 (a Latin-1 system's "café", byte 0xff) and names with a line break:
// imported from a folder and when named, each shown on one line as coreutils quotes it.
void TestInputs::nonUtf8NamesAreImported()
{
    const QString folder = path(QStringLiteral("names"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(writeRawName(folder, "caf\xe9.txt", kStory));
    QVERIFY(writeRawName(folder, "\xff.txt", kHerat));
    QVERIFY(writeRawName(folder, "two\nlines.txt",
                         "MAZAR-E SHARIF, Afghanistan (CNN) -- Clashes in Mazar-e Sharif on Monday, officials said.\n"));
    const auto r = run({QStringLiteral("import"), QStringLiteral("--db"), path(QStringLiteral("names.sqlite")),
                        QStringLiteral("--date"), QStringLiteral("2001-11-20"), folder});
    QVERIFY2(!r.crashed && r.exitCode == 0, qPrintable(describe(r)));
    const QByteArray f = folder.toUtf8();
    QVERIFY2(r.out.contains("imported   '" + f + "/caf'$'\\351''.txt' (1 sentence"), qPrintable(describe(r)));
    QVERIFY2(r.out.contains("imported   '" + f + "/'$'\\377''.txt' (1 sentence"), qPrintable(describe(r)));
    QVERIFY2(r.out.contains("imported   '" + f + "/two'$'\\n''lines.txt' (1 sentence"), qPrintable(describe(r)));
    QCOMPARE(r.out.count('\n'), 4); // three files and the summary: one line each

    // Named on the command line with the raw bytes (through the shell: QProcess would re-encode).
    const QString db = path(QStringLiteral("names-named.sqlite"));
    const auto named = run({}, Run().shell(QStringLiteral("exec \"$M\" import --db '%1' --date 2001-11-20 \"$(printf '%2')\"")
                                            .arg(db, printfOctal(QFile::encodeName(folder) + "/caf\xe9.txt"))));
    QVERIFY2(!named.crashed && named.exitCode == 0, qPrintable(describe(named)));
    QVERIFY2(named.out.contains("imported   '" + f + "/caf'$'\\351''.txt' (1 sentence"), qPrintable(describe(named)));
    // The database holds the name as valid UTF-8 text, for sqlite3 and Python alike.
    auto store = EventStore::open(db, EventStore::Mode::ReadOnly);
    QVERIFY(store.ok());
    QCOMPARE(test::scalar(*store.value(), QStringLiteral("SELECT count(*) FROM articles WHERE path LIKE '%caf' || "
                                                         "char(65533) || '.txt'")).toInt(),
             1);
    // QTemporaryDir cannot remove names that are not UTF-8 (Qt's own decoding again).
    for (const QByteArray &name : {QByteArray("caf\xe9.txt"), QByteArray("\xff.txt")})
        QCOMPARE(::unlink((QFile::encodeName(folder) + '/' + name).constData()), 0);
}

// gazetteer-user.tsv beside the database is read a line at a time: a 2 GB file with no line
// break (sparse: it takes no disk) is refused at its first line with a warning, and the import
// goes on with the bundled gazetteer, under a memory limit the whole file could not live in.
void TestInputs::largeUserGazetteerIsNotReadWhole()
{
    const QString folder = path(QStringLiteral("big-gazetteer"));
    QVERIFY(QDir().mkpath(folder));
    QFile tsv(folder + QStringLiteral("/gazetteer-user.tsv"));
    QVERIFY(tsv.open(QIODevice::WriteOnly));
    QVERIFY(tsv.resize(2LL * 1024 * 1024 * 1024));
    tsv.close();
    const QString story = path(QStringLiteral("gazetteer-story.txt"));
    QVERIFY(test::writeFile(story, kStory));
    const auto r = run({QStringLiteral("import"), QStringLiteral("--db"), folder + QStringLiteral("/events.sqlite"),
                        QStringLiteral("--date"), QStringLiteral("2001-11-19"), story},
                       Run().memory(kSanitized ? 0 : 1536LL * 1024 * 1024));
    QVERIFY2(!r.crashed && r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.contains("imported   " + story.toUtf8() + " (1 sentence, 1 event)"), qPrintable(describe(r)));
    QVERIFY2(r.err.contains("gazetteer-user.tsv:1: a line longer than 1024 KB; not a places file"),
             qPrintable(describe(r)));
}

QTEST_GUILESS_MAIN(TestInputs)
#include "tst_inputs.moc"
