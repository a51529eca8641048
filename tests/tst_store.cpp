// The event store on a real SQLite file: schema, migrations, transactions, constraints, search.
#include "extract/articleparser.h"
#include "store/eventstore.h"
#include "store/schema.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;

namespace {

Event makeEvent(const QString &type, int sentence, const QString &placeName, double lon, double lat, QDate date)
{
    Event e;
    e.type = type;
    e.sentenceIndex = sentence;
    e.acledEventType = QStringLiteral("Battles");
    e.acledSubEventType = QStringLiteral("Armed clash");
    e.cameoRoot = QStringLiteral("19");
    e.time = TimeRange::day(date);
    e.timeText = QStringLiteral("Wednesday");
    e.timeRule = QStringLiteral("weekday:3");
    e.place.name = placeName;
    e.place.precision = GeoPrecision::City;
    e.place.coordinate = QGeoCoordinate(lat, lon);
    e.place.admin1 = placeName;
    e.place.country = QStringLiteral("AF");
    e.placeText = placeName;
    e.trigger = {4, 12};
    e.confidence = 0.8;
    e.actors.append(ActorMention{Actor{QStringLiteral("Taliban"), QStringLiteral("Taliban"), QStringLiteral("group")}, Span{0, 7}});
    e.actors.append(ActorMention{Actor{QStringLiteral("Northern Alliance"), QStringLiteral("Northern Alliance"), QStringLiteral("group")}, Span{20, 37}});
    return e;
}

ParsedArticle makeArticle(const QString &body)
{
    ArticleParser parser;
    ArticleMeta meta;
    meta.title = QStringLiteral("Fighting in Konduz");
    meta.source = QStringLiteral("Test Wire");
    meta.published = QDate(2001, 11, 22);
    ParsedArticle parsed = parser.parse(body, meta);
    parsed.events.clear(); // the store is tested with events of known content
    parsed.events.append(makeEvent(QStringLiteral("armed_clash"), 0, QStringLiteral("Kunduz"), 68.86, 36.73,
                                   QDate(2001, 11, 21)));
    parsed.events.append(makeEvent(QStringLiteral("talks"), 1, QStringLiteral("Mazar-e Sharif"), 67.11, 36.71,
                                   QDate(2001, 11, 22)));
    return parsed;
}

const QString kBody = QStringLiteral("Taliban fought the Northern Alliance in Konduz on Wednesday.\n"
                                     "Commanders held talks in Mazar-e Sharif on Thursday.");

qint64 count(EventStore &store, const QString &table)
{
    QSqlQuery q(store.database());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

QByteArray fileHash(const QString &path)
{
    return QCryptographicHash::hash(test::readFile(path), QCryptographicHash::Sha256);
}

// Sets PRAGMA user_version through a connection of its own, as another program would.
void setUserVersion(const QString &path, int version)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=%1").arg(version)));
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
}

} // namespace

class TestStore : public QObject {
    Q_OBJECT
private slots:
    void createsSchemaAndReopens();
    void refusesNewerSchema();
    void refusesFilesThatAreNotMapline_data();
    void refusesFilesThatAreNotMapline();
    void failedImportLeavesNoTrace();
    void sameArticleTwiceIsOneRow();
    void textIsStoredAsWritten();
    void foreignKeysHold();
    void fullTextSearchFindsSentence();
    void invalidSearchIsAnError();
    void queriesFilterByDateTypeActorAndPlace();
    void readOnlyStoreRefusesWrites();

private:
    QTemporaryDir mDir;
    QString path(const QString &name) const { return mDir.filePath(name); }
};

void TestStore::createsSchemaAndReopens()
{
    const QString file = path(QStringLiteral("create.sqlite"));
    {
        auto store = EventStore::open(file);
        QVERIFY2(store.ok(), qPrintable(store.error()));
        QCOMPARE(store.value()->schemaVersion(), schema::latestVersion());
        QVERIFY(store.value()->importArticle(makeArticle(kBody)).ok());
        QSqlQuery q(store.value()->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(q.exec(QStringLiteral("PRAGMA application_id")) && q.next());
        QCOMPARE(q.value(0).toInt(), schema::kApplicationId);
    }
    auto again = EventStore::open(file);
    QVERIFY2(again.ok(), qPrintable(again.error()));
    QCOMPARE(again.value()->schemaVersion(), schema::latestVersion());
    QCOMPARE(count(*again.value(), QStringLiteral("articles")), 1);
    QCOMPARE(count(*again.value(), QStringLiteral("events")), 2);
    QVERIFY2(again.value()->checkConsistency().ok(), qPrintable(again.value()->checkConsistency().error()));
    const auto events = again.value()->events();
    QVERIFY(events.ok());
    QCOMPARE(events->size(), 2);
    const Event &first = events->first();
    QCOMPARE(first.type, QStringLiteral("armed_clash"));
    QCOMPARE(first.time.start, QDate(2001, 11, 21));
    QCOMPARE(first.place.name, QStringLiteral("Kunduz"));
    QVERIFY(first.place.precision == GeoPrecision::City);
    QCOMPARE(first.actors.size(), 2);
    QCOMPARE(first.sentence, QStringLiteral("Taliban fought the Northern Alliance in Konduz on Wednesday."));
    QCOMPARE(first.trigger, (Span{4, 12}));
}

void TestStore::refusesNewerSchema()
{
    const QString file = path(QStringLiteral("newer.sqlite"));
    {
        auto store = EventStore::open(file);
        QVERIFY(store.ok());
    }
    setUserVersion(file, schema::latestVersion() + 1);
    const QByteArray before = fileHash(file);
    auto store = EventStore::open(file);
    QVERIFY(!store.ok());
    QVERIFY2(store.error().contains(file), qPrintable(store.error()));
    QVERIFY2(store.error().contains(QStringLiteral("newer")), qPrintable(store.error()));
    QCOMPARE(fileHash(file), before);
}

void TestStore::refusesFilesThatAreNotMapline_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    QTest::newRow("text") << QByteArray("this is not a database\n") << QStringLiteral("not a SQLite database");
    QTest::newRow("binary") << QByteArray(4096, '\x7f') << QStringLiteral("not a SQLite database");
    QTest::newRow("truncated") << QByteArray("SQLite format 3\0\x10\x00", 18) << QStringLiteral("truncated");
}

