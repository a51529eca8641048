#pragma once

#include <QHash>
#include <QMainWindow>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;

namespace mapline {

class EventStore;
class EventTableModel;
class EventTableView;
class LayerPanel;
class MapCanvas;

// The viewer's main window: opens a database and shows its events on the map (the central
// widget) and in a table (a dock), with the user's layers in another dock. It wires the parts;
// the parts (store, models, index, views) do the work.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens (creating when missing) the database at `path`; reports failure in a message box
    // unless `quiet`. Returns whether it opened.
    bool openDatabase(const QString &path, bool quiet = false);
    QString databasePath() const;
    EventTableModel *eventModel() const { return mModel; }
    MapCanvas *mapCanvas() const { return mMap; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMapActions(QMenu *view);
    void reload();
    void updateEventIndex();
    void selectEventInTable(qint64 eventId);
    QString describeEvent(qint64 eventId) const;
    void newDatabase();
    void openDatabaseDialog();
    void importArticles();
    void importFiles(const QStringList &files);
    void about();
    void updateRecentMenu();
    void addRecent(const QString &path);

    std::unique_ptr<EventStore> mStore;
    EventTableModel *mModel;
    EventTableView *mTable;
    MapCanvas *mMap;
    LayerPanel *mLayers;
    QDockWidget *mTableDock;
    QDockWidget *mLayerDock;
    QLabel *mStatus;
    QLabel *mCursor;
    QHash<qint64, int> mRowOfEvent; // model row by event id, for tooltips
    QMenu *mRecentMenu = nullptr;
    QAction *mImportAction = nullptr;
};

} // namespace mapline
