// Workspace: Happenings and Reports (docs/FUSION.md, "In the viewer"), the analyst's merge and
// split of happenings, and the context menus of the map and the table that offer them.
#include "workspace.h"

#include "corrections/correctioneditor.h"
#include "corrections/correctionstore.h"
#include "eventdetailsview.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "filtermaskbuilder.h"
#include "happeninglookup.h"
#include "mapcanvas.h"
#include "store/eventstore.h"

#include <QAction>
#include <QActionGroup>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>

namespace mapline {

void Workspace::createHappeningActions()
{
    mUnitGroup = new QActionGroup(this);
    mShowHappenings = new QAction(tr("&Happenings"), this);
    mShowHappenings->setObjectName(QStringLiteral("showHappeningsAction"));
    mShowHappenings->setStatusTip(tr("One symbol, bar and row per real happening, weighted by how many sources tell it"));
    mShowHappenings->setToolTip(tr("Happenings: one symbol per happening, its ring and badge the number of sources "
                                   "(Ctrl+Shift+H switches)"));
    mShowReports = new QAction(tr("&Reports"), this);
    mShowReports->setObjectName(QStringLiteral("showReportsAction"));
    mShowReports->setStatusTip(tr("One symbol, bar and row per report: every sentence and dataset row"));
    mShowReports->setToolTip(tr("Reports: every sentence and dataset row on its own (Ctrl+Shift+H switches)"));
    for (QAction *a : {mShowHappenings, mShowReports}) {
        a->setCheckable(true);
        mUnitGroup->addAction(a);
    }
    mShowHappenings->setChecked(true);
    connect(mShowHappenings, &QAction::triggered, this, [this] { setUnit(Unit::Happenings); });
    connect(mShowReports, &QAction::triggered, this, [this] { setUnit(Unit::Reports); });
    // One shortcut toggles between the two (Ctrl+H is the heat map).
    auto *toggle = new QAction(tr("Switch Happenings / Reports"), this);
    toggle->setObjectName(QStringLiteral("toggleUnitAction"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    connect(toggle, &QAction::triggered, this,
            [this] { setUnit(mUnit == Unit::Happenings ? Unit::Reports : Unit::Happenings); });
    mWindow.addAction(toggle);
    mActions << toggle;

    mMarkMerge = new QAction(tr("Mark Happening for &Merge"), this);
    mMarkMerge->setObjectName(QStringLiteral("markMergeAction"));
    mMarkMerge->setStatusTip(tr("Remember the selected happening; then select another and merge it into this one"));
    connect(mMarkMerge, &QAction::triggered, this, [this] { markForMerge(mSelected); });
    mMergeMarked = new QAction(tr("Merge &With Marked Happening"), this);
    mMergeMarked->setObjectName(QStringLiteral("mergeMarkedAction"));
    mMergeMarked->setStatusTip(tr("The selected happening and the marked one are one real happening"));
    connect(mMergeMarked, &QAction::triggered, this, [this] { mergeWithMarked(mSelected); });
    mSplitReport = new QAction(tr("&Split Report Out of Its Happening"), this);
    mSplitReport->setObjectName(QStringLiteral("splitReportAction"));
    mSplitReport->setStatusTip(tr("The selected report tells another happening: it stands alone from now on"));
    connect(mSplitReport, &QAction::triggered, this, [this] { splitReport(mSelected); });

    connect(mCorrections, &CorrectionEditor::happeningsChanged, this, [this] {
        // Events keep their ids; the happenings, their leads and counts change.
        mArticleCache.reset();
        reloadTable();
        showDetails(mSelected);
        loadIndex();
    });
    connect(mDetails, &EventDetailsView::splitReportRequested, this, [this](qint64 id) { splitReport(id); });
    connect(mDetails, &EventDetailsView::reportRequested, this, [this](qint64 id) {
        // Another report of the happening shown: its own account, with the happening's list kept.
        mSelected = id;
        showDetails(id);
    });
    connect(this, &Workspace::selectionChanged, this, [this] { updateHappeningActions(); });

    // Right-click on a symbol or a row: select it, then offer what can be done with it.
    mMap.setContextMenuPolicy(Qt::CustomContextMenu);
    connect(&mMap, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const EventLayout::Item *item = mMap.eventLayout().itemAt(mMap.settings(), at);
        if (!item || item->isCluster() || item->eventId <= 0)
            return;
        select(item->eventId, Origin::Map);
        std::unique_ptr<QMenu> menu(contextMenu(item->eventId, &mMap));
        menu->exec(mMap.mapToGlobal(at));
    });
    QTableView *table = mTable.table();
    table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(table, &QWidget::customContextMenuRequested, this, [this, table](const QPoint &at) {
        const QModelIndex index = table->indexAt(at);
        const qint64 id = index.isValid() ? index.data(EventTableModel::EventIdRole).toLongLong() : 0;
        if (id <= 0)
            return;
        table->setCurrentIndex(index); // selects, through the table's own signal
        std::unique_ptr<QMenu> menu(contextMenu(id, table));
        menu->exec(table->viewport()->mapToGlobal(at));
    });

    mUnit = QSettings().value(QStringLiteral("workspace/unit")).toString() == u"reports" ? Unit::Reports
                                                                                        : Unit::Happenings;
    (mUnit == Unit::Happenings ? mShowHappenings : mShowReports)->setChecked(true);
    updateHappeningActions();
}

void Workspace::populateHappeningMenus(QMenu *edit, QMenu *view)
{
    // The main window may place the unit actions itself (beside the heat map, and in its toolbar).
    if (view) {
        view->addSeparator();
        view->addActions(unitActions());
    }
    mActions << unitActions();
    if (edit) {
        edit->addSeparator();
        edit->addAction(mMarkMerge);
        edit->addAction(mMergeMarked);
        edit->addAction(mSplitReport);
        mActions << mMarkMerge << mMergeMarked << mSplitReport;
    }
}

void Workspace::setUnit(Unit unit)
{
    (unit == Unit::Happenings ? mShowHappenings : mShowReports)->setChecked(true);
    if (unit == mUnit)
        return;
    mUnit = unit;
    QSettings().setValue(QStringLiteral("workspace/unit"),
                         unit == Unit::Happenings ? QStringLiteral("happenings") : QStringLiteral("reports"));
    // The selected report becomes its happening's lead, so the selection stays on the map.
    if (mUnit == Unit::Happenings && mSelected)
        mSelected = leadOf(mSelected);
    mMap.setSelectedEventId(mSelected);
    applyFilters();
    updateHappeningActions();
    if (mSelected)
        showDetails(mSelected);
}

std::shared_ptr<const EventMask> Workspace::unitMask(std::shared_ptr<const EventMask> reports) const
{
    if (mUnit != Unit::Happenings || !mIndex || !mIndex->hasFusedReports())
        return reports; // every report is its happening's only one: the same rows either way
    // A happening shows when one of its reports passes every filter (an actor, a word of the
    // search: any report's), and its lead, the symbol drawn, passes those on what the symbol shows:
    // a hidden type, the Near circle, the date precision and exact places are never drawn.
    FilterState drawn;
    drawn.hiddenTypes = mFilterState.hiddenTypes;
    drawn.placeName = mFilterState.placeName;
    drawn.placeCoordinate = mFilterState.placeCoordinate;
    drawn.radiusKm = mFilterState.radiusKm;
    drawn.precisions = mFilterState.precisions;
    drawn.exactPlacesOnly = mFilterState.exactPlacesOnly;
    const std::shared_ptr<const EventMask> leads = drawn.isEmpty() ? nullptr : FilterMaskBuilder::build(*mIndex, drawn);
    return mIndex->happeningMask(reports.get(), leads.get());
}

qint64 Workspace::leadOf(qint64 eventId) const
{
    const int row = mIndex ? mIndex->rowOfId(eventId) : -1;
    if (row < 0 || (mIndex->flags(row) & EventIndex::Lead))
        return eventId;
    const quint32 happening = mIndex->happeningOf(row);
    for (qsizetype r = 0; r < mIndex->size(); ++r)
        if (mIndex->happeningOf(r) == happening && (mIndex->flags(r) & EventIndex::Lead))
            return mIndex->id(r);
    return eventId;
}

void Workspace::loadTableHappenings(const QList<Event> &rows)
{
    QList<qint64> happenings;
    for (const Event &e : rows)
        if (e.happeningId > 0)
            happenings << e.happeningId;
    QHash<qint64, Happening> found;
    if (mRead && !happenings.isEmpty()) {
        auto read = mRead->happeningsByIds(happenings);
        if (read)
            found = std::move(read).value();
        else
            mWindow.statusBar()->showMessage(read.error(), 15000);
    }
    // Happenings mode: a row is its happening, marked when an analyst merged or split it.
    if (mUnit == Unit::Happenings)
        for (const Event &e : rows)
            if (const auto it = found.constFind(e.happeningId); it != found.constEnd() && it->corrected)
                mCorrectedIds.insert(e.id);
    mModel.setHappenings(std::move(found), mUnit == Unit::Happenings && mIndex && mIndex->hasFusedReports());
}

void Workspace::updateHappeningActions()
{
    if (!mMarkMerge)
        return;
    // Through the store's writer, SQLite or PostgreSQL: when it cannot run the fusion again, the
    // tooltip says why.
    QString why;
    const bool editable = mWriter && mWriter->canChangeHappenings(&why);
    if (editable || !mWriter)
        why.clear();
    const bool selected = editable && mSelected > 0;
    mMarkMerge->setEnabled(selected);
    mMergeMarked->setEnabled(selected && mMergeMark > 0);
    mSplitReport->setEnabled(selected);
    for (QAction *a : {mMarkMerge, mMergeMarked, mSplitReport})
        a->setToolTip(why.isEmpty() ? a->text().remove(QLatin1Char('&')) : why);
    for (QAction *a : unitActions())
        a->setEnabled(mRead != nullptr);
}

bool Workspace::markForMerge(qint64 eventId)
{
    const std::optional<Event> e = eventId > 0 ? eventById(eventId) : std::nullopt;
    if (!e || e->happeningId <= 0) {
        mWindow.statusBar()->showMessage(tr("Select a happening to mark for merging."), 6000);
        return false;
    }
    mMergeMark = eventId;
    mMergeMarked->setText(tr("Merge With Marked Happening (no. %1)").arg(e->happeningId));
    mWindow.statusBar()->showMessage(tr("Happening no. %1 marked: select the happening to merge with it, then Edit > "
                                        "Merge With Marked Happening.").arg(e->happeningId),
                                     15000);
    updateHappeningActions();
    return true;
}

bool Workspace::mergeWithMarked(qint64 eventId)
{
    if (mMergeMark <= 0 || eventId <= 0)
        return false;
    const std::optional<Event> marked = eventById(mMergeMark);
    const std::optional<Event> other = eventById(eventId);
    if (!marked || !other) {
        mMergeMark = 0;
        updateHappeningActions();
        return false;
    }
    if (marked->happeningId == other->happeningId) {
        mWindow.statusBar()->showMessage(tr("These are already one happening (no. %1).").arg(other->happeningId), 6000);
        return false;
    }
    if (Status s = mCorrections->mergeHappenings(mMergeMark, eventId); !s) {
        mWindow.statusBar()->showMessage(s.error(), 15000);
        return false;
    }
    mMergeMark = 0;
    mMergeMarked->setText(tr("Merge &With Marked Happening"));
    updateHappeningActions();
    mWindow.statusBar()->showMessage(tr("Happenings merged; Edit > Undo takes it back."), 6000);
    return true;
}

bool Workspace::splitReport(qint64 eventId)
{
    const std::optional<Event> e = eventId > 0 ? eventById(eventId) : std::nullopt;
    if (!e)
        return false;
    if (Status s = mCorrections->splitReport(eventId); !s) {
        mWindow.statusBar()->showMessage(s.error(), 15000);
        return false;
    }
    mWindow.statusBar()->showMessage(tr("Report split out of its happening; Edit > Undo takes it back."), 6000);
    return true;
}

QMenu *Workspace::contextMenu(qint64 eventId, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("eventContextMenu"));
    updateHappeningActions();
    // The same actions as the Edit menu: they act on the selection, which the right-click made.
    (void)eventId;
    menu->addAction(mMarkMerge);
    menu->addAction(mMergeMarked);
    menu->addAction(mSplitReport);
    menu->addSeparator();
    menu->addActions(unitActions());
    return menu;
}

} // namespace mapline
