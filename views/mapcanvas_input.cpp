// MapCanvas's input: the mouse (click, drag to pan, double-click and wheel to zoom, picking a
// coordinate), the keyboard, and the tooltips. The rest of the canvas is in mapcanvas.cpp.
#include "mapcanvas.h"

#include "render/controllayerrenderer.h"
#include "render/eventlayerrenderer.h"
#include "render/mappalette.h"

#include <QIcon>
#include <QKeyEvent>
#include <QListWidget>
#include <QPixmap>
#include <QLocale>
#include <QMouseEvent>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace mapline {
namespace {

constexpr double kWheelStep = 1.5; // zoom factor per wheel notch
constexpr double kDragThreshold = 4.0;

QString familyBreakdown(const EventLayout::Item &item)
{
    QStringList parts;
    for (int f = 0; f < EventStyle::kFamilyCount; ++f)
        if (item.familyCounts[size_t(f)] > 0)
            parts << QStringLiteral("%1 %2").arg(item.familyCounts[size_t(f)])
                         .arg(EventStyle::familyLabel(EventStyle::Family(f)).toLower());
    return parts.join(QStringLiteral(" · "));
}

} // namespace

void MapCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    mPressed = true;
    mDragging = false;
    mPressPosition = mLastDragPosition = event->position();
}

void MapCanvas::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    emit cursorPositionChanged(mSettings.toCoordinate(pos));
    if (mPressed && (event->buttons() & Qt::LeftButton)) {
        if (!mDragging && (pos - mPressPosition).manhattanLength() < kDragThreshold)
            return;
        if (!mDragging) {
            mDragging = true;
            setCursor(Qt::ClosedHandCursor);
            QToolTip::hideText();
        }
        mSettings.panByPixels(pos - mLastDragPosition);
        mLastDragPosition = pos;
        onViewChanged(Change::Interactive);
        return;
    }
    if (mPicking)
        return; // no hover: the click is a place, not an event
    const EventLayout::Item *item = mEventFrame.layout.itemAt(mSettings, pos);
    const bool changed = bool(item) != bool(mHover) ||
                         (item && (item->eventId != mHover->eventId || item->count != mHover->count));
    if (changed) {
        mHover = item ? std::optional<EventLayout::Item>(*item) : std::nullopt;
        setRestingCursor(item);
        update();
    }
}

void MapCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !mPressed)
        return QWidget::mouseReleaseEvent(event);
    mPressed = false;
    if (mDragging) {
        mDragging = false;
        setRestingCursor(false);
        return;
    }
    if (mPicking) {
        const QGeoCoordinate at = mSettings.toCoordinate(event->position());
        mPicking = false;
        setRestingCursor(false);
        emit coordinatePicked(at);
        emit pickingChanged(false);
        return;
    }
    handleClick(event->position());
}

MapCanvas::ClusterAction MapCanvas::clusterAction(const EventLayout::Item &item) const
{
    // Members that would still be within a symbol of each other at the closest zoom share one
    // spot: zooming never splits them (32 reports "at Kunduz" are one point).
    const QRectF m = item.memberBounds;
    const double closest = MapSettings::kMinMetresPerPixel;
    const bool oneSpot = std::max(m.width(), m.height()) / closest < EventLayerRenderer::kSymbolSize;
    const bool atLimit = mSettings.metresPerPixel() <= closest * 1.01;
    if (!oneSpot && !atLimit)
        return ClusterAction::ZoomIn;
    return item.count <= EventLayerRenderer::kMaxSpiderfy ? ClusterAction::Spread : ClusterAction::List;
}

void MapCanvas::handleClick(const QPointF &position)
{
    const EventLayout::Item *item = mEventFrame.layout.itemAt(mSettings, position);
    if (!item) {
        setSpread(std::nullopt); // a click on the map folds fanned-out events back
        if (const int place = ControlLayerRenderer::placeAt(mSettings, position); place >= 0)
            emit controlPlaceClicked(place);
        return;
    }
    if (!item->isCluster()) {
        setSelectedEventId(item->eventId);
        emit eventClicked(item->eventId);
        return;
    }
    const QRectF members = item->memberBounds;
    switch (clusterAction(*item)) {
    case ClusterAction::Spread: {
        // Every event of the window within the members' reach, fanned out around their middle.
        const double reach = std::hypot(members.width(), members.height()) / 2.0 + 1.0;
        setSpread(MapSettings::Spread{members.center(), reach});
        return;
    }
    case ClusterAction::List: showEventList(*item, mapToGlobal(position.toPoint())); return;
    case ClusterAction::ZoomIn: break;
    }
    const double mpp = mSettings.metresPerPixel();
    if (members.width() / mpp > 8 || members.height() / mpp > 8) {
        // Fit the members clear of the legends, but zoom in at least twice so the click always
        // makes progress.
        fitView(members, std::min(width(), height()) * 0.2, mpp / 2.0);
    } else {
        mSettings.setCenter(item->metres);
        mSettings.setMetresPerPixel(mpp / 4.0);
    }
    onViewChanged(Change::Immediate);
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseDoubleClickEvent(event);
    const bool out = event->modifiers() & Qt::ShiftModifier;
    mSettings.zoomBy(out ? 0.5 : 2.0, event->position());
    mPressed = false;
    onViewChanged(Change::Interactive);
}

void MapCanvas::wheelEvent(QWheelEvent *event)
{
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0)
        return;
    mSettings.zoomBy(std::pow(kWheelStep, notches), event->position());
    onViewChanged(Change::Interactive);
    event->accept();
}

