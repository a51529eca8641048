#pragma once

#include "corrections/correction.h"
#include "exportcontext.h"
#include "extract/articleparser.h"
#include "filterstate.h"
#include "happening.h"
#include "readstore.h"
#include "index/eventindex.h"
#include "index/eventmask.h"
#include "result.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

class QAction;
class QActionGroup;
class QDockWidget;
class QDropEvent;
class QLabel;
class QMainWindow;
class QMenu;
class QProgressBar;
class QThread;
class QToolButton;

namespace mapline {

class ControlController;
class CorrectionEditor;
class CorrectionStore;
class EventDetailsView;
class EventStore;
class EventTableModel;
class EventTableView;
class FilterPanel;
class ImportWorker;
class MapCanvas;
class PlaceCompletionModel;
class SharedStoreWatcher;
class TimelineModel;
class TimelineWidget;
struct ImportReport;
namespace pg {
struct PgIndexDelta;
struct PgIndexPosition;
}

// The analyst's workspace around the map: it owns the open database and its event index, the
// timeline (a dock under the map), the details and filters docks, the corrections with their
// undo stack, and the import worker; it wires them to the main window's map canvas and event
// table. Data flow: the index loads on a worker thread; filters become one EventMask for map
// and timeline; the time window goes to the map at once (frame rate) and to the table after a
// short pause (the table queries the store). Selection is linked: table, map, timeline and
// details follow whichever one the analyst clicked, and the map pans to it. Window layout is
// the main window's; the workspace persists the time window and the map extent (QSettings).
// GUI thread. The main window keeps ownership of the canvas, table view and table model.
class Workspace : public QObject {
    Q_OBJECT
public:
    Workspace(QMainWindow &window, MapCanvas &map, EventTableView &table, EventTableModel &model);
    ~Workspace() override;

    // Adds the workspace's actions to the window's menus; any may be null. `edit` gets undo,
    // redo and filter actions, `time` the timeline's, `view` the docks, `help` the shortcuts,
    // `file` the three Export actions (enabled while a database is open).
    void populateMenus(QMenu *file, QMenu *edit, QMenu *time, QMenu *view, QMenu *help);
    // Export map, data, animation: for a window that places them in its own File menu.
    QList<QAction *> exportActions() const { return {mExportMap, mExportData, mExportAnimation}; }
    // What the export dialogs get: the live map view, filters, time window and data range.
    ExportContext exportContext() const;

    // Opens a SQLite file (created when missing) or a team's PostgreSQL store (a postgresql://
    // URL; the viewer writes its corrections there too); `password`: one the analyst typed for the server
    // (kept in memory for the workers' connections, never written). False, with the reason in a
    // message box unless `quiet`, when it cannot.
    bool openDatabase(const QString &path, bool quiet = false, const QByteArray &password = {});
    void closeDatabase();
    // The SQLite store, which the viewer can also write to; null on a PostgreSQL store.
    EventStore *store() const { return mStore.get(); }
    // What the viewer reads, from either store; null when none is open.
    cli::ReadStore *reader() const { return mRead.get(); }
    // Where the analyst's corrections go, in either store (the editors write through it); null
    // when none is open or the server could not be reached for writing.
    CorrectionStore *correctionStore() const { return mWriter.get(); }
    bool isShared() const; // a PostgreSQL store is open
    // How a worker thread opens the open store again (its own connection).
    cli::ReadStore::Source storeSource() const { return {databasePath(), mPassword}; }
    QString databasePath() const; // the file's path or the URL
    // Imports article files (folders are searched) on a worker thread; asks for a publication
    // date and source first when some files carry none (unless `options` is given).
    void importFiles(const QStringList &paths, const std::optional<ParseOptions> &options = std::nullopt);
    bool isImporting() const { return mImportThread != nullptr; }
    void cancelImport();
    // Reloads index and table from the store (after something else wrote to it).
    void reload();
    // View > Refresh (F5): reloads when the store changed since the index was loaded (on
    // PostgreSQL, its change counter moved; the load then takes the client's cached copy or
    // streams the events again). Says so in the status bar when nothing changed.
    void refresh();
    // On a shared store, what other analysts commit arrives by itself (SharedStoreWatcher: LISTEN,
    // else a poll of the change log): the notices are gathered for a moment, then one delta
    // refresh runs on a worker (never two at once, never more than one per kLiveGapMs), keeping
    // the selection, the table's scroll position and the map's view; the status bar says what
    // arrived. A refresh that finds nothing committed since the shown index (the viewer's own
    // writes, already loaded) changes nothing and says nothing. Null on a SQLite file.
    SharedStoreWatcher *liveWatcher() const { return mLive; }
    // Notices arrived that no refresh has covered yet (their refresh is due); tests wait for this.
    bool isLiveRefreshDue() const { return mLiveWanted; }
    // Reloads when another connection (sqlite3, `mapline import` in a terminal) committed to the
    // database since the index was loaded (PRAGMA data_version). Runs every few seconds while the
    // window is active, and when it becomes active.
    void checkForOutsideChanges();
    // Why the events could not be read (a damaged events table), shown in the table's place and
    // the status line until the next load; empty when they could.
    const QString &indexError() const { return mIndexError; }

