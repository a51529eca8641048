// The analyst's corrections of territorial control (docs/CONTROL.md, "Corrections"): the table of
// schema 7 and its migration, how a correction is laid over the inferred history, undo and redo
// through the editor, and a correction that survives deleting and re-importing the articles, as
// `mapline control` reports it.
#include "control/controlinference.h"
#include "corrections/controleditor.h"
#include "store/articleimporter.h"
#include "store/schema.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace mapline;

namespace {

ControlCorrection herat(const QString &side, QDate from, const QString &note = {})
{
    ControlCorrection c;
    c.place = QStringLiteral("Herat");
    c.admin1 = QStringLiteral("Herat");
    c.country = QStringLiteral("AF");
    c.coordinate = QGeoCoordinate(34.348, 62.199);
    c.from = from;
    c.side = side;
    c.note = note;
    return c;
}

ControlState machineState(int side, QDate since, qint64 evidence)
{
    ControlState s;
    s.side = side;
    s.since = since;
    s.sincePrecision = since.isValid() ? DatePrecision::Day : DatePrecision::Unknown;
    s.confidence = 0.7;
    s.evidence = {evidence};
    return s;
}

// The row of `place` in `mapline control`'s JSON, empty when none.
QJsonObject rowOf(const QByteArray &json, const QString &place)
{
    for (const QJsonValue &v : QJsonDocument::fromJson(json).array())
        if (v.toObject().value(QStringLiteral("place")).toString() == place)
            return v.toObject();
    return {};
}

} // namespace

class TestControlCorrections : public QObject {
    Q_OBJECT

private slots:
    void storedInTheirTable();
    void migratedFromVersion6();
    void laidOverTheInference();
    void undoAndRedo();
    void surviveReimport();
};

void TestControlCorrections::storedInTheirTable()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = test::openStore(dir.filePath(QStringLiteral("c.sqlite")));
    QVERIFY(store);
    QCOMPARE(store->schemaVersion(), schema::latestVersion());
    QVERIFY(store->schemaVersion() >= 7);
    const QDate d(2001, 11, 12);
    QVERIFY(store->changeControlCorrections({herat(QStringLiteral("Taliban"), d, QStringLiteral("Ismail Khan's men only reached the outskirts"))}, {}));
    Result<QList<ControlCorrection>> all = store->controlCorrections();
    QVERIFY2(all, qPrintable(all.error()));
    QCOMPARE(all->size(), 1);
    QCOMPARE(all->first().side, QStringLiteral("Taliban"));
    QCOMPARE(all->first().from, d);
    QCOMPARE(all->first().note, QStringLiteral("Ismail Khan's men only reached the outskirts"));
    QVERIFY(qAbs(all->first().coordinate.longitude() - 62.199) < 1e-9);
    // Public schema: readable with plain SQL, the day as ISO text.
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT valid_from || ' ' || side FROM control_corrections")).toString(),
             QStringLiteral("2001-11-12 Taliban"));
    // The same place and day: replaced, not added.
    QVERIFY(store->changeControlCorrections({herat(QStringLiteral("Anti-Taliban"), d)}, {}));
    all = store->controlCorrections();
    QVERIFY(all);
    QCOMPARE(all->size(), 1);
    QCOMPARE(all->first().side, QStringLiteral("Anti-Taliban"));
    // Another day is another correction; removal is by place and day.
    QVERIFY(store->changeControlCorrections({herat(QStringLiteral("Taliban"), d.addDays(30))}, {herat({}, d)}));
    all = store->controlCorrections();
    QVERIFY(all);
    QCOMPARE(all->size(), 1);
    QCOMPARE(all->first().from, d.addDays(30));
    // A correction without a side is refused, naming the database; nothing is written.
    const Status bad = store->changeControlCorrections({herat({}, d)}, {});
    QVERIFY(!bad);
    QVERIFY(bad.error().contains(dir.filePath(QStringLiteral("c.sqlite"))));
    QCOMPARE(store->controlCorrections()->size(), 1);
    QVERIFY(store->checkConsistency());
}

