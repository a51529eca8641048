// Happenings in the store (issue 13, docs/FUSION.md): the migration fuses an existing database,
// every import keeps the fusion up to date in its own transaction, a failed import leaves no
// happening behind, the analyst's merges and splits (with undo and redo) survive re-import and
// re-fusion, events deleted by someone else are fused again at the next write, and the happenings
// are read back with their filters.
#include "corrections/correction.h"
#include "gdeltfiles.h"
#include "corrections/correctioneditor.h"
#include "interop/datasetimporter.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "store/schema.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;

namespace {

QString fusionArticle(const QString &name)
{
    return test::testData(QStringLiteral("fusion/articles/") + name);
}

QString fusionDataset(const QString &name)
{
    return test::testData(QStringLiteral("fusion/datasets/") + name);
}

qint64 scalar(EventStore &store, const QString &sql)
{
    const QVariant v = test::scalar(store, sql);
    return v.isValid() ? v.toLongLong() : -1;
}

// The fusion's invariants: every event has a happening that exists, every happening has events and
// counts them right, nothing is left stale.
QString fusionProblems(EventStore &store)
{
    QStringList problems;
    const auto check = [&](const char *sql, const char *what) {
        const qint64 n = scalar(store, QString::fromLatin1(sql));
        if (n != 0)
            problems << QStringLiteral("%1: %2").arg(QLatin1String(what)).arg(n);
    };
    check("SELECT count(*) FROM events WHERE happening_id IS NULL", "events without a happening");
    check("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM happenings h WHERE h.id = e.happening_id)",
          "events of a missing happening");
    check("SELECT count(*) FROM happenings h WHERE reports <> (SELECT count(*) FROM events e WHERE e.happening_id = h.id)",
          "happenings whose reports are miscounted");
    check("SELECT count(*) FROM happenings WHERE stale <> 0", "stale happenings");
    check("SELECT count(*) FROM happenings WHERE sources < 1", "happenings without a source");
    return problems.join(QStringLiteral("; "));
}

// The happening of the event whose sentence contains `text` (and of `type`, when given).
qint64 happeningOf(EventStore &store, const QString &text, const QString &type = {})
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT e.happening_id FROM events e JOIN sentences s ON s.id = e.sentence_id "
                             "WHERE instr(s.text, ?) > 0 AND (? = '' OR e.type = ?) ORDER BY e.id LIMIT 1"));
    q.addBindValue(text);
    q.addBindValue(type.isNull() ? QStringLiteral("") : type);
    q.addBindValue(type.isNull() ? QStringLiteral("") : type);
    return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
}

qint64 eventOf(EventStore &store, const QString &text, const QString &type = {})
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT e.id FROM events e JOIN sentences s ON s.id = e.sentence_id "
                             "WHERE instr(s.text, ?) > 0 AND (? = '' OR e.type = ?) ORDER BY e.id LIMIT 1"));
    q.addBindValue(text);
    q.addBindValue(type.isNull() ? QStringLiteral("") : type);
    q.addBindValue(type.isNull() ? QStringLiteral("") : type);
    return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
}

const QString kTookKunduz = QStringLiteral("Northern Alliance troops took control of Konduz on Monday");
const QString kSweptKunduz = QStringLiteral("alliance fighters swept into the center on Monday");
const QString kBombedFort = QStringLiteral("U.S. jets bombed the Qala-i-Jangi fort on Sunday night");

} // namespace

class TestHappenings : public QObject {
    Q_OBJECT
private slots:
    void init();
    void importsKeepTheFusionUpToDate();
    void migrationFusesAnExistingDatabase_data();
    void migrationFusesAnExistingDatabase();
    void failedImportLeavesNoHappening();
    void mergeAndSplitSurviveReimportAndRefusion();
    void deletedEventsAreFusedAgain();
    void redatingFusesAgain();
    void happeningsAreReadWithFilters();
    void disagreementsAreWrittenAsQtWritesThem_data();
    void disagreementsAreWrittenAsQtWritesThem();
    void rowsFusedWhileReadAsWhenWritten();

private:
    std::unique_ptr<QTemporaryDir> mDir;
};

