// The geoparser: which words of a sentence are places, which place each is, and whether it is
// where something happened (fixture gazetteer, the project's lexicons).
#include "extract/extractionresources.h"
#include "resourcepaths.h"
#include "testsupport.h"

#include <QtTest>

using namespace mapline;

namespace {

std::shared_ptr<const ExtractionResources> fixtureResources()
{
    static const std::shared_ptr<const ExtractionResources> r = [] {
        auto loaded = ExtractionResources::load(ExtractionResourceFiles::in(resourcePath(QStringLiteral("lexicons")),
                                                                            test::testData(QStringLiteral("gazetteer"))));
        if (!loaded)
            qFatal("%s", qPrintable(loaded.error()));
        return loaded.value();
    }();
    return r;
}

const char *roleName(PlaceMention::Role r)
{
    switch (r) {
    case PlaceMention::Role::Event: return "event";
    case PlaceMention::Role::Origin: return "origin";
    case PlaceMention::Role::Actor: return "actor";
    case PlaceMention::Role::Reference: return "reference";
    case PlaceMention::Role::Topic: return "topic";
    }
    return "?";
}

// "text=Place/kind/role" for each place found, in order.
QString describe(const QString &sentence)
{
    const ExtractionResources &r = *fixtureResources();
    const QList<NameToken> tokens = tokenizeNames(sentence);
    const QList<quint32> classes = r.words.classify(tokens);
    QList<bool> masked(tokens.size(), false);
    for (const ActorSpan &a : r.actors.tag(tokens))
        if (!a.placeName)
            for (int k = a.first; k < a.end; ++k)
                masked[k] = true;
    QStringList out;
    for (const PlaceMention &p : r.geoparser.find(tokens, classes, masked, {QStringLiteral("AF")})) {
        const Place &place = r.gazetteer.place(p.entry);
        out << QStringLiteral("%1=%2/%3/%4")
                   .arg(sentence.mid(p.span.start, p.span.end - p.span.start), place.name, toString(place.precision),
                        QLatin1String(roleName(p.role)));
    }
    return out.join(QStringLiteral("; "));
}

} // namespace

class TestGeoparser : public QObject {
    Q_OBJECT
private slots:
    void findsPlaces_data();
    void findsPlaces();
    void resolvesDatelines_data();
    void resolvesDatelines();
    void prefersTheAreaOfInterest();
};

