// Workspace: the data flow (store, index, filters, table), the status line and the settings.
// Linked selection and the details are in workspace_selection.cpp; menus, import and drop in
// workspace_actions.cpp.
#include "workspace.h"

#include "controlcontroller.h"
#include "corrections/correctioneditor.h"
#include "correctionmarkdelegate.h"
#include "elidedlabel.h"
#include "eventdetailsview.h"
#include "eventlookup.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "extract/extractionresources.h"
#include "filtermaskbuilder.h"
#include "filterpanel.h"
#include "geo/projection.h"
#include "index/eventindexloader.h"
#include "mapcanvas.h"
#include "qt/checklistmodel.h"
#include "sharedstorewatcher.h"
#include "qt/placecompletionmodel.h"
#include "render/eventstyle.h"
#include "store/eventstore.h"
#include "store/pg/pgchangelog.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgeventreader.h"
#include "store/pg/pgindexdelta.h"
#include "store/pg/pgindexloader.h"
#include "timeline/timelinemodel.h"
#include "timelinewidget.h"

#include <QAction>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMainWindow>
#include <QMessageBox>
#include <QProgressBar>
#include <QScopeGuard>
#include <QSettings>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QThread>
#include <QToolButton>
#include <QtConcurrent>

#include <utility>

#include <algorithm>