void TestHappenings::init()
{
    mDir = std::make_unique<QTemporaryDir>();
    QVERIFY(mDir->isValid());
}

// Two articles imported one after the other: the second's report joins the first's happening, in
// the second's own transaction; the happening counts both sources.
void TestHappenings::importsKeepTheFusionUpToDate()
{
    auto store = test::openStore(mDir->filePath(QStringLiteral("a.sqlite")));
    QVERIFY(store);
    ArticleImporter importer(*store, {});
    QCOMPARE(importer.importFile(fusionArticle(QStringLiteral("reuters-2001-11-26-konduz-falls.txt"))).status,
             ArticleImporter::FileResult::Status::Imported);
    const qint64 first = happeningOf(*store, kTookKunduz, QStringLiteral("territory_taken"));
    QVERIFY(first > 0);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT sources FROM happenings WHERE id = %1").arg(first)), 1);
    QCOMPARE(importer.importFile(fusionArticle(QStringLiteral("ap-2001-11-27-fortress-battle.txt"))).status,
             ArticleImporter::FileResult::Status::Imported);
    QCOMPARE(happeningOf(*store, kSweptKunduz), first);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT sources FROM happenings WHERE id = %1").arg(first)), 2);
    QStringList names = test::scalar(*store, QStringLiteral("SELECT source_names FROM happenings WHERE id = %1").arg(first))
                            .toString().split(QStringLiteral("; "));
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("AP"), QStringLiteral("Reuters")}));
    // A dataset row of the same happening joins it too, and its source (ACLED cites Reuters and AP) adds none.
    QCOMPARE(DatasetImporter(*store, false).importFile(fusionDataset(QStringLiteral("acled-afghanistan-2001.csv"))).status,
             DatasetImporter::FileResult::Status::Imported);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT happening_id FROM events WHERE external_id = 'AFG200105'")), first);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT sources FROM happenings WHERE id = %1").arg(first)), 2);
    const QString problems = fusionProblems(*store);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    QVERIFY(store->checkConsistency().ok());
    // The contract's fields on every event.
    const auto events = store->events();
    QVERIFY(events);
    for (const Event &e : *events) {
        QVERIFY(e.happeningId > 0);
        QVERIFY(e.sources >= 1);
    }
}

// A database of the version just before happenings (4: dataset row keys) and of the one before it
// (3: corrections), with two reports of one happening: opening it migrates through every version
// and fuses what it holds, in the migration's transaction.
void TestHappenings::migrationFusesAnExistingDatabase_data()
{
    QTest::addColumn<int>("versionsBefore");
    QTest::newRow("the version before happenings") << 0;
    QTest::newRow("two versions before") << 1;
}

