// Dating an article after import: its relative times are re-resolved from the stored rules,
// in one transaction, on a real SQLite file; the importer and `mapline import` report it.
#include "extract/articleparser.h"
#include "extract/timetagger.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;

namespace {

const QString kArticle = QStringLiteral("undated-kabul-aid-convoy.txt");

// Events as the extractor would make them: one per time mention (relative ones unresolved),
// one with no time of its own, one with an absolute time.
QList<Event> eventsFor(const Article &a)
{
    QList<Event> events;
    for (const Sentence &s : a.sentences) {
        for (const TimeMention &m : tagTimes(s.text, a.meta.published)) {
            Event e;
            e.type = QStringLiteral("e%1").arg(events.size());
            e.sentenceIndex = s.index;
            e.time = m.range;
            e.timeText = m.text;
            e.timeRule = m.rule;
            e.timeSpan = m.span;
            e.confidence = m.confidence;
            events.append(e);
        }
    }
    Event inherited;
    inherited.type = QStringLiteral("inherited");
    inherited.sentenceIndex = 0;
    inherited.flags = Event::InheritedTime;
    inherited.confidence = 0.5;
    events.append(inherited);
    Event absolute;
    absolute.type = QStringLiteral("absolute");
    absolute.sentenceIndex = 0;
    absolute.time = TimeRange::year(1996);
    absolute.timeText = QStringLiteral("1996");
    absolute.confidence = 0.9;
    events.append(absolute);
    return events;
}

QHash<QString, Event> byType(const QList<Event> &events)
{
    QHash<QString, Event> out;
    for (const Event &e : events)
        out.insert(e.type, e);
    return out;
}

} // namespace

class TestRedate : public QObject {
    Q_OBJECT

private slots:
    void init();
    void importerRedates_data();
    void importerRedates();
    void storedDateIsNotOverwritten();
    void clearingTheDate();
    void failures();
    void commandLine();

private:
    // Imports the undated article with extractor-like events; returns its id.
    qint64 importUndated(EventStore &store);

    QTemporaryDir mDir;
    QString mArticlePath;
    QString mDb;
};

void TestRedate::init()
{
    QVERIFY(mDir.isValid());
    mArticlePath = mDir.filePath(kArticle);
    QFile::remove(mArticlePath);
    QVERIFY(QFile::copy(test::testData(QStringLiteral("articles/") + kArticle), mArticlePath));
    mDb = mDir.filePath(QStringLiteral("%1.sqlite").arg(QString::fromLatin1(QTest::currentTestFunction())) +
                        QString::fromLatin1(QTest::currentDataTag() ? QTest::currentDataTag() : "").replace(u' ', u'-'));
    QFile::remove(mDb);
}

qint64 TestRedate::importUndated(EventStore &store)
{
    const Result<ParsedArticle> parsed = ArticleParser().parseFile(mArticlePath);
    if (!parsed)
        return -1;
    ParsedArticle p = *parsed;
    if (p.article.meta.published.isValid())
        return -2; // the fixture must carry no date
    p.events = eventsFor(p.article);
    const Result<EventStore::ImportOutcome> outcome = store.importArticle(p);
    return outcome ? outcome->articleId : -3;
}

void TestRedate::importerRedates_data()
{
    QTest::addColumn<QDate>("date");
    QTest::newRow("Wednesday 2001-11-21") << QDate(2001, 11, 21);
    QTest::newRow("Sunday 2001-11-18") << QDate(2001, 11, 18);
    QTest::newRow("Tuesday 2002-01-01") << QDate(2002, 1, 1);
}

void TestRedate::importerRedates()
{
    QFETCH(QDate, date);
    auto opened = EventStore::open(mDb);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    EventStore &store = *opened.value();
    const qint64 id = importUndated(store);
    QVERIFY(id > 0);

    // Stored undated: relative times unresolved, shown as such.
    const QHash<QString, Event> before = byType(*store.events());
    int relative = 0;
    for (const Event &e : before) {
        if (!e.timeRule.isEmpty()) {
            ++relative;
            QVERIFY2(!e.time.isValid(), qPrintable(e.timeText));
            QCOMPARE(toString(e.time.precision), QStringLiteral("unknown"));
        }
    }
    QVERIFY(relative >= 6);
    QVERIFY(!before[QStringLiteral("inherited")].time.isValid());

    // The same file again, now with a date: no re-import, the events are re-resolved.
    ParseOptions options;
    options.published = date;
    ArticleImporter importer(store, options);
    const ArticleImporter::FileResult r = importer.importFile(mArticlePath);
    QCOMPARE(r.status, ArticleImporter::FileResult::Status::Redated);
    QCOMPARE(r.articleId, id);
    QCOMPARE(r.reResolved, relative + 1);
    QVERIFY(store.checkConsistency().ok());
    QCOMPARE(store.stats()->articles, 1);
    QCOMPARE(store.article(id)->meta.published, date);

    // Each event now has exactly what tagging the sentence with the date gives.
    const Article article = *store.article(id);
    const QHash<QString, Event> after = byType(*store.events());
    QCOMPARE(after.size(), before.size());
    for (const Event &e : after) {
        if (e.type == u"inherited") {
            QCOMPARE(e.time, TimeRange::day(date));
        } else if (e.type == u"absolute") {
            QCOMPARE(e.time, TimeRange::year(1996));
        } else {
            const TimeRange expected = resolveTimeRule(e.timeRule, date);
            QVERIFY(expected.isValid());
            QCOMPARE(e.time, expected);
            bool found = false;
            for (const TimeMention &m : tagTimes(article.sentences[e.sentenceIndex].text, date))
                found = found || (m.span == e.timeSpan && m.range == e.time);
            QVERIFY2(found, qPrintable(e.timeText));
        }
    }
}

