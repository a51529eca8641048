// The actor tagger: groups, people and roles with their affiliation, from resources/lexicons/.
#include "extract/actortagger.h"
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

// "name (affiliation)" for each actor found; bare nationality words are left out.
QString describe(const QString &sentence)
{
    QStringList out;
    for (const ActorSpan &a : tagger().tag(tokenizeNames(sentence)))
        if (!a.actor.name.isEmpty())
            out << QStringLiteral("%1 (%2)").arg(a.actor.name, a.actor.affiliation);
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
};

void TestActors::tagsActors_data()
{
    QTest::addColumn<QString>("sentence");
    QTest::addColumn<QString>("expected");
    QTest::newRow("roles take a group's side")
        << QStringLiteral("Northern Alliance commanders and Taliban leaders ended a second round of talks.")
        << QStringLiteral("Northern Alliance commanders (Northern Alliance); Taliban leaders (Taliban)");
    QTest::newRow("people with titles")
        << QStringLiteral("Gen. Abdul Rashid Dostum, a top Northern Alliance commander, and Taliban Gen. Mullah Faizel met.")
        << QStringLiteral("Abdul Rashid Dostum (Northern Alliance); Northern Alliance commanders (Northern Alliance); "
                          "Mullah Fazel (Taliban)");
    QTest::newRow("spelling variants") << QStringLiteral("The Taleban and al-Qaida denied it; so did Mullah Fazil.")
                                       << QStringLiteral("Taliban (Taliban); al Qaeda (al Qaeda); Mullah Fazel (Taliban)");
    QTest::newRow("nationality before a role") << QStringLiteral("Pakistani volunteers and Arab fighters stayed.")
                                               << QStringLiteral("Pakistani volunteers (Pakistan); Arab fighters ()");
    QTest::newRow("denied nationality") << QStringLiteral("The non-Afghan troops fought on.")
                                        << QStringLiteral("non-Afghan troops ()");
    QTest::newRow("pro- and adjectives") << QStringLiteral("Many pro-Taliban fighters and local Afghan Taliban fighters fled.")
                                         << QStringLiteral("Taliban fighters (Taliban); Taliban fighters (Taliban)");
    QTest::newRow("acronym and aircraft") << QStringLiteral("U.S. warplanes bombed the lines.")
                                          << QStringLiteral("United States aircraft (United States)");
    QTest::newRow("possessive person") << QStringLiteral("Dostum's troops moved in.")
                                       << QStringLiteral("Northern Alliance troops (Northern Alliance)");
    QTest::newRow("lower-case us is no country") << QStringLiteral("He told us the fighters left.")
                                                 << QStringLiteral("fighters ()");
    QTest::newRow("capitalised Alliance only") << QStringLiteral("The Alliance said an alliance of tribes formed.")
                                               << QStringLiteral("Northern Alliance (Northern Alliance); tribal leaders ()");
    QTest::newRow("nationality adjective names no one") << QStringLiteral("Near the Iranian border.") << QString();
    QTest::newRow("plural nationality is an actor") << QStringLiteral("Americans bombed the caves.")
                                                    << QStringLiteral("United States (United States)");
    QTest::newRow("generic roles") << QStringLiteral("Local residents and elders met refugees.")
                                   << QStringLiteral("residents (); tribal leaders (); refugees ()");
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
    QCOMPARE(role.actor.name, QStringLiteral("Taliban fighters"));
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

QTEST_GUILESS_MAIN(TestActors)
#include "tst_actors.moc"