void TestHappenings::migrationFusesAnExistingDatabase()
{
    QFETCH(int, versionsBefore);
    const QString path = mDir->filePath(QStringLiteral("old-%1.sqlite").arg(versionsBefore));
    int before = 0;
    for (const schema::Migration &m : schema::migrations())
        if (!m.fuse)
            before = m.version;
        else
            break;
    before -= versionsBefore;
    QVERIFY(before >= 3);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        for (const schema::Migration &m : schema::migrations())
            if (m.version <= before)
                for (const QString &statement : m.statements)
                    QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
        const QStringList data = {
            "INSERT INTO articles (id, content_hash, title, source, published, body, imported_at) VALUES "
            "(1, 'a', 'Konduz falls', 'Reuters', '2001-11-26', 'x', '2001-11-26T10:00:00Z'), "
            "(2, 'b', 'Kunduz taken', 'Associated Press', '2001-11-27', 'y', '2001-11-27T10:00:00Z'), "
            "(3, 'c', 'Herat', 'AFP', '2001-11-12', 'z', '2001-11-12T10:00:00Z')",
            "INSERT INTO places (id, name, kind, admin1, country, lon, lat) VALUES "
            "(1, 'Kunduz', 'city', 'Kunduz', 'AF', 68.857, 36.729), (2, 'Herat', 'city', 'Herat', 'AF', 62.2, 34.35)",
            "INSERT INTO events (id, article_id, type, date, date_end, date_precision, place_id, lon, lat, "
            "geo_precision, confidence) VALUES "
            "(1, 1, 'territory_taken', '2001-11-26', '2001-11-26', 'day', 1, 68.857, 36.729, 'city', 0.8), "
            "(2, 2, 'territory_taken', '2001-11-26', '2001-11-26', 'day', 1, 68.86, 36.73, 'city', 0.7), "
            "(3, 3, 'territory_taken', '2001-11-12', '2001-11-12', 'day', 2, 62.2, 34.35, 'city', 0.7)",
            QStringLiteral("PRAGMA user_version=%1").arg(before),
            QStringLiteral("PRAGMA application_id=%1").arg(schema::kApplicationId),
        };
        for (const QString &statement : data)
            QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("old"));
    // Read-only, it is not migrated: events are read without happenings, and asking for them says why.
    {
        auto readOnly = EventStore::open(path, EventStore::Mode::ReadOnly);
        QVERIFY2(readOnly, qPrintable(readOnly.error()));
        QVERIFY(!readOnly.value()->hasHappenings());
        QCOMPARE(readOnly.value()->events()->size(), 3);
        QVERIFY(!readOnly.value()->happenings());
    }
    auto store = EventStore::open(path);
    QVERIFY2(store, qPrintable(store.error()));
    EventStore &s = *store.value();
    QCOMPARE(s.schemaVersion(), schema::latestVersion());
    QCOMPARE(scalar(s, QStringLiteral("SELECT count(*) FROM happenings")), 2);
    QCOMPARE(scalar(s, QStringLiteral("SELECT count(DISTINCT happening_id) FROM events WHERE id IN (1, 2)")), 1);
    QCOMPARE(scalar(s, QStringLiteral("SELECT sources FROM happenings h JOIN events e ON e.happening_id = h.id WHERE e.id = 1")), 2);
    QCOMPARE(scalar(s, QStringLiteral("SELECT count(*) FROM event_list WHERE sources = 2")), 2);
    const QString problems = fusionProblems(s);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

// A dataset import that is cancelled, or that fails, writes no happening: the fusion is part of
// its transaction.
void TestHappenings::failedImportLeavesNoHappening()
{
    auto store = test::openStore(mDir->filePath(QStringLiteral("c.sqlite")));
    QVERIFY(store);
    ArticleImporter(*store, {}).importFile(fusionArticle(QStringLiteral("reuters-2001-11-26-konduz-falls.txt")));
    const qint64 happenings = scalar(*store, QStringLiteral("SELECT count(*) FROM happenings"));
    const qint64 maxId = scalar(*store, QStringLiteral("SELECT max(id) FROM happenings"));
    QVERIFY(happenings > 0);
    const auto r = DatasetImporter(*store, false).importFile(fusionDataset(QStringLiteral("gdelt1-20011207.export.CSV")),
                                                            [](qint64 done, qint64) { return done == 0; });
    QCOMPARE(r.status, DatasetImporter::FileResult::Status::Cancelled);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM happenings")), happenings);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT max(id) FROM happenings")), maxId);
    const QString problems = fusionProblems(*store);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

