// Corrections: the analyst changes an event's date, place, type and actors or discards it; the
// change is stored beside the machine's values, marked on the event, undone and redone exactly,
// and survives deleting and re-importing the article.
#include "corrections/correction.h"
#include "corrections/correctioneditor.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "store/schema.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace mapline;

namespace {
const QString kArticle = QStringLiteral("articles/reuters-2001-11-24-konduz-surrender.txt");

// A copy: the list is usually a temporary (events()), so a pointer into it would dangle.
std::optional<Event> findEvent(const QList<Event> &events, qint64 id)
{
    for (const Event &e : events)
        if (e.id == id)
            return e;
    return std::nullopt;
}

Place kabul()
{
    return test::kabulPlace();
}
} // namespace

class TestCorrections : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void schemaHasCorrections();
    void correctsAndMarks();
    void undoRedoAreExact();
    void discardAndBringBack();
    void surviveReimport();
    void surviveDuplicateImport();
    void keyIsStable();
    void redatingKeepsCorrectedDates();

private:
    qint64 importArticle();
    QList<Event> events() const;

    std::unique_ptr<QTemporaryDir> mDir;
    std::unique_ptr<EventStore> mStore;
};

void TestCorrections::init()
{
    mDir = std::make_unique<QTemporaryDir>();
    QVERIFY(mDir->isValid());
    QVERIFY(QFile::copy(test::testData(kArticle), mDir->filePath(QStringLiteral("a.txt"))));
    QVERIFY(QFile::copy(test::testData(kArticle + QStringLiteral(".meta")), mDir->filePath(QStringLiteral("a.txt.meta"))));
    auto store = EventStore::open(mDir->filePath(QStringLiteral("events.sqlite")));
    QVERIFY2(store.ok(), qPrintable(store.error()));
    mStore = std::move(store).value();
    QVERIFY(importArticle() > 0);
    QVERIFY2(events().size() >= 2, "the fixture article yields at least two events");
}

void TestCorrections::cleanup()
{
    mStore.reset();
    mDir.reset();
}

qint64 TestCorrections::importArticle()
{
    ArticleImporter importer(*mStore, {});
    const auto r = importer.importFile(mDir->filePath(QStringLiteral("a.txt")));
    if (r.status == ArticleImporter::FileResult::Status::Failed)
        qWarning() << r.error;
    // As the viewer's import worker does after every article.
    const auto applied = mStore->applyCorrections(r.articleId);
    if (!applied)
        qWarning() << applied.error();
    return r.articleId;
}

QList<Event> TestCorrections::events() const
{
    auto r = mStore->events();
    return r ? r.value() : QList<Event>();
}

