// The event coder: triggers to event types with their ACLED and CAMEO codes, and what is not an
// event (negated, hypothetical, generic).
#include "event.h"
#include "extract/eventcoder.h"
#include "resourcepaths.h"
#include "testsupport.h"

#include <QtTest>

using namespace mapline;

namespace {

struct Lexicons {
    WordClasses words;
    EventCoder coder{words};
};

const Lexicons &lexicons()
{
    static const Lexicons *l = [] {
        auto *x = new Lexicons;
        Status s = x->words.load(resourcePath(QStringLiteral("lexicons/cues.tsv")),
                                 resourcePath(QStringLiteral("lexicons/common_words.txt")));
        if (s)
            s = x->coder.load(resourcePath(QStringLiteral("lexicons/triggers.tsv")),
                              resourcePath(QStringLiteral("lexicons/event_types.tsv")));
        if (!s)
            qFatal("%s", qPrintable(s.error()));
        return x;
    }();
    return *l;
}

// "type" for an asserted event, "type!" negated, "type?" hypothetical, "type+air" with an air cue;
// `placeWords` marks words standing for a place name (the geoparser's job, not tested here).
QString describe(const QString &sentence, const QStringList &placeWords = {})
{
    const Lexicons &l = lexicons();
    const QList<NameToken> tokens = tokenizeNames(sentence);
    const QList<quint32> classes = l.words.classify(tokens);
    QList<bool> blocked(tokens.size(), false);
    QList<bool> places(tokens.size(), false);
    for (int k = 0; k < tokens.size(); ++k)
        places[k] = placeWords.contains(tokens[k].norm);
    QStringList out;
    for (const TriggerMatch &t : l.coder.find(tokens, classes, blocked, places)) {
        QString d = l.coder.type(t.type).type;
        if (t.flags & Event::Negated)
            d += QLatin1Char('!');
        if (t.flags & Event::Hypothetical)
            d += QLatin1Char('?');
        if (t.airCue && (d.startsWith(QLatin1String("bombing")) || d.startsWith(QLatin1String("shelling"))))
            d += QStringLiteral("+air");
        out << d;
    }
    return out.join(QLatin1Char(' '));
}

} // namespace

class TestEventCoder : public QObject {
    Q_OBJECT
private slots:
    void codesSentences_data();
    void codesSentences();
    void everyTypeHasCodes();
    void triggerSpansAndSubTypes();
    void rejectsUnknownTypes();
};

