// The persistent index copy (PersistentIndex, NAME.sqlite.mapline-index): what is mapped equals
// what SQLite gives, column by column; every kind of change to the database makes the copy stale
// (the app's imports, corrections and re-fusion, another program's raw SQL, a dropped trigger, a
// copy of another database); a damaged, truncated or foreign file, or one that cannot be written,
// never fails the load and never leaves a half-written file.
#include "eventindex/indexcheck.h"
#include "eventindex/indexfixtures.h"
#include "index/eventindexloader.h"
#include "index/persistentindex.h"
#include "store/articleimporter.h"
#include "indexdifference.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <QMap>

#include <csignal>
#include <cstring>
#include <sys/resource.h>
#include <unistd.h>

using namespace mapline;
using mapline::test::makeEvent;
using mapline::test::columnDifference;

namespace {

// The options the viewer uses, on a small database: keep a copy whatever the size.
IndexLoadOptions persistent(quint64 fingerprint = 7)
{
    IndexLoadOptions options;
    options.persistent = true;
    options.persistFromEvents = 0;
    options.bestKnownPosition = [](const QString &name, const QString &, const QString &) -> std::optional<Place> {
        Place p;
        p.name = name;
        p.precision = GeoPrecision::Province;
        p.coordinate = QGeoCoordinate(35.0, 66.0);
        return p;
    };
    options.positionsFingerprint = [fingerprint] { return fingerprint; };
    return options;
}

// The same read from SQLite only: the reference (tst_eventindex checks that load against
// EventStore::events()).
IndexLoadOptions fromSqlite()
{
    IndexLoadOptions options = persistent();
    options.persistent = false;
    return options;
}

// Another program's connection (no Mapline code, foreign keys off as sqlite3's default).
Status rawSql(const QString &path, const QStringList &statements)
{
    Status status;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        if (!db.open())
            status = Status::failure(db.lastError().text());
        QSqlQuery q(db);
        for (const QString &s : statements)
            if (status.ok() && !q.exec(s))
                status = Status::failure(s + QStringLiteral(": ") + q.lastError().text());
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return status;
}

// The events of a window by id, each as its values (names, not ids; the Lead flag left out: a
// window's index picks a lead among the reports it holds), for comparing indexes of different rows.
QMap<qint64, QString> eventsIn(const EventIndex &index, QDate from, QDate to)
{
    QMap<qint64, QString> events;
    index.forEach(index.window(from, to), nullptr, [&](qsizetype row) {
        QStringList actors;
        for (quint32 a : index.actorsOf(row))
            actors << index.actorNames().value(qsizetype(a));
        const qint64 happening = index.happeningId(index.happeningOf(row));
        events.insert(index.id(row), QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10 [%11]")
                                         .arg(index.startDay(row))
                                         .arg(index.endDay(row))
                                         .arg(double(index.x(row)), 0, 'g', 9)
                                         .arg(double(index.y(row)), 0, 'g', 9)
                                         .arg(index.typeNames().value(index.typeId(row)))
                                         .arg(index.flags(row) & ~EventIndex::Lead)
                                         .arg(int(index.precision(row)))
                                         .arg(index.placeName(row))
                                         .arg(index.sources(row))
                                         .arg(happening)
                                         .arg(actors.join(u';')));
    });
    return events;
}

// 3,000 more events, two a day from 2003 (every 40th one lasting 60 days, a third with an
// actor), and one far from the others at a place of its own on 2012-06-30 (id 20000).
QStringList manyEvents()
{
    return {QStringLiteral(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000) "
                "INSERT INTO events (id, article_id, type, date, date_end, date_precision, lon, lat, geo_precision, "
                "confidence, flags) SELECT 10000 + x, (SELECT min(article_id) FROM events), "
                "CASE x % 3 WHEN 0 THEN 'armed_clash' WHEN 1 THEN 'talks' ELSE 'shelling' END, "
                "date('2003-01-01', '+' || (x / 2) || ' days'), "
                "date('2003-01-01', '+' || (x / 2 + CASE WHEN x % 40 = 0 THEN 60 ELSE 0 END) || ' days'), "
                "CASE WHEN x % 40 = 0 THEN 'range' ELSE 'day' END, 62 + (x % 97) * 0.1, 30 + (x % 61) * 0.1, "
                "'city', 0.7, 0 FROM c"),
            QStringLiteral("INSERT INTO event_actors (event_id, actor_id) SELECT e.id, (SELECT min(id) FROM actors) "
                           "FROM events e WHERE e.id > 10000 AND e.id % 3 = 0"),
            QStringLiteral("INSERT INTO events (id, article_id, type, date, lon, lat, geo_precision, confidence) "
                           "SELECT 20000, article_id, 'bombing', '2012-06-30', 61.234567, 29.87654, 'city', 0.9 "
                           "FROM events LIMIT 1")};
}

