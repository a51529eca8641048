// Filters: FilterState to EventFilter/EventQuery, the mask with place and date precision, the
// full-text search (a bad query is a message), the list models under QAbstractItemModelTester,
// and the panel's wiring (legend check boxes, chips, clear all).
#include "filtermaskbuilder.h"
#include "filterpanel.h"
#include "filterstate.h"
#include "geo/gazetteer.h"
#include "index/eventindexbuilder.h"
#include "qt/checklistmodel.h"
#include "qt/placecompletionmodel.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace mapline;

namespace {
qint32 day(int y, int m, int d)
{
    return EventIndex::dayNumber(QDate(y, m, d));
}

// Kunduz (68.86 E, 36.73 N), Kabul (69.17 E, 34.53 N), Kandahar (65.71 E, 31.61 N).
EventIndex makeIndex()
{
    EventIndexBuilder b;
    const quint32 taliban = b.actorId(QStringLiteral("Taliban"));
    const quint32 alliance = b.actorId(QStringLiteral("Northern Alliance"));
    const quint32 t[] = {taliban};
    const quint32 a[] = {alliance};
    const quint32 both[] = {taliban, alliance};
    b.add(1, day(2001, 11, 22), day(2001, 11, 22), 68.86, 36.73, QStringLiteral("talks"), GeoPrecision::City, 0, both);
    b.add(2, day(2001, 11, 19), day(2001, 11, 25), 68.86, 36.73, QStringLiteral("armed_clash"), GeoPrecision::City, 0, t);
    b.add(3, day(2001, 11, 1), day(2001, 11, 30), 69.17, 34.53, QStringLiteral("statement"), GeoPrecision::Province, 0, a);
    b.add(4, day(2001, 12, 7), day(2001, 12, 7), 65.71, 31.61, QStringLiteral("armed_clash"), GeoPrecision::City);
    b.add(5, day(2001, 11, 10), day(2001, 11, 14), 69.17, 34.53, QStringLiteral("territory_taken"), GeoPrecision::City);
    return b.build();
}

QSet<qint64> idsOf(const EventIndex &index, const EventMask *mask)
{
    QSet<qint64> ids;
    index.forEach(index.all(), mask, [&](qsizetype row) { ids.insert(index.id(row)); });
    return ids;
}
} // namespace

class TestFilters : public QObject {
    Q_OBJECT
private slots:
    void emptyStateFiltersNothing();
    void typesActorsAndExactPlaces();
    void placeRadius();
    void datePrecision_data();
    void datePrecision();
    void precisionFilter();
    void queryMirrorsState();
    void describeAndClear();
    void searchInStore();
    void checkListModelUnderTester();
    void placeCompletionUnderTester();
    void panelLegendAndChips();
    void panelSearchErrorIsAMessage();
};

void TestFilters::emptyStateFiltersNothing()
{
    const EventIndex index = makeIndex();
    FilterState s;
    QVERIFY(s.isEmpty());
    QVERIFY(!FilterMaskBuilder::build(index, s)); // null mask: everything passes
}

void TestFilters::typesActorsAndExactPlaces()
{
    const EventIndex index = makeIndex();
    FilterState s;
    s.hiddenTypes = {QStringLiteral("armed_clash"), QStringLiteral("statement")};
    auto mask = FilterMaskBuilder::build(index, s);
    QCOMPARE(idsOf(index, mask.get()), (QSet<qint64>{1, 5}));
    s.hiddenTypes.clear();
    s.actors = {QStringLiteral("taliban")}; // names match without regard to case
    mask = FilterMaskBuilder::build(index, s);
    QCOMPARE(idsOf(index, mask.get()), (QSet<qint64>{1, 2}));
    s.actors.clear();
    s.exactPlacesOnly = true;
    mask = FilterMaskBuilder::build(index, s);
    QCOMPARE(idsOf(index, mask.get()), (QSet<qint64>{1, 2, 4, 5}));
    // Every type hidden: nothing at all, not everything.
    s = {};
    for (const QString &t : index.typeNames())
        s.hiddenTypes.insert(t);
    mask = FilterMaskBuilder::build(index, s);
    QVERIFY(mask);
    QCOMPARE(mask->count(), 0);
}