void TestEventCoder::codesSentences_data()
{
    QTest::addColumn<QString>("sentence");
    QTest::addColumn<QStringList>("places");
    QTest::addColumn<QString>("expected");
    const QStringList none;
    QTest::newRow("talks") << QStringLiteral("Commanders ended a second round of talks here Thursday.") << none
                           << QStringLiteral("talks");
    QTest::newRow("agreement, not the fighting it stops")
        << QStringLiteral("The Taliban agreed to stop fighting in the northern city of Konduz.") << QStringList{QStringLiteral("konduz")}
        << QStringLiteral("agreement ceasefire?");
    QTest::newRow("were to discuss") << QStringLiteral("They were to discuss the details of Wednesday's agreement, and how a "
                                                       "possible handover of weapons and disarmament would take place.")
                                     << none << QStringLiteral("agreement? handover? disarmament?");
    QTest::newRow("no word on whether") << QStringLiteral("There was no word on whether any agreement was reached in "
                                                          "Thursday's talks.")
                                        << none << QStringLiteral("agreement!? talks!?");
    QTest::newRow("generic relative") << QStringLiteral("The future of Taliban soldiers who surrender was discussed.") << none
                                      << QStringLiteral("surrender?");
    QTest::newRow("conditional") << QStringLiteral("If those fighters give themselves up, they would be tried.") << none
                                 << QStringLiteral("surrender?");
    QTest::newRow("want to") << QStringLiteral("Fighters who want to defect or surrender are killed.") << none
                             << QStringLiteral("defection? surrender? killing");
    QTest::newRow("did not") << QStringLiteral("He did not elaborate on those negotiations.") << none
                             << QStringLiteral("talks!");
    QTest::newRow("refused to, then killed") << QStringLiteral("Volunteers who had refused to leave were killed.") << none
                                             << QStringLiteral("killing");
    QTest::newRow("started to mass") << QStringLiteral("Fighters are heading south, starting to mass in and around Kandahar.")
                                     << QStringList{QStringLiteral("kandahar")} << QStringLiteral("troop_movement troop_movement");
    QTest::newRow("reported to have surrendered")
        << QStringLiteral("Hundreds were reported to have surrendered at the airport.") << none << QStringLiteral("surrender");
    QTest::newRow("heavy fighting") << QStringLiteral("The city has been the scene of heavy fighting in recent days.") << none
                                    << QStringLiteral("armed_clash");
    QTest::newRow("bombs from the air") << QStringLiteral("U.S. warplanes bombed Taliban positions on Monday.") << none
                                        << QStringLiteral("bombing+air");
    QTest::newRow("captured a town") << QStringLiteral("Alliance troops captured the strategic northern city of Mazar-i-Sharif.")
                                     << QStringList{QStringLiteral("mazar")} << QStringLiteral("territory_taken");
    QTest::newRow("captured caves") << QStringLiteral("Our fighters captured two caves this morning.") << none
                                    << QStringLiteral("territory_taken");
    QTest::newRow("captured people") << QStringLiteral("Our fighters captured 50 Arab fighters.") << none
                                     << QStringLiteral("arrest");
    QTest::newRow("mass graves are no massing") << QStringLiteral("Mass graves were found near the town.") << none
                                                << QString();
    QTest::newRow("fall of a city") << QStringLiteral("The Taliban retreated after the fall of Kabul.")
                                    << QStringList{QStringLiteral("kabul")} << QStringLiteral("withdrawal territory_taken");
    QTest::newRow("without a fight") << QStringLiteral("The garrison surrendered without a fight.") << none
                                     << QStringLiteral("surrender armed_clash!");
    QTest::newRow("future modal") << QStringLiteral("The alliance will attack Kunduz.") << QStringList{QStringLiteral("kunduz")}
                                  << QStringLiteral("armed_clash?");
    QTest::newRow("fear of") << QStringLiteral("Residents fled for fear of air strikes.") << none
                             << QStringLiteral("withdrawal air_strike?");
    QTest::newRow("talking about defecting") << QStringLiteral("Fighters were talking with tribal leaders about defecting.")
                                             << none << QStringLiteral("talks defection?");
    QTest::newRow("suicide bomber") << QStringLiteral("A suicide bomber blew himself up in the market.") << none
                                    << QStringLiteral("bombing");
    // Held-out batch 3: rules for any news text.
    QTest::newRow("denied reports that") << QStringLiteral("The governor denied reports that his forces had attacked villages.")
                                         << none << QStringLiteral("armed_clash!");
    QTest::newRow("rejected the claims that") << QStringLiteral("He rejected the claims that his men looted shops.") << none
                                              << QStringLiteral("attack_on_civilians!");
    QTest::newRow("denied, then a new clause") << QStringLiteral("He denied the reports, and said his men attacked the post.")
                                               << none << QStringLiteral("armed_clash");
    QTest::newRow("two guards are no guarding") << QStringLiteral("Gunmen beat two guards and looted the warehouse.") << none
                                                << QStringLiteral("attack_on_civilians");
    QTest::newRow("their patrols, then ambushed") << QStringLiteral("Their patrols were ambushed near the pass.") << none
                                                  << QStringLiteral("armed_clash");
    QTest::newRow("a tank that guards") << QStringLiteral("A tank that guards the bridge was hit.") << none
                                        << QStringLiteral("deployment");
    QTest::newRow("could not travel after clashes")
        << QStringLiteral("Staff could not travel to the town after clashes near it last week.") << none
        << QStringLiteral("armed_clash");
    QTest::newRow("did not resist when they entered")
        << QStringLiteral("The garrison did not resist when alliance troops entered the city.") << none
        << QStringLiteral("territory_taken");
    QTest::newRow("a condition holds past after")
        << QStringLiteral("If fighting resumes after the truce, aid will stop.") << none << QStringLiteral("armed_clash? ceasefire?");
    QTest::newRow("fired at") << QStringLiteral("Shots were fired at a UNHCR vehicle on the road.") << none
                              << QStringLiteral("armed_clash");
}