void TestGeoparser::findsPlaces_data()
{
    QTest::addColumn<QString>("sentence");
    QTest::addColumn<QString>("expected");
    QTest::newRow("city over province") << QStringLiteral("Fighting went on in the northern city of Konduz.")
                                        << QStringLiteral("Konduz=Kunduz/city/event");
    QTest::newRow("X and Y provinces, with a misspelling")
        << QStringLiteral("A tank guards the road between Takhor and Konduz provinces.")
        << QStringLiteral("Takhor=Takhar/province/event; Konduz=Kunduz/province/event");
    QTest::newRow("X province") << QStringLiteral("Clashes were reported in Kandahar province.")
                                << QStringLiteral("Kandahar=Kandahar/province/event");
    QTest::newRow("landmark") << QStringLiteral("Troops guard Bangi Bridge.")
                              << QStringLiteral("Bangi Bridge=Bangi Bridge/landmark/event");
    QTest::newRow("origins in a list after from")
        << QStringLiteral("The non-Afghan Taliban fighters from Pakistan, Chechnya and Saudi Arabia would receive no amnesty.")
        << QStringLiteral("Pakistan=Pakistan/country/origin; Saudi Arabia=Saudi Arabia/country/origin");
    QTest::newRow("country as speaker") << QStringLiteral("The United States has said it does not want them to return.")
                                        << QStringLiteral("United States=United States/country/actor");
    QTest::newRow("capital as speaker") << QStringLiteral("Islamabad has repeatedly denied the reports.")
                                        << QStringLiteral("Islamabad=Islamabad/city/actor");
    QTest::newRow("country possessive") << QStringLiteral("Pakistan's government closed the border.")
                                        << QStringLiteral("Pakistan=Pakistan/country/actor");
    QTest::newRow("country after in") << QStringLiteral("The last city under Taliban control in northern Afghanistan.")
                                      << QStringLiteral("Afghanistan=Afghanistan/country/event");
    QTest::newRow("country with no preposition") << QStringLiteral("Afghanistan needs aid, officials said.")
                                                 << QStringLiteral("Afghanistan=Afghanistan/country/actor");
    QTest::newRow("born") << QStringLiteral("The Saudi Arabia-born militant was killed.")
                          << QStringLiteral("Saudi Arabia=Saudi Arabia/country/origin");
    QTest::newRow("bearing from a reference")
        << QStringLiteral("Meanwhile, in Maidanshar, a town west of Kabul, fighting broke out.")
        << QStringLiteral("Maidanshar=Maīdān Shahr/city/event; Kabul=Kabul/city/reference");
    QTest::newRow("topic of talks") << QStringLiteral("Alliance, Taliban end new talks on Konduz")
                                    << QStringLiteral("Konduz=Kunduz/city/topic");
    QTest::newRow("place standing in a city abroad") << QStringLiteral("In Washington, officials said the war would go on.")
                                                     << QStringLiteral("Washington=Washington/city/event");
    QTest::newRow("speaker's place") << QStringLiteral("A spokesman in Kandahar said the troops would return.")
                                     << QStringLiteral("Kandahar=Kandahar/city/reference");
    QTest::newRow("people from a town") << QStringLiteral("Elders from neighbouring Khost negotiated a truce.")
                                        << QStringLiteral("Khost=Khōst/city/origin");
    QTest::newRow("a road named for a town") << QStringLiteral("Jets bombed the old Bagram road.")
                                             << QStringLiteral("Bagram=Bagrām/city/reference");
    QTest::newRow("people are no places") << QStringLiteral("Gen. Abdul Rashid Dostum met Mullah Faizel.") << QString();
    QTest::newRow("common words are no places") << QStringLiteral("Here, Meanwhile and Police are words.") << QString();
    QTest::newRow("dateline") << QStringLiteral("MAZAR-E SHARIF, Afghanistan (CNN) -- Talks ended here Thursday.")
                              << QStringLiteral("MAZAR-E SHARIF=Mazār-e Sharīf/city/event; Afghanistan=Afghanistan/country/actor");
    QTest::newRow("namesake abroad told apart") << QStringLiteral("Fighting in Kalat, Pakistan, went on.")
                                                << QStringLiteral("Kalat=Kalat/city/event; Pakistan=Pakistan/country/actor");
}

void TestGeoparser::findsPlaces()
{
    QFETCH(QString, sentence);
    QFETCH(QString, expected);
    QCOMPARE(describe(sentence), expected);
}

void TestGeoparser::resolvesDatelines_data()
{
    QTest::addColumn<QString>("dateline");
    QTest::addColumn<QString>("place");
    QTest::newRow("capitals") << QStringLiteral("MAZAR-E SHARIF") << QStringLiteral("Mazār-e Sharīf");
    QTest::newRow("another romanisation") << QStringLiteral("MAZAR-I-SHARIF") << QStringLiteral("Mazār-e Sharīf");
    QTest::newRow("city, not province") << QStringLiteral("KUNDUZ") << QStringLiteral("Kunduz");
    QTest::newRow("unknown") << QStringLiteral("ATLANTIS") << QString();
}

void TestGeoparser::resolvesDatelines()
{
    QFETCH(QString, dateline);
    QFETCH(QString, place);
    const ExtractionResources &r = *fixtureResources();
    const int entry = r.geoparser.resolve(dateline, {QStringLiteral("AF")});
    QCOMPARE(entry >= 0 ? r.gazetteer.place(entry).name : QString(), place);
    if (entry >= 0)
        QVERIFY(r.gazetteer.place(entry).precision == GeoPrecision::City);
}

void TestGeoparser::prefersTheAreaOfInterest()
{
    // "Kalat" names a town in Pakistan and (as an alternative spelling) Qalat in Afghanistan.
    const ExtractionResources &r = *fixtureResources();
    const int inAf = r.geoparser.resolve(QStringLiteral("Kalat"), {QStringLiteral("AF")});
    const int inPk = r.geoparser.resolve(QStringLiteral("Kalat"), {QStringLiteral("PK")});
    QCOMPARE(r.gazetteer.place(inAf).country, QStringLiteral("AF"));
    QCOMPARE(r.gazetteer.place(inPk).country, QStringLiteral("PK"));
}

QTEST_GUILESS_MAIN(TestGeoparser)
#include "tst_geoparser.moc"