void TestControlCorrections::migratedFromVersion6()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("v6.sqlite"));
    {
        auto store = test::openStore(path);
        QVERIFY(store);
        QSqlQuery q(store->database());
        // What versions 7 and 8 added goes.
        QVERIFY2(q.exec(QStringLiteral("DROP TABLE correction_history")), qPrintable(q.lastError().text()));
        QVERIFY2(q.exec(QStringLiteral("ALTER TABLE corrections DROP COLUMN corrected_by")), qPrintable(q.lastError().text()));
        QVERIFY2(q.exec(QStringLiteral("ALTER TABLE happening_corrections DROP COLUMN corrected_by")),
                 qPrintable(q.lastError().text()));
        QVERIFY2(q.exec(QStringLiteral("DROP TABLE control_corrections")), qPrintable(q.lastError().text()));
        QVERIFY2(q.exec(QStringLiteral("ALTER TABLE event_actors DROP COLUMN role")), qPrintable(q.lastError().text()));
        QVERIFY2(q.exec(QStringLiteral("PRAGMA user_version=6")), qPrintable(q.lastError().text()));
    }
    {
        // Read-only, not migrated: no corrections, no failure.
        auto ro = EventStore::open(path, EventStore::Mode::ReadOnly);
        QVERIFY2(ro, qPrintable(ro.error()));
        QCOMPARE(ro.value()->schemaVersion(), 6);
        const auto none = ro.value()->controlCorrections();
        QVERIFY2(none, qPrintable(none.error()));
        QVERIFY(none->isEmpty());
    }
    auto store = test::openStore(path);
    QVERIFY(store);
    QCOMPARE(store->schemaVersion(), schema::latestVersion());
    QVERIFY(store->changeControlCorrections({herat(QStringLiteral("Taliban"), QDate(2001, 11, 12))}, {}));
    QCOMPARE(store->controlCorrections()->size(), 1);
}

void TestControlCorrections::laidOverTheInference()
{
    const Result<SideTable> t = SideTable::shipped();
    QVERIFY(t);
    const int tal = t->sideIndex(QStringLiteral("Taliban")), anti = t->sideIndex(QStringLiteral("Anti-Taliban"));
    const QDate taken(2001, 11, 12), retaken(2001, 11, 25);
    PlaceControl machine;
    machine.place = {QStringLiteral("Herat"), GeoPrecision::City, QGeoCoordinate(34.348, 62.199), QStringLiteral("Herat"),
                     {}, QStringLiteral("AF"), 1, {}};
    machine.states = {machineState(tal, {}, 1), machineState(anti, taken, 2), machineState(tal, retaken, 3)};
    ControlHistory h{{machine}};

    // The analyst says the alliance only took it on the 14th, and held from then: the machine's
    // state of the 12th stays (it is another day), the analyst's begins on the 14th, the machine's
    // later retaking stands.
    ControlInference::correct(h, {herat(QStringLiteral("Taliban"), taken, QStringLiteral("not yet")),
                                  herat(QStringLiteral("anti-taliban"), taken.addDays(2))},
                              *t);
    QCOMPARE(h.places.size(), 1);
    const PlaceControl &pc = h.places.first();
    QCOMPARE(pc.states.size(), 4); // before, analyst 12th (replaces the machine's 12th), analyst 14th, machine 25th
    QCOMPARE(pc.stateOn(taken.addDays(-3))->side, tal);
    QVERIFY(!pc.stateOn(taken.addDays(-3))->analyst);
    const ControlState *s = pc.stateOn(taken.addDays(1));
    QCOMPARE(s->side, tal);
    QVERIFY(s->analyst);
    QCOMPARE(s->note, QStringLiteral("not yet"));
    QCOMPARE(s->confidence, 1.0);
    QVERIFY(s->evidence.isEmpty());
    QCOMPARE(pc.stateOn(taken.addDays(3))->side, anti);
    QVERIFY(pc.stateOn(taken.addDays(3))->analyst);
    QCOMPARE(pc.stateOn(retaken)->side, tal);
    QVERIFY(!pc.stateOn(retaken)->analyst);

    // A place no event speaks of is added where the analyst put it; a side that does not exist is
    // left out and named.
    ControlCorrection qala = herat(QStringLiteral("Anti-Taliban"), taken);
    qala.place = QStringLiteral("Qala-i-Naw");
    ControlCorrection nowhere = herat(QStringLiteral("Hezb-e-Islami"), taken);
    nowhere.place = QStringLiteral("Shindand");
    QStringList skipped;
    ControlInference::correct(h, {qala, nowhere}, *t, &skipped);
    QCOMPARE(h.places.size(), 2);
    QCOMPARE(h.places.last().place.name, QStringLiteral("Qala-i-Naw"));
    QCOMPARE(h.places.last().stateOn(taken)->side, anti);
    QVERIFY(h.places.last().stateOn(taken.addDays(-1)) == nullptr);
    QCOMPARE(skipped.size(), 1);
    QVERIFY(skipped.first().contains(QStringLiteral("Hezb-e-Islami")));
}

