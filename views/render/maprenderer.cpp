#include "render/maprenderer.h"

#include "render/basemaprenderer.h"
#include "render/controllayerrenderer.h"
#include "render/decorationrenderer.h"
#include "render/eventlayerrenderer.h"
#include "render/labelrenderer.h"
#include "render/nearcirclerenderer.h"

namespace mapline {

EventLayout MapRenderer::render(QPainter &painter, const MapSettings &settings)
{
    painter.save();
    painter.setClipRect(QRect(QPoint(0, 0), settings.outputSize()));
    BasemapRenderer::paint(painter, settings);
    NearCircleRenderer::paint(painter, settings);
    ControlLayerRenderer::paintUnder(painter, settings); // the provinces' tint, under the events
    EventLayout layout = EventLayerRenderer::render(painter, settings);
    ControlLayerRenderer::paint(painter, settings, &layout); // the places, ringing their events
    LabelRenderer::paint(painter, settings, &layout);
    EventLayerRenderer::paintSelection(painter, settings);
    DecorationRenderer::paint(painter, settings, layout);
    painter.restore();
    return layout;
}

QImage MapRenderer::blankImage(const MapSettings &settings, QImage::Format format)
{
    const qreal dpr = settings.devicePixelRatio();
    QImage image((QSizeF(settings.outputSize()) * dpr).toSize(), format);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    return image;
}

QImage MapRenderer::renderImage(const MapSettings &settings, EventLayout *layout)
{
    QImage image = blankImage(settings, QImage::Format_RGB32);
    if (image.isNull())
        return image; // no memory for it: nothing to draw on (a painter would warn at every call)
    QPainter painter(&image);
    EventLayout drawn = render(painter, settings);
    painter.end();
    if (layout)
        *layout = std::move(drawn);
    return image;
}

QImage MapRenderer::basemapImage(const MapSettings &settings)
{
    QImage image = blankImage(settings, QImage::Format_RGB32);
    QPainter painter(&image);
    BasemapRenderer::paint(painter, settings);
    return image;
}

QImage MapRenderer::overlayImage(const MapSettings &settings, EventLayout *layout)
{
    QImage image = blankImage(settings);
    QPainter painter(&image);
    EventLayout drawn = EventLayerRenderer::render(painter, settings);
    LabelRenderer::paint(painter, settings, &drawn);
    painter.end();
    if (layout)
        *layout = std::move(drawn);
    return image;
}

} // namespace mapline