// Collects the warnings of category mapline.index while it lives.
class IndexWarnings {
public:
    IndexWarnings() { sPrevious = qInstallMessageHandler(&IndexWarnings::handle); }
    ~IndexWarnings() { qInstallMessageHandler(sPrevious); }
    QStringList take() { return std::exchange(sMessages, {}); }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (type == QtWarningMsg && qstrcmp(context.category, "mapline.index") == 0)
            sMessages << message;
        else
            sPrevious(type, context, message);
    }
    static inline QtMessageHandler sPrevious = nullptr;
    static inline QStringList sMessages;
};

// mapline_changes.generation, read by another connection; -1 when it cannot be read.
qint64 generationOf(const QString &path)
{
    qint64 generation = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        QSqlQuery q(db);
        if (db.open() && q.exec(QStringLiteral("SELECT generation FROM mapline_changes WHERE id = 1")) && q.next())
            generation = q.value(0).toLongLong();
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return generation;
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

} // namespace

class TestPersistentIndex : public QObject {
    Q_OBJECT
private slots:
    void init();
    void roundTripEqualsTheSqliteLoad();
    void wideIdsRoundTrip();
    void unchangedDatabaseKeepsItsCopy();
    void everyChangeMakesTheCopyStale_data();
    void everyChangeMakesTheCopyStale();
    void copyOfAnotherDatabaseIsNotUsed();
    void gazetteerChangeMakesTheCopyStale();
    void damagedCopyFallsBack_data();
    void damagedCopyFallsBack();
    void unwritableCopyNeverFailsTheLoad();
    void fullDiskLeavesNoFile();
    void smallOrWindowedLoadsWriteNoCopy();
    void databaseWithoutCounterGetsNoCopy();
    void windowReadsItsRowsFromTheCopy();
    void damageOutsideAWindowIsCaughtWhenTouched();
    void streamedCopyIsTheSameBytes_data();
    void streamedCopyIsTheSameBytes();

private:
    // A tricky store (corrections, ranges, many actors, an event without a coordinate placed by
    // its province, SQL-written rows) in mDir; its first load writes the copy.
    void makeStore();
    Result<std::shared_ptr<const EventIndex>> load(const IndexLoadOptions &options = persistent())
    {
        return loadEventIndex(mPath, options);
    }

    std::unique_ptr<QTemporaryDir> mDir;
    std::unique_ptr<EventStore> mStore;
    QString mPath;
    QString mCopy;
    test::TrickyEvents mIds;
};

void TestPersistentIndex::init()
{
    mStore.reset();
    mDir = std::make_unique<QTemporaryDir>();
}

void TestPersistentIndex::makeStore()
{
    mStore = test::newStore(*mDir);
    QVERIFY(mStore);
    const auto tricky = test::fillTrickyStore(*mStore);
    QVERIFY2(tricky, qPrintable(tricky.error()));
    mIds = *tricky;
    // An event without a coordinate whose place is known by name: placed at the best known position.
    const Status placeless = test::execAll(*mStore, {
        QStringLiteral("INSERT INTO places (id, name, kind, admin1, country) VALUES (900, 'Nowhere Town', 'city', "
                       "'Helmand', 'AF')"),
        QStringLiteral("INSERT INTO events (id, article_id, type, date, place_id, geo_precision, confidence) "
                       "SELECT 2000, article_id, 'statement', '2001-11-10', 900, 'city', 0.5 FROM events LIMIT 1"),
    });
    QVERIFY2(placeless, qPrintable(placeless.error()));
    mPath = mStore->path();
    mCopy = PersistentIndex::pathFor(mPath);
    QCOMPARE(mCopy, mPath + QStringLiteral(".mapline-index"));
    QVERIFY(!QFile::exists(mCopy));
    const auto first = load();
    QVERIFY2(first, qPrintable(first.error()));
    QVERIFY(!first.value()->isMapped());
    QVERIFY(QFile::exists(mCopy));
}

