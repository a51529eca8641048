#include "controllane.h"

#include "control/controllayer.h"
#include "index/eventindex.h"
#include "timeline/timelinemodel.h"
#include "timelinearea.h"

#include <QHelpEvent>
#include <QLocale>
#include <QMap>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>

namespace mapline {
namespace {

constexpr double kMark = 9.0;   // a mark's width and height
constexpr int kRows = 3;        // marks stacked on one day before "+n"

QString laneDayText(QDate d)
{
    return QLocale(QLocale::English).toString(d, QStringLiteral("d MMM yyyy"));
}

} // namespace

ControlLane::ControlLane(TimelineModel &model, TimelineArea &area, QWidget *parent)
    : QWidget(parent)
    , mModel(model)
    , mArea(area)
{
    setObjectName(QStringLiteral("controlLane"));
    setMouseTracking(true);
    setFixedHeight(kHeight);
    setVisible(false);
    connect(&mModel, &TimelineModel::axisChanged, this, qOverload<>(&QWidget::update));
    connect(&mModel, &TimelineModel::windowChanged, this, qOverload<>(&QWidget::update));
}

void ControlLane::setLayer(std::shared_ptr<const ControlLayer> layer)
{
    mLayer = std::move(layer);
    setVisible(mLayer && !mLayer->changes().isEmpty());
    update();
}

QList<QRectF> ControlLane::markRects() const
{
    QList<QRectF> rects;
    if (!mLayer)
        return rects;
    const QList<ControlLayer::Change> &changes = mLayer->changes();
    rects.reserve(changes.size());
    // Changes are in day order: the ones of one day (one x) stack upwards from the lane's bottom.
    int stacked = 0;
    qint32 lastDay = 0;
    double lastX = -1e9;
    for (int i = 0; i < changes.size(); ++i) {
        const ControlLayer::Change &c = changes.at(i);
        const double x = (mArea.xOfDay(c.day) + mArea.xOfDay(c.day + 1)) / 2.0;
        if (x < 0 || x > width()) {
            rects.append(QRectF());
            continue;
        }
        // Marks closer than one mark's width share a column (several days at a zoomed-out axis).
        stacked = (i > 0 && (c.day == lastDay || x - lastX < kMark)) ? stacked + 1 : 0;
        if (stacked == 0) {
            lastX = x;
            lastDay = c.day;
        }
        if (stacked >= kRows) {
            rects.append(QRectF());
            continue;
        }
        const double y = height() - 3 - (stacked + 1) * (kMark + 1);
        rects.append(QRectF(lastX - kMark / 2, y, kMark, kMark));
    }
    return rects;
}

QList<int> ControlLane::changesAt(const QPointF &position) const
{
    QList<int> found;
    const QList<QRectF> rects = markRects();
    // A column is hit as a whole: the marks of a day, and those it could not show.
    double column = -1;
    for (int i = 0; i < rects.size(); ++i)
        if (!rects.at(i).isEmpty() && std::abs(rects.at(i).center().x() - position.x()) <= kMark / 2 + 1) {
            column = rects.at(i).center().x();
            break;
        }
    if (column < 0)
        return found;
    bool inColumn = false;
    for (int i = 0; i < rects.size(); ++i) {
        if (!rects.at(i).isEmpty())
            inColumn = std::abs(rects.at(i).center().x() - column) < 0.5;
        if (inColumn)
            found.append(i);
    }
    return found;
}

QString ControlLane::tooltipAt(const QPointF &position) const
{
    QStringList lines;
    for (int i : changesAt(position)) {
        const ControlLayer::Change &c = mLayer->changes().at(i);
        const PlaceControl &pc = mLayer->places().at(c.place);
        const ControlState &s = pc.states.at(c.state);
        QString line = QStringLiteral("%1: %2%3 on %4")
                           .arg(pc.place.name, c.from >= 0 ? mLayer->sideName(c.from) + QStringLiteral(" → ") : QString(),
                                mLayer->sideName(s.side), laneDayText(s.since));
        if (s.analyst)
            line += tr(" (set by the analyst)");
        else
            line += s.evidence.size() == 1 ? tr(" (1 report)") : tr(" (%1 reports)").arg(s.evidence.size());
        if (s.contested && !s.rivals.isEmpty())
            line += tr(", contested by %1").arg(mLayer->sideName(s.rivals.first()));
        lines << line;
    }
    return lines.join(u'\n');
}

void ControlLane::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setPen(QColor(0, 0, 0, 30));
    p.drawLine(QPointF(0, 0.5), QPointF(width(), 0.5));
    if (!mLayer)
        return;
    // What the lane is, faint, at its left end (marks there paint over it).
    QFont label = font();
    label.setPixelSize(9);
    p.setFont(label);
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(QRectF(3, 1, 80, 10), Qt::AlignLeft | Qt::AlignTop, tr("control changes"));
    p.setRenderHint(QPainter::Antialiasing);
    // The window's end, where the map's control is read: a thin line through the lane.
    const auto window = mModel.window();
    if (mModel.hasData()) {
        const double x = mArea.xOfDay(window.toDay + 1) - 0.5;
        p.setPen(QPen(QColor(0x26, 0x26, 0x26, 140), 1.0, Qt::DotLine));
        p.drawLine(QPointF(x, 1), QPointF(x, height()));
    }
    const QList<QRectF> rects = markRects();
    const QList<ControlLayer::Change> &changes = mLayer->changes();
    for (int i = 0; i < rects.size(); ++i) {
        const QRectF r = rects.at(i);
        if (r.isEmpty())
            continue;
        const ControlLayer::Change &c = changes.at(i);
        const ControlState &s = mLayer->places().at(c.place).states.at(c.state);
        const bool inWindow = c.day >= window.fromDay && c.day <= window.toDay;
        QColor fill = mLayer->colour(s.side);
        fill.setAlpha(inWindow ? 255 : 150);
        p.setBrush(fill);
        QPen rim(inWindow ? QColor(0x11, 0x11, 0x11) : QColor(255, 255, 255), 1.0);
        if (s.contested)
            rim = QPen(QColor(0x11, 0x11, 0x11), 1.2, Qt::DotLine);
        p.setPen(rim);
        // A mark pointing up: the day the side took it.
        QPolygonF triangle({QPointF(r.center().x(), r.top()), r.bottomRight(), r.bottomLeft()});
        p.drawPolygon(triangle);
        if (s.analyst) {
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(0x11, 0x11, 0x11));
            p.drawEllipse(QPointF(r.center().x(), r.bottom() - 2), 1.4, 1.4);
        }
    }
    // Columns that could not show every mark of their day: "+n" above them.
    QMap<int, int> hidden; // column x -> count
    double column = -1;
    for (int i = 0; i < rects.size(); ++i) {
        if (!rects.at(i).isEmpty()) {
            column = rects.at(i).center().x();
            continue;
        }
        const double x = (mArea.xOfDay(changes.at(i).day) + mArea.xOfDay(changes.at(i).day + 1)) / 2.0;
        if (column >= 0 && x >= 0 && x <= width())
            ++hidden[int(std::lround(column))];
    }
    QFont small = font();
    small.setPixelSize(9);
    p.setFont(small);
    p.setPen(palette().color(QPalette::Text));
    for (auto it = hidden.cbegin(); it != hidden.cend(); ++it)
        p.drawText(QRectF(it.key() + kMark / 2 + 1, 0, 30, 10), Qt::AlignLeft | Qt::AlignTop,
                   QStringLiteral("+%1").arg(it.value()));
}

void ControlLane::mousePressEvent(QMouseEvent *event)
{
    const QList<int> hit = changesAt(event->position());
    if (event->button() != Qt::LeftButton || hit.isEmpty() || !mLayer)
        return QWidget::mousePressEvent(event);
    // The mark under the pointer; else the column's first (the bottom one).
    int chosen = hit.first();
    const QList<QRectF> rects = markRects();
    for (int i : hit)
        if (rects.at(i).adjusted(-1, -1, 1, 1).contains(event->position()))
            chosen = i;
    const ControlLayer::Change &c = mLayer->changes().at(chosen);
    emit changeClicked(c.place, c.state);
}

bool ControlLane::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QString text = mLayer ? tooltipAt(help->pos()) : QString();
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace mapline
