#pragma once

#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;
class QMenu;

namespace mapline {

class EventStore;
class EventTableModel;
class EventTableView;

// The viewer's main window: opens a database and shows its events. It wires the parts;
// the parts (store, models, views) do the work.
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

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void reload();
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
    QLabel *mStatus;
    QMenu *mRecentMenu = nullptr;
    QAction *mImportAction = nullptr;
};

} // namespace mapline