void TestPersistentIndex::roundTripEqualsTheSqliteLoad()
{
    makeStore();
    const auto sqlite = loadEventIndex(mPath, fromSqlite());
    QVERIFY2(sqlite, qPrintable(sqlite.error()));
    const auto mapped = load();
    QVERIFY2(mapped, qPrintable(mapped.error()));
    QVERIFY(mapped.value()->isMapped());
    const EventIndex &m = *mapped.value();
    const EventIndex &s = *sqlite.value();
    // The fixture's event without a coordinate is placed by the best known position: both agree.
    QVERIFY(std::any_of(s.flagData(), s.flagData() + s.size(), [](quint8 f) { return f & EventIndex::Unplaced; }));
    const QString difference = test::indexDifference(m, s);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    const QString columns = columnDifference(m, s);
    QVERIFY2(columns.isEmpty(), qPrintable(columns));
    // Masks and happenings work on the mapped columns as on the built ones.
    EventFilter filter;
    filter.actors = QSet<QString>{QStringLiteral("Northern Alliance")};
    QCOMPARE(m.count(m.all(), m.mask(filter).get()), s.count(s.all(), s.mask(filter).get()));
    QCOMPARE(m.count(m.all(), m.happeningMask(nullptr).get()), s.count(s.all(), s.happeningMask(nullptr).get()));
    // memoryBytes counts the whole mapping.
    QCOMPARE(qint64(m.memoryBytes()) >= QFileInfo(mCopy).size(), true);
    // The index outlives its load and the file being replaced under it (rename, never rewrite).
    const auto keep = mapped.value();
    QVERIFY(rawSql(mPath, {QStringLiteral("UPDATE events SET flags = 1 WHERE id = %1").arg(mIds.month)}));
    QVERIFY(load());
    QCOMPARE(keep->id(0), s.id(0));
}

void TestPersistentIndex::wideIdsRoundTrip()
{
    // Ids more than 2^32 apart are kept whole (64 bits), in memory and in the copy.
    makeStore();
    QVERIFY(rawSql(mPath, {QStringLiteral("INSERT INTO happenings (id, date, lon, lat, sources) VALUES "
                                          "(7000000000, '2001-11-12', 66.0, 35.0, 3)"),
                           QStringLiteral("INSERT INTO events (id, article_id, type, date, lon, lat, confidence, "
                                          "happening_id) SELECT 6000000000, article_id, 'talks', '2001-11-12', 66.0, "
                                          "35.0, 0.5, 7000000000 FROM events WHERE id = %1").arg(mIds.late)}));
    const auto sqlite = loadEventIndex(mPath, fromSqlite());
    QVERIFY2(sqlite, qPrintable(sqlite.error()));
    QVERIFY(load());
    const auto mapped = load();
    QVERIFY(mapped && mapped.value()->isMapped());
    const EventIndex &m = *mapped.value();
    const int row = m.rowOfId(6000000000);
    QVERIFY(row >= 0);
    QCOMPARE(m.id(row), qint64(6000000000));
    QCOMPARE(m.happeningId(m.happeningOf(row)), qint64(7000000000));
    QCOMPARE(m.sources(row), 3);
    QCOMPARE(m.rowOfId(mIds.late), sqlite.value()->rowOfId(mIds.late));
    const QString columns = columnDifference(m, *sqlite.value());
    QVERIFY2(columns.isEmpty(), qPrintable(columns));
}

void TestPersistentIndex::unchangedDatabaseKeepsItsCopy()
{
    makeStore();
    // Opening the database for writing again (the viewer does, corrections and fusion checked on
    // open) changes nothing the index reads: the copy stays good.
    mStore.reset();
    auto again = EventStore::open(mPath);
    QVERIFY2(again, qPrintable(again.error()));
    QVERIFY(again.value()->setSetting(QStringLiteral("bench"), QStringLiteral("1"))); // not read by the index
    const auto mapped = loadEventIndex(*again.value(), persistent());
    QVERIFY2(mapped, qPrintable(mapped.error()));
    QVERIFY(mapped.value()->isMapped());
}

void TestPersistentIndex::everyChangeMakesTheCopyStale_data()
{
    QTest::addColumn<QString>("change");
    for (const char *c : {"import", "batched import", "correction", "re-fusion", "sql update", "sql delete", "sql insert event",
                          "sql actor link", "sql actor rename", "sql place rename", "sql happening sources",
                          "trigger dropped", "counter table dropped"})
        QTest::newRow(c) << QString::fromLatin1(c);
}