void TestStore::refusesFilesThatAreNotMapline()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    const QString file = path(QStringLiteral("foreign-%1.sqlite").arg(QTest::currentDataTag()));
    QVERIFY(test::writeFile(file, content));
    auto store = EventStore::open(file);
    QVERIFY(!store.ok());
    QVERIFY2(store.error().contains(file) && store.error().contains(reason), qPrintable(store.error()));
    QCOMPARE(test::readFile(file), content);
}

void TestStore::failedImportLeavesNoTrace()
{
    auto store = EventStore::open(path(QStringLiteral("halfway.sqlite")));
    QVERIFY(store.ok());
    ParsedArticle parsed = makeArticle(kBody);
    parsed.article.meta.path = QStringLiteral("halfway.txt");
    // The second event breaks a constraint after the article, its sentences, a place, actors and the
    // first event have been written.
    parsed.events[1].confidence = 2.0;
    const auto result = store.value()->importArticle(parsed);
    QVERIFY(!result.ok());
    QVERIFY2(result.error().contains(QStringLiteral("halfway.txt")), qPrintable(result.error()));
    for (const QString &table : {QStringLiteral("articles"), QStringLiteral("sentences"), QStringLiteral("events"),
                                 QStringLiteral("places"), QStringLiteral("actors"), QStringLiteral("event_actors"),
                                 QStringLiteral("events_rtree")})
        QCOMPARE(count(*store.value(), table), 0);
    QSqlQuery fts(store.value()->database());
    QVERIFY(fts.exec(QStringLiteral("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'Konduz'")));
    QVERIFY(fts.next());
    QCOMPARE(fts.value(0).toInt(), 0);
    // The store is still usable and consistent.
    parsed.events[1].confidence = 0.5;
    QVERIFY(store.value()->importArticle(parsed).ok());
    QVERIFY(store.value()->checkConsistency().ok());
}

void TestStore::sameArticleTwiceIsOneRow()
{
    auto store = EventStore::open(path(QStringLiteral("twice.sqlite")));
    QVERIFY(store.ok());
    const auto first = store.value()->importArticle(makeArticle(kBody));
    QVERIFY(first.ok());
    QVERIFY(!first->duplicate);
    QCOMPARE(first->events, 2);
    const auto second = store.value()->importArticle(makeArticle(kBody));
    QVERIFY(second.ok());
    QVERIFY(second->duplicate);
    QCOMPARE(second->articleId, first->articleId);
    QCOMPARE(count(*store.value(), QStringLiteral("articles")), 1);
    QCOMPARE(count(*store.value(), QStringLiteral("events")), 2);
    QCOMPARE(count(*store.value(), QStringLiteral("sentences")), 2);
}

// Text goes to SQLite as UTF-8 converted by the store itself (RawStatement): one, two, three and
// four bytes a character, and an unpaired surrogate as U+FFFD.
void TestStore::textIsStoredAsWritten()
{
    auto store = EventStore::open(path(QStringLiteral("utf8.sqlite")));
    QVERIFY(store.ok());
    ParsedArticle parsed = makeArticle(kBody);
    const QString title = QStringLiteral("Kunduz: caf\u00e9, \u20ac5, \U0001F600 and ") + QChar(0xD800) + QStringLiteral(" alone");
    parsed.article.meta.title = title;
    const auto stored = store.value()->importArticle(parsed);
    QVERIFY2(stored.ok(), qPrintable(stored.error()));
    QSqlQuery q(store.value()->database());
    QVERIFY(q.exec(QStringLiteral("SELECT title, length(CAST(title AS BLOB)) FROM articles")));
    QVERIFY(q.next());
    QString expected = title;
    expected.replace(QChar(0xD800), QChar(0xFFFD));
    QCOMPARE(q.value(0).toString(), expected);
    QCOMPARE(q.value(1).toLongLong(), qint64(expected.toUtf8().size()));
}