    void selectEvent(qint64 eventId); // as if clicked in the table
    // Correct an event's place by clicking the map: the map enters pick mode (hint in the status
    // bar, Esc cancels); the click snaps to a gazetteer place within a few pixels, else it is a
    // point named by its coordinates. The correction has undo like the dialog's.
    void pickPlaceOnMap(qint64 eventId);
    // What a pick at `at` becomes with the map's current view.
    Place placeAtPick(const QGeoCoordinate &at) const;
    qint64 selectedEventId() const { return mSelected; }

    void saveSettings() const;
    // Puts the timeline and the table under the map, details and filters (tabbed) beside it,
    // docked and shown: the first layout, and View > Reset Layout.
    void placeDocks();

    TimelineModel *timeline() const { return mTimeline; }
    TimelineWidget *timelineWidget() const { return mTimelineWidget; }
    EventDetailsView *details() const { return mDetails; }
    FilterPanel *filters() const { return mFilters; }
    CorrectionEditor *corrections() const { return mCorrections; }
    ControlController *control() const { return mControl; } // territorial control: layer, lane, history
    std::shared_ptr<const EventIndex> index() const { return mIndex; }
    std::shared_ptr<const EventMask> mask() const { return mMask; }
    QDockWidget *timelineDock() const { return mTimelineDock; }
    QDockWidget *detailsDock() const { return mDetailsDock; }
    QDockWidget *filtersDock() const { return mFiltersDock; }
    QAction *undoAction() const { return mUndo; }
    QAction *redoAction() const { return mRedo; }

    // Happenings (docs/FUSION.md, app/workspace_happenings.cpp): the map, the histogram and the
    // table count happenings (one row per happening: its lead report, at the happening's place and
    // date, its symbol weighted by its sources) or reports. View > Happenings / Reports and the
    // toolbar switch; remembered with the workspace. Happenings is the default.
    enum class Unit { Happenings, Reports };
    Unit unit() const { return mUnit; }
    void setUnit(Unit unit);
    QList<QAction *> unitActions() const { return {mShowHappenings, mShowReports}; }
    // The analyst's merge and split (Edit menu, the map's and the table's context menus), each one
    // undoable step: mark one happening (by any of its reports), then merge another into it; split
    // a report out of its happening. False (with a message in the status bar) when refused.
    bool markForMerge(qint64 eventId);
    qint64 markedForMerge() const { return mMergeMark; }
    bool mergeWithMarked(qint64 eventId);
    bool splitReport(qint64 eventId);
    // The context menu of an event on the map or in the table (built on demand; the caller owns it).
    QMenu *contextMenu(qint64 eventId, QWidget *parent);
    // The lead report of an event's happening in the index (the event itself when it leads or is
    // not indexed).
    qint64 leadOf(qint64 eventId) const;