void TestFilters::placeRadius()
{
    const EventIndex index = makeIndex();
    FilterState s;
    s.placeName = QStringLiteral("Kunduz");
    s.placeCoordinate = QGeoCoordinate(36.73, 68.86);
    s.radiusKm = 25;
    QCOMPARE(idsOf(index, FilterMaskBuilder::build(index, s).get()), (QSet<qint64>{1, 2}));
    s.radiusKm = 260; // Kabul is about 245 km from Kunduz, Kandahar about 620 km
    QCOMPARE(idsOf(index, FilterMaskBuilder::build(index, s).get()), (QSet<qint64>{1, 2, 3, 5}));
    s.radiusKm = 230;
    QCOMPARE(idsOf(index, FilterMaskBuilder::build(index, s).get()), (QSet<qint64>{1, 2}));
}

void TestFilters::datePrecision_data()
{
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::addColumn<int>("precision");
    QTest::newRow("day") << QDate(2001, 11, 22) << QDate(2001, 11, 22) << int(DatePrecision::Day);
    QTest::newRow("iso week") << QDate(2001, 11, 19) << QDate(2001, 11, 25) << int(DatePrecision::Week);
    QTest::newRow("seven days not a week") << QDate(2001, 11, 20) << QDate(2001, 11, 26) << int(DatePrecision::Range);
    QTest::newRow("month") << QDate(2001, 2, 1) << QDate(2001, 2, 28) << int(DatePrecision::Month);
    QTest::newRow("year") << QDate(2001, 1, 1) << QDate(2001, 12, 31) << int(DatePrecision::Year);
    QTest::newRow("range") << QDate(2001, 11, 10) << QDate(2001, 11, 14) << int(DatePrecision::Range);
}

void TestFilters::datePrecision()
{
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(int, precision);
    QCOMPARE(int(FilterMaskBuilder::precisionOf(EventIndex::dayNumber(from), EventIndex::dayNumber(to))), precision);
}

void TestFilters::precisionFilter()
{
    const EventIndex index = makeIndex();
    FilterState s;
    s.precisions = {DatePrecision::Day};
    QCOMPARE(idsOf(index, FilterMaskBuilder::build(index, s).get()), (QSet<qint64>{1, 4}));
    s.precisions = {DatePrecision::Week, DatePrecision::Month};
    QCOMPARE(idsOf(index, FilterMaskBuilder::build(index, s).get()), (QSet<qint64>{2, 3}));
    s.hiddenTypes = {QStringLiteral("statement")}; // combines with the index's own filters
    QCOMPARE(idsOf(index, FilterMaskBuilder::build(index, s).get()), (QSet<qint64>{2}));
}

void TestFilters::queryMirrorsState()
{
    FilterState s;
    s.hiddenTypes = {QStringLiteral("talks")};
    s.actors = {QStringLiteral("Taliban")};
    s.placeCoordinate = QGeoCoordinate(36.73, 68.86);
    s.radiusKm = 40;
    s.search = QStringLiteral("  surrender ");
    const QStringList all{QStringLiteral("talks"), QStringLiteral("armed_clash")};
    const EventQuery q = s.toEventQuery(all, QDate(2001, 11, 1), QDate(2001, 11, 30));
    QCOMPARE(q.types, QStringList{QStringLiteral("armed_clash")});
    QCOMPARE(q.actors, s.actors);
    QCOMPARE(q.near, s.placeCoordinate);
    QCOMPARE(q.radiusKm, 40.0);
    QCOMPARE(q.search, QStringLiteral("surrender"));
    QCOMPARE(q.from, QDate(2001, 11, 1));
    const EventFilter f = s.toEventFilter(all, QSet<qint64>{7, 8});
    QCOMPARE(f.types, QSet<QString>{QStringLiteral("armed_clash")});
    QCOMPARE(f.ids.value(), (QSet<qint64>{7, 8}));
}