void TestPersistentIndex::everyChangeMakesTheCopyStale()
{
    QFETCH(QString, change);
    makeStore();
    const auto before = load();
    QVERIFY(before && before.value()->isMapped());
    const qint64 late = mIds.late;
    if (change == u"import") {
        const Event e = makeEvent(0, "bombing", QDate(2001, 12, 5), QDate(2001, 12, 5), 65.7, 31.6);
        QVERIFY(mStore->importArticle(test::articleWith(QStringLiteral("A bomb exploded in Kandahar."), {e})));
    } else if (change == u"batched import") {
        // The way `mapline import` stores articles: a batch drops the counting insert triggers
        // of events and event_actors and moves the counter once before its commit instead.
        const qint64 generation = generationOf(mPath);
        QVERIFY(generation >= 0);
        ArticleImporter importer(*mStore, ParseOptions());
        const Event e = makeEvent(0, "bombing", QDate(2001, 12, 5), QDate(2001, 12, 5), 65.7, 31.6);
        QVERIFY(importer.add(test::articleWith(QStringLiteral("A bomb exploded in Kandahar."), {e}),
                             QStringLiteral("batched.txt"))
                    .isEmpty());
        QCOMPARE(generationOf(mPath), generation); // not committed yet
        const QList<ArticleImporter::FileResult> results = importer.flush();
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0].status == ArticleImporter::FileResult::Status::Imported, qPrintable(results[0].error));
        QVERIFY(generationOf(mPath) > generation);
    } else if (change == u"correction") {
        const auto key = mStore->eventKey(mIds.month);
        QVERIFY(key);
        Correction c;
        c.time = TimeRange::day(QDate(2001, 11, 2));
        QVERIFY(mStore->setCorrection(*key, c));
    } else if (change == u"re-fusion") {
        // A happening's sources as fusion writes them; then fusion run again from scratch.
        QVERIFY(rawSql(mPath, {QStringLiteral("UPDATE happenings SET stale = 1")}));
        qint64 count = 0;
        QVERIFY(mStore->refuse(&count));
    } else if (change == u"sql update") {
        QVERIFY(rawSql(mPath, {QStringLiteral("UPDATE events SET lon = lon + 0.5 WHERE id = %1").arg(mIds.month)}));
    } else if (change == u"sql delete") {
        QVERIFY(rawSql(mPath, {QStringLiteral("DELETE FROM events WHERE id = %1").arg(mIds.week)}));
    } else if (change == u"sql insert event") {
        // Below the largest id: the count of events and their largest id alone would not see it.
        QVERIFY(rawSql(mPath, {QStringLiteral("INSERT INTO events (id, article_id, type, date, lon, lat, confidence) "
                                              "SELECT 500000, article_id, 'talks', '2001-11-05', 69.1, 34.5, 0.5 "
                                              "FROM events WHERE id = %1").arg(late)}));
    } else if (change == u"sql actor link") {
        QVERIFY(rawSql(mPath, {QStringLiteral("INSERT INTO actors (id, name) VALUES (77, 'Someone New')"),
                               QStringLiteral("INSERT INTO event_actors (event_id, actor_id) VALUES (%1, 77)").arg(mIds.month)}));
    } else if (change == u"sql actor rename") {
        QVERIFY(rawSql(mPath, {QStringLiteral("UPDATE actors SET name = 'Renamed' WHERE name = 'Northern Alliance'")}));
    } else if (change == u"sql place rename") {
        QVERIFY(rawSql(mPath, {QStringLiteral("UPDATE places SET name = name || ' (renamed)'")}));
    } else if (change == u"sql happening sources") {
        QVERIFY(rawSql(mPath, {QStringLiteral("UPDATE happenings SET sources = sources + 3")}));
    } else if (change == u"trigger dropped") {
        // Someone drops a counting trigger, then changes an event unseen: the schema cookie moved.
        QVERIFY(rawSql(mPath, {QStringLiteral("DROP TRIGGER mapline_changes_events_u"),
                               QStringLiteral("UPDATE events SET lon = lon + 0.5 WHERE id = %1").arg(mIds.month)}));
        const auto reloaded = load();
        QVERIFY2(reloaded, qPrintable(reloaded.error()));
        QVERIFY(!reloaded.value()->isMapped());
        // No copy is written while changes could go uncounted; the next read-write open restores
        // the trigger and moves the counter.
        QVERIFY(!load().value()->isMapped());
        mStore.reset();
        QVERIFY(EventStore::open(mPath));
    } else if (change == u"counter table dropped") {
        // Someone drops the counter (the triggers then fail every write until a read-write open
        // of Mapline adds it again, with a new database id).
        QVERIFY(rawSql(mPath, {QStringLiteral("DROP TABLE mapline_changes")}));
        mStore.reset();
        QVERIFY(EventStore::open(mPath)); // a new counter, a new database id
    }
    mStore.reset();
    const auto reference = loadEventIndex(mPath, fromSqlite());
    QVERIFY2(reference, qPrintable(reference.error()));

    const auto after = load();
    QVERIFY2(after, qPrintable(after.error()));
    QVERIFY2(!after.value()->isMapped(), "the stale copy was used");
    QString difference = columnDifference(*after.value(), *reference.value());
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QVERIFY(!test::indexDifference(*after.value(), *before.value()).isEmpty() || change == u"sql happening sources" ||
            change == u"re-fusion" || change == u"counter table dropped");
    // Rebuilt: the next open maps the new copy, which holds the change.
    const auto again = load();
    QVERIFY2(again, qPrintable(again.error()));
    QVERIFY(again.value()->isMapped());
    difference = columnDifference(*again.value(), *after.value());
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestPersistentIndex::copyOfAnotherDatabaseIsNotUsed()
{
    makeStore();
    // Another database with the same history (same events, same number of changes) in the same
    // folder: only its own id tells the copies apart.
    QTemporaryDir other;
    auto second = test::newStore(other);
    QVERIFY(second);
    QVERIFY(test::fillTrickyStore(*second));
    const QString otherPath = second->path();
    second.reset();
    QVERIFY(QFile::copy(mCopy, PersistentIndex::pathFor(otherPath)));
    const auto loaded = loadEventIndex(otherPath, persistent());
    QVERIFY2(loaded, qPrintable(loaded.error()));
    QVERIFY(!loaded.value()->isMapped());
}