// The analyst splits a report out and merges two happenings; undo and redo; the corrections stay
// through a re-fusion of the whole database and the deletion and re-import of an article.
void TestHappenings::mergeAndSplitSurviveReimportAndRefusion()
{
    auto store = test::openStore(mDir->filePath(QStringLiteral("d.sqlite")));
    QVERIFY(store);
    const QString reuters = fusionArticle(QStringLiteral("reuters-2001-11-26-konduz-falls.txt"));
    {
        ArticleImporter importer(*store, {});
        importer.importFile(reuters);
        importer.importFile(fusionArticle(QStringLiteral("ap-2001-11-27-fortress-battle.txt")));
    }
    const qint64 took = eventOf(*store, kTookKunduz, QStringLiteral("territory_taken"));
    const qint64 swept = eventOf(*store, kSweptKunduz);
    const qint64 bombed = eventOf(*store, kBombedFort, QStringLiteral("air_strike"));
    QVERIFY(took > 0 && swept > 0 && bombed > 0);
    QCOMPARE(happeningOf(*store, kSweptKunduz), happeningOf(*store, kTookKunduz, QStringLiteral("territory_taken")));
    QVERIFY(happeningOf(*store, kBombedFort, QStringLiteral("air_strike")) != happeningOf(*store, kSweptKunduz));

    CorrectionEditor editor;
    editor.setStore(store.get());
    auto detach = qScopeGuard([&] { editor.setStore(nullptr); });
    QSignalSpy changed(&editor, &CorrectionEditor::happeningsChanged);
    QVERIFY(editor.splitReport(swept));
    QCOMPARE(changed.size(), 1);
    const auto sweptAlone = [&] {
        return happeningOf(*store, kSweptKunduz) != happeningOf(*store, kTookKunduz, QStringLiteral("territory_taken")) &&
               scalar(*store, QStringLiteral("SELECT reports FROM happenings h JOIN events e ON e.happening_id = h.id "
                                             "WHERE e.id = %1").arg(swept)) == 1;
    };
    QVERIFY(sweptAlone());
    QCOMPARE(scalar(*store, QStringLiteral("SELECT corrected FROM happenings h JOIN events e ON e.happening_id = h.id "
                                           "WHERE e.id = %1").arg(swept)), 1);
    QVERIFY(editor.mergeHappenings(took, bombed));
    const auto mergedWithStrike = [&] {
        return happeningOf(*store, kTookKunduz, QStringLiteral("territory_taken")) ==
               happeningOf(*store, kBombedFort, QStringLiteral("air_strike"));
    };
    QVERIFY(mergedWithStrike());
    // Undo the merge, redo it; undo the split, redo it.
    editor.undoStack()->undo();
    QVERIFY(!mergedWithStrike());
    editor.undoStack()->redo();
    QVERIFY(mergedWithStrike());
    editor.undoStack()->undo();
    editor.undoStack()->undo();
    QVERIFY(!sweptAlone());
    editor.undoStack()->redo();
    editor.undoStack()->redo();
    QVERIFY(sweptAlone());
    QVERIFY(mergedWithStrike());
    QString problems = fusionProblems(*store);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    // Re-fusion of the whole database keeps them.
    QVERIFY(store->refuse());
    QVERIFY(sweptAlone());
    QVERIFY(mergedWithStrike());
    // The Reuters article deleted (by SQL, as SCHEMA.md shows) and imported again: its events are new
    // rows, the merge is applied to them again.
    {
        QSqlQuery q(store->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys = ON")));
        QVERIFY(q.exec(QStringLiteral("DELETE FROM articles WHERE path LIKE '%reuters-2001-11-26%'")));
    }
    editor.setStore(nullptr);
    store.reset();
    store = test::openStore(mDir->filePath(QStringLiteral("d.sqlite")));
    QVERIFY(store);
    problems = fusionProblems(*store);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    QCOMPARE(ArticleImporter(*store, {}).importFile(reuters).status, ArticleImporter::FileResult::Status::Imported);
    QVERIFY(mergedWithStrike());
    QVERIFY(sweptAlone());
    problems = fusionProblems(*store);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    QVERIFY(store->checkConsistency().ok());
}

// Events deleted by someone else mark their happenings stale; the next opening for writing fuses
// them again.
void TestHappenings::deletedEventsAreFusedAgain()
{
    const QString path = mDir->filePath(QStringLiteral("e.sqlite"));
    {
        auto store = test::openStore(path);
        QVERIFY(store);
        ArticleImporter importer(*store, {});
        importer.importFile(fusionArticle(QStringLiteral("reuters-2001-11-26-konduz-falls.txt")));
        importer.importFile(fusionArticle(QStringLiteral("ap-2001-11-27-fortress-battle.txt")));
        QSqlQuery q(store->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys = ON")));
        QVERIFY(q.exec(QStringLiteral("DELETE FROM articles WHERE path LIKE '%ap-2001-11-27%'")));
        QVERIFY(scalar(*store, QStringLiteral("SELECT count(*) FROM happenings WHERE stale <> 0")) > 0);
    }
    auto store = test::openStore(path);
    QVERIFY(store);
    const QString problems = fusionProblems(*store);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    QCOMPARE(scalar(*store, QStringLiteral("SELECT sources FROM happenings h JOIN events e ON e.happening_id = h.id "
                                           "WHERE e.id = %1").arg(eventOf(*store, kTookKunduz, QStringLiteral("territory_taken")))),
             1);
}

// Giving an undated article its date re-resolves its events and fuses them again, in that write.
void TestHappenings::redatingFusesAgain()
{
    auto store = test::openStore(mDir->filePath(QStringLiteral("f.sqlite")));
    QVERIFY(store);
    ArticleImporter(*store, {}).importFile(fusionArticle(QStringLiteral("reuters-2001-11-26-konduz-falls.txt")));
    const QString copy = mDir->filePath(QStringLiteral("undated.txt"));
    QVERIFY(QFile::copy(fusionArticle(QStringLiteral("ap-2001-11-27-fortress-battle.txt")), copy));
    ArticleImporter(*store, {}).importFile(copy); // no sidecar, no date: "on Monday" is unresolved
    QVERIFY(happeningOf(*store, kSweptKunduz) != happeningOf(*store, kTookKunduz, QStringLiteral("territory_taken")));
    const qint64 article = scalar(*store, QStringLiteral("SELECT id FROM articles WHERE path LIKE '%undated.txt'"));
    QVERIFY(store->setPublishedDate(article, QDate(2001, 11, 27)));
    QCOMPARE(happeningOf(*store, kSweptKunduz), happeningOf(*store, kTookKunduz, QStringLiteral("territory_taken")));
    const QString problems = fusionProblems(*store);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void TestHappenings::happeningsAreReadWithFilters()
{
    auto store = test::openStore(mDir->filePath(QStringLiteral("g.sqlite")));
    QVERIFY(store);
    ArticleImporter importer(*store, {});
    for (const char *name : {"reuters-2001-11-26-konduz-falls.txt", "ap-2001-11-27-fortress-battle.txt",
                             "voa-2001-11-26-afghan-roundup.txt"})
        importer.add(fusionArticle(QString::fromLatin1(name)));
    importer.flush();
    const auto all = store->happenings();
    QVERIFY2(all, qPrintable(all.error()));
    QVERIFY(all->size() >= 5);
    qint64 reports = 0;
    for (const Happening &h : *all) {
        reports += h.reports;
        QCOMPARE(h.eventIds.size(), h.reports);
        QVERIFY(!h.articleIds.isEmpty());
    }
    QCOMPARE(reports, scalar(*store, QStringLiteral("SELECT count(*) FROM events")));
    EventQuery q;
    q.minSources = 3;
    const auto wellSourced = store->happenings(q);
    QVERIFY(wellSourced);
    QCOMPARE(wellSourced->size(), 1); // the fall of Kunduz: Reuters, AP, VOA
    const Happening &fall = wellSourced->first();
    QCOMPARE(fall.place.name, QStringLiteral("Kunduz"));
    QCOMPARE(fall.time, TimeRange::day(QDate(2001, 11, 26)));
    QStringList names = fall.sourceNames;
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("AP"), QStringLiteral("Reuters"), QStringLiteral("VOA")}));
    QCOMPARE(fall.disagreements.size(), 1); // VOA: Sunday
    QCOMPARE(fall.disagreements[0].field, QStringLiteral("date"));
    const auto one = store->happening(fall.id);
    QVERIFY(one && one->has_value());
    QCOMPARE((*one)->eventIds, fall.eventIds);
    // The same filter on events: the reports of that happening.
    const auto events = store->events(q);
    QVERIFY(events);
    QCOMPARE(events->size(), fall.reports);
    q = {};
    q.types = {QStringLiteral("air_strike")};
    q.from = QDate(2001, 11, 25);
    q.to = QDate(2001, 11, 25);
    for (const Happening &h : *store->happenings(q))
        QCOMPARE(h.type, QStringLiteral("air_strike"));
    q = {};
    q.search = QStringLiteral("\"northern end\"");
    QCOMPARE(store->happenings(q)->size(), 1);
}

