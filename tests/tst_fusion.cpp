// Happenings (issue 13): the fusion test set (tests/data/fusion: 20 articles in the styles of wire,
// web and radio news, an ACLED and a GDELT 1.0 file, and gold.tsv saying which reports belong
// together), imported the way `mapline import` does, and the figures of docs/FUSION.md: pairwise
// precision and recall (all pairs, and pairs of reports from different documents) and B-cubed, for
// the two baselines of the issue.
#include "fusion/fusiongold.h"
#include "interop/datasetimporter.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using namespace mapline::fusiontest;

namespace {

QString fusionData(const QString &relative = {})
{
    return test::testData(QStringLiteral("fusion/") + relative);
}

QStringList articleFiles()
{
    QStringList files;
    const QDir dir(fusionData(QStringLiteral("articles")));
    for (const QString &name : dir.entryList({QStringLiteral("*.txt"), QStringLiteral("*.html")}, QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

QStringList datasetFiles()
{
    QStringList files;
    const QDir dir(fusionData(QStringLiteral("datasets")));
    for (const QString &name : dir.entryList(QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

// Imports the whole test set into `store`: the articles in batches, then each dataset file.
bool importAll(EventStore &store, const QStringList &articles, const QStringList &datasets)
{
    ArticleImporter importer(store, {});
    QList<ArticleImporter::FileResult> results;
    for (const QString &file : articles)
        results << importer.add(file);
    results << importer.flush();
    for (const auto &r : results)
        if (r.status != ArticleImporter::FileResult::Status::Imported) {
            qWarning() << r.path << r.error;
            return false;
        }
    DatasetImporter datasetImporter(store, false);
    for (const QString &file : datasets) {
        const auto r = datasetImporter.importFile(file);
        if (r.status != DatasetImporter::FileResult::Status::Imported || r.skipped > 0) {
            qWarning() << file << r.error;
            return false;
        }
    }
    return true;
}

void printScores(const QString &name, const Scores &s)
{
    qInfo().noquote() << QStringLiteral("%1  pairs P %2 R %3 (%4 right, %5 wrong, %6 missed) | cross-document P %7 R %8 "
                                        "(%9 right, %10 wrong, %11 missed) | B-cubed P %12 R %13 F1 %14")
                             .arg(name.leftJustified(18))
                             .arg(figure(s.precision()), figure(s.recall()))
                             .arg(s.truePairs)
                             .arg(s.falsePairs)
                             .arg(s.missedPairs)
                             .arg(figure(s.crossPrecision()), figure(s.crossRecall()))
                             .arg(s.crossTruePairs)
                             .arg(s.crossFalsePairs)
                             .arg(s.crossMissedPairs)
                             .arg(figure(s.bcubedPrecision), figure(s.bcubedRecall), figure(s.bcubedF1()));
    for (const QString &n : s.nearMissesJoined)
        qInfo().noquote() << "    near miss joined:" << n;
}

} // namespace

class TestFusion : public QObject {
    Q_OBJECT
private slots:
    void goldIsConsistent();
    void scoresOfAKnownClustering();
    void baselinesOnTheTestSet();
};

// Every document the gold names is in the test set, and each happening has a report.
void TestFusion::goldIsConsistent()
{
    const auto gold = Gold::read(fusionData(QStringLiteral("gold.tsv")));
    QVERIFY2(gold, qPrintable(gold.error()));
    QVERIFY(gold->happenings.size() >= 20);
    QSet<QString> documents;
    for (const QString &f : articleFiles() + datasetFiles())
        documents.insert(QFileInfo(f).fileName());
    QVERIFY(articleFiles().size() >= 12);
    QSet<QString> withReports;
    QSet<QString> seen;
    for (const GoldReport &r : gold->reports) {
        QVERIFY2(documents.contains(r.document), qPrintable(QStringLiteral("gold.tsv:%1: no document %2").arg(r.line).arg(r.document)));
        const QString key = r.document + QLatin1Char('|') + r.locator + QLatin1Char('|') + r.types.join(u'|');
        QVERIFY2(!seen.contains(key), qPrintable(QStringLiteral("gold.tsv:%1: the same report twice").arg(r.line)));
        seen.insert(key);
        withReports.insert(r.happening);
        if (!r.document.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)) {
            const QByteArray text = test::readFile(fusionData(QStringLiteral("articles/") + r.document));
            QVERIFY2(QString::fromUtf8(text).contains(r.locator),
                     qPrintable(QStringLiteral("gold.tsv:%1: \"%2\" is not in %3").arg(r.line).arg(r.locator, r.document)));
        }
    }
    for (const QString &h : gold->happenings)
        QVERIFY2(withReports.contains(h), qPrintable(h));
}

// The measures on a small clustering worked out by hand: gold {a1 a2 a3} {b1}, system {a1 a2} {a3 b1}.
void TestFusion::scoresOfAKnownClustering()
{
    Gold gold;
    gold.happenings = {QStringLiteral("a"), QStringLiteral("b")};
    gold.nearMisses << NearMiss{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("test")};
    QList<StoredReport> reports;
    for (int i = 0; i < 4; ++i) {
        StoredReport r;
        r.id = i + 1;
        r.document = i < 2 ? QStringLiteral("one.txt") : QStringLiteral("two.txt");
        reports << r;
        gold.reports << GoldReport{i < 3 ? QStringLiteral("a") : QStringLiteral("b"), r.document, QString(), {}, 0};
    }
    Matching m;
    for (int i = 0; i < 4; ++i)
        m.items << Matching::Item{i, i < 3 ? 0 : 1, i};
    const Scores s = score(gold, m, reports, [](const StoredReport &r) { return r.id <= 2 ? QStringLiteral("x") : QStringLiteral("y"); });
    // Pairs: a1a2 right; a1a3, a2a3 missed; a3b1 wrong.
    QCOMPARE(s.truePairs, 1);
    QCOMPARE(s.missedPairs, 2);
    QCOMPARE(s.falsePairs, 1);
    QCOMPARE(s.precision(), 0.5);
    QCOMPARE(s.recall(), 1.0 / 3);
    // Across documents (a1 a2 in one.txt): a1a3, a2a3 missed; a3b1 is within two.txt.
    QCOMPARE(s.crossTruePairs, 0);
    QCOMPARE(s.crossMissedPairs, 2);
    QCOMPARE(s.crossFalsePairs, 0);
    // B-cubed precision: a1 1, a2 1, a3 1/2, b1 1/2 -> 0.75; recall: a1 2/3, a2 2/3, a3 1/3, b1 1 -> 2/3.
    QVERIFY(qAbs(s.bcubedPrecision - 0.75) < 1e-9);
    QVERIFY(qAbs(s.bcubedRecall - 2.0 / 3) < 1e-9);
    QCOMPARE(s.nearMissesJoined.size(), 1);
    QCOMPARE(s.splits.size(), 1);
    QCOMPARE(s.joins.size(), 1);
}

// The test set imported as `mapline import` does, its reports matched to the gold, and the two
// baselines measured. The extraction must find most gold reports for the figures to mean much.
void TestFusion::baselinesOnTheTestSet()
{
    const auto gold = Gold::read(fusionData(QStringLiteral("gold.tsv")));
    QVERIFY2(gold, qPrintable(gold.error()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = test::openStore(dir.filePath(QStringLiteral("fusion.sqlite")));
    QVERIFY(store);
    QVERIFY(importAll(*store, articleFiles(), datasetFiles()));
    const auto reports = readReports(*store, false);
    QVERIFY2(reports, qPrintable(reports.error()));
    const Matching m = match(*gold, *reports);

    qInfo().noquote() << QStringLiteral("%1 events; %2 match %3 of the %4 gold reports of %5 happenings; %6 match none "
                                        "(left out); %7 claimed by two happenings (left out)")
                             .arg(reports->size())
                             .arg(m.items.size())
                             .arg(gold->reports.size() - m.missedReports.size())
                             .arg(gold->reports.size())
                             .arg(gold->happenings.size())
                             .arg(m.unmatchedEvents.size())
                             .arg(m.ambiguousEvents.size());
    for (int g : m.missedReports)
        qInfo().noquote() << "    not extracted:" << gold->reports[g].document << "\"" + gold->reports[g].locator + "\"";
    printScores(QStringLiteral("one-a-day"), score(*gold, m, *reports, oneADayKey));
    printScores(QStringLiteral("place and type"), score(*gold, m, *reports, placeAndTypeKey));
    QVERIFY(m.ambiguousEvents.isEmpty());
    // Most of the gold reports are found by the extraction (tests/data/fusion/README.md lists the misses).
    QVERIFY2(m.missedReports.size() * 5 <= gold->reports.size(),
             qPrintable(QStringLiteral("%1 of %2 gold reports not extracted").arg(m.missedReports.size()).arg(gold->reports.size())));
}

QTEST_GUILESS_MAIN(TestFusion)
#include "tst_fusion.moc"
