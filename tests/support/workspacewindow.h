#pragma once

// The main window's pieces as MainWindow makes them (map in the middle, the table in a dock, the
// Workspace with its menus), for tests that drive the viewer without MainWindow.
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "mapcanvas.h"
#include "workspace.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QSignalSpy>

#include <memory>

namespace mapline::test {

struct WorkspaceWindow {
    QMainWindow window;
    MapCanvas *map = new MapCanvas;
    EventTableModel *model = new EventTableModel(&window);
    EventTableView *table = new EventTableView;
    std::unique_ptr<Workspace> workspace;
    QMenu file{QStringLiteral("File")}, edit{QStringLiteral("Edit")}, time{QStringLiteral("Time")},
        view{QStringLiteral("View")}, help{QStringLiteral("Help")};

    WorkspaceWindow()
    {
        table->setModel(model);
        window.setCentralWidget(map);
        auto *dock = new QDockWidget(QStringLiteral("Events"), &window);
        dock->setObjectName(QStringLiteral("eventsDock"));
        dock->setWidget(table);
        window.addDockWidget(Qt::BottomDockWidgetArea, dock);
        workspace = std::make_unique<Workspace>(window, *map, *table, *model);
        workspace->populateMenus(&file, &edit, &time, &view, &help);
        window.resize(1200, 800);
    }
    ~WorkspaceWindow() { workspace.reset(); } // before the widgets it refers to
    WorkspaceWindow(const WorkspaceWindow &) = delete;
    WorkspaceWindow &operator=(const WorkspaceWindow &) = delete;

    // Opens `path` and waits for its index.
    bool open(const QString &path)
    {
        QSignalSpy loaded(workspace.get(), &Workspace::indexLoaded);
        return workspace->openDatabase(path, true) && loaded.wait(20000);
    }
};

} // namespace mapline::test