// happenings.disagreements is written directly for plain text (a re-fusion writes tens of
// thousands): the same text QJsonDocument's compact form gives, which is what the column held
// before and what a comparison of stored rows expects; other text (quotes, accents, control
// characters) goes through QJsonDocument.
void TestHappenings::disagreementsAreWrittenAsQtWritesThem_data()
{
    QTest::addColumn<QList<Disagreement>>("disagreements");
    using V = Disagreement::Value;
    QTest::newRow("none") << QList<Disagreement>{};
    QTest::newRow("date") << QList<Disagreement>{
        {QStringLiteral("date"),
         {V{QStringLiteral("2001-11-26"), 3, {QStringLiteral("AP"), QStringLiteral("CNN"), QStringLiteral("Reuters")}},
          V{QStringLiteral("2001-11-25"), 1, {QStringLiteral("VOA")}}}}};
    QTest::newRow("date and place, no source") << QList<Disagreement>{
        {QStringLiteral("date"), {V{QStringLiteral("2001-11-26"), 12, {}}, V{QStringLiteral("2001-11-25"), 1, {}}}},
        {QStringLiteral("place"),
         {V{QStringLiteral("Kunduz"), 2, {QStringLiteral("GDELT")}}, V{QStringLiteral("Khanabad / Kunduz"), 1, {}}}}};
    QTest::newRow("quote and backslash") << QList<Disagreement>{
        {QStringLiteral("place"),
         {V{QStringLiteral("the \"fort\""), 1, {QStringLiteral("a\\b")}}, V{QStringLiteral("Qala-i-Jangi"), 1, {}}}}};
    QTest::newRow("accents and a tab") << QList<Disagreement>{
        {QStringLiteral("place"),
         {V{QStringLiteral("Mazār-e Sharīf"), 2, {QStringLiteral("Le Monde\t")}}, V{QStringLiteral("Balkh"), 1, {}}}}};
}