void TestFilters::describeAndClear()
{
    FilterState s;
    s.hiddenTypes = {QStringLiteral("talks")};
    s.search = QStringLiteral("Konduz");
    s.exactPlacesOnly = true;
    const auto items = s.describe();
    QCOMPARE(items.size(), 3);
    QCOMPARE(items[1].second, QStringLiteral("Text: Konduz"));
    s.clear(QStringLiteral("search"));
    QVERIFY(!s.hasSearch());
    s.clear(QStringLiteral("types"));
    s.clear(QStringLiteral("exact"));
    QVERIFY(s.isEmpty());
}

void TestFilters::searchInStore()
{
    QTemporaryDir dir;
    auto store = EventStore::open(dir.filePath(QStringLiteral("e.sqlite")));
    QVERIFY(store.ok());
    ArticleImporter importer(*store.value(), {});
    const auto r = importer.importFile(test::testData(QStringLiteral("articles/reuters-2001-11-24-konduz-surrender.txt")));
    QCOMPARE(int(r.status), int(ArticleImporter::FileResult::Status::Imported));
    const auto hits = FilterMaskBuilder::searchIds(*store.value(), QStringLiteral("surrender"));
    QVERIFY2(hits.ok(), qPrintable(hits.error()));
    QVERIFY(!hits->isEmpty());
    const auto none = FilterMaskBuilder::searchIds(*store.value(), QStringLiteral("zanzibarxyz"));
    QVERIFY(none.ok());
    QVERIFY(none->isEmpty());
    const auto bad = FilterMaskBuilder::searchIds(*store.value(), QStringLiteral("\"unterminated AND"));
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().contains(QStringLiteral("not a valid full-text query")));
    QVERIFY(store.value()->checkConsistency().ok()); // the bad query broke nothing
}