namespace mapline {
namespace {
constexpr int kTableLimit = 2000;    // rows the table holds; the status line says when there are more
constexpr int kTableDelayMs = 150;   // the table follows the window once scrubbing pauses
constexpr int kActorListSize = 300;  // the most frequent actors are listed in the filter panel
} // namespace

Workspace::Workspace(QMainWindow &window, MapCanvas &map, EventTableView &table, EventTableModel &model)
    : QObject(&window)
    , mWindow(window)
    , mMap(map)
    , mTable(table)
    , mModel(model)
    , mTimeline(new TimelineModel(this))
    , mTimelineWidget(new TimelineWidget(*mTimeline))
    , mDetails(new EventDetailsView)
    , mFilters(new FilterPanel)
    , mPlaces(new PlaceCompletionModel(this))
    , mCorrections(new CorrectionEditor(this))
    , mImportProgress(new QProgressBar)
    , mImportCancel(new QToolButton)
    , mStatus(new ElidedLabel)
{
    mTableTimer.setSingleShot(true);
    connect(&mTableTimer, &QTimer::timeout, this, &Workspace::reloadTable);
    // [reliability] "N in the database" went stale after imports from a terminal. See tst_walsafety
    // viewerFollowsOutsideImports.
    mWatchTimer.setInterval(2000);
    connect(&mWatchTimer, &QTimer::timeout, this, [this] {
        if (mWindow.isActiveWindow())
            checkForOutsideChanges();
    });
    mWatchTimer.start();
    connect(&mIndexWatcher, &QFutureWatcherBase::finished, this, &Workspace::indexReady);
    // A shared store's other analysts (workspace_store.cpp).
    mLive = new SharedStoreWatcher(this);
    mLiveTimer.setSingleShot(true);
    connect(mLive, &SharedStoreWatcher::changed, this, &Workspace::othersCommitted);
    connect(mLive, &SharedStoreWatcher::stateChanged, this, &Workspace::liveStateChanged);
    connect(&mLiveTimer, &QTimer::timeout, this, &Workspace::liveRefresh);

    // The gazetteer and the event types with their codes come from the extraction's resources
    // (loaded once per process, shared read-only).
    const auto resources = ExtractionResources::shared();
    mPlaces->setGazetteer(std::shared_ptr<const Gazetteer>(resources, &resources->gazetteer));
    for (int i = 0; i < resources->coder.typeCount(); ++i) {
        const EventTypeInfo &t = resources->coder.type(i);
        mTypeCodes.append({t.type, t.acledEventType, t.acledSubEventType, t.cameoRoot});
    }
    mFilters->setPlaceModel(mPlaces);
    mFilters->setSearchValidator([this](const QString &text) {
        return mRead ? mRead->validateSearch(text) : Status();
    });

    // Territorial control's layer, lane and history dock: before the docks are placed.
    mControl = new ControlController(*this, mWindow, mMap, *mTimelineWidget);
    createDocks();
    createActions();
    createHappeningActions();

    mStatus->setObjectName(QStringLiteral("workspaceStatus"));
    mImportProgress->setMaximumWidth(220);
    mImportProgress->setVisible(false);
    mImportCancel->setText(tr("Cancel"));
    mImportCancel->setToolTip(tr("Stop the import after the current article; articles done stay imported"));
    mImportCancel->setVisible(false);
    connect(mImportCancel, &QToolButton::clicked, this, &Workspace::cancelImport);
    mWindow.statusBar()->addWidget(mImportProgress);
    mWindow.statusBar()->addWidget(mImportCancel);
    mWindow.statusBar()->addPermanentWidget(mStatus);
    mLiveLabel = new QLabel;
    mLiveLabel->setObjectName(QStringLiteral("liveStatus"));
    mLiveLabel->setVisible(false);
    mWindow.statusBar()->addPermanentWidget(mLiveLabel);

    // Linked selection and the time window.
    connect(&mTable, &EventTableView::eventSelected, this, [this](qint64 id) { select(id, Origin::Table); });
    connect(&mMap, &MapCanvas::eventClicked, this, [this](qint64 id) { select(id, Origin::Map); });
    connect(mTimeline, &TimelineModel::windowChanged, this, [this](const QDate &from, const QDate &to) {
        mMap.setTimeWindow(from, to); // at frame rate: the map renders from the index
        scheduleTableReload();
        updateStatus();
    });
    connect(mTimeline, &TimelineModel::playingChanged, this, [this](bool playing) {
        if (!playing)
            scheduleTableReload();
    });
    connect(mFilters, &FilterPanel::stateChanged, this, [this](const FilterState &state) {
        mFilterState = state;
        syncExactDates();
        applyFilters();
    });
    // "Exact dates only" in one click: the date-precision filter set to days alone.
    connect(mTimelineWidget->exactDatesAction(), &QAction::toggled, this, [this](bool on) {
        FilterState state = mFilters->state();
        state.precisions = on ? QSet<DatePrecision>{DatePrecision::Day} : QSet<DatePrecision>{};
        mFilters->setState(state);
    });
    mMap.setEventDescriber([this](qint64 id) { return describe(id); });

    // Corrections.
    mTable.table()->setItemDelegateForColumn(
        EventTableModel::DateColumn,
        new CorrectionMarkDelegate(EventTableModel::EventIdRole, [this](qint64 id) { return mCorrectedIds.contains(id); },
                                   &mTable));
    connect(mDetails, &EventDetailsView::correctDateRequested, this, [this](qint64 id) { askCorrection(id, "date"); });
    connect(mDetails, &EventDetailsView::correctPlaceRequested, this, [this](qint64 id) { askCorrection(id, "place"); });
    connect(mDetails, &EventDetailsView::pickPlaceRequested, this, &Workspace::pickPlaceOnMap);
    connect(mDetails, &EventDetailsView::correctTypeRequested, this, [this](qint64 id) { askCorrection(id, "type"); });
    connect(mDetails, &EventDetailsView::correctActorsRequested, this, [this](qint64 id) { askCorrection(id, "actors"); });
    connect(mDetails, &EventDetailsView::discardRequested, this, [this](qint64 id) { askCorrection(id, "discard"); });
    connect(mDetails, &EventDetailsView::revertRequested, this, [this](qint64 id) { askCorrection(id, "revert"); });
    connect(mCorrections, &CorrectionEditor::eventChanged, this, &Workspace::correctionApplied);
    connect(&mMap, &MapCanvas::coordinatePicked, this, &Workspace::placePicked);
    connect(&mMap, &MapCanvas::pickingChanged, this, &Workspace::pickingChanged);
    connect(mCorrections, &CorrectionEditor::failed, this, [this](const QString &message) {
        QMessageBox::warning(&mWindow, tr("Correction not saved"), message);
    });
    connect(mCorrections, &CorrectionEditor::conflict, this, // also in Details (showDetails)
            [this](qint64, const QString &message) { mWindow.statusBar()->showMessage(message, 20000); });

    mWindow.setAcceptDrops(true);
    mWindow.installEventFilter(this);
    updateStatus();
}

Workspace::~Workspace()
{
    cancelImport();
    if (mImportThread) {
        mImportThread->quit();
        mImportThread->wait();
    }
    mIndexWatcher.waitForFinished();
    releaseWriter();
}

void Workspace::createDocks()
{
    const auto dock = [this](const QString &title, const QString &name, QWidget *content) {
        auto *d = new QDockWidget(title, &mWindow);
        d->setObjectName(name);
        d->setWidget(content);
        d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable |
                       QDockWidget::DockWidgetFloatable);
        return d;
    };
    mTimelineDock = dock(tr("Timeline"), QStringLiteral("timelineDock"), mTimelineWidget);
    mDetailsDock = dock(tr("Details"), QStringLiteral("detailsDock"), mDetails);
    mFiltersDock = dock(tr("Filters"), QStringLiteral("filtersDock"), mFilters);
    // Both wrap or scroll, so they can be narrow: the window must fit a 1280x800 screen. The
    // default width (below) is what reads well.
    mDetails->setMinimumWidth(220);
    mFilters->setMinimumWidth(220);
    placeDocks();
}