void TestPersistentIndex::gazetteerChangeMakesTheCopyStale()
{
    makeStore(); // written with fingerprint 7: the fixture's unplaced event asked for a position
    QVERIFY(load(persistent(7)).value()->isMapped());
    QVERIFY(!load(persistent(8)).value()->isMapped());
    QVERIFY(load(persistent(8)).value()->isMapped()); // rewritten for 8
    IndexLoadOptions without = persistent();
    without.positionsFingerprint = {};
    QVERIFY(!load(without).value()->isMapped());
}

void TestPersistentIndex::damagedCopyFallsBack_data()
{
    QTest::addColumn<QString>("damage");
    for (const char *d : {"empty", "ten bytes", "cut in half", "one byte short", "one byte more", "flipped column byte",
                          "flipped header byte", "other format", "not an index", "zeroed"})
        QTest::newRow(d) << QString::fromLatin1(d);
}

void TestPersistentIndex::damagedCopyFallsBack()
{
    QFETCH(QString, damage);
    makeStore();
    QFile f(mCopy);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray bytes = f.readAll();
    f.close();
    QVERIFY(bytes.size() > 1024);
    if (damage == u"empty")
        bytes.clear();
    else if (damage == u"ten bytes")
        bytes.truncate(10);
    else if (damage == u"cut in half")
        bytes.truncate(bytes.size() / 2);
    else if (damage == u"one byte short")
        bytes.chop(1);
    else if (damage == u"one byte more")
        bytes.append('\0');
    else if (damage == u"flipped column byte")
        bytes[834] = char(bytes[834] ^ 0x10); // the first column (ids) starts after the header, at 832
    else if (damage == u"flipped header byte")
        bytes[100] = char(bytes[100] ^ 0x01);
    else if (damage == u"other format")
        bytes[16] = char(99); // the format number follows the 16-byte magic
    else if (damage == u"not an index")
        bytes = QByteArray(bytes.size(), 'x');
    else if (damage == u"zeroed")
        bytes.fill('\0');
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), qint64(bytes.size()));
    f.close();

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("mapline-index: (the index copy is damaged|an index copy of another format)")));
    const auto loaded = load();
    QVERIFY2(loaded, qPrintable(loaded.error()));
    QVERIFY(!loaded.value()->isMapped());
    const auto reference = loadEventIndex(mPath, fromSqlite());
    QVERIFY(reference);
    const QString difference = columnDifference(*loaded.value(), *reference.value());
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    // Replaced by a good copy.
    QVERIFY(load().value()->isMapped());
}

