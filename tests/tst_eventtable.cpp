// The event table: the model under QAbstractItemModelTester, sorting, and the empty state of the view.
#include "eventtablemodel.h"
#include "eventtableview.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QtTest>

using namespace mapline;

namespace {
Event event(qint64 id, QDate start, QDate end, DatePrecision precision, const QString &type, double confidence)
{
    Event e;
    e.id = id;
    e.time = {start, end, precision};
    e.type = type;
    e.confidence = confidence;
    e.place.name = QStringLiteral("Kunduz");
    e.sentence = QStringLiteral("Sentence %1.").arg(id);
    e.actors.append(ActorMention{Actor{QStringLiteral("Taliban"), {}, QStringLiteral("group")}, Span{}});
    return e;
}

QList<Event> sampleEvents()
{
    return {event(1, QDate(2001, 11, 22), QDate(2001, 11, 22), DatePrecision::Day, QStringLiteral("talks"), 0.9),
            event(2, QDate(2001, 11, 15), QDate(2001, 11, 22), DatePrecision::Range, QStringLiteral("armed_clash"), 0.6),
            event(3, QDate(1989, 1, 1), QDate(1989, 12, 31), DatePrecision::Year, QStringLiteral("statement"), 0.3)};
}
} // namespace

class TestEventTable : public QObject {
    Q_OBJECT
private slots:
    void modelPassesTester();
    void displaysDatesByPrecision_data();
    void displaysDatesByPrecision();
    void sortsByDateAndConfidence();
    void viewShowsEmptyMessageAndSelects();
};

void TestEventTable::modelPassesTester()
{
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEvents(sampleEvents());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(EventTableModel::ColumnCount));
    model.setEvents({});
    QCOMPARE(model.rowCount(), 0);
    model.setEvents(sampleEvents());
    QCOMPARE(model.rowOfEvent(2), 1);
    QCOMPARE(model.rowOfEvent(42), -1);
}

void TestEventTable::displaysDatesByPrecision_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("text");
    QTest::newRow("day") << 0 << QStringLiteral("2001-11-22");
    QTest::newRow("range") << 1 << QStringLiteral("2001-11-15 – 2001-11-22");
    QTest::newRow("year") << 2 << QStringLiteral("1989");
}

void TestEventTable::displaysDatesByPrecision()
{
    QFETCH(int, row);
    QFETCH(QString, text);
    EventTableModel model;
    model.setEvents(sampleEvents());
    QCOMPARE(model.index(row, EventTableModel::DateColumn).data().toString(), text);
    QCOMPARE(model.index(row, EventTableModel::TypeColumn).data().toString().isEmpty(), false);
}

void TestEventTable::sortsByDateAndConfidence()
{
    EventTableModel model;
    model.setEvents(sampleEvents());
    QSortFilterProxyModel proxy;
    proxy.setSortRole(EventTableModel::SortRole);
    proxy.setSourceModel(&model);
    proxy.sort(EventTableModel::DateColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data(EventTableModel::EventIdRole).toLongLong(), 3);
    QCOMPARE(proxy.index(2, 0).data(EventTableModel::EventIdRole).toLongLong(), 1);
    proxy.sort(EventTableModel::ConfidenceColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, 0).data(EventTableModel::EventIdRole).toLongLong(), 1);
    QCOMPARE(model.index(1, EventTableModel::TypeColumn).data().toString(), QStringLiteral("Armed clash"));
}

void TestEventTable::viewShowsEmptyMessageAndSelects()
{
    EventTableModel model;
    EventTableView view;
    view.setModel(&model);
    view.setEmptyMessage(QStringLiteral("This database is empty"));
    auto *stack = view.findChild<QStackedWidget *>();
    QVERIFY(stack);
    QVERIFY(stack->currentWidget() != view.table());
    model.setEvents(sampleEvents());
    QCOMPARE(stack->currentWidget(), static_cast<QWidget *>(view.table()));
    QSignalSpy selected(&view, &EventTableView::eventSelected);
    view.table()->selectRow(0); // sorted by date: the 1989 statement first
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.first().first().toLongLong(), 3);
    QCOMPARE(view.currentEventId(), 3);
    model.setEvents({});
    QVERIFY(stack->currentWidget() != view.table());
}

QTEST_MAIN(TestEventTable)
#include "tst_eventtable.moc"