void TestFilters::checkListModelUnderTester()
{
    CheckListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy checked(&model, &CheckListModel::checkedChanged);
    QSignalSpy data(&model, &QAbstractItemModel::dataChanged);
    model.setItems({{QStringLiteral("talks"), QStringLiteral("Talks"), QColor(Qt::blue), 3, true},
                    {QStringLiteral("armed_clash"), QStringLiteral("Armed clash"), QColor(Qt::red), 5, true}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1).data(Qt::DecorationRole).value<QColor>(), QColor(Qt::red));
    QCOMPARE(model.index(1).data(CheckListModel::CountRole).toLongLong(), 5);
    QVERIFY(model.setData(model.index(0), Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(checked.count(), 1);
    QCOMPARE(model.uncheckedKeys(), QSet<QString>{QStringLiteral("talks")});
    // Precise signals: a count change touches only its row.
    data.clear();
    model.setCounts({{QStringLiteral("talks"), 3}, {QStringLiteral("armed_clash"), 9}});
    QCOMPARE(data.count(), 1);
    QCOMPARE(data.first().at(0).toModelIndex().row(), 1);
    model.setCheckedKeys({QStringLiteral("talks"), QStringLiteral("armed_clash")});
    QCOMPARE(checked.count(), 2);
    QVERIFY(model.checkedKeys().size() == 2);
    model.setItems({{QStringLiteral("statement"), QStringLiteral("Statement"), {}, 1, false}}); // other keys: reset
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(!model.index(0).data(Qt::DecorationRole).isValid());
    model.setItems({});
    QCOMPARE(model.rowCount(), 0);
}

void TestFilters::placeCompletionUnderTester()
{
    Gazetteer gazetteer;
    QVERIFY(gazetteer.loadPlaces(test::testData(QStringLiteral("gazetteer/places.tsv"))).ok());
    gazetteer.finish();
    PlaceCompletionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setGazetteer(gazetteer);
    QVERIFY(model.rowCount() > 10);
    QCOMPARE(model.placeAt(0)->country, QStringLiteral("AF")); // Afghan places first
    const auto kunduz = model.find(QStringLiteral("kunduz"));
    QVERIFY(kunduz);
    QVERIFY(kunduz->precision == GeoPrecision::City); // the city before the province
    QCOMPARE(model.findDisplayed(PlaceCompletionModel::describe(*kunduz))->name, kunduz->name);
    QVERIFY(!model.find(QStringLiteral("Atlantis")));
    const int row = model.rowCount() - 1;
    QVERIFY(!model.index(row).data(Qt::EditRole).toString().isEmpty());
}

void TestFilters::panelLegendAndChips()
{
    FilterPanel panel;
    panel.typeModel()->setItems({{QStringLiteral("talks"), QStringLiteral("Talks"), QColor(Qt::blue), 3, true},
                                 {QStringLiteral("armed_clash"), QStringLiteral("Armed clash"), QColor(Qt::red), 5, true}});
    panel.actorModel()->setItems({{QStringLiteral("Taliban"), QStringLiteral("Taliban"), {}, 4, false}});
    panel.show();
    QSignalSpy changed(&panel, &FilterPanel::stateChanged);

    // Unchecking a legend entry hides that type.
    panel.typeModel()->setData(panel.typeModel()->index(1), Qt::Unchecked, Qt::CheckStateRole);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(panel.state().hiddenTypes, QSet<QString>{QStringLiteral("armed_clash")});
    panel.actorModel()->setData(panel.actorModel()->index(0), Qt::Checked, Qt::CheckStateRole);
    QCOMPARE(panel.state().actors, QStringList{QStringLiteral("Taliban")});
    auto *day = panel.findChild<QCheckBox *>(QStringLiteral("precision_range"));
    QVERIFY(day);
    QTest::mouseClick(day, Qt::LeftButton);
    QVERIFY(!panel.state().precisions.isEmpty());
    QVERIFY(!panel.state().precisions.contains(DatePrecision::Range));
    QCOMPARE(changed.count(), 3);

    // Each active filter is a chip; clicking one clears just that filter.
    QTRY_VERIFY(panel.findChild<QToolButton *>(QStringLiteral("chip_actors")));
    QTest::mouseClick(panel.findChild<QToolButton *>(QStringLiteral("chip_actors")), Qt::LeftButton);
    QVERIFY(panel.state().actors.isEmpty());
    QCOMPARE(panel.actorModel()->checkedKeys().size(), 0);
    QVERIFY(!panel.state().hiddenTypes.isEmpty());

    // Clear all in one click.
    QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("clearAllFilters")), Qt::LeftButton);
    QVERIFY(panel.state().isEmpty());
    QCOMPARE(panel.typeModel()->uncheckedKeys().size(), 0);
    QVERIFY(day->isChecked());
}

void TestFilters::panelSearchErrorIsAMessage()
{
    FilterPanel panel;
    panel.setSearchValidator([](const QString &text) {
        return text.contains(u'"') ? Status::failure(QStringLiteral("the search is not a valid full-text query"))
                                   : Status();
    });
    panel.show();
    QSignalSpy changed(&panel, &FilterPanel::stateChanged);
    auto *search = panel.findChild<QLineEdit *>(QStringLiteral("searchFilter"));
    auto *error = panel.findChild<QLabel *>(QStringLiteral("searchError"));
    QVERIFY(search && error);
    search->setText(QStringLiteral("\"broken"));
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(changed.count(), 0);
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("not a valid")));
    search->setText(QStringLiteral("surrender"));
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!error->isVisible());
    QCOMPARE(panel.state().search, QStringLiteral("surrender"));
}

QTEST_MAIN(TestFilters)
#include "tst_filters.moc"
