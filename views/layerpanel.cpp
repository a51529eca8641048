#include "layerpanel.h"

#include "layerstyledialog.h"
#include "mapcanvas.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>

namespace mapline {
namespace {

// A small swatch of the layer's colour, or a raster icon.
QIcon swatch(const MapSettings::Layer &layer)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    if (layer.source->kind() == LayerSource::Kind::Raster) {
        QLinearGradient g(0, 0, 14, 14);
        g.setColorAt(0, QColor(0x7a, 0x9e, 0x6b));
        g.setColorAt(1, QColor(0xc9, 0xb2, 0x8a));
        p.setBrush(g);
        p.setPen(QColor(0, 0, 0, 80));
        p.drawRect(QRectF(1.5, 1.5, 11, 11));
    } else {
        QColor fill = layer.colour;
        fill.setAlpha(110);
        p.setBrush(fill);
        p.setPen(QPen(layer.colour, 1.5));
        p.drawRoundedRect(QRectF(1.5, 1.5, 11, 11), 2, 2);
    }
    return QIcon(pixmap);
}

QToolButton *button(const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

} // namespace

LayerPanel::LayerPanel(MapCanvas &canvas, QWidget *parent)
    : QWidget(parent)
    , mCanvas(canvas)
    , mList(new QListWidget(this))
    , mAdd(button(tr("Add…"), tr("Add a vector or raster file (Shapefile, GeoPackage, GeoJSON, KML, GeoTIFF, MBTiles…)"), this))
    , mRemove(button(tr("Remove"), tr("Remove the selected layer"), this))
    , mUp(button(QStringLiteral("▲"), tr("Draw the selected layer higher"), this))
    , mDown(button(QStringLiteral("▼"), tr("Draw the selected layer lower"), this))
    , mZoom(button(tr("Zoom"), tr("Zoom to the selected layer"), this))
    , mStyle(button(tr("Style…"), tr("Colour, width, fill, opacity, labels of the selected layer; or use it as a basemap"), this))
    , mRelief(new QCheckBox(tr("Shaded relief (built-in basemap)"), this))
    , mNotice(new QLabel(this))
{
    mRelief->setObjectName(QStringLiteral("reliefToggle"));
    mRelief->setToolTip(tr("Hill shading from SRTM30 elevation (about 2 km a pixel) under the built-in basemap's "
                           "rivers, borders and names"));
    mNotice->setWordWrap(true);
    mNotice->setObjectName(QStringLiteral("layerNotice"));
    mNotice->hide();
    auto *hint = new QLabel(tr("Your layers are drawn over the basemap and under the events; basemap layers "
                               "(OpenStreetMap extracts, imagery) under the borders and names."), this);
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QToolButton *b : {mAdd, mRemove, mUp, mDown, mStyle, mZoom})
        buttons->addWidget(b);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(mList);
    layout->addWidget(mRelief);
    layout->addWidget(mNotice);
    layout->addWidget(hint);

    connect(mAdd, &QToolButton::clicked, this, &LayerPanel::addLayers);
    connect(mRemove, &QToolButton::clicked, this, [this] { mCanvas.removeLayer(selectedLayer()); });
    connect(mUp, &QToolButton::clicked, this, [this] {
        const int layer = selectedLayer();
        mCanvas.moveLayer(layer, layer + 1);
        mList->setCurrentRow(mList->currentRow() - 1);
    });
    connect(mDown, &QToolButton::clicked, this, [this] {
        const int layer = selectedLayer();
        mCanvas.moveLayer(layer, layer - 1);
        mList->setCurrentRow(mList->currentRow() + 1);
    });
    connect(mZoom, &QToolButton::clicked, this, [this] { mCanvas.zoomToLayer(selectedLayer()); });
    connect(mStyle, &QToolButton::clicked, this, &LayerPanel::editStyle);
    connect(&mCanvas, &MapCanvas::layerNotice, this, [this](const QString &message) {
        mNotice->setText(message);
        mNotice->show();
    });
    connect(mList, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        if (!mRefreshing)
            mCanvas.setLayerVisible(int(mCanvas.layers().size()) - 1 - mList->row(item),
                                    item->checkState() == Qt::Checked);
    });
    connect(mRelief, &QCheckBox::toggled, this, [this](bool on) {
        if (!mRefreshing)
            mCanvas.setRelief(on);
    });
    connect(mList, &QListWidget::itemDoubleClicked, this, [this] { mCanvas.zoomToLayer(selectedLayer()); });
    connect(mList, &QListWidget::currentRowChanged, this, &LayerPanel::updateButtons);
    connect(&mCanvas, &MapCanvas::layersChanged, this, &LayerPanel::refresh);
    refresh();
}

void LayerPanel::addLayers()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add Layer"), QDir::homePath(),
        tr("Geodata (*.shp *.gpkg *.geojson *.json *.kml *.kmz *.gml *.tif *.tiff *.mbtiles *.vrt *.csv *.osm *.pbf);;All files (*)"));
    addLayerFiles(files);
}

void LayerPanel::addLayerFiles(const QStringList &paths)
{
    QStringList failures;
    for (const QString &path : paths)
        if (Status s = mCanvas.addLayerFile(path); !s)
            failures << s.error();
    if (!failures.isEmpty())
        QMessageBox::warning(this, tr("Add Layer"), failures.join(QStringLiteral("\n\n")));
}

void LayerPanel::editStyle()
{
    const int layer = selectedLayer();
    if (layer < 0)
        return;
    LayerStyleDialog dialog(mCanvas.layers()[layer], this);
    if (dialog.exec() == QDialog::Accepted)
        mCanvas.setLayerStyle(layer, dialog.style());
}

int LayerPanel::selectedLayer() const
{
    const int row = mList->currentRow();
    return row < 0 ? -1 : int(mCanvas.layers().size()) - 1 - row;
}

void LayerPanel::refresh()
{
    mRefreshing = true;
    const int current = mList->currentRow();
    mList->clear();
    const auto &layers = mCanvas.layers();
    // Top of the drawing order first, as in QGIS.
    for (int i = int(layers.size()) - 1; i >= 0; --i) {
        const MapSettings::Layer &layer = layers[i];
        auto *item = new QListWidgetItem(swatch(layer), layer.source->name(), mList);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(layer.visible ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(QStringLiteral("%1\n%2%3").arg(layer.source->path(), layer.source->description(),
                                                         layer.basemap ? tr("\nbasemap: under the borders and names")
                                                                       : QString()));
    }
    mList->setCurrentRow(std::min(current, int(mList->count()) - 1));
    const Basemap *basemap = mCanvas.settings().basemap().get();
    mRelief->setEnabled(basemap && basemap->relief());
    mRelief->setChecked(mCanvas.showsRelief());
    mRefreshing = false;
    updateButtons();
}

void LayerPanel::updateButtons()
{
    const int row = mList->currentRow();
    mRemove->setEnabled(row >= 0);
    mZoom->setEnabled(row >= 0);
    mStyle->setEnabled(row >= 0);
    mUp->setEnabled(row > 0);
    mDown->setEnabled(row >= 0 && row < mList->count() - 1);
}

} // namespace mapline