void TestStore::foreignKeysHold()
{
    auto store = EventStore::open(path(QStringLiteral("fk.sqlite")));
    QVERIFY(store.ok());
    QVERIFY(store.value()->importArticle(makeArticle(kBody)).ok());
    QSqlQuery q(store.value()->database());
    QVERIFY(!q.exec(QStringLiteral("INSERT INTO events (article_id, type, confidence) VALUES (999, 'talks', 0.5)")));
    QVERIFY(q.lastError().text().contains(QStringLiteral("FOREIGN KEY"), Qt::CaseInsensitive));
    QVERIFY(!q.exec(QStringLiteral("INSERT INTO event_actors (event_id, actor_id) VALUES (1, 999)")));
    // Deleting an article takes its sentences, events and their actor links with it.
    QVERIFY(q.exec(QStringLiteral("DELETE FROM articles")));
    QCOMPARE(count(*store.value(), QStringLiteral("sentences")), 0);
    QCOMPARE(count(*store.value(), QStringLiteral("events")), 0);
    QCOMPARE(count(*store.value(), QStringLiteral("event_actors")), 0);
    QCOMPARE(count(*store.value(), QStringLiteral("events_rtree")), 0);
    QVERIFY(store.value()->checkConsistency().ok());
}

void TestStore::fullTextSearchFindsSentence()
{
    auto store = EventStore::open(path(QStringLiteral("fts.sqlite")));
    QVERIFY(store.ok());
    QVERIFY(store.value()->importArticle(makeArticle(kBody)).ok());
    EventQuery query;
    query.search = QStringLiteral("mazar");
    auto found = store.value()->events(query);
    QVERIFY2(found.ok(), qPrintable(found.error()));
    QCOMPARE(found->size(), 1);
    QCOMPARE(found->first().type, QStringLiteral("talks"));
    query.search = QStringLiteral("\"Northern Alliance\"");
    found = store.value()->events(query);
    QVERIFY(found.ok());
    QCOMPARE(found->size(), 1);
    QCOMPARE(found->first().type, QStringLiteral("armed_clash"));
    query.search = QStringLiteral("Konduz"); // the title matches: both events of the article
    found = store.value()->events(query);
    QVERIFY(found.ok());
    QCOMPARE(found->size(), 2);
}

void TestStore::invalidSearchIsAnError()
{
    auto store = EventStore::open(path(QStringLiteral("fts-bad.sqlite")));
    QVERIFY(store.ok());
    QVERIFY(store.value()->importArticle(makeArticle(kBody)).ok());
    EventQuery query;
    query.search = QStringLiteral("\"unbalanced AND (");
    const auto found = store.value()->events(query);
    QVERIFY(!found.ok());
    QVERIFY2(found.error().contains(QStringLiteral("not a valid full-text query")), qPrintable(found.error()));
}

void TestStore::queriesFilterByDateTypeActorAndPlace()
{
    auto store = EventStore::open(path(QStringLiteral("filters.sqlite")));
    QVERIFY(store.ok());
    QVERIFY(store.value()->importArticle(makeArticle(kBody)).ok());
    EventStore &s = *store.value();
    EventQuery q;
    q.from = QDate(2001, 11, 22);
    QCOMPARE(s.events(q)->size(), 1);
    q = {};
    q.to = QDate(2001, 11, 20);
    QCOMPARE(s.events(q)->size(), 0);
    q = {};
    q.types = {QStringLiteral("talks")};
    QCOMPARE(s.events(q)->size(), 1);
    q = {};
    q.actors = {QStringLiteral("taliban")};
    QCOMPARE(s.events(q)->size(), 2);
    const auto kunduz = s.findPlace(QStringLiteral("kunduz"));
    QVERIFY(kunduz.has_value());
    q = {};
    q.near = kunduz->coordinate;
    q.radiusKm = 30;
    const auto near = s.events(q);
    QVERIFY(near.ok());
    QCOMPARE(near->size(), 1); // Mazar-e Sharif is about 160 km away
    QCOMPARE(near->first().place.name, QStringLiteral("Kunduz"));
    const auto stats = s.stats();
    QVERIFY(stats.ok());
    QCOMPARE(stats->firstDate, QDate(2001, 11, 21));
    QCOMPARE(stats->lastDate, QDate(2001, 11, 22));
}

void TestStore::readOnlyStoreRefusesWrites()
{
    const QString file = path(QStringLiteral("readonly.sqlite"));
    {
        auto store = EventStore::open(file);
        QVERIFY(store.ok());
    }
    auto store = EventStore::open(file, EventStore::Mode::ReadOnly);
    QVERIFY2(store.ok(), qPrintable(store.error()));
    const auto result = store.value()->importArticle(makeArticle(kBody));
    QVERIFY(!result.ok());
    QVERIFY(result.error().contains(QStringLiteral("read-only")));
    auto missing = EventStore::open(path(QStringLiteral("missing.sqlite")), EventStore::Mode::ReadOnly);
    QVERIFY(!missing.ok());
    QVERIFY(!QFile::exists(path(QStringLiteral("missing.sqlite"))));
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