void TestHappenings::disagreementsAreWrittenAsQtWritesThem()
{
    QFETCH(QList<Disagreement>, disagreements);
    QString expected;
    if (!disagreements.isEmpty()) {
        QJsonArray array;
        for (const Disagreement &d : disagreements) {
            QJsonArray values;
            for (const Disagreement::Value &v : d.values)
                values.append(QJsonObject{{QStringLiteral("value"), v.value},
                                          {QStringLiteral("reports"), v.reports},
                                          {QStringLiteral("sources"), QJsonArray::fromStringList(v.sources)}});
            array.append(QJsonObject{{QStringLiteral("field"), d.field}, {QStringLiteral("values"), values}});
        }
        expected = QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
    }
    const QString json = disagreementsToJson(disagreements);
    QCOMPARE(json, expected);
    QCOMPARE(disagreementsFromJson(json), disagreements);
}

namespace {

// Hands the rows over as they come, without the reading thread's row hook: the store then fuses
// each row as it writes it.
class WithoutRowHook : public DatasetRowSource {
public:
    explicit WithoutRowHook(DatasetRowSource &rows)
        : mRows(rows)
    {
    }
    bool next(DatasetRow &row) override { return mRows.next(row); }
    QString failure() const override { return mRows.failure(); }
    bool cancelled() const override { return mRows.cancelled(); }
    QString contentHash() const override { return mRows.contentHash(); }
    qint64 rowsRead() const override { return mRows.rowsRead(); }
    qint64 rowsSkipped() const override { return mRows.rowsSkipped(); }
    qint64 rowsOutside() const override { return mRows.rowsOutside(); }

private:
    DatasetRowSource &mRows;
};

QStringList rowsOf(EventStore &store, const QString &sql)
{
    QSqlQuery q(store.database());
    QStringList rows;
    if (!q.exec(sql))
        return {q.lastError().text()};
    while (q.next()) {
        QStringList values;
        for (int i = 0; i < q.record().count(); ++i)
            values << q.value(i).toString();
        rows << values.join(QLatin1Char('|'));
    }
    return rows;
}

} // namespace