void TestPersistentIndex::unwritableCopyNeverFailsTheLoad()
{
    mStore = test::newStore(*mDir);
    QVERIFY(mStore);
    QVERIFY(test::fillTrickyStore(*mStore));
    mPath = mStore->path();
    mCopy = PersistentIndex::pathFor(mPath);
    // A folder where the copy would go: it cannot be written (as a read-only folder, which root
    // would write all the same), and is left as it was.
    QVERIFY(QDir(mDir->path()).mkdir(QFileInfo(mCopy).fileName()));
    const QStringList before = filesIn(mDir->path());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot write the index copy")));
    const auto loaded = load();
    QVERIFY2(loaded, qPrintable(loaded.error()));
    QCOMPARE(loaded.value()->size(), 7);
    QVERIFY(!loaded.value()->isMapped());
    QCOMPARE(filesIn(mDir->path()), before);
    if (geteuid() != 0) {
        QVERIFY(QDir(mDir->path()).rmdir(QFileInfo(mCopy).fileName()));
        QVERIFY(QFile::setPermissions(mDir->path(), QFile::ReadOwner | QFile::ExeOwner));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot write the index copy")));
        QVERIFY(load());
        QVERIFY(QFile::setPermissions(mDir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QVERIFY(!QFile::exists(mCopy));
    }
}

void TestPersistentIndex::fullDiskLeavesNoFile()
{
    mStore = test::newStore(*mDir);
    QVERIFY(mStore);
    QVERIFY(test::fillTrickyStore(*mStore));
    mPath = mStore->path();
    mCopy = PersistentIndex::pathFor(mPath);
    const QStringList before = filesIn(mDir->path());
    // A full disk: no file may grow past 100 bytes (SIGXFSZ ignored, so write() fails with EFBIG).
    rlimit old{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 100;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot write the index copy")));
    const auto loaded = load();
    setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, oldHandler);
    QVERIFY2(loaded, qPrintable(loaded.error()));
    QVERIFY(!loaded.value()->isMapped());
    QCOMPARE(filesIn(mDir->path()).join(u' '), before.join(u' ')); // no copy, no temporary file left
    QVERIFY(load());
    QVERIFY(load().value()->isMapped());
}

void TestPersistentIndex::smallOrWindowedLoadsWriteNoCopy()
{
    mStore = test::newStore(*mDir);
    QVERIFY(mStore);
    QVERIFY(test::fillTrickyStore(*mStore));
    mPath = mStore->path();
    mCopy = PersistentIndex::pathFor(mPath);
    IndexLoadOptions options = persistent();
    options.persistFromEvents = 8; // one more than the store has
    QVERIFY(load(options));
    QVERIFY(!QFile::exists(mCopy));
    options = persistent();
    options.from = QDate(2001, 11, 25);
    options.to = QDate(2001, 11, 26);
    const auto week = load(options);
    QVERIFY(week);
    const qsizetype inWeek = week.value()->size(); // only the window, from SQLite
    QVERIFY(inWeek > 0 && inWeek < 7);
    QVERIFY(!QFile::exists(mCopy));    // and a part is no copy of the whole
    QVERIFY(load());
    // A current copy serves a window (here mapped whole: the window holds more than a quarter of
    // the seven events; windowReadsItsRowsFromTheCopy reads a small one's rows alone).
    const auto fromCopy = load(options);
    QVERIFY(fromCopy.value()->isFromCopy());
    QCOMPARE(fromCopy.value()->count(fromCopy.value()->window(options.from, options.to)), inWeek);
}

void TestPersistentIndex::databaseWithoutCounterGetsNoCopy()
{
    makeStore();
    QVERIFY(QFile::remove(mCopy));
    // An older file opened read-only only (a snapshot): no counter, so no copy is trusted or written.
    QVERIFY(rawSql(mPath, {QStringLiteral("DROP TABLE mapline_changes")}));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("mapline_changes.*no index copy is kept")));
    const auto loaded = load();
    QVERIFY2(loaded, qPrintable(loaded.error()));
    QVERIFY(!loaded.value()->isMapped());
    QVERIFY(!QFile::exists(mCopy));
    // Without its triggers too (an older file): no copy, quietly.
    QVERIFY(rawSql(mPath, {QStringLiteral("DROP TRIGGER mapline_changes_events_i")}));
    QVERIFY(load());
    QVERIFY(!QFile::exists(mCopy));
}

void TestPersistentIndex::windowReadsItsRowsFromTheCopy()
{
    // A window is read from the copy (not mapped whole), with the same events as the whole copy's
    // window and as SQLite's, long events that began before it included.
    makeStore();
    QVERIFY(rawSql(mPath, manyEvents()));
    IndexLoadOptions options = persistent();
    options.persistBlockBytes = 64; // many blocks even for a few thousand events
    QVERIFY(load(options));         // stale: read from SQLite, the copy written again
    const auto whole = load(options);
    QVERIFY(whole && whole.value()->isMapped());
    QCOMPARE(whole.value()->size(), 7 + 1 + 3001);
    const std::pair<QDate, QDate> windows[] = {
        {QDate(2004, 3, 1), QDate(2004, 3, 7)}, {QDate(2001, 11, 1), QDate(2001, 11, 30)},
        {QDate(2003, 1, 1), QDate(2003, 1, 1)}, {QDate(), QDate(2003, 2, 1)},
        {QDate(2007, 2, 1), QDate()},           {QDate(1990, 1, 1), QDate(1990, 2, 1)},
        {QDate(2003, 3, 1), QDate(2006, 12, 31)}};
    for (const auto &[from, to] : windows) {
        IndexLoadOptions windowed = options;
        windowed.from = from;
        windowed.to = to;
        const auto part = load(windowed);
        QVERIFY2(part, qPrintable(part.error()));
        QVERIFY(part.value()->isFromCopy());
        windowed.persistent = false;
        const auto sqlite = load(windowed);
        QVERIFY(sqlite);
        const auto expected = eventsIn(*whole.value(), from, to);
        QCOMPARE(eventsIn(*part.value(), from, to), expected);
        QCOMPARE(eventsIn(*sqlite.value(), from, to), expected);
        // Its rows alone (nothing outside the window), but for a window of more than a quarter of
        // the events, for which the whole copy is mapped.
        const bool large = expected.size() > whole.value()->size() / 4;
        QCOMPARE(part.value()->isMapped(), large);
        QCOMPARE(part.value()->size(), large ? whole.value()->size() : qsizetype(expected.size()));
        QCOMPARE(part.value()->typeNames(), whole.value()->typeNames());
    }
    // The week of 2004-03-01 holds 60-day events that began in January.
    IndexLoadOptions week = options;
    week.from = QDate(2004, 3, 1);
    week.to = QDate(2004, 3, 7);
    const auto part = load(week);
    QVERIFY(std::any_of(part.value()->startData(), part.value()->startData() + part.value()->size(),
                        [](qint32 d) { return d < EventIndex::dayNumber(QDate(2004, 2, 1)); }));
}

