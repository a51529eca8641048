// The actor tagger: groups, people and roles with their affiliation, from resources/lexicons/.
#include "extract/actortagger.h"
#include "extract/extractionresources.h"
#include "resourcepaths.h"
#include "testsupport.h"

#include <QtTest>

using namespace mapline;

namespace {

const ActorTagger &tagger()
{
    static const ActorTagger t = [] {
        ActorTagger a;
        const Status s = a.load(resourcePath(QStringLiteral("lexicons/actors.tsv")),
                                resourcePath(QStringLiteral("lexicons/nationalities.tsv")));
        if (!s)
            qFatal("%s", qPrintable(s.error()));
        a.finish({});
        return a;
    }();
    return t;
}

// "name [role] (affiliation)" for each actor found; bare nationality words are left out.
QString describe(const QString &sentence)
{
    QStringList out;
    for (const ActorSpan &a : tagger().tag(tokenizeNames(sentence)))
        if (!a.actor.name.isEmpty())
            out << (a.role.isEmpty() ? QStringLiteral("%1 (%2)").arg(a.actor.name, a.actor.affiliation)
                                     : QStringLiteral("%1 [%2] (%3)").arg(a.actor.name, a.role, a.actor.affiliation));
    return out.join(QStringLiteral("; "));
}

} // namespace

class TestActors : public QObject {
    Q_OBJECT
private slots:
    void tagsActors_data();
    void tagsActors();
    void spansCoverTheWords();
    void rejectsBadRows();
    void datasetNames_data();
    void datasetNames();
};

void TestActors::tagsActors_data()
{
    QTest::addColumn<QString>("sentence");
    QTest::addColumn<QString>("expected");
    // Issue 18: a role is the organisation it belongs to, the role kept apart.
    QTest::newRow("roles are their group's")
        << QStringLiteral("Northern Alliance commanders and Taliban leaders ended a second round of talks.")
        << QStringLiteral("Northern Alliance [commanders] (Northern Alliance); Taliban [leaders] (Taliban)");
    QTest::newRow("every role of one group is that group")
        << QStringLiteral("Northern Alliance troops, Northern Alliance fighters and Northern Alliance leaders met.")
        << QStringLiteral("Northern Alliance [troops] (Northern Alliance); Northern Alliance [fighters] (Northern Alliance); "
                          "Northern Alliance [leaders] (Northern Alliance)");
    QTest::newRow("people with titles")
        << QStringLiteral("Gen. Abdul Rashid Dostum, a top Northern Alliance commander, and Taliban Gen. Mullah Faizel met.")
        << QStringLiteral("Abdul Rashid Dostum (Northern Alliance); Northern Alliance [commanders] (Northern Alliance); "
                          "Mullah Fazel (Taliban)");
    QTest::newRow("spelling variants") << QStringLiteral("The Taleban and al-Qaida denied it; so did Mullah Fazil.")
                                       << QStringLiteral("Taliban (Taliban); al Qaeda (al Qaeda); Mullah Fazel (Taliban)");
    QTest::newRow("nationality before a role") << QStringLiteral("Pakistani volunteers and Arab fighters stayed.")
                                               << QStringLiteral("Pakistani volunteers [volunteers] (Pakistan); Arab fighters [fighters] ()");
    QTest::newRow("a state's forces") << QStringLiteral("American troops and Pakistani officials arrived.")
                                      << QStringLiteral("United States [troops] (United States); Pakistan [leaders] (Pakistan)");
    QTest::newRow("denied nationality") << QStringLiteral("The non-Afghan troops fought on.")
                                        << QStringLiteral("non-Afghan troops [troops] ()");
    QTest::newRow("pro- and adjectives") << QStringLiteral("Many pro-Taliban fighters and local Afghan Taliban fighters fled.")
                                         << QStringLiteral("Taliban [fighters] (Taliban); Taliban [fighters] (Taliban)");
    QTest::newRow("acronym and aircraft") << QStringLiteral("U.S. warplanes bombed the lines.")
                                          << QStringLiteral("United States [aircraft] (United States)");
    QTest::newRow("possessive person") << QStringLiteral("Dostum's troops moved in; Sherzai's men followed.")
                                       << QStringLiteral("Northern Alliance [troops] (Northern Alliance); "
                                                         "Afghan interim administration [troops] (Afghan interim administration)");
    QTest::newRow("their fighters are the speaker's")
        << QStringLiteral("Northern Alliance commanders said at least 30 of their fighters were killed.")
        << QStringLiteral("Northern Alliance [commanders] (Northern Alliance); Northern Alliance [fighters] (Northern Alliance)");
    QTest::newRow("units of one state") << QStringLiteral("U-S Marines and B-52 bombers struck.")
                                        << QStringLiteral("United States (United States); United States (United States); "
                                                          "United States (United States)");
    QTest::newRow("lower-case alliance is the alliance") << QStringLiteral("Then alliance tanks shelled the town.")
                                                         << QStringLiteral("Northern Alliance [troops] (Northern Alliance)");
    QTest::newRow("lower-case us is no country") << QStringLiteral("He told us the fighters left.")
                                                 << QStringLiteral("fighters [fighters] ()");
    QTest::newRow("capitalised Alliance only") << QStringLiteral("The Alliance said an alliance of tribes formed.")
                                               << QStringLiteral("Northern Alliance (Northern Alliance); tribal leaders [tribal leaders] ()");
    QTest::newRow("nationality adjective names no one") << QStringLiteral("Near the Iranian border.") << QString();
    QTest::newRow("plural nationality is an actor") << QStringLiteral("Americans bombed the caves.")
                                                    << QStringLiteral("United States (United States)");
    QTest::newRow("generic roles") << QStringLiteral("Local residents and elders met refugees.")
                                   << QStringLiteral("residents [residents] (); tribal leaders [tribal leaders] (); refugees [refugees] ()");
}