// A dataset file's rows are fused on the thread that reads them (the store's row hook) with the
// event ids they will have; the result is the one of fusing each row as it is written: the same
// happenings, the same ids. A second file whose rows are partly stored already (left out, though
// the reading thread fused them) is fused again without them, and ends as the one-by-one fusion.
void TestHappenings::rowsFusedWhileReadAsWhenWritten()
{
    const QList<QByteArray> first = test::fusionGdeltLines(3000, 400000000, 5);
    QList<QByteArray> second = test::fusionGdeltLines(3000, 410000000, 6);
    for (int i = 0; i < first.size(); i += 3)
        second.insert(std::min<qsizetype>(second.size(), i), first[i]); // stored by then
    const QString firstPath = mDir->filePath(QStringLiteral("dense-1.export.CSV"));
    const QString secondPath = mDir->filePath(QStringLiteral("dense-2.export.CSV"));
    QVERIFY(test::writeFile(firstPath, first.join('\n') + '\n'));
    QVERIFY(test::writeFile(secondPath, second.join('\n') + '\n'));

    auto ahead = test::openStore(mDir->filePath(QStringLiteral("ahead.sqlite")));
    auto oneByOne = test::openStore(mDir->filePath(QStringLiteral("one-by-one.sqlite")));
    QVERIFY(ahead && oneByOne);
    DatasetImporter::Target target;
    target.datasets = [&] { return oneByOne->datasets(); };
    target.importDataset = [&](const DatasetInfo &info, DatasetRowSource &rows) {
        WithoutRowHook plain(rows);
        return oneByOne->importDataset(info, plain);
    };
    const QString events = QStringLiteral("SELECT id, external_id, happening_id FROM events ORDER BY id");
    const QString happenings = QStringLiteral("SELECT * FROM happenings ORDER BY id");
    for (const QString &path : {firstPath, secondPath}) {
        const auto a = DatasetImporter(*ahead, true).importFile(path);
        QVERIFY2(a.status == DatasetImporter::FileResult::Status::Imported, qPrintable(a.error));
        const auto b = DatasetImporter(target, true).importFile(path);
        QVERIFY2(b.status == DatasetImporter::FileResult::Status::Imported, qPrintable(b.error));
        QCOMPARE(a.events, b.events);
        QCOMPARE(a.alreadyPresent, path == secondPath ? qint64(first.size() + 2) / 3 : 0);
        const QStringList aheadHappenings = rowsOf(*ahead, happenings);
        QVERIFY(aheadHappenings.size() > 100 &&
                aheadHappenings.size() < scalar(*ahead, QStringLiteral("SELECT count(*) FROM events")));
        QCOMPARE(aheadHappenings, rowsOf(*oneByOne, happenings));
        QCOMPARE(rowsOf(*ahead, events), rowsOf(*oneByOne, events));
        const QString problems = fusionProblems(*ahead);
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
    }
}

QTEST_GUILESS_MAIN(TestHappenings)
#include "tst_happenings.moc"
