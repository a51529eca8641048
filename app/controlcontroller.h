#pragma once

#include "control/controlcorrection.h"
#include "control/controllayer.h"
#include "controlhistoryview.h"
#include "readstore.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>
#include <optional>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace mapline {

class ControlEditor;
class MapCanvas;
class TimelineWidget;
class Workspace;

// Territorial control in the viewer (docs/CONTROL.md): it infers control again whenever the
// workspace's index is (re)loaded (an import, a correction, another program's write), on a worker
// thread with a read-only connection of its own, and hands one immutable ControlLayer to the map
// (the control layer), the timeline (its lane of changes) and the "Control History" dock. It owns
// the analyst's corrections of control (ControlEditor, on the workspace's undo stack) and the
// View menu's layer switches. GUI thread.
class ControlController : public QObject {
    Q_OBJECT
public:
    ControlController(Workspace &workspace, QMainWindow &window, MapCanvas &map, TimelineWidget &timeline);
    ~ControlController() override;

    QDockWidget *dock() const { return mDock; }
    ControlHistoryView *history() const { return mHistory; }
    ControlEditor *editor() const { return mEditor; }
    std::shared_ptr<const ControlLayer> layer() const { return mLayer; }
    QAction *layerAction() const { return mShowLayer; }
    QAction *provincesAction() const { return mShowProvinces; }
    void addToMenu(QMenu *view);

    // Infers control again from the workspace's store (on a worker); layerChanged() when done.
    // The editor writes through the workspace's CorrectionStore (a SQLite file or a shared store).
    void reload();
    // The workspace's CorrectionStore goes (another store is opened, or none): the editor lets go.
    void releaseStore();
    bool isLoading() const { return mWatcher.isRunning() || mPending; }
    // Shows the control history of a place of the layer (raising the dock).
    void showPlace(int place);

    // Sets or clears a correction through the editor (one undo step each); the message on failure.
    Status setHolder(int place, const QString &side, QDate from, const QString &note);
    Status clearCorrection(int place, QDate from);

signals:
    void layerChanged();

private:
    struct Load {
        std::shared_ptr<const ControlLayer> layer;
        QHash<qint64, ControlEvidence> evidence;
        QString error;
    };
    static Load compute(const QString &path, std::shared_ptr<const Basemap> basemap);
    // The same from a team's PostgreSQL store (`source`: its URL and a typed password, if any).
    static Load computeShared(const cli::ReadStore::Source &source, std::shared_ptr<const Basemap> basemap);
    std::optional<ControlCorrection> correctionOf(int place, QDate from) const;
    void loaded();
    void apply(std::shared_ptr<const ControlLayer> layer);
    void askHolder(int place, QDate suggested);
    void showPlaceOfEvent(qint64 eventId);

    Workspace &mWorkspace;
    QMainWindow &mWindow;
    MapCanvas &mMap;
    TimelineWidget &mTimeline;
    ControlEditor *mEditor;
    ControlHistoryView *mHistory;
    QDockWidget *mDock;
    QAction *mShowLayer;
    QAction *mShowProvinces;
    QFutureWatcher<Load> mWatcher;
    bool mPending = false;
    std::shared_ptr<const ControlLayer> mLayer;
    QHash<qint64, ControlEvidence> mEvidence;
    QString mShownPlace; // name and province of the place in the dock, kept across reloads
    QString mShownAdmin1;
};

} // namespace mapline