void Workspace::placeDocks()
{
    // The timeline and the table span the window's whole width under the map (time and the
    // table's sentences need the width); details and filters beside the map, as tall as it, so
    // the table is not squeezed to a few rows beside a half-empty details panel.
    mWindow.setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    mWindow.setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    for (QDockWidget *d : {mTimelineDock, mDetailsDock, mFiltersDock}) {
        d->setFloating(false);
        d->show();
    }
    mWindow.addDockWidget(Qt::BottomDockWidgetArea, mTimelineDock);
    // The event table (the main window's dock, when it has one) goes under the timeline, so
    // both span the width of the map.
    QDockWidget *events = nullptr;
    for (QWidget *w = mTable.parentWidget(); w && !events; w = w->parentWidget())
        events = qobject_cast<QDockWidget *>(w);
    if (events) {
        events->setFloating(false);
        events->show();
        mWindow.addDockWidget(Qt::BottomDockWidgetArea, events);
        mWindow.splitDockWidget(mTimelineDock, events, Qt::Vertical);
    }
    mWindow.addDockWidget(Qt::RightDockWidgetArea, mFiltersDock);
    mWindow.addDockWidget(Qt::RightDockWidgetArea, mDetailsDock);
    mWindow.tabifyDockWidget(mFiltersDock, mDetailsDock);
    mDetailsDock->raise();
    // Control history under the details: a place's history beside the event that was clicked.
    mControl->dock()->setFloating(false);
    mWindow.addDockWidget(Qt::RightDockWidgetArea, mControl->dock());
    mWindow.splitDockWidget(mDetailsDock, mControl->dock(), Qt::Vertical);
    if (events)
        mWindow.resizeDocks({mTimelineDock, events}, {165, 220}, Qt::Vertical);
    else
        mWindow.resizeDocks({mTimelineDock}, {165}, Qt::Vertical);
    mWindow.resizeDocks({mDetailsDock}, {400}, Qt::Horizontal);
}