void TestRedate::storedDateIsNotOverwritten()
{
    auto opened = EventStore::open(mDb);
    QVERIFY(opened.ok());
    EventStore &store = *opened.value();
    QVERIFY(importUndated(store) > 0);
    ParseOptions first;
    first.published = QDate(2001, 11, 21);
    QCOMPARE(ArticleImporter(store, first).importFile(mArticlePath).status, ArticleImporter::FileResult::Status::Redated);
    ParseOptions second;
    second.published = QDate(2005, 5, 5);
    const ArticleImporter::FileResult r = ArticleImporter(store, second).importFile(mArticlePath);
    QCOMPARE(r.status, ArticleImporter::FileResult::Status::Duplicate);
    QCOMPARE(store.article(r.articleId)->meta.published, QDate(2001, 11, 21));
    // Without any date the file stays unchanged too.
    QCOMPARE(ArticleImporter(store, ParseOptions{}).importFile(mArticlePath).status,
             ArticleImporter::FileResult::Status::Duplicate);
}

void TestRedate::clearingTheDate()
{
    auto opened = EventStore::open(mDb);
    QVERIFY(opened.ok());
    EventStore &store = *opened.value();
    const qint64 id = importUndated(store);
    int changed = -1;
    QVERIFY(store.setPublishedDate(id, QDate(2001, 11, 21), &changed).ok());
    QVERIFY(changed > 0);
    QVERIFY(store.setPublishedDate(id, QDate(), &changed).ok());
    QVERIFY(!store.article(id)->meta.published.isValid());
    for (const Event &e : *store.events()) {
        if (e.type == u"absolute")
            QVERIFY(e.time.isValid());
        else
            QVERIFY2(!e.time.isValid(), qPrintable(e.timeText));
    }
    QVERIFY(store.checkConsistency().ok());
}

void TestRedate::failures()
{
    {
        auto opened = EventStore::open(mDb);
        QVERIFY(opened.ok());
        EventStore &store = *opened.value();
        const qint64 id = importUndated(store);
        const Status missing = store.setPublishedDate(id + 100, QDate(2001, 11, 21));
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().contains(QStringLiteral("no such article")), qPrintable(missing.error()));
        // An unknown rule leaves its event unresolved and the rest of the transaction goes through.
        QSqlQuery q(store.database());
        QVERIFY(q.exec(QStringLiteral("UPDATE events SET time_rule = 'fortnight:3' WHERE type = 'e0'")));
        int changed = 0;
        QVERIFY(store.setPublishedDate(id, QDate(2001, 11, 21), &changed).ok());
        for (const Event &e : *store.events()) {
            if (e.type == u"e0")
                QVERIFY(!e.time.isValid());
            else if (e.type == u"e1")
                QVERIFY(e.time.isValid());
        }
    }
    auto readOnly = EventStore::open(mDb, EventStore::Mode::ReadOnly);
    QVERIFY(readOnly.ok());
    const Status s = readOnly.value()->setPublishedDate(1, QDate(2001, 1, 1));
    QVERIFY(!s.ok());
    QVERIFY2(s.error().contains(QStringLiteral("read-only")), qPrintable(s.error()));
}

void TestRedate::commandLine()
{
    const auto first = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), mDb, mArticlePath});
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QVERIFY2(first.out.contains("imported   "), first.out.constData());
    QVERIFY2(first.err.contains("no publication date"), first.err.constData());
    const auto second = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), mDb, QStringLiteral("--date"),
                                          QStringLiteral("2001-11-21"), mArticlePath});
    QVERIFY2(second.exitCode == 0, second.err.constData());
    QVERIFY2(second.out.contains("dated      " + mArticlePath.toUtf8() + " ("), second.out.constData());
    QVERIFY2(second.out.contains(" events re-resolved)"), second.out.constData());
    QVERIFY2(second.out.contains("1 dated"), second.out.constData());
    auto store = EventStore::open(mDb, EventStore::Mode::ReadOnly);
    QVERIFY(store.ok());
    QCOMPARE(store.value()->article(1)->meta.published, QDate(2001, 11, 21));
    const auto third = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), mDb, QStringLiteral("--date"),
                                         QStringLiteral("2001-11-21"), mArticlePath});
    QVERIFY2(third.out.contains("unchanged  "), third.out.constData());
}

QTEST_GUILESS_MAIN(TestRedate)
#include "tst_redate.moc"