void TestCorrections::schemaHasCorrections()
{
    QVERIFY(mStore->schemaVersion() >= 3);
    QCOMPARE(mStore->schemaVersion(), schema::latestVersion());
    QSqlQuery q(mStore->database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM corrections")));
    QVERIFY(mStore->checkConsistency().ok());
}

void TestCorrections::correctsAndMarks()
{
    CorrectionEditor editor;
    editor.setStore(mStore.get());
    QSignalSpy changed(&editor, &CorrectionEditor::eventChanged);
    const Event original = events().first();
    QVERIFY(!original.hasFlag(Event::Corrected));

    QVERIFY(editor.correctTime(original.id, TimeRange::day(QDate(2001, 11, 25))).ok());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(1).toLongLong(), original.id); // the id survives the edit
    std::optional<Event> e = findEvent(events(), original.id);
    QVERIFY(e);
    QCOMPARE(e->time, TimeRange::day(QDate(2001, 11, 25)));
    QVERIFY(e->hasFlag(Event::Corrected));
    QCOMPARE(e->sentence, original.sentence);
    QCOMPARE(e->type, original.type);

    QVERIFY(editor.correctPlace(original.id, kabul()).ok());
    QVERIFY(editor.correctType(original.id, {QStringLiteral("talks"), QStringLiteral(""), QStringLiteral(""),
                                             QStringLiteral("04")}).ok());
    QVERIFY(editor.correctActors(original.id, {Actor{QStringLiteral("Northern Alliance"), {}, QStringLiteral("group")},
                                               Actor{QStringLiteral("Mapline Test Actor"), {}, QStringLiteral("person")}})
                .ok());
    e = findEvent(events(), original.id);
    QVERIFY(e);
    QCOMPARE(e->place.name, QStringLiteral("Kabul"));
    QCOMPARE(e->place.coordinate.latitude(), 34.5281);
    QCOMPARE(e->type, QStringLiteral("talks"));
    QCOMPARE(e->cameoRoot, QStringLiteral("04"));
    QCOMPARE(e->actors.size(), 2);
    QCOMPARE(e->time, TimeRange::day(QDate(2001, 11, 25))); // earlier fields stay corrected

    // Stored as a correction beside the machine's values.
    const auto key = mStore->eventKey(original.id);
    QVERIFY(key.ok());
    const auto stored = mStore->correction(*key);
    QVERIFY(stored.ok() && stored->has_value());
    QCOMPARE((*stored)->place->name, QStringLiteral("Kabul"));
    QSqlQuery q(mStore->database());
    QVERIFY(q.exec(QStringLiteral("SELECT machine FROM corrections")));
    QVERIFY(q.next());
    QVERIFY(q.value(0).toString().contains(original.type));
    QVERIFY(mStore->checkConsistency().ok());
    QCOMPARE(editor.undoStack()->count(), 4);
}

void TestCorrections::undoRedoAreExact()
{
    CorrectionEditor editor;
    editor.setStore(mStore.get());
    const QList<Event> before = events();
    const Event original = before.first();
    QVERIFY(editor.correctTime(original.id, TimeRange::range(QDate(2001, 11, 20), QDate(2001, 11, 23))).ok());
    QVERIFY(editor.correctPlace(original.id, kabul()).ok());
    QVERIFY(editor.undoStack()->canUndo());

    editor.undoStack()->undo(); // the place goes back, the date stays
    std::optional<Event> e = findEvent(events(), original.id);
    QVERIFY(e);
    QCOMPARE(e->place.name, original.place.name);
    QVERIFY(e->time.precision == DatePrecision::Range);
    editor.undoStack()->undo(); // back to the machine's event, unmarked
    e = findEvent(events(), original.id);
    QVERIFY(e);
    QCOMPARE(e->time, original.time);
    QVERIFY(!e->hasFlag(Event::Corrected));
    QCOMPARE(e->actors.size(), original.actors.size());
    QCOMPARE(mStore->correctionCount().value(), 0);

    editor.undoStack()->redo();
    editor.undoStack()->redo();
    e = findEvent(events(), original.id);
    QVERIFY(e);
    QCOMPARE(e->place.name, QStringLiteral("Kabul"));
    QCOMPARE(e->time.start, QDate(2001, 11, 20));
    QVERIFY(e->hasFlag(Event::Corrected));

    // Revert puts the machine's values back, and is undoable too.
    QVERIFY(editor.revert(original.id).ok());
    e = findEvent(events(), original.id);
    QVERIFY(e && !e->hasFlag(Event::Corrected));
    editor.undoStack()->undo();
    QVERIFY(findEvent(events(), original.id)->hasFlag(Event::Corrected));
    QVERIFY(mStore->checkConsistency().ok());
}

void TestCorrections::discardAndBringBack()
{
    CorrectionEditor editor;
    editor.setStore(mStore.get());
    const QList<Event> before = events();
    const Event victim = before.last();
    QSignalSpy changed(&editor, &CorrectionEditor::eventChanged);
    QVERIFY(editor.discard(victim.id).ok());
    QCOMPARE(changed.last().at(1).toLongLong(), 0);
    QCOMPARE(events().size(), before.size() - 1);
    QVERIFY(!findEvent(events(), victim.id));

    editor.undoStack()->undo();
    QCOMPARE(events().size(), before.size());
    const std::optional<Event> back = findEvent(events(), victim.id); // the same id again
    QVERIFY(back);
    QCOMPARE(back->sentence, victim.sentence);
    QCOMPARE(back->actors.size(), victim.actors.size());
    QCOMPARE(back->trigger, victim.trigger);
    QCOMPARE(changed.last().at(0).toLongLong(), 0);
    QCOMPARE(changed.last().at(1).toLongLong(), victim.id);
    QVERIFY(mStore->checkConsistency().ok());
}