void Workspace::loadIndex()
{
    if (!mRead)
        return;
    if (mIndexRunning) {
        mIndexPending = true; // the running load may predate the change: load again after it
        return;
    }
    // What the index will show: later commits of other connections change it (checkForOutsideChanges).
    mDataVersion = dataVersion();
    mChangeCount = changeCount();
    // The worker opens its own read-only connection: a store belongs to its thread.
    const quint64 generation = ++mIndexGeneration;
    mIndexWatcher.setProperty("generation", generation);
    mIndexWatcher.setProperty("live", std::exchange(mLiveLoad, false));
    mIndexRunning = true;
    // Events without a coordinate are indexed at their place's best known position, if any. On
    // PostgreSQL, pg::loadEventIndex: the client's cached copy while the change counter shows the
    // state it was built at, else one streamed COPY (pgindexloader.h).
    if (mStore) {
        const QString path = mStore->path();
        mIndexWatcher.setFuture(QtConcurrent::run([path] { return loadEventIndex(path, IndexLoadOptions::withGazetteer()); }));
    } else {
        // Refresh: only what other analysts changed since the shown index (the delta, pgindexdelta.h),
        // else the whole index (the client's cached copy or one streamed COPY).
        const cli::ReadStore::Source source = storeSource();
        auto position = std::make_shared<pg::PgIndexPosition>();
        std::shared_ptr<const EventIndex> current;
        if (mPgPosition && mPgPosition->isValid() && mIndex) {
            *position = *mPgPosition;
            current = mIndex;
        }
        auto delta = std::make_shared<pg::PgIndexDelta>();
        mPendingPosition = position;
        mPendingDelta = current ? delta : nullptr;
        mIndexWatcher.setFuture(QtConcurrent::run([source, position, current, delta]() -> IndexResult {
            auto store = source.open();
            if (!store)
                return IndexResult::failure(store.error());
            pg::PgConnection &connection = store.value()->postgres()->connection();
            const IndexLoadOptions options = IndexLoadOptions::withGazetteer();
            if (current)
                return pg::refreshEventIndex(connection, current, position.get(), options, delta.get());
            return pg::loadEventIndex(connection, options, nullptr, position.get());
        }));
    }
    if (!mIndexWatcher.property("live").toBool()) // a live refresh keeps the line as it is until it lands
        mStatus->setText(tr("Loading events…"));
}

void Workspace::indexReady()
{
    mIndexRunning = false;
    const IndexResult result = mIndexWatcher.result();
    const bool live = mIndexWatcher.property("live").toBool();
    // Notices that arrived while this load ran get their refresh after it (one, whatever their number).
    const auto resume = qScopeGuard([this] {
        if (mLiveWanted)
            othersCommitted();
    });
    if (mIndexPending) {
        mIndexPending = false;
        loadIndex();
        return;
    }
    if (!mRead)
        return;
    // [reliability] A database whose events cannot be read (a damaged table) showed the reason for
    // 15 s, then "Loading..." for ever: the reason stays, in the table's place. See tst_dbrepair.
    mIndexError = result ? QString() : result.error();
    // The position the worker filled belongs to this index (the future's end orders its writes
    // before this read); a SQLite store's load fills none.
    mPgPosition = result && !mStore ? mPendingPosition : nullptr;
    mPendingPosition.reset();
    if (mPgPosition)
        mLive->setPosition(*mPgPosition); // what the watcher's polls compare with
    const auto delta = std::exchange(mPendingDelta, nullptr);
    if (result && delta && !announceDelta(*delta, live, *result.value())) {
        updateStatus(); // the notices were of commits the shown index holds (the viewer's own): nothing to do
        return;
    }
    if (!result) {
        mWindow.statusBar()->showMessage(result.error(), 15000);
        setIndex(nullptr);
        return;
    }
    // A refresh (F5 or live) keeps what the analyst looks at: the map's view is the canvas's own,
    // the selection is kept by reloadTable(), the table's scroll position here.
    mKeepTableView = delta != nullptr;
    setIndex(result.value());
    mKeepTableView = false;
    if (delta && mSelected)
        showDetails(mSelected); // another analyst may have corrected it
}

void Workspace::setIndex(std::shared_ptr<const EventIndex> index)
{
    mIndex = std::move(index);
    // The timeline first: on the first load it picks the start window, so the map's first frame
    // draws that window's events, not every event (ten million binned for a frame thrown away).
    mTimeline->setIndex(mIndex);
    if (mFirstIndex && mIndex) {
        mFirstIndex = false;
        restoreTimeSettings();
    }
    mMap.setEventIndex(mIndex);
    updateLists();
    applyFilters();
    emit indexLoaded();
}