void TestControlCorrections::undoAndRedo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = test::openStore(dir.filePath(QStringLiteral("u.sqlite")));
    QVERIFY(store);
    QUndoStack stack;
    ControlEditor editor(stack);
    editor.setStore(store.get());
    int changes = 0;
    connect(&editor, &ControlEditor::changed, this, [&] { ++changes; });
    const QDate d(2001, 11, 12);
    const auto sides = [&] {
        QStringList out;
        for (const ControlCorrection &c : *store->controlCorrections())
            out << c.from.toString(Qt::ISODate) + u' ' + c.side;
        return out;
    };

    QVERIFY(editor.setHolder(herat(QStringLiteral("Taliban"), d)));
    QCOMPARE(stack.count(), 1);
    QCOMPARE(sides(), QStringList{QStringLiteral("2001-11-12 Taliban")});
    // The same again: no write, no step.
    QVERIFY(editor.setHolder(herat(QStringLiteral("Taliban"), d)));
    QCOMPARE(stack.count(), 1);
    // Another side for the same day replaces it; undo puts the first back.
    QVERIFY(editor.setHolder(herat(QStringLiteral("Anti-Taliban"), d)));
    QCOMPARE(stack.count(), 2);
    QCOMPARE(sides(), QStringList{QStringLiteral("2001-11-12 Anti-Taliban")});
    stack.undo();
    QCOMPARE(sides(), QStringList{QStringLiteral("2001-11-12 Taliban")});
    stack.undo();
    QVERIFY(sides().isEmpty());
    stack.redo();
    stack.redo();
    QCOMPARE(sides(), QStringList{QStringLiteral("2001-11-12 Anti-Taliban")});
    // Clear, and its undo.
    QVERIFY(editor.clear(herat({}, d)));
    QVERIFY(sides().isEmpty());
    QVERIFY(!editor.clear(herat({}, d))); // nothing left to clear: said, not pushed
    QCOMPARE(stack.count(), 3);
    stack.undo();
    QCOMPARE(sides(), QStringList{QStringLiteral("2001-11-12 Anti-Taliban")});
    QCOMPARE(changes, 8);
}

void TestControlCorrections::surviveReimport()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("r.sqlite"));
    const QString article = test::testData(QStringLiteral("../control/articles/cnn-2001-11-13-herat.txt"));
    auto r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, article});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList ask = {QStringLiteral("control"), QStringLiteral("--db"), db, QStringLiteral("--date"),
                             QStringLiteral("2001-11-14")};
    r = test::runMapline(ask);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonObject row = rowOf(r.out, QStringLiteral("Herat"));
    QCOMPARE(row.value(QStringLiteral("side")).toString(), QStringLiteral("Anti-Taliban"));
    QCOMPARE(row.value(QStringLiteral("origin")).toString(), QStringLiteral("inferred"));

    ControlCorrection c;
    {
        auto store = test::openStore(db);
        QVERIFY(store);
        const auto place = store->findPlace(QStringLiteral("Herat"));
        QVERIFY(place);
        c = herat(QStringLiteral("Taliban"), QDate(2001, 11, 12), QStringLiteral("the city was still contested"));
        c.admin1 = place->admin1;
        c.country = place->country;
        QVERIFY(store->changeControlCorrections({c}, {}));
    }
    r = test::runMapline(ask);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    row = rowOf(r.out, QStringLiteral("Herat"));
    QCOMPARE(row.value(QStringLiteral("side")).toString(), QStringLiteral("Taliban"));
    QCOMPARE(row.value(QStringLiteral("origin")).toString(), QStringLiteral("analyst"));
    QCOMPARE(row.value(QStringLiteral("note")).toString(), QStringLiteral("the city was still contested"));
    QCOMPARE(row.value(QStringLiteral("since")).toString(), QStringLiteral("2001-11-12"));

    // The article deleted and imported again: new event ids, the same correction.
    {
        auto store = test::openStore(db);
        QVERIFY(store);
        QSqlQuery q(store->database());
        QVERIFY2(q.exec(QStringLiteral("DELETE FROM articles")), qPrintable(q.lastError().text()));
        QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events")).toInt(), 0);
    }
    r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, article});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = test::runMapline({QStringLiteral("control"), QStringLiteral("--db"), db, QStringLiteral("--date"),
                          QStringLiteral("2001-11-14"), QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QList<QByteArray> lines = r.out.split('\n');
    QVERIFY(lines.first().trimmed().endsWith("origin,note"));
    bool found = false;
    for (const QByteArray &line : lines)
        if (line.startsWith("Herat,")) {
            found = true;
            QVERIFY2(line.contains(",Taliban,2001-11-12,") && line.contains(",analyst,"), line.constData());
        }
    QVERIFY(found);
    // Before the correction's day the machine's history answers.
    r = test::runMapline({QStringLiteral("control"), QStringLiteral("--db"), db, QStringLiteral("--date"),
                          QStringLiteral("2001-11-10")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(rowOf(r.out, QStringLiteral("Herat")).value(QStringLiteral("origin")).toString(), QStringLiteral("inferred"));
}

QTEST_GUILESS_MAIN(TestControlCorrections)
#include "tst_controlcorrections.moc"