    // The index loads on a worker thread; tests wait for this.
    // From loadIndex() until its result is handled (indexReady()): the worker's end alone is not
    // the end, its result still waits in the event queue.
    bool isLoading() const { return mIndexRunning || mIndexPending; }

signals:
    void databaseOpened(const QString &path);
    void indexLoaded();
    void tableReloaded();
    void importFinished(const mapline::ImportReport &report);
    void selectionChanged(qint64 eventId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Origin { Table, Map, Timeline, Program };
    using IndexResult = Result<std::shared_ptr<const EventIndex>>;

    void createDocks();
    void createActions();
    void createHappeningActions();
    void populateHappeningMenus(QMenu *edit, QMenu *view);
    void updateHappeningActions();
    // The reports mask turned into the unit's (Happenings: the leads of happenings with a report in it).
    std::shared_ptr<const EventMask> unitMask(std::shared_ptr<const EventMask> reports) const;
    // The table page's happenings, and the corrected marks of Happenings mode.
    void loadTableHappenings(const QList<Event> &rows);
    void loadIndex();
    void indexReady();
    void othersCommitted(); // the watcher's changed(): a live refresh soon
    void liveRefresh();     // the coalescing timer's end
    void liveStateChanged();
    // Says in the status bar what a refresh read; false: a live refresh found nothing new, and
    // nothing is to be set or said.
    bool announceDelta(const pg::PgIndexDelta &delta, bool live, const EventIndex &fresh);
    qint64 dataVersion() const; // PRAGMA data_version of the store's connection; -1 on failure
    qint64 changeCount() const; // PostgreSQL: committed writing transactions (change_log); -1 on failure
    QString settingsKey() const; // the store as the settings name it (absolute path or URL)
    void setIndex(std::shared_ptr<const EventIndex> index);
    void updateLists();
    void applyFilters();
    void syncExactDates(); // the timeline's Exact dates follows the precision filter
    void scheduleTableReload();
    void reloadTable();
    void select(qint64 eventId, Origin origin);
    void showDetails(qint64 eventId);
    void showHappening(const Event &event); // the details panel's "who else says so"
    std::optional<Event> eventById(qint64 eventId) const;
    void panTo(qint64 eventId);
    void updateStatus();
    QString describe(qint64 eventId) const;
    void restoreTimeSettings();

    // Corrections from the details panel.
    void askCorrection(qint64 eventId, const QString &what);
    void updateActions(); // what needs an open database
    void openWriter(); // mWriter for the store just opened, handed to the editors
    void releaseWriter(); // the editors let go of mWriter, which goes
    void correctionApplied(qint64 oldId, qint64 newId);
    void placePicked(const QGeoCoordinate &at);
    void pickingChanged(bool picking);

    // Import and drop.
    // `notRead`: "path: reason" for what was found but cannot be read (an unreadable folder...),
    // reported with the import's own failures.
    void startImport(const QStringList &files, const ParseOptions &options, const QStringList &notRead = {});
    void importProgress(int done, int total, const QString &file);
    void importDone(const ImportReport &report);
    bool handleDrop(QDropEvent *event);

    QMainWindow &mWindow;
    MapCanvas &mMap;
    EventTableView &mTable;
    EventTableModel &mModel;

    std::unique_ptr<EventStore> mStore; // the SQLite file; null on PostgreSQL
    std::unique_ptr<cli::ReadStore> mRead; // reads either store; set while one is open
    // Writes the corrections into either store; borrows mStore (SQLite) or mRead's reader
    // (PostgreSQL, for the events), so it goes before them, and the editors let go of it first.
    std::unique_ptr<CorrectionStore> mWriter;
    QByteArray mPassword; // typed by the analyst for the open PostgreSQL store; memory only
    qint64 mChangeCount = -1; // PostgreSQL: the change counter when the index was asked for
    // PostgreSQL: where the shown index stands (pg::PgIndexPosition), so that Refresh reads only
    // what changed since (pg::refreshEventIndex); null until a whole index is loaded. The one a
    // running load fills is mPendingPosition (written by the worker, read after its future ends).
    std::shared_ptr<pg::PgIndexPosition> mPgPosition;
    std::shared_ptr<pg::PgIndexPosition> mPendingPosition;
    std::shared_ptr<pg::PgIndexDelta> mPendingDelta; // what the running refresh read, for the status bar
    std::shared_ptr<const EventIndex> mIndex;
    std::shared_ptr<const EventMask> mMask;
    FilterState mFilterState;
    QFutureWatcher<IndexResult> mIndexWatcher;
    bool mIndexRunning = false; // a load started and its result not handled yet
    bool mIndexPending = false; // a reload was asked for while one was running
    quint64 mIndexGeneration = 0;
    bool mFirstIndex = true;
    QString mIndexError;
    qint64 mDataVersion = -1; // of the store's connection when the index was asked for
    QTimer mWatchTimer;
    SharedStoreWatcher *mLive = nullptr; // child; watches while a shared store is open
    QTimer mLiveTimer;                   // single shot: gathers a burst of notices into one refresh
    QElapsedTimer mLiveSince;            // since the last live refresh started
    bool mLiveWanted = false;            // notices arrived that no refresh has covered yet
    bool mLiveLoad = false;              // the next loadIndex() is a live refresh
    bool mKeepTableView = false;         // reloadTable() keeps the rows at the top of the view
    QLabel *mLiveLabel = nullptr;        // "Live" / "Reconnecting…" in the status bar, on a shared store

    TimelineModel *mTimeline;
    TimelineWidget *mTimelineWidget;
    EventDetailsView *mDetails;
    FilterPanel *mFilters;
    PlaceCompletionModel *mPlaces;
    CorrectionEditor *mCorrections;
    ControlController *mControl = nullptr;
    QDockWidget *mTimelineDock = nullptr;
    QDockWidget *mDetailsDock = nullptr;
    QDockWidget *mFiltersDock = nullptr;
    QList<EventTypeCodes> mTypeCodes;

    QTimer mTableTimer;
    qint64 mSelected = 0;
    qint64 mPickingFor = 0; // the event whose place the map's pick mode corrects
    bool mSelecting = false;
    QSet<qint64> mCorrectedIds; // of the table's events, for the table's mark
    qint64 mWindowCount = 0;
    bool mTableTruncated = false;
    mutable std::optional<Article> mArticleCache;

    QThread *mImportThread = nullptr;
    QPointer<ImportWorker> mImportWorker;
    QProgressBar *mImportProgress;
    QToolButton *mImportCancel;
    QLabel *mStatus;

    QAction *mUndo = nullptr;
    QAction *mRedo = nullptr;
    QAction *mCancelPick = nullptr; // Esc wherever the focus is, while the map picks
    QAction *mExportMap = nullptr;
    QAction *mExportData = nullptr;
    QAction *mExportAnimation = nullptr;
    QAction *mRefresh = nullptr;
    QList<QAction *> mActions; // for the shortcuts dialog

    Unit mUnit = Unit::Happenings;
    qint64 mMergeMark = 0; // a report of the happening marked for merging; 0: none
    QActionGroup *mUnitGroup = nullptr;
    QAction *mShowHappenings = nullptr;
    QAction *mShowReports = nullptr;
    QAction *mMarkMerge = nullptr;
    QAction *mMergeMarked = nullptr;
    QAction *mSplitReport = nullptr;
};

} // namespace mapline