void Workspace::updateLists()
{
    // The legend: the known types in the map's order, then whatever else the data holds.
    // The index counted events per type and per actor while it was built.
    QHash<QString, qint64> typeCounts;
    if (mIndex)
        for (int t = 0; t < mIndex->typeNames().size(); ++t)
            typeCounts.insert(mIndex->typeNames()[t], mIndex->typeCounts()[size_t(t)]);
    QList<CheckListModel::Item> types;
    QSet<QString> listed;
    for (const EventStyle &s : EventStyle::knownTypes()) {
        types.append({s.type, s.label, s.colour, typeCounts.value(s.type), !mFilterState.hiddenTypes.contains(s.type)});
        listed.insert(s.type);
    }
    QStringList others = typeCounts.keys();
    others.sort();
    for (const QString &t : others) {
        if (listed.contains(t))
            continue;
        const EventStyle s = EventStyle::forType(t);
        types.append({t, s.label, s.colour, typeCounts.value(t), !mFilterState.hiddenTypes.contains(t)});
    }
    mFilters->typeModel()->setItems(types);

    std::vector<std::pair<qint64, quint32>> ranked;
    if (mIndex)
        for (size_t a = 0; a < mIndex->actorCounts().size(); ++a)
            if (mIndex->actorCounts()[a] > 0)
                ranked.push_back({-qint64(mIndex->actorCounts()[a]), quint32(a)});
    std::sort(ranked.begin(), ranked.end());
    QList<CheckListModel::Item> actors;
    for (size_t i = 0; i < ranked.size() && i < size_t(kActorListSize); ++i) {
        const QString name = mIndex->actorNames()[int(ranked[i].second)];
        actors.append({name, name, {}, -ranked[i].first, mFilterState.actors.contains(name)});
    }
    std::sort(actors.begin(), actors.end(), [](const auto &a, const auto &b) {
        return a.count != b.count ? a.count > b.count : a.label < b.label;
    });
    mFilters->actorModel()->setItems(actors);
}

void Workspace::applyFilters()
{
    std::optional<QSet<qint64>> searchIds;
    if (mRead && mFilterState.hasSearch()) {
        const auto ids = mRead->searchIds(mFilterState.search);
        if (ids) {
            searchIds = ids.value();
            mFilters->showSearchError({});
        } else {
            mFilters->showSearchError(ids.error()); // a message, and the search filters nothing
            FilterState withoutSearch = mFilterState;
            withoutSearch.search.clear();
            mMask = mIndex ? FilterMaskBuilder::build(*mIndex, withoutSearch) : nullptr;
        }
    }
    if (!mFilterState.hasSearch() || searchIds)
        mMask = mIndex ? FilterMaskBuilder::build(*mIndex, mFilterState, searchIds) : nullptr;
    mMask = unitMask(std::move(mMask)); // Happenings mode: one row per happening
    mMap.setShowsSources(mUnit == Unit::Happenings && mRead && mRead->hasHappenings());
    mMap.setEventMask(mMask);
    // Near's circle, drawn on the map so the radius can be seen.
    mMap.setNearCircle(mFilterState.hasPlace()
                           ? std::optional<MapSettings::Circle>(MapSettings::Circle{mFilterState.placeCoordinate,
                                                                                    mFilterState.radiusKm,
                                                                                    mFilterState.placeName})
                           : std::nullopt);
    mTimeline->setMask(mMask);
    reloadTable();
}

void Workspace::syncExactDates()
{
    QAction *exact = mTimelineWidget->exactDatesAction();
    const bool on = mFilterState.precisions == QSet<DatePrecision>{DatePrecision::Day};
    if (exact->isChecked() != on) {
        const QSignalBlocker blocker(exact);
        exact->setChecked(on);
    }
}

void Workspace::scheduleTableReload()
{
    // While playing, the table waits for the pause; the map and histogram keep up.
    if (mTimeline->isPlaying())
        return;
    mTableTimer.start(kTableDelayMs);
}