void TestPersistentIndex::damageOutsideAWindowIsCaughtWhenTouched()
{
    makeStore();
    QVERIFY(rawSql(mPath, manyEvents()));
    IndexLoadOptions options = persistent();
    options.persistBlockBytes = 64;
    QVERIFY(load(options));
    IndexLoadOptions week = options, lone = options;
    week.from = QDate(2004, 3, 1);
    week.to = QDate(2004, 3, 7);
    lone.from = lone.to = QDate(2012, 6, 30);
    QMap<qint64, QString> weekEvents, loneEvents;
    float x = 0;
    {
        const auto whole = load(options);
        QVERIFY(whole && whole.value()->isMapped());
        weekEvents = eventsIn(*whole.value(), week.from, week.to);
        loneEvents = eventsIn(*whole.value(), lone.from, lone.to);
        QCOMPARE(loneEvents.keys(), QList<qint64>{20000});
        x = whole.value()->x(whole.value()->rowOfId(20000));
    }
    // One bit of the lone 2012 event's x coordinate flipped in the file.
    QFile f(mCopy);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray bytes = f.readAll();
    f.close();
    const QByteArray pattern(reinterpret_cast<const char *>(&x), sizeof x);
    const qsizetype at = bytes.indexOf(pattern);
    QVERIFY(at > 0);
    QCOMPARE(bytes.lastIndexOf(pattern), at); // only there
    bytes[at + 1] = char(bytes[at + 1] ^ 0x04);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), qint64(bytes.size()));
    f.close();

    IndexWarnings warnings;
    // A window that does not touch the damaged block is read from the copy, without a warning.
    const auto untouched = load(week);
    QVERIFY2(untouched, qPrintable(untouched.error()));
    QVERIFY(untouched.value()->isFromCopy());
    QCOMPARE(eventsIn(*untouched.value(), week.from, week.to), weekEvents);
    QCOMPARE(warnings.take(), QStringList());
    // The window that touches it finds the damage and reads SQLite instead, saying so.
    const auto touched = load(lone);
    QVERIFY2(touched, qPrintable(touched.error()));
    QVERIFY(!touched.value()->isFromCopy());
    QCOMPARE(eventsIn(*touched.value(), lone.from, lone.to), loneEvents);
    QString said = warnings.take().join(u'\n');
    QVERIFY2(said.contains(QLatin1String("does not match its checksum")) &&
                 said.contains(QLatin1String("the index copy is damaged")) &&
                 said.contains(QLatin1String("reading the events from the database instead")),
             qPrintable(said));
    // So does opening the whole copy (which then writes a sound one).
    const auto all = load(options);
    QVERIFY(all && !all.value()->isFromCopy());
    said = warnings.take().join(u'\n');
    QVERIFY2(said.contains(QLatin1String("the index copy is damaged")), qPrintable(said));
    QVERIFY(load(lone).value()->isFromCopy());
    QCOMPARE(warnings.take(), QStringList());
}


void TestPersistentIndex::streamedCopyIsTheSameBytes_data()
{
    QTest::addColumn<bool>("wide");
    QTest::addColumn<qint64>("parallelFromIds");
    QTest::addColumn<qsizetype>("chunkRows");
    QTest::addColumn<qsizetype>("bucketRows");
    QTest::newRow("defaults") << false << qint64(200000) << qsizetype(1 << 18) << qsizetype(0);
    QTest::newRow("two halves, small chunks and buckets") << false << qint64(10) << qsizetype(7) << qsizetype(50);
    QTest::newRow("a row a chunk, a row a bucket") << false << qint64(10) << qsizetype(1) << qsizetype(1);
    QTest::newRow("wide ids, two halves") << true << qint64(10) << qsizetype(64) << qsizetype(1000);
}