void MapCanvas::keyPressEvent(QKeyEvent *event)
{
    const double stepX = width() / 4.0;
    const double stepY = height() / 4.0;
    switch (event->key()) {
    case Qt::Key_Left: mSettings.panByPixels(QPointF(stepX, 0)); break;
    case Qt::Key_Right: mSettings.panByPixels(QPointF(-stepX, 0)); break;
    case Qt::Key_Up: mSettings.panByPixels(QPointF(0, stepY)); break;
    case Qt::Key_Down: mSettings.panByPixels(QPointF(0, -stepY)); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomIn(); return;
    case Qt::Key_Minus: zoomOut(); return;
    case Qt::Key_Home: zoomToAfghanistan(); return;
    case Qt::Key_Escape:
        if (mSettings.spread() && !mPicking) {
            setSpread(std::nullopt);
            return;
        }
        if (!mPicking)
            return QWidget::keyPressEvent(event);
        cancelPicking();
        return;
    default: return QWidget::keyPressEvent(event);
    }
    onViewChanged(Change::Interactive);
}

void MapCanvas::leaveEvent(QEvent *event)
{
    emit cursorPositionChanged(QGeoCoordinate());
    if (mHover) {
        mHover.reset();
        update();
    }
    QWidget::leaveEvent(event);
}

bool MapCanvas::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const EventLayout::Item *item = mPicking ? nullptr : mEventFrame.layout.itemAt(mSettings, help->pos());
        if (item && !mDragging) {
            const QPointF at = mEventFrame.layout.screenPosition(mSettings, *item);
            const QRect area = QRectF(at.x() - item->radius, at.y() - item->radius, 2 * item->radius, 2 * item->radius)
                                   .toAlignedRect();
            QToolTip::showText(help->globalPos(), tooltipFor(*item), this, area);
        } else if (const int place = mPicking || mDragging ? -1 : ControlLayerRenderer::placeAt(mSettings, help->pos());
                   place >= 0) {
            QToolTip::showText(help->globalPos(),
                               ControlLayerRenderer::describe(mSettings, place) + tr("\nClick for its control history"),
                               this);
        } else {
            QToolTip::hideText();
            event->ignore();
        }
        return true;
    }
    return QWidget::event(event);
}

QString MapCanvas::tooltipFor(const EventLayout::Item &item) const
{
    if (item.isCluster()) {
        // The tooltip promises what the click does: a zoom only when zooming can split them.
        QString action;
        switch (clusterAction(item)) {
        case ClusterAction::ZoomIn: action = tr("Click to zoom in"); break;
        case ClusterAction::Spread: action = tr("All at one place: click to spread them out"); break;
        case ClusterAction::List: action = tr("All at one place: click to list them"); break;
        }
        return QStringLiteral("<b>%1 events</b><br>%2<br><i>%3</i>")
            .arg(QLocale().toString(item.count), familyBreakdown(item), action);
    }
    if (mDescriber) {
        const QString text = mDescriber(item.eventId);
        if (!text.isEmpty())
            return text;
    }
    const EventIndex *index = mSettings.events().get();
    if (!index || item.row < 0 || item.row >= index->size())
        return {};
    const EventStyle style = EventStyle::forType(index->typeNames().value(item.typeId));
    return QStringLiteral("<b>%1</b><br>%2").arg(style.label.toHtmlEscaped(),
                                                  EventIndex::dateOf(index->startDay(item.row)).toString(Qt::ISODate));
}

void MapCanvas::showEventList(const EventLayout::Item &item, const QPoint &at)
{
    const EventIndex *index = mSettings.events().get();
    if (!index)
        return;
    const QRectF members = item.memberBounds;
    std::vector<qint32> rows = rowsNear(members.center(), std::hypot(members.width(), members.height()) / 2.0 + 1.0);
    // Newest first, as the cluster's own symbol is its newest member.
    std::sort(rows.begin(), rows.end(), [index](qint32 a, qint32 b) {
        return index->startDay(a) != index->startDay(b) ? index->startDay(a) > index->startDay(b)
                                                        : index->id(a) > index->id(b);
    });
    auto *list = new QListWidget(this);
    list->setObjectName(QStringLiteral("eventListPopup"));
    list->setWindowFlags(Qt::Popup);
    list->setAttribute(Qt::WA_DeleteOnClose);
    for (qint32 row : rows) {
        const EventStyle style = EventStyle::forType(index->typeNames().value(index->typeId(row)));
        QString when = EventIndex::dateOf(index->startDay(row)).toString(Qt::ISODate);
        if (index->endDay(row) != index->startDay(row))
            when += QStringLiteral(" – ") + EventIndex::dateOf(index->endDay(row)).toString(Qt::ISODate);
        auto *entry = new QListWidgetItem(QStringLiteral("%1 · %2").arg(when, style.label), list);
        QPixmap swatch(10, 10);
        swatch.fill(style.colour);
        entry->setIcon(QIcon(swatch));
        entry->setData(Qt::UserRole, index->id(row));
        if (mDescriber)
            entry->setToolTip(mDescriber(index->id(row)));
    }
    connect(list, &QListWidget::itemActivated, this, [this, list](QListWidgetItem *entry) {
        const qint64 id = entry->data(Qt::UserRole).toLongLong();
        list->close();
        setSelectedEventId(id);
        emit eventClicked(id);
    });
    connect(list, &QListWidget::itemClicked, list, &QListWidget::itemActivated);
    const int rowHeight = list->fontMetrics().height() + 6;
    list->resize(std::max(260, list->sizeHintForColumn(0) + 40), rowHeight * int(std::min<size_t>(rows.size(), 14)) + 8);
    list->move(at);
    list->show();
    list->setFocus();
    if (list->count() > 0)
        list->setCurrentRow(0);
}

} // namespace mapline