void Workspace::reloadTable()
{
    mTableTimer.stop();
    if (!mRead || !mIndex) {
        mModel.setHappenings({}, false);
        mModel.setEvents({});
        mCorrectedIds.clear();
        if (mRead && !mIndexError.isEmpty())
            mTable.setEmptyMessage(tr("<h3>The events cannot be read</h3><p>%1</p><p>Nothing was changed. In a terminal, "
                                      "<code>mapline check --db \"%2\"</code> says what is damaged and "
                                      "<code>mapline repair --db \"%2\"</code> rebuilds the indexes. If the tables "
                                      "themselves are damaged, restore a backup.</p>")
                                       .arg(mIndexError.toHtmlEscaped(), mRead->name().toHtmlEscaped()));
        else
            mTable.setEmptyMessage(mRead ? tr("<h3>Loading…</h3>")
                                          : tr("<h3>No database open</h3><p>Use File &gt; Open Database or New Database.</p>"));
        updateStatus();
        emit tableReloaded();
        return;
    }
    // The index decides which events the window and filters hold (the same rows the map and
    // the timeline show), the store gives the first page of them by id: a month of a million
    // events costs no more than a day of a hundred.
    const EventIndex::Window window = mTimeline->hasData() ? mIndex->window(mTimeline->window().fromDay,
                                                                            mTimeline->window().toDay)
                                                           : mIndex->all();
    QList<qint64> ids;
    qsizetype total = 0;
    mIndex->forEach(window, mMask.get(), [&](qsizetype row) {
        if (++total <= kTableLimit)
            ids.append(mIndex->id(row));
    });
    Result<QList<Event>> events = mRead->eventsByIds(ids);
    QList<Event> rows;
    if (events)
        rows = std::move(events).value();
    else
        mWindow.statusBar()->showMessage(events.error(), 15000);
    mTableTruncated = total > kTableLimit;
    mCorrectedIds.clear();
    for (const Event &e : rows)
        if (e.hasFlag(Event::Corrected))
            mCorrectedIds.insert(e.id);
    loadTableHappenings(rows);
    QTableView *view = mTable.table();
    qint64 topId = 0; // the event at the top of the view, which a refresh keeps there
    if (mKeepTableView)
        if (const int top = view->rowAt(0); top >= 0)
            topId = view->model()->index(top, 0).data(EventTableModel::EventIdRole).toLongLong();
    mSelecting = true;
    mModel.setEvents(std::move(rows));
    mSelecting = false;
    if (mIndex->isEmpty())
        mTable.setEmptyMessage(tr("<h3>No dated, placed events yet</h3><p>Import news articles with File &gt; Import "
                                  "Articles (Ctrl+I) or drop them on this window.</p>"));
    else
        mTable.setEmptyMessage(tr("<h3>No events in this time window</h3><p>%1 – %2%3</p><p>Move the window on the "
                                  "timeline, or use Next Event (Page Down).</p>")
                                   .arg(mTimeline->from().toString(Qt::ISODate), mTimeline->to().toString(Qt::ISODate),
                                        mFilterState.isEmpty() ? QString() : tr(" with the active filters")));
    if (mSelected) {
        // Keep the selection when the event is still listed.
        mSelecting = true;
        const QModelIndexList found = view->model()->match(view->model()->index(0, 0), EventTableModel::EventIdRole,
                                                           QVariant::fromValue(mSelected), 1, Qt::MatchExactly);
        if (!found.isEmpty())
            view->setCurrentIndex(found.first());
        mSelecting = false;
    }
    if (topId) {
        const QModelIndexList found = view->model()->match(view->model()->index(0, 0), EventTableModel::EventIdRole,
                                                           QVariant::fromValue(topId), 1, Qt::MatchExactly);
        if (!found.isEmpty())
            view->scrollTo(found.first(), QAbstractItemView::PositionAtTop);
    }
    updateStatus();
    emit tableReloaded();
}

void Workspace::updateStatus()
{
    if (!mRead) {
        mStatus->setText(tr("No database"));
        return;
    }
    if (!mIndex) {
        mStatus->setText(mIndexError.isEmpty() ? tr("Loading events…") : tr("The events cannot be read: %1").arg(mIndexError));
        return;
    }
    const QLocale locale;
    const qint64 shown = mTimeline->windowEventCount();
    const bool happenings = mUnit == Unit::Happenings && mIndex->hasFusedReports();
    QString text = tr("%1 in the window · %2 in the database")
                       .arg(happenings ? (shown == 1 ? tr("1 happening") : tr("%L1 happenings").arg(shown))
                                       : (shown == 1 ? tr("1 event") : tr("%L1 events").arg(shown)),
                            happenings ? tr("%1 happenings of %2 reports")
                                             .arg(locale.toString(qint64(mIndex->happeningCount())),
                                                  locale.toString(qint64(mIndex->size())))
                                       : locale.toString(qint64(mIndex->size())));
    if (mTableTruncated)
        text += tr(" · table shows the first %1").arg(locale.toString(kTableLimit));
    if (!mFilterState.isEmpty())
        text += tr(" · filtered");
    mStatus->setText(text);
}