void TestActors::tagsActors()
{
    QFETCH(QString, sentence);
    QFETCH(QString, expected);
    QCOMPARE(describe(sentence), expected);
}

void TestActors::spansCoverTheWords()
{
    const QString sentence = QStringLiteral("Yesterday non-Afghan Taliban fighters attacked.");
    const QList<NameToken> tokens = tokenizeNames(sentence);
    const QList<ActorSpan> found = tagger().tag(tokens);
    QVERIFY(!found.isEmpty());
    const ActorSpan &role = found.last();
    QCOMPARE(role.actor.name, QStringLiteral("Taliban"));
    QCOMPARE(role.role, QStringLiteral("fighters"));
    QCOMPARE(sentence.mid(tokens[role.first].start, tokens[role.end - 1].end - tokens[role.first].start),
             QStringLiteral("Taliban fighters"));
}

void TestActors::rejectsBadRows()
{
    ActorTagger t;
    const Status s = t.addActors(QStringLiteral("name\tvariants\taffiliation\tkind\nTaliban\tTaleban\tTaliban\tclan\n"),
                                 QStringLiteral("actors.tsv"));
    QVERIFY(!s.ok());
    QVERIFY2(s.error().contains(QStringLiteral("actors.tsv:2")), qPrintable(s.error()));
}

// Datasets' actor names in the lexicon's terms: one list of actors for extracted and imported events.
void TestActors::datasetNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("role");
    QTest::newRow("GDELT capitals") << QStringLiteral("TALIBAN") << QStringLiteral("Taliban") << QString();
    QTest::newRow("ACLED period and unit") << QStringLiteral("Military Forces of Afghanistan (2014-) Special Forces")
                                           << QStringLiteral("Military Forces of Afghanistan") << QStringLiteral("Special Forces");
    QTest::newRow("ACLED country") << QStringLiteral("Civilians (Afghanistan)") << QStringLiteral("civilians") << QString();
    QTest::newRow("ACLED organisation with a colon") << QStringLiteral("NATO: North Atlantic Treaty Organization (2001-)")
                                                     << QStringLiteral("NATO") << QString();
    QTest::newRow("a bracket that says more is kept") << QStringLiteral("Militia (Pro-Government)")
                                                      << QStringLiteral("Militia (Pro-Government)") << QString();
    QTest::newRow("unknown names are kept") << QStringLiteral("Teachers (Afghanistan)") << QStringLiteral("Teachers (Afghanistan)")
                                            << QString();
}

void TestActors::datasetNames()
{
    QFETCH(QString, name);
    QFETCH(QString, canonical);
    QFETCH(QString, role);
    const auto resources = ExtractionResources::shared();
    QVERIFY(!resources->isEmpty());
    const CanonicalActor c = resources->canonicalActor(name, QStringLiteral("group"));
    QCOMPARE(c.actor.name, canonical);
    QCOMPARE(c.role, role);
}

QTEST_GUILESS_MAIN(TestActors)
#include "tst_actors.moc"
