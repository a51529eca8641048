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
        bytes[770] = char(bytes[770] ^ 0x10); // the first column (ids) starts after the header, at 768
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
    // A current copy serves a window whole: the caller's window selects what is drawn.
    const auto mapped = load(options);
    QVERIFY(mapped.value()->isMapped());
    QCOMPARE(mapped.value()->size(), 7);
    QCOMPARE(mapped.value()->count(mapped.value()->window(options.from, options.to)), inWeek);
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

QTEST_GUILESS_MAIN(TestPersistentIndex)
#include "tst_persistentindex.moc"
