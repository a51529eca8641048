#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QToolButton;

namespace mapline {

class MapCanvas;

// The user layers of a MapCanvas, top of the drawing order first: a check box for visibility,
// buttons to add, remove, raise, lower, style and zoom to a layer, and the last notice about a
// layer just added (outside the view, time-aware...). The canvas owns the layers; the
// panel shows them and sends edits back, refreshing itself on MapCanvas::layersChanged.
class LayerPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerPanel(MapCanvas &canvas, QWidget *parent = nullptr);

    // Asks for files and adds them to the canvas; reports failures in a message box.
    void addLayers();
    void addLayerFiles(const QStringList &paths);
    // Opens the style dialog of the selected layer.
    void editStyle();

private:
    void refresh();
    int selectedLayer() const; // canvas index, or -1
    void updateButtons();

    MapCanvas &mCanvas;
    QListWidget *mList;
    QToolButton *mAdd;
    QToolButton *mRemove;
    QToolButton *mUp;
    QToolButton *mDown;
    QToolButton *mZoom;
    QToolButton *mStyle;
    QCheckBox *mRelief; // the built-in basemap's shaded relief
    QLabel *mNotice; // the canvas's last layerNotice
    bool mRefreshing = false;
};

} // namespace mapline