void TestCorrections::surviveReimport()
{
    CorrectionEditor editor;
    editor.setStore(mStore.get());
    const QList<Event> before = events();
    const Event first = before.first();
    const Event last = before.last();
    QVERIFY(editor.correctPlace(first.id, kabul()).ok());
    QVERIFY(editor.correctTime(first.id, TimeRange::day(QDate(2001, 11, 26))).ok());
    QVERIFY(editor.discard(last.id).ok());
    editor.undoStack()->undo();
    editor.undoStack()->redo(); // undo/redo history does not change what is stored

    // The analyst deletes the article and imports it again: new rows, new ids.
    QSqlQuery del(mStore->database());
    QVERIFY(del.exec(QStringLiteral("DELETE FROM articles")));
    QCOMPARE(events().size(), 0);
    QCOMPARE(mStore->correctionCount().value(), 2);
    QVERIFY(importArticle() > 0);

    const QList<Event> after = events();
    QCOMPARE(after.size(), before.size() - 1); // the discarded one stays discarded
    int corrected = 0;
    for (const Event &e : after) {
        if (!e.hasFlag(Event::Corrected))
            continue;
        ++corrected;
        QCOMPARE(e.sentence, first.sentence);
        QCOMPARE(e.place.name, QStringLiteral("Kabul"));
        QCOMPARE(e.time.start, QDate(2001, 11, 26));
    }
    QCOMPARE(corrected, 1);
    for (const Event &e : after)
        QVERIFY(!(e.sentence == last.sentence && e.trigger == last.trigger && e.type == last.type));
    QVERIFY(mStore->checkConsistency().ok());

    // A second pass finds nothing left to do.
    QCOMPARE(mStore->applyCorrections().value(), 0);
}

void TestCorrections::surviveDuplicateImport()
{
    CorrectionEditor editor;
    editor.setStore(mStore.get());
    const Event first = events().first();
    QVERIFY(editor.correctPlace(first.id, kabul()).ok());
    ArticleImporter importer(*mStore, {});
    const auto r = importer.importFile(mDir->filePath(QStringLiteral("a.txt")));
    QCOMPARE(int(r.status), int(ArticleImporter::FileResult::Status::Duplicate));
    QCOMPARE(mStore->applyCorrections(r.articleId).value(), 0);
    QCOMPARE(findEvent(events(), first.id)->place.name, QStringLiteral("Kabul"));
}

void TestCorrections::keyIsStable()
{
    const QList<Event> all = events();
    const auto a = mStore->eventKey(all.first().id);
    const auto b = mStore->eventKey(all.last().id);
    QVERIFY(a.ok() && b.ok());
    QVERIFY(a->isValid());
    QVERIFY(!(a.value() == b.value()));
    QCOMPARE(mStore->eventIdOf(*a).value(), all.first().id);
    QVERIFY(!mStore->eventKey(987654).ok());
}

void TestCorrections::redatingKeepsCorrectedDates()
{
    CorrectionEditor editor;
    editor.setStore(mStore.get());
    const QList<Event> all = events();
    const Event first = all.first();
    QVERIFY(editor.correctTime(first.id, TimeRange::day(QDate(2001, 11, 20))).ok());
    // The article's publication date changes: its relative times move, the analyst's date stays.
    QVERIFY(mStore->setPublishedDate(first.articleId, QDate(2001, 12, 24)).ok());
    std::optional<Event> e = findEvent(events(), first.id);
    QVERIFY(e);
    QCOMPARE(e->time, TimeRange::day(QDate(2001, 11, 20)));
    QVERIFY(e->hasFlag(Event::Corrected));
}

QTEST_MAIN(TestCorrections)
#include "tst_corrections.moc"