void TestPersistentIndex::streamedCopyIsTheSameBytes()
{
    // What an import writes (writeIndexCopy: rows spilled to files, columns in streamed passes)
    // is, byte for byte, what a load from SQLite writes from the index it built in memory.
    QFETCH(bool, wide);
    QFETCH(qint64, parallelFromIds);
    QFETCH(qsizetype, chunkRows);
    QFETCH(qsizetype, bucketRows);
    makeStore();
    // Many events, fused happenings of several reports (a lead to pick, one report matching its
    // happening's place), some across the two halves' split, and an event without a date.
    QVERIFY(rawSql(mPath, manyEvents()));
    QVERIFY(rawSql(mPath, {QStringLiteral("INSERT INTO happenings (id, date, lon, lat, sources) VALUES "
                                          "(50, '2003-01-06', 63.0, 31.0, 2), (51, '2004-02-01', 62.5, 30.5, 4), "
                                          "(90, '2003-06-01', 63.0, 31.0, 3)"),
                           QStringLiteral("UPDATE events SET happening_id = 50 WHERE id IN (10010, 10011, 10500)"),
                           QStringLiteral("UPDATE events SET happening_id = 51 WHERE id BETWEEN 10700 AND 10720"),
                           QStringLiteral("UPDATE events SET happening_id = 90 WHERE id IN (10005, 12999, 20000)"),
                           QStringLiteral("INSERT INTO events (id, article_id, type, lon, lat, confidence) "
                                          "SELECT 19999, article_id, 'talks', 66.0, 35.0, 0.5 FROM events LIMIT 1")}));
    if (wide)
        QVERIFY(rawSql(mPath, {QStringLiteral("INSERT INTO happenings (id, date, lon, lat, sources) VALUES "
                                              "(7000000000, '2001-11-12', 66.0, 35.0, 3)"),
                               QStringLiteral("INSERT INTO events (id, article_id, type, date, lon, lat, confidence, "
                                              "happening_id) SELECT 6000000000, article_id, 'talks', '2001-11-12', "
                                              "66.0, 35.0, 0.5, 7000000000 FROM events WHERE id = %1")
                                   .arg(mIds.late)}));
    IndexLoadOptions options = persistent();
    options.parallelFromIds = parallelFromIds;
    options.persistBlockBytes = 192; // blocks that end inside rows and sections
    options.persistChunkRows = chunkRows;
    options.persistBucketRows = bucketRows;
    const auto readCopy = [this] {
        QFile f(mCopy);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    QFile::remove(mCopy);
    const auto built = load(options);
    QVERIFY2(built, qPrintable(built.error()));
    QVERIFY(!built.value()->isMapped());
    QVERIFY(built.value()->size() > 3000);
    QVERIFY(built.value()->happeningCount() < built.value()->size());
    const QByteArray inMemory = readCopy();
    QVERIFY(inMemory.size() > 3000 * 30);
    QVERIFY(QFile::remove(mCopy));
    const QStringList before = filesIn(mDir->path());

    const Status streamed = writeIndexCopy(mPath, options);
    QVERIFY2(streamed, qPrintable(streamed.error()));
    const QByteArray written = readCopy();
    QCOMPARE(written.size(), inMemory.size());
    if (written != inMemory) {
        qsizetype at = 0;
        while (at < written.size() && written[at] == inMemory[at])
            ++at;
        QFAIL(qPrintable(QStringLiteral("the copies differ from byte %1 on").arg(at)));
    }
    // No temporary file is left beside the database, and the copy is mapped as any other.
    QCOMPARE(filesIn(mDir->path()), before + QStringList{QFileInfo(mCopy).fileName()});
    const auto mapped = load(options);
    QVERIFY2(mapped && mapped.value()->isMapped(), mapped ? "not mapped" : qPrintable(mapped.error()));
    const QString columns = columnDifference(*mapped.value(), *built.value());
    QVERIFY2(columns.isEmpty(), qPrintable(columns));
    // A current copy is left as it is.
    const QDateTime modified = QFileInfo(mCopy).lastModified();
    QVERIFY(writeIndexCopy(mPath, options));
    QCOMPARE(QFileInfo(mCopy).lastModified(), modified);
}

QTEST_GUILESS_MAIN(TestPersistentIndex)
#include "tst_persistentindex.moc"