void TestEventCoder::codesSentences()
{
    QFETCH(QString, sentence);
    QFETCH(QStringList, places);
    QFETCH(QString, expected);
    QCOMPARE(describe(sentence, places), expected);
}

void TestEventCoder::everyTypeHasCodes()
{
    const EventCoder &c = lexicons().coder;
    QVERIFY(c.typeCount() >= 15);
    QVERIFY(c.triggerCount() > 200);
    for (int i = 0; i < c.typeCount(); ++i) {
        const EventTypeInfo &t = c.type(i);
        QVERIFY2(t.cameoRoot.size() == 2 && t.cameoRoot.toInt() >= 1 && t.cameoRoot.toInt() <= 20, qPrintable(t.type));
    }
    const EventTypeInfo &clash = c.type(c.typeIndex(QStringLiteral("armed_clash")));
    QCOMPARE(clash.acledEventType, QStringLiteral("Battles"));
    QCOMPARE(clash.acledSubEventType, QStringLiteral("Armed clash"));
    QCOMPARE(clash.cameoRoot, QStringLiteral("19"));
    const EventTypeInfo &air = c.type(c.typeIndex(QStringLiteral("air_strike")));
    QCOMPARE(air.acledSubEventType, QStringLiteral("Air/drone strike"));
    QCOMPARE(c.type(c.typeIndex(QStringLiteral("talks"))).cameoRoot, QStringLiteral("04"));
}

void TestEventCoder::triggerSpansAndSubTypes()
{
    const Lexicons &l = lexicons();
    const QString sentence = QStringLiteral("A suicide bomber struck, and U.S. jets hit back with air strikes.");
    const QList<NameToken> tokens = tokenizeNames(sentence);
    const QList<bool> no(tokens.size(), false);
    const QList<TriggerMatch> found = l.coder.find(tokens, l.words.classify(tokens), no, no);
    QVERIFY(found.size() >= 2);
    QCOMPARE(sentence.mid(tokens[found[0].first].start, tokens[found[0].end - 1].end - tokens[found[0].first].start),
             QStringLiteral("suicide bomber"));
    QCOMPARE(found[0].acledSubEventType, QStringLiteral("Suicide bomb"));
    QCOMPARE(l.coder.type(found.last().type).type, QStringLiteral("air_strike"));
}

void TestEventCoder::rejectsUnknownTypes()
{
    WordClasses words;
    EventCoder coder(words);
    QVERIFY(coder.addTypes(QStringLiteral("type\tacled\tsub\tcameo\ntalks\tStrategic developments\tOther\t04\n"),
                           QStringLiteral("types.tsv")));
    const Status s = coder.addTriggers(QStringLiteral("forms\ttype\tconfidence\tpos\nparley\tparleys\t0.5\tnoun\n"),
                                       QStringLiteral("triggers.tsv"));
    QVERIFY(!s.ok());
    QVERIFY2(s.error().contains(QStringLiteral("triggers.tsv:2")) && s.error().contains(QStringLiteral("parleys")),
             qPrintable(s.error()));
    const Status c = coder.addTriggers(QStringLiteral("forms\ttype\tconfidence\tpos\nparley\ttalks\t7\tnoun\n"),
                                       QStringLiteral("triggers.tsv"));
    QVERIFY(!c.ok());
}

QTEST_GUILESS_MAIN(TestEventCoder)
#include "tst_eventcoder.moc"
