// Happenings (issue 13): the fusion test set (tests/data/fusion: 20 articles in the styles of wire,
// web and radio news, an ACLED and a GDELT 1.0 file, and gold.tsv saying which reports belong
// together), imported the way `mapline import` does, and the figures of docs/FUSION.md: pairwise
// precision and recall (all pairs, and pairs of reports from different documents) and B-cubed, for
// the two baselines of the issue.
#include "extract/articleparser.h"
#include "fusion/fusiongold.h"
#include "fusion/happeningfuser.h"
#include "interop/datasetimporter.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <tuple>

using namespace mapline;
using namespace mapline::fusiontest;

namespace {

// The two test sets: "fusion" (the development set, against which the rules were written) and
// "fusion-heldout" (written, gold first, after the rules; docs/FUSION.md has the figures of both).
QString fusionData(const QString &set, const QString &relative = {})
{
    return test::testData(set + QLatin1Char('/') + relative);
}

QStringList articleFiles(const QString &set)
{
    QStringList files;
    const QDir dir(fusionData(set, QStringLiteral("articles")));
    for (const QString &name : dir.entryList({QStringLiteral("*.txt"), QStringLiteral("*.html")}, QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

QStringList datasetFiles(const QString &set)
{
    QStringList files;
    const QDir dir(fusionData(set, QStringLiteral("datasets")));
    for (const QString &name : dir.entryList(QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

void addSets()
{
    QTest::addColumn<QString>("set");
    QTest::newRow("development") << QStringLiteral("fusion");
    QTest::newRow("held-out") << QStringLiteral("fusion-heldout");
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


// A report for the fuser's own tests: a day, a place and a type, with actors and a source.
FusionReports::Input report(qint64 id, QDate day, const QString &place, double lon, double lat, const QString &type,
                            const QString &source, const QStringList &actors = {},
                            GeoPrecision geo = GeoPrecision::City)
{
    FusionReports::Input in;
    in.eventId = id;
    in.time = TimeRange::day(day);
    in.place = place;
    in.geo = geo;
    in.positioned = true;
    in.lon = lon;
    in.lat = lat;
    in.admin1 = place == u"Mazar-e Sharif" || place == u"Qala-i-Jangi" ? QStringLiteral("Balkh") : QStringLiteral("Kunduz");
    in.country = QStringLiteral("AF");
    in.type = type;
    for (const QString &a : actors)
        in.actors << FusionReports::Input::Actor{a, a, false};
    in.publishers = {source};
    in.confidence = 0.6;
    return in;
}

const QDate kSunday(2001, 11, 25);
constexpr double kKunduz[2] = {68.857, 36.729};
constexpr double kKhanabad[2] = {69.113, 36.683};
constexpr double kFort[2] = {67.02, 36.66};
constexpr double kMazar[2] = {67.111, 36.709};

} // namespace

class TestFusion : public QObject {
    Q_OBJECT
private slots:
    void anEventIsReadAsItsInput();
    void joinBridgeStart();
    void vagueReportsJoinOnlyOne();
    void aCityFallsOnce();
    void forceCodedRowsJoinTheirBestFit();
    void aRegionIsInNoProvince();
    void aRegionJoinsTheOneHappeningInReach();
    void fusedValues();
    void publishers();
    void goldIsConsistent();
    void goldIsConsistent_data() { addSets(); }
    void scoresOfAKnownClustering();
    void baselinesOnTheTestSet();
    void baselinesOnTheTestSet_data() { addSets(); }
    void fusionOnTheTestSet();
    void fusionOnTheTestSet_data();
};

// Same place, day and kind: one happening; a town 23 km away, the next day, another kind: others.
// A report that fits two happenings that fit each other bridges them.
// FusionReports::add(const Event &, ...) reads the event straight into the vocabulary (a dataset
// import adds a report per row): the report, its actors and sources and the vocabulary's ids (which
// name the type bits the fuser compares) must be those of the same event given as an Input.
void TestFusion::anEventIsReadAsItsInput()
{
    Event e;
    e.id = 7;
    e.time = TimeRange::day(QDate(2001, 11, 25));
    e.place.name = QStringLiteral("Kunduz");
    e.place.precision = GeoPrecision::City;
    e.place.coordinate = QGeoCoordinate(36.729, 68.857);
    e.place.admin1 = QStringLiteral("Kondoz");
    e.place.country = QStringLiteral("Afghanistan");
    e.type = QStringLiteral("armed_clash");
    e.acledEventType = QStringLiteral("Battles");
    e.confidence = 0.7;
    e.flags = Event::InheritedPlace;
    for (const auto &[name, affiliation, kind] :
         {std::tuple{"Taliban fighters", "Taliban", "group"}, std::tuple{"prisoners", "", "role"},
          std::tuple{"Northern Alliance", "", "group"}, std::tuple{"Taliban fighters", "Taliban", "group"}}) {
        ActorMention m;
        m.actor = Actor{QString::fromUtf8(name), QString::fromUtf8(affiliation), QString::fromUtf8(kind)};
        e.actors << m;
    }
    const QStringList publishers = {QStringLiteral("CNN"), QStringLiteral("AP"), QStringLiteral("CNN")};

    FusionReports direct, viaInput;
    // Texts interned before (ids taken) shift both alike.
    for (FusionReports *r : {&direct, &viaInput})
        r->vocabulary().intern(QStringLiteral("Battles"));
    const int a = direct.add(e, publishers, 42, QStringLiteral("190"));
    FusionReports::Input in;
    in.eventId = e.id;
    in.storedHappening = 42;
    in.time = e.time;
    in.inheritedPlace = true;
    in.place = e.place.name;
    in.geo = e.place.precision;
    in.positioned = true;
    in.lon = e.place.coordinate.longitude();
    in.lat = e.place.coordinate.latitude();
    in.admin1 = e.place.admin1;
    in.country = e.place.country;
    in.type = e.type;
    in.acledEventType = e.acledEventType;
    for (const ActorMention &m : e.actors)
        in.actors << FusionReports::Input::Actor{m.actor.name, m.actor.affiliation, m.actor.kind == u"role"};
    in.publishers = publishers;
    in.confidence = e.confidence;
    in.cameoCode = QStringLiteral("190");
    const int b = viaInput.add(in);

    const FusionReport &x = direct[a], &y = viaInput[b];
    const auto fields = [](const FusionReports &reports, const FusionReport &r) {
        const FusionShape &s = reports.shape(r);
        return std::tuple(r.eventId, r.storedHappening, r.start, r.end, r.lon, r.lat, s.confidence, s.place, s.admin1,
                          s.admin1Key, s.country, s.type, s.acledType, s.actorBegin, s.sourceBegin, s.sides,
                          s.actorCount, s.sourceCount, r.family, r.geo, r.datePrecision, r.flags);
    };
    QVERIFY(fields(direct, x) == fields(viaInput, y));
    QVERIFY(x.has(FusionReport::InheritedPlace) && x.has(FusionReport::AnyForce) && direct.shape(x).sides != 0);
    QCOMPARE(std::vector<quint32>(direct.actors(x).begin(), direct.actors(x).end()),
             std::vector<quint32>(viaInput.actors(y).begin(), viaInput.actors(y).end()));
    QCOMPARE(direct.actors(x).size(), size_t(3));
    QCOMPARE(std::vector<quint32>(direct.sources(x).begin(), direct.sources(x).end()),
             std::vector<quint32>(viaInput.sources(y).begin(), viaInput.sources(y).end()));
    QCOMPARE(direct.sources(x).size(), size_t(2));
    QCOMPARE(direct.vocabulary().size(), viaInput.vocabulary().size());
    for (quint32 id = 0; id < quint32(direct.vocabulary().size()); ++id)
        QCOMPARE(QByteArray::fromStdString(std::string(direct.vocabulary().bytes(id))),
                 QByteArray::fromStdString(std::string(viaInput.vocabulary().bytes(id))));
}

void TestFusion::joinBridgeStart()
{
    FusionReports reports;
    HappeningFuser fuser(reports);
    const int a = fuser.add(reports.add(report(1, kSunday, "Kunduz", kKunduz[0], kKunduz[1], "armed_clash", "AP")));
    const int b = fuser.add(reports.add(report(2, kSunday, "Kunduz", kKunduz[0] + 0.01, kKunduz[1], "armed_clash", "AFP")));
    QCOMPARE(b, a);
    QVERIFY(fuser.add(reports.add(report(3, kSunday, "Khanabad", kKhanabad[0], kKhanabad[1], "armed_clash", "AP"))) != a);
    QVERIFY(fuser.add(reports.add(report(4, kSunday.addDays(1), "Kunduz", kKunduz[0], kKunduz[1], "armed_clash", "AP"))) != a);
    QVERIFY(fuser.add(reports.add(report(5, kSunday, "Kunduz", kKunduz[0], kKunduz[1], "air_strike", "AP"))) != a);
    // Two stored happenings that fit each other (fused apart by earlier rules, say): a report that
    // fits both bridges them.
    const int r6 = reports.add(report(6, kSunday, "Qala-i-Jangi", kFort[0], kFort[1], "armed_clash", "BBC", {}, GeoPrecision::Landmark));
    const int r7 = reports.add(report(7, kSunday, "Mazar-e Sharif", kMazar[0], kMazar[1], "armed_clash", "CNN"));
    const int fort = fuser.addStored(10, std::vector<int>{r6});
    const int town = fuser.addStored(11, std::vector<int>{r7});
    const int bridge = fuser.add(reports.add(report(8, kSunday, "Qala-i-Jangi", kFort[0] + 0.01, kFort[1], "armed_clash", "VOA")));
    QCOMPARE(fuser.root(fort), bridge);
    QCOMPARE(fuser.root(town), bridge);
    QCOMPARE(fuser.memberCount(bridge), 3);
    QCOMPARE(fuser.storedId(bridge), 10); // the older row stays, the other goes
    QCOMPARE(fuser.absorbed().size(), size_t(1));
    QCOMPARE(fuser.absorbed()[0].id, 11);
    // Sides that share nothing, each report naming two: not one happening.
    const int x = fuser.add(reports.add(report(9, kSunday.addDays(5), "Kunduz", kKunduz[0], kKunduz[1], "armed_clash", "AP",
                                               {"Taliban", "Northern Alliance"})));
    QVERIFY(fuser.add(reports.add(report(10, kSunday.addDays(5), "Kunduz", kKunduz[0], kKunduz[1], "armed_clash", "AP",
                                         {"United States", "al Qaeda"}))) != x);
    QCOMPARE(fuser.add(reports.add(report(11, kSunday.addDays(5), "Kunduz", kKunduz[0], kKunduz[1], "armed_clash", "AP",
                                          {"Taliban"}))), x);
}

// A range or a province joins the one precise happening it fits, and stands alone when it fits two;
// a report placed only to the country never joins a placed happening.
void TestFusion::vagueReportsJoinOnlyOne()
{
    FusionReports reports;
    HappeningFuser fuser(reports);
    const int sunday = fuser.add(reports.add(report(1, kSunday, "Kunduz", kKunduz[0], kKunduz[1], "air_strike", "AP")));
    const int monday = fuser.add(reports.add(report(2, kSunday.addDays(1), "Kunduz", kKunduz[0], kKunduz[1], "air_strike", "AP")));
    FusionReports::Input weekend = report(3, kSunday, "Kunduz", kKunduz[0], kKunduz[1], "air_strike", "VOA");
    weekend.time = TimeRange::range(kSunday.addDays(-1), kSunday);
    QCOMPARE(fuser.add(reports.add(weekend)), sunday);
    FusionReports::Input twoDays = weekend;
    twoDays.eventId = 4;
    twoDays.time = TimeRange::range(kSunday, kSunday.addDays(1));
    const int alone = fuser.add(reports.add(twoDays));
    QVERIFY(alone != sunday && alone != monday);
    FusionReports::Input province = report(5, kSunday.addDays(1), "Kunduz", 68.68, 36.90, "air_strike", "ACLED", {},
                                           GeoPrecision::Province);
    QCOMPARE(fuser.add(reports.add(province)), monday);
    FusionReports::Input country = report(6, kSunday.addDays(1), "Afghanistan", 65, 33, "air_strike", "GDELT", {},
                                          GeoPrecision::Country);
    const int c = fuser.add(reports.add(country));
    QVERIFY(c != monday);
    country.eventId = 7;
    QCOMPARE(fuser.add(reports.add(country)), c); // country-level reports fuse among themselves
}

// A change of control told on two days is one happening with the date most reports give and the
// disagreement stated; fighting on two days is two happenings. The minority joins the best-told
// happening, not a lesser one on its other side.
void TestFusion::aCityFallsOnce()
{
    FusionReports reports;
    HappeningFuser fuser(reports);
    std::vector<int> all;
    for (int i = 0; i < 3; ++i)
        all.push_back(reports.add(report(i + 1, kSunday.addDays(1), "Kunduz", kKunduz[0], kKunduz[1], "territory_taken",
                                          QStringList{"AP", "Reuters", "BBC"}[i])));
    all.push_back(reports.add(report(4, kSunday, "Kunduz", kKunduz[0], kKunduz[1], "territory_taken", "VOA")));
    all.push_back(reports.add(report(5, kSunday.addDays(-1), "Kunduz", kKunduz[0], kKunduz[1], "surrender", "AFP")));
    all.push_back(reports.add(report(6, kSunday.addDays(-2), "Kunduz", kKunduz[0], kKunduz[1], "armed_clash", "AP")));
    all.push_back(reports.add(report(7, kSunday.addDays(1), "Kunduz", kKunduz[0], kKunduz[1], "armed_clash", "AP")));
    fuser.addAll(all);
    const int fall = fuser.happeningOf(all[0]);
    QCOMPARE(fuser.happeningOf(all[3]), fall);
    QVERIFY(fuser.happeningOf(all[4]) != fall); // two days before the date most reports give
    const Happening h = fuser.fused(fall);
    QCOMPARE(h.time, TimeRange::day(kSunday.addDays(1)));
    QCOMPARE(h.disagreements.size(), 1);
    QCOMPARE(h.disagreements[0].field, QStringLiteral("date"));
    QCOMPARE(h.disagreements[0].values[1].value, QStringLiteral("2001-11-25"));
    QCOMPARE(h.disagreements[0].values[1].sources, QStringList{QStringLiteral("VOA")});
    // Fighting joins the fall on the day of the fall (one battle), not on another day.
    QCOMPARE(fuser.happeningOf(all[6]), fall);
    QVERIFY(fuser.happeningOf(all[5]) != fall);
}

// A row coded only "use force" joins the happening its actors fit best, whatever its family.
void TestFusion::forceCodedRowsJoinTheirBestFit()
{
    FusionReports reports;
    HappeningFuser fuser(reports);
    const int uprising = fuser.add(reports.add(report(1, kSunday, "Qala-i-Jangi", kFort[0], kFort[1], "armed_clash", "CNN",
                                                      {"Taliban", "Northern Alliance"}, GeoPrecision::Landmark)));
    const int strike = fuser.add(reports.add(report(2, kSunday, "Qala-i-Jangi", kFort[0], kFort[1], "air_strike", "BBC",
                                                    {"United States", "Taliban"}, GeoPrecision::Landmark)));
    FusionReports::Input row = report(3, kSunday, "Mazar-e Sharif", kMazar[0], kMazar[1], "armed_clash", "GDELT",
                                      {"UNITED STATES", "TALIBAN"});
    row.cameoCode = QStringLiteral("190");
    QCOMPARE(fuser.add(reports.add(row)), strike);
    row.eventId = 4;
    row.cameoCode = QStringLiteral("193"); // "fight with small arms": a battle
    QCOMPARE(fuser.add(reports.add(row)), uprising);
}

// The fused values: the most precise place, the type most reports give, sources counted once
// (an ACLED row citing AFP and an AFP article are one source), confidence from the sources.
// "Four journalists have been killed in eastern Afghanistan": a region spans several provinces, so
// its report is in none of them (not fused as the province its point lies in).
void TestFusion::aRegionIsInNoProvince()
{
    ArticleMeta meta;
    meta.published = QDate(2001, 11, 20);
    meta.source = QStringLiteral("BBC");
    const ParsedArticle parsed = ArticleParser().parse(
        QStringLiteral("Gunmen killed a local commander in Jalalabad on Monday, residents said.\n\n"
                       "Four journalists have been killed in eastern Afghanistan, officials said."),
        meta);
    const Event *city = nullptr, *region = nullptr;
    for (const Event &e : parsed.events)
        if (e.type == u"killing")
            (e.place.precision == GeoPrecision::Province ? region : city) = &e;
    QVERIFY(city && region);
    QCOMPARE(city->place.admin1, QStringLiteral("Nangarhar"));
    QVERIFY2(region->place.admin1.isEmpty(), qPrintable(region->place.admin1));
}

// A report placed to a region (province-sized, in no one province) is vague: it joins the one
// happening of its kind within the region's reach, and stays alone when there are two.
void TestFusion::aRegionJoinsTheOneHappeningInReach()
{
    const QDate monday(2001, 11, 19);
    FusionReports reports;
    HappeningFuser fuser(reports);
    const int jalalabad = fuser.add(reports.add(report(1, monday, "Jalalabad", 70.452, 34.426, "killing", "AFP")));
    FusionReports::Input region = report(2, monday, "Eastern Afghanistan", 70.3, 34.3, "killing", "BBC", {},
                                         GeoPrecision::Province);
    region.admin1.clear();
    region.time = TimeRange::range(monday, monday.addDays(1));
    QCOMPARE(fuser.add(reports.add(region)), jalalabad);
    // A killing 60 km away in another province: the next such report cannot tell which it is.
    fuser.add(reports.add(report(3, monday, "Sarobi", 69.76, 34.59, "killing", "Reuters", {}, GeoPrecision::District)));
    region.eventId = 4;
    const int alone = fuser.add(reports.add(region));
    QVERIFY(alone != jalalabad && alone != fuser.happeningOf(2));
    QCOMPARE(fuser.memberCount(alone), 1);
    // Out of reach (Kandahar, 480 km): no candidate at all.
    FusionReports reports2;
    HappeningFuser fuser2(reports2);
    const int kandahar = fuser2.add(reports2.add(report(1, monday, "Kandahar", 65.71, 31.61, "killing", "AFP")));
    region.eventId = 5;
    QVERIFY(fuser2.add(reports2.add(region)) != kandahar);
}

void TestFusion::fusedValues()
{
    FusionReports reports;
    HappeningFuser fuser(reports);
    std::vector<int> all;
    all.push_back(reports.add(report(1, kSunday, "Mazar-e Sharif", kMazar[0], kMazar[1], "armed_clash", "Reuters", {"Taliban"})));
    all.push_back(reports.add(report(2, kSunday, "Qala-i-Jangi", kFort[0], kFort[1], "armed_clash", "AFP",
                                     {"Northern Alliance"}, GeoPrecision::Landmark)));
    FusionReports::Input acled = report(3, kSunday, "Qala-i-Jangi", kFort[0], kFort[1], "territory_taken", "ACLED", {},
                                        GeoPrecision::City);
    acled.publishers = reports.rules().publishers(QStringLiteral("Agence France Presse; Reuters"));
    all.push_back(reports.add(acled));
    fuser.addAll(all);
    const int h = fuser.happeningOf(all[0]);
    QCOMPARE(fuser.happeningOf(all[1]), h);
    QCOMPARE(fuser.happeningOf(all[2]), h);
    const Happening f = fuser.fused(h);
    QCOMPARE(f.reports, 3);
    QCOMPARE(f.place.name, QStringLiteral("Qala-i-Jangi"));
    QVERIFY(f.place.precision == GeoPrecision::Landmark);
    QCOMPARE(f.type, QStringLiteral("armed_clash"));
    QCOMPARE(f.family, QStringLiteral("battle"));
    QCOMPARE(f.sources(), 2);
    QVERIFY(f.sourceNames.contains(QStringLiteral("AFP")) && f.sourceNames.contains(QStringLiteral("Reuters")));
    QVERIFY(qAbs(f.confidence - (1 - 0.4 * 0.4)) < 1e-6);
    QCOMPARE(f.actors.size(), 2);
    QCOMPARE(f.eventIds, (QList<qint64>{1, 2, 3}));
    QCOMPARE(f.disagreements.size(), 1);
    QCOMPARE(f.disagreements[0].field, QStringLiteral("place"));
}

void TestFusion::publishers()
{
    const FusionRules &rules = FusionRules::standard();
    QCOMPARE(rules.publisher(QStringLiteral("http://www.cnn.com/2001/WORLD/story.html")), QStringLiteral("CNN"));
    QCOMPARE(rules.publisher(QStringLiteral("https://edition.cnn.com/x")), QStringLiteral("CNN"));
    QCOMPARE(rules.publisher(QStringLiteral("Agence France-Presse")), QStringLiteral("AFP"));
    QCOMPARE(rules.publisher(QStringLiteral("http://www.afghanistantimes.af/news")), QStringLiteral("Afghanistan Times"));
    QCOMPARE(rules.publisher(QStringLiteral("http://www.example.org/a")), QStringLiteral("example.org"));
    QCOMPARE(rules.publisher(QStringLiteral("Kabul Weekly")), QStringLiteral("Kabul Weekly"));
    QCOMPARE(rules.publishers(QStringLiteral("Reuters; Associated Press;  ; Reuters")),
             (QStringList{QStringLiteral("Reuters"), QStringLiteral("AP")}));
    QCOMPARE(rules.familyOf(QStringLiteral("surrender"), {}).name, QStringLiteral("battle"));
    QVERIFY(rules.familyOf(QStringLiteral("surrender"), {}).once);
    QCOMPARE(rules.familyOf(QStringLiteral("other"), QStringLiteral("Riots")).name, QStringLiteral("protest"));
}

// Every document the gold names is in the test set, and each happening has a report.
void TestFusion::goldIsConsistent()
{
    QFETCH(QString, set);
    const auto gold = Gold::read(fusionData(set, QStringLiteral("gold.tsv")));
    QVERIFY2(gold, qPrintable(gold.error()));
    QVERIFY(gold->happenings.size() >= 20);
    QSet<QString> documents;
    for (const QString &f : articleFiles(set) + datasetFiles(set))
        documents.insert(QFileInfo(f).fileName());
    QVERIFY(articleFiles(set).size() >= 12);
    QSet<QString> withReports;
    QSet<QString> seen;
    for (const GoldReport &r : gold->reports) {
        QVERIFY2(documents.contains(r.document), qPrintable(QStringLiteral("gold.tsv:%1: no document %2").arg(r.line).arg(r.document)));
        const QString key = r.document + QLatin1Char('|') + r.locator + QLatin1Char('|') + r.types.join(u'|');
        QVERIFY2(!seen.contains(key), qPrintable(QStringLiteral("gold.tsv:%1: the same report twice").arg(r.line)));
        seen.insert(key);
        withReports.insert(r.happening);
        if (!r.document.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)) {
            const QByteArray text = test::readFile(fusionData(set, QStringLiteral("articles/") + r.document));
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
    QFETCH(QString, set);
    const auto gold = Gold::read(fusionData(set, QStringLiteral("gold.tsv")));
    QVERIFY2(gold, qPrintable(gold.error()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = test::openStore(dir.filePath(QStringLiteral("fusion.sqlite")));
    QVERIFY(store);
    QVERIFY(importAll(*store, articleFiles(set), datasetFiles(set)));
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

// Mapline's fusion on both test sets, against their gold: pairwise precision and recall (all pairs,
// and pairs of reports from different documents) at least the bar of 0.9, held at what the
// rules reach. docs/FUSION.md has the figures (the held-out set's first run among them).
// The same figures however the reports come in: the articles in one batch then the datasets (as the
// viewer would), the datasets first then each article in a transaction of its own in reverse order
// (incremental fusion all the way), and the whole database fused again in the canonical order.
void TestFusion::fusionOnTheTestSet_data()
{
    QTest::addColumn<QString>("set");
    QTest::addColumn<int>("order");
    QTest::addColumn<double>("minPrecision");
    QTest::addColumn<double>("minRecall");
    // The bar is 0.9; each set is held at what the rules reach today (docs/FUSION.md,
    // "Figures"), so that any loss fails: development P 1.00 R 0.935, held-out P 0.921 R 0.921
    // (cross-document 0.935 and 0.935).
    const struct {
        const char *name;
        const char *set;
        double minPrecision;
        double minRecall;
    } sets[] = {{"development", "fusion", 1.0, 0.93}, {"held-out", "fusion-heldout", 0.92, 0.92}};
    for (const auto &set : sets) {
        const QString s = QString::fromLatin1(set.set);
        QTest::addRow("%s: articles, then datasets", set.name) << s << 0 << set.minPrecision << set.minRecall;
        QTest::addRow("%s: datasets, then articles one by one, reversed", set.name) << s << 1 << set.minPrecision << set.minRecall;
        QTest::addRow("%s: fused again whole", set.name) << s << 2 << set.minPrecision << set.minRecall;
    }
}

void TestFusion::fusionOnTheTestSet()
{
    QFETCH(QString, set);
    QFETCH(int, order);
    QFETCH(double, minPrecision);
    QFETCH(double, minRecall);
    const auto gold = Gold::read(fusionData(set, QStringLiteral("gold.tsv")));
    QVERIFY2(gold, qPrintable(gold.error()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = test::openStore(dir.filePath(QStringLiteral("fusion.sqlite")));
    QVERIFY(store);
    if (order == 1) {
        QVERIFY(importAll(*store, {}, datasetFiles(set)));
        QStringList reversed = articleFiles(set);
        std::reverse(reversed.begin(), reversed.end());
        ArticleImporter importer(*store, {});
        for (const QString &file : reversed)
            QCOMPARE(importer.importFile(file).status, ArticleImporter::FileResult::Status::Imported);
    } else {
        QVERIFY(importAll(*store, articleFiles(set), datasetFiles(set)));
    }
    if (order == 2) {
        qint64 count = 0;
        const Status s = store->refuse(&count);
        QVERIFY2(s, qPrintable(s.error()));
        QVERIFY(count > 0);
    }
    const auto reports = readReports(*store, true);
    QVERIFY2(reports, qPrintable(reports.error()));
    const Matching m = match(*gold, *reports);
    const Scores s = score(*gold, m, *reports, [](const StoredReport &r) { return QString::number(r.happening); });
    printScores(QStringLiteral("Mapline"), s);
    qInfo().noquote() << QStringLiteral("    %1 events in %2 happenings").arg(reports->size()).arg([&] {
        QSet<qint64> ids;
        for (const StoredReport &r : *reports)
            ids.insert(r.happening);
        return ids.size();
    }());
    for (const QString &split : s.splits)
        qInfo().noquote() << "    split:" << split;
    for (const QString &join : s.joins)
        qInfo().noquote() << "    joined:" << join;
    for (const StoredReport &r : *reports)
        QVERIFY2(r.happening > 0, qPrintable(QStringLiteral("event %1 has no happening").arg(r.id)));
    QVERIFY2(s.precision() >= minPrecision && s.crossPrecision() >= minPrecision,
             qPrintable(QStringLiteral("pairwise precision below %1").arg(minPrecision)));
    QVERIFY2(s.recall() >= minRecall && s.crossRecall() >= minRecall,
             qPrintable(QStringLiteral("pairwise recall below %1").arg(minRecall)));
}

QTEST_GUILESS_MAIN(TestFusion)
#include "tst_fusion.moc"