void Workspace::saveSettings() const
{
    if (!mRead)
        return;
    QSettings settings;
    settings.beginGroup(QStringLiteral("workspace"));
    settings.setValue(QStringLiteral("database"), settingsKey()); // a URL never holds a password
    if (mTimeline->hasData()) {
        settings.setValue(QStringLiteral("from"), mTimeline->from().toString(Qt::ISODate));
        settings.setValue(QStringLiteral("to"), mTimeline->to().toString(Qt::ISODate));
        settings.setValue(QStringLiteral("axisFrom"), mTimeline->axisFrom());
        settings.setValue(QStringLiteral("axisTo"), mTimeline->axisTo());
    }
    settings.setValue(QStringLiteral("cumulative"), mTimeline->mode() == timeline::TimeWindow::Mode::Cumulative);
    settings.setValue(QStringLiteral("stepUnit"), int(mTimeline->stepUnit()));
    settings.setValue(QStringLiteral("speed"), mTimeline->speed());
    settings.setValue(QStringLiteral("loop"), mTimeline->loops());
    settings.setValue(QStringLiteral("skipEmpty"), mTimeline->skipsEmpty());
    const QGeoCoordinate centre = Projection::unproject(mMap.settings().center());
    settings.setValue(QStringLiteral("mapLongitude"), centre.longitude());
    settings.setValue(QStringLiteral("mapLatitude"), centre.latitude());
    settings.setValue(QStringLiteral("mapMetresPerPixel"), mMap.settings().metresPerPixel());
    // The analyst's layers and basemaps belong to the analyst, not to one database.
    settings.setValue(QStringLiteral("layers"), mMap.layerState());
    settings.setValue(QStringLiteral("relief"), mMap.showsRelief());
    settings.endGroup();
}

void Workspace::restoreTimeSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("workspace"));
    mTimeline->setSpeed(settings.value(QStringLiteral("speed"), 4.0).toDouble());
    mTimeline->setLoop(settings.value(QStringLiteral("loop"), false).toBool());
    mTimeline->setSkipEmpty(settings.value(QStringLiteral("skipEmpty"), false).toBool());
    mMap.setRelief(settings.value(QStringLiteral("relief"), true).toBool());
    if (mMap.layers().isEmpty()) {
        const QStringList missing = mMap.restoreLayers(settings.value(QStringLiteral("layers")).toList());
        if (!missing.isEmpty())
            mStatus->setText(tr("Layers not restored: %1").arg(missing.join(QStringLiteral("; "))));
    }
    // The window, its step and the view belong to the database they were saved with; another
    // database keeps the start view the timeline chose for it (timeline::startView).
    if (settings.value(QStringLiteral("database")).toString() != settingsKey())
        return;
    mTimeline->setStepUnit(timeline::StepUnit(std::clamp(settings.value(QStringLiteral("stepUnit"), 0).toInt(), 0, 2)));
    mTimeline->setMode(settings.value(QStringLiteral("cumulative")).toBool() ? timeline::TimeWindow::Mode::Cumulative
                                                                              : timeline::TimeWindow::Mode::Moving);
    const QDate from = QDate::fromString(settings.value(QStringLiteral("from")).toString(), Qt::ISODate);
    const QDate to = QDate::fromString(settings.value(QStringLiteral("to")).toString(), Qt::ISODate);
    if (from.isValid() && to.isValid())
        mTimeline->setWindow(from, to);
    const double axisFrom = settings.value(QStringLiteral("axisFrom")).toDouble();
    const double axisTo = settings.value(QStringLiteral("axisTo")).toDouble();
    if (axisTo > axisFrom)
        mTimeline->setAxis(axisFrom, axisTo);
    bool okLon = false, okLat = false, okScale = false;
    const double lon = settings.value(QStringLiteral("mapLongitude")).toDouble(&okLon);
    const double lat = settings.value(QStringLiteral("mapLatitude")).toDouble(&okLat);
    const double mpp = settings.value(QStringLiteral("mapMetresPerPixel")).toDouble(&okScale);
    if (okLon && okLat && okScale && mpp > 0)
        mMap.setView(QGeoCoordinate(lat, lon), mpp);
}

} // namespace mapline
