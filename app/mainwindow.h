#pragma once

#include <QMainWindow>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;

namespace mapline {

class EventTableModel;
class EventTableView;
class LayerPanel;
class MapCanvas;
class Workspace;

// The viewer's main window: the map (the central widget), the event table and the user's layers
// (docks), the menus and the window's own state. The Workspace owns the open database and
// everything that shows it (timeline, details, filters, corrections, import) and wires those
// to the map and the table. The parts (store, models, index, views) do the work.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens (creating when missing) the database at `path`; reports failure in a message box
    // unless `quiet`. Returns whether it opened.
    // A postgresql:// URL opens a team's store (a password the server asks for is asked in the
    // Open Shared Database dialog, unless `quiet`).
    bool openDatabase(const QString &path, bool quiet = false, const QByteArray &password = {});
    QString databasePath() const;
    EventTableModel *eventModel() const { return mModel; }
    MapCanvas *mapCanvas() const { return mMap; }
    Workspace *workspace() const { return mWorkspace; }

    // Imports files (articles, datasets, folders) into the open database on a worker thread, as a
    // drop on the window does; `mapline FILE...` starts with this.
    void importFiles(const QStringList &files);

public slots:
    // View > Reset Layout: the docks where they start, sized for this window (the map first,
    // the timeline at its height, the table the rest below; details beside the map).
    void resetLayout();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void firstGeometry();
    void defaultLayout();
    void fitToScreen();
    void createMapActions(QMenu *view);
    void newDatabase();
    void openDatabaseDialog();
    // File > Open Shared Database: `url` and `message` prefill it (a store that asked for a password).
    void openSharedDialog(const QString &url = {}, const QString &message = {}, bool askPassword = false);
    void importArticles();
    void about();
    void updateRecentMenu();
    void addRecent(const QString &path);

    EventTableModel *mModel;
    EventTableView *mTable;
    MapCanvas *mMap;
    LayerPanel *mLayers;
    QDockWidget *mTableDock;
    QDockWidget *mLayerDock;
    QLabel *mCursor;
    Workspace *mWorkspace; // a child of the window; made after the docks above
    QMenu *mRecentMenu = nullptr;
    QAction *mImportAction = nullptr;
};

} // namespace mapline
