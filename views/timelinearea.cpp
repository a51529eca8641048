#include "timelinearea.h"

#include "render/eventstyle.h"
#include "timeline/timelinemodel.h"

#include <QHelpEvent>
#include <QFontMetricsF>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace mapline {
namespace {
constexpr double kAxisHeight = 18.0;
constexpr double kLaneHeight = 4.0;
constexpr double kLaneGap = 1.5;
constexpr double kHandleReach = 6.0;
const QColor kWindowFill(40, 110, 200, 38);
const QColor kWindowEdge(30, 90, 180);

// Stack order: the legend's (EventStyle::knownTypes), unknown types last.
std::vector<int> stackOrder(const QStringList &typeNames)
{
    const auto &known = EventStyle::knownTypes();
    std::vector<std::pair<int, int>> ranked;
    for (int id = 0; id < typeNames.size(); ++id) {
        int rank = int(known.size());
        for (int k = 0; k < known.size(); ++k)
            if (known[k].type == typeNames[id])
                rank = k;
        ranked.push_back({rank, id});
    }
    std::sort(ranked.begin(), ranked.end());
    std::vector<int> order;
    for (const auto &r : ranked)
        order.push_back(r.second);
    return order;
}
} // namespace

QFont TimelineArea::smallFont(QFont font)
{
    font.setPointSizeF(font.pointSizeF() * 0.85);
    return font;
}

TimelineArea::TimelineArea(TimelineModel &model, QWidget *parent) : QWidget(parent), mModel(model)
{
    setObjectName(QStringLiteral("timelineArea"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAccessibleName(tr("Timeline"));
    setToolTip(QString()); // tooltips come from event()
    connect(&mModel, &TimelineModel::windowChanged, this, qOverload<>(&QWidget::update));
    // Index, mask and axis changes all announce themselves as one of these two.
    const auto outsideChanged = [this] {
        mOutsideValid = false;
        update();
    };
    connect(&mModel, &TimelineModel::axisChanged, this, outsideChanged);
    connect(&mModel, &TimelineModel::histogramChanged, this, outsideChanged);
}

QRectF TimelineArea::plotRect() const
{
    return QRectF(8.0, 4.0, std::max(10.0, width() - 16.0), std::max(10.0, height() - 8.0 - kAxisHeight));
}

int TimelineArea::xOfDay(qint32 day) const
{
    const QRectF plot = plotRect();
    const double span = std::max(1e-6, mModel.axisTo() - mModel.axisFrom());
    return int(std::lround(plot.left() + (day - mModel.axisFrom()) / span * plot.width()));
}

double TimelineArea::dayAt(double x) const
{
    const QRectF plot = plotRect();
    return mModel.axisFrom() + (x - plot.left()) / plot.width() * (mModel.axisTo() - mModel.axisFrom());
}

void TimelineArea::setSelectedDays(qint32 fromDay, qint32 toDay)
{
    mSelectedFrom = fromDay;
    mSelectedTo = toDay;
    update();
}

void TimelineArea::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    mModel.setAxisPixels(int(plotRect().width()));
}

void TimelineArea::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QRectF plot = plotRect();
    const auto &h = mModel.histogram();
    const auto index = mModel.index();
    const auto window = mModel.window();

    // Window background first, so bars draw over it.
    const double wx0 = xOfDay(window.fromDay);
    const double wx1 = xOfDay(window.toDay + 1);
    if (mModel.hasData())
        p.fillRect(QRectF(QPointF(wx0, plot.top()), QPointF(wx1, plot.bottom())), kWindowFill);

    const double bandsHeight = h.laneCount() > 0 ? h.laneCount() * (kLaneHeight + kLaneGap) + 2.0 : 0.0;
    // The end markers get a strip of their own at the top: they never cover a bar.
    const QRect earlier = endMarkerRect(End::Earlier);
    const QRect later = endMarkerRect(End::Later);
    const double barsTop = std::max({plot.top(), double(earlier.bottom()), double(later.bottom())}) + 2.0;
    const QRectF bars(plot.left(), barsTop, plot.width(), std::max(4.0, plot.bottom() - bandsHeight - barsTop));
    if (index && h.bucketCount() > 0) {
        const std::vector<int> order = stackOrder(index->typeNames());
        std::vector<QColor> colours(size_t(index->typeNames().size()));
        for (int id = 0; id < index->typeNames().size(); ++id)
            colours[size_t(id)] = EventStyle::forType(index->typeNames()[id]).colour;
        // A square-root scale keeps a quiet day visible next to a busy one.
        const double top = std::sqrt(double(std::max(1, h.maxTotal())));
        p.setPen(Qt::NoPen);
        for (int b = 0; b < h.bucketCount(); ++b) {
            const auto &bucket = h.bucket(b);
            if (bucket.total == 0)
                continue;
            const double x0 = xOfDay(bucket.fromDay);
            const double x1 = xOfDay(bucket.toDay + 1);
            if (x1 < plot.left() || x0 > plot.right())
                continue;
            const double gap = (x1 - x0) > 4 ? 1.0 : 0.0;
            const bool inside = bucket.toDay >= window.fromDay && bucket.fromDay <= window.toDay;
            const double height = std::sqrt(double(bucket.total)) / top * bars.height();
            double y = bars.bottom();
            for (int id : order) {
                const int n = h.count(b, id);
                if (n == 0)
                    continue;
                const double segment = height * n / bucket.total;
                QColor c = colours[size_t(id)];
                if (!inside)
                    c.setAlpha(80);
                p.fillRect(QRectF(x0, y - segment, std::max(1.0, x1 - x0 - gap), segment), c);
                y -= segment;
            }
        }
        // Bands: one lane each, thin, under the bars.
        for (const auto &band : h.bands()) {
            const double x0 = std::max(plot.left(), double(xOfDay(band.fromDay)));
            const double x1 = std::min(plot.right(), double(xOfDay(band.toDay + 1)));
            if (x1 <= x0)
                continue;
            const double y = bars.bottom() + 3.0 + band.lane * (kLaneHeight + kLaneGap);
            QColor c = colours[size_t(band.typeId)];
            const bool inside = band.toDay >= window.fromDay && band.fromDay <= window.toDay;
            c.setAlpha(inside ? 200 : 70);
            p.setBrush(c);
            p.drawRoundedRect(QRectF(x0, y, x1 - x0, kLaneHeight), 2, 2);
        }
        p.setBrush(Qt::NoBrush);
    }

    paintAxis(p, plot);
    paintEndMarkers(p);

    // The selected event's days.
    if (mSelectedTo >= mSelectedFrom) {
        const double x0 = xOfDay(mSelectedFrom);
        const double x1 = std::max(x0 + 2.0, double(xOfDay(mSelectedTo + 1)));
        p.fillRect(QRectF(x0, plot.top(), x1 - x0, plot.height()), QColor(255, 180, 0, 90));
        p.setPen(QPen(QColor(220, 120, 0), 1.5));
        p.drawLine(QPointF(x0, plot.top()), QPointF(x0, plot.bottom()));
    }

    // The window's edges and grips.
    if (mModel.hasData()) {
        p.setPen(QPen(kWindowEdge, 2.0));
        p.drawLine(QPointF(wx0, plot.top()), QPointF(wx0, plot.bottom()));
        p.drawLine(QPointF(wx1, plot.top()), QPointF(wx1, plot.bottom()));
        p.setPen(Qt::NoPen);
        p.setBrush(kWindowEdge);
        const double gy = plot.top() + plot.height() / 2.0;
        const bool cumulative = window.mode == TimelineModel::TimeWindow::Mode::Cumulative;
        for (double x : {wx0, wx1}) {
            if (cumulative && x == wx0)
                p.drawRect(QRectF(x - 3, gy - 9, 6, 18)); // the locked start
            else
                p.drawRoundedRect(QRectF(x - 3, gy - 9, 6, 18), 3, 3);
        }
        p.setBrush(Qt::NoBrush);
    } else {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter, tr("No dated events to show"));
    }
    if (hasFocus()) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1.0));
        p.drawRect(rect().adjusted(0, 0, -1, -1));
    }
}

QList<TimelineArea::AxisLabel> TimelineArea::axisLabels() const
{
    const QRectF plot = plotRect();
    const double pxPerDay = plot.width() / std::max(1e-6, mModel.axisTo() - mModel.axisFrom());
    const QFontMetricsF metrics(smallFont(font()));
    const QLocale locale;
    // The finest tick spacing whose labels do not collide: each label's measured width and a
    // gap must fit between two ticks. Days and weeks are "5 Nov", months "Nov" (with the year
    // in January), quarters "Nov 2001", years "2001" every 1, 2, 5, 10... years.
    struct Tick {
        int days = 0;   // days, weeks
        int months = 0; // months, quarters, years
        QString widest;
    };
    const QDate sample(2000, 12, 28);
    const QString dayMonth = locale.toString(sample, QStringLiteral("d MMM"));
    const QString monthYear = locale.toString(sample, QStringLiteral("MMM yyyy"));
    const QString year = QStringLiteral("2000");
    const Tick ticks[] = {
        {1, 0, dayMonth}, {7, 0, dayMonth}, {0, 1, monthYear}, {0, 3, monthYear}, {0, 12, year},   {0, 24, year},
        {0, 60, year},    {0, 120, year},   {0, 240, year},    {0, 600, year},    {0, 1200, year},
    };
    Tick tick = ticks[std::size(ticks) - 1];
    for (const Tick &t : ticks) {
        // The shortest gap between two ticks of this spacing (February, a 365-day year).
        const double spacing = pxPerDay * (t.days > 0 ? t.days : t.months * 28.0 + (t.months >= 12 ? t.months / 12 * 29.0 : 0.0));
        if (spacing >= metrics.horizontalAdvance(t.widest) + 3 + 8) {
            tick = t;
            break;
        }
    }
    const qint32 first = qint32(std::floor(mModel.axisFrom()));
    const qint32 last = qint32(std::ceil(mModel.axisTo()));
    QDate d = timeline::dateOf(first);
    if (tick.days == 7)
        d = d.addDays(1 - d.dayOfWeek());
    else if (tick.months > 0 && tick.months < 12)
        d = QDate(d.year(), (d.month() - 1) / tick.months * tick.months + 1, 1);
    else if (tick.months >= 12) {
        const int years = tick.months / 12;
        d = QDate(d.year() - ((d.year() % years) + years) % years, 1, 1); // multiples of the step: 1990, 2000
    }
    QList<AxisLabel> labels;
    for (int guard = 0; guard < 2000 && timeline::dayOf(d) <= last; ++guard) {
        const double x = xOfDay(timeline::dayOf(d));
        if (x >= plot.left() - 1 && x <= plot.right() + 1) {
            QString label;
            if (tick.days > 0)
                label = locale.toString(d, QStringLiteral("d MMM"));
            else if (tick.months == 1)
                label = locale.toString(d, d.month() == 1 ? QStringLiteral("MMM yyyy") : QStringLiteral("MMM"));
            else if (tick.months == 3)
                label = locale.toString(d, QStringLiteral("MMM yyyy"));
            else
                label = QString::number(d.year());
            labels.append({x, label});
        }
        d = tick.days > 0 ? d.addDays(tick.days) : d.addMonths(tick.months);
    }
    return labels;
}

double TimelineArea::labelWidth(const QString &text) const
{
    return QFontMetricsF(smallFont(font())).horizontalAdvance(text);
}

void TimelineArea::paintAxis(QPainter &p, const QRectF &plot)
{
    const QColor line = palette().color(QPalette::Mid);
    p.setPen(line);
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.setFont(smallFont(font()));
    const QColor text = palette().color(QPalette::Text);
    for (const AxisLabel &label : axisLabels()) {
        p.setPen(line);
        p.drawLine(QPointF(label.x, plot.bottom()), QPointF(label.x, plot.bottom() + 4));
        p.setPen(text);
        p.drawText(QRectF(label.x + 3, plot.bottom() + 2, 120, kAxisHeight), Qt::AlignLeft | Qt::AlignVCenter,
                   label.text);
    }
}

TimelineArea::Drag TimelineArea::hitTest(const QPointF &pos, Qt::KeyboardModifiers modifiers) const
{
    if (!mModel.hasData() || (modifiers & Qt::ShiftModifier))
        return Drag::Pan;
    const auto w = mModel.window();
    const double x0 = xOfDay(w.fromDay);
    const double x1 = xOfDay(w.toDay + 1);
    const double d0 = std::abs(pos.x() - x0);
    const double d1 = std::abs(pos.x() - x1);
    if (std::min(d0, d1) <= kHandleReach)
        return d1 <= d0 ? Drag::End : Drag::Start;
    if (pos.x() > x0 && pos.x() < x1 && pos.y() <= plotRect().bottom())
        return Drag::Body;
    // The dates under the histogram are the axis' handle; the histogram itself is for brushing.
    return pos.y() > plotRect().bottom() ? Drag::Pan : Drag::Brush;
}

void TimelineArea::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton && event->button() != Qt::MiddleButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    setFocus(Qt::MouseFocusReason);
    mPressPosition = event->position();
    mPressedMarker = false;
    if (const auto end = endMarkerAt(event->position())) {
        mPressedMarker = true;
        mDrag = Drag::None;
        extendAxis(*end);
        return;
    }
    mDrag = event->button() == Qt::MiddleButton ? Drag::Pan : hitTest(event->position(), event->modifiers());
    mPressDay = dayAt(event->position().x());
    mPressFrom = mModel.window().fromDay;
    mPressTo = mModel.window().toDay;
    mPressAxisFrom = mModel.axisFrom();
    mMoved = false;
    setCursor(mDrag == Drag::Body || mDrag == Drag::Pan ? Qt::ClosedHandCursor
              : mDrag == Drag::Brush                   ? Qt::CrossCursor
                                                       : Qt::SizeHorCursor);
}

void TimelineArea::mouseMoveEvent(QMouseEvent *event)
{
    if (mDrag == Drag::None) {
        if (endMarkerAt(event->position())) {
            setCursor(Qt::PointingHandCursor);
            return;
        }
        const Drag over = hitTest(event->position(), event->modifiers());
        setCursor(over == Drag::Start || over == Drag::End ? Qt::SizeHorCursor
                  : over == Drag::Body || over == Drag::Pan ? Qt::OpenHandCursor
                                                            : Qt::CrossCursor);
        return;
    }
    if ((event->position() - mPressPosition).manhattanLength() >= 3)
        mMoved = true;
    if (!mMoved)
        return;
    const double day = dayAt(event->position().x());
    auto w = mModel.window();
    switch (mDrag) {
    case Drag::Start: w.fromDay = std::min(mPressTo, qint32(std::lround(day))); break;
    case Drag::End: w.toDay = std::max(mPressFrom, qint32(std::lround(day)) - 1); break;
    case Drag::Body: {
        const qint32 delta = qint32(std::lround(day - mPressDay));
        w.fromDay = mPressFrom + delta;
        w.toDay = mPressTo + delta;
        break;
    }
    case Drag::Brush:
        // The days between the press and the cursor, both included: a new window.
        w.fromDay = qint32(std::floor(std::min(day, mPressDay)));
        w.toDay = std::max(w.fromDay, qint32(std::floor(std::max(day, mPressDay))));
        break;
    case Drag::Pan: {
        // Pan so the day under the press stays under the cursor.
        const double span = mModel.axisTo() - mModel.axisFrom();
        const double shift = (event->position().x() - mPressPosition.x()) / plotRect().width() * span;
        mModel.setAxis(mPressAxisFrom - shift, mPressAxisFrom - shift + span);
        return;
    }
    case Drag::None: return;
    }
    mModel.setWindow(w);
}

void TimelineArea::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton && event->button() != Qt::MiddleButton)
        return;
    if ((mDrag == Drag::Brush || mDrag == Drag::Pan) && !mMoved && mModel.hasData() &&
        event->button() == Qt::LeftButton) {
        // A click outside the window moves it to the clicked bucket (moving: starts there;
        // cumulative: ends there) and says which bucket was clicked.
        const auto &h = mModel.histogram();
        const qint32 day = qint32(std::floor(dayAt(event->position().x())));
        const int b = h.bucketOf(day);
        if (b >= 0)
            emit bucketClicked(h.bucket(b).fromDay, h.bucket(b).toDay);
        mModel.goToDate(timeline::dateOf(day));
    }
    mDrag = Drag::None;
    unsetCursor();
}

void TimelineArea::mouseDoubleClickEvent(QMouseEvent *event)
{
    // A double click on a marker is two clicks on it, not a fit that undoes the first (whose
    // press extended the axis, so the marker may be gone).
    const bool onMarker = endMarkerAt(event->position()) ||
                          (mPressedMarker && (event->position() - mPressPosition).manhattanLength() < 6);
    if (event->button() == Qt::LeftButton && !onMarker)
        mModel.fitToData();
}

void TimelineArea::wheelEvent(QWheelEvent *event)
{
    // A sideways wheel (or a vertical one that Qt turned sideways for Shift) pans.
    const QPoint delta = event->angleDelta();
    const bool sideways = delta.y() == 0 && delta.x() != 0;
    const double steps = (sideways ? delta.x() : delta.y()) / 120.0;
    if (steps == 0.0) {
        event->ignore();
        return;
    }
    if (sideways || (event->modifiers() & Qt::ShiftModifier))
        mModel.panAxis(-steps * (mModel.axisTo() - mModel.axisFrom()) * 0.1); // up: earlier
    else
        mModel.zoomAxis(std::pow(1.25, steps), dayAt(event->position().x()));
    event->accept();
}

void TimelineArea::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Space: mModel.togglePlay(); break;
    case Qt::Key_Right: mModel.step(event->modifiers() & Qt::ShiftModifier ? 7 : 1); break;
    case Qt::Key_Left: mModel.step(event->modifiers() & Qt::ShiftModifier ? -7 : -1); break;
    case Qt::Key_Home: mModel.goToStart(); break;
    case Qt::Key_End: mModel.goToEnd(); break;
    case Qt::Key_PageDown: mModel.nextEvent(); break;
    case Qt::Key_PageUp: mModel.previousEvent(); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: mModel.zoomAxis(1.5, (mModel.window().fromDay + mModel.window().toDay + 1) / 2.0); break;
    case Qt::Key_Minus: mModel.zoomAxis(1 / 1.5, (mModel.window().fromDay + mModel.window().toDay + 1) / 2.0); break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

bool TimelineArea::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = tooltipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

QString TimelineArea::tooltipAt(const QPointF &pos) const
{
    if (const auto end = endMarkerAt(pos))
        return endMarkerTooltip(*end);
    const auto &h = mModel.histogram();
    const auto index = mModel.index();
    if (!index)
        return {};
    const int b = h.bucketOf(qint32(std::floor(dayAt(pos.x()))));
    if (b < 0)
        return {};
    const auto &bucket = h.bucket(b);
    const QLocale locale;
    QString when = locale.toString(timeline::dateOf(bucket.fromDay), QLocale::ShortFormat);
    if (bucket.toDay != bucket.fromDay)
        when += QStringLiteral(" – ") + locale.toString(timeline::dateOf(bucket.toDay), QLocale::ShortFormat);
    QString text = QStringLiteral("<b>%1</b>: %2").arg(when.toHtmlEscaped(), (bucket.total == 1 ? tr("1 event") : tr("%L1 events").arg(bucket.total)));
    for (int id : stackOrder(index->typeNames())) {
        const int n = h.count(b, id);
        if (n > 0)
            text += QStringLiteral("<br><span style=\"color:%1\">■</span> %2: %3")
                        .arg(EventStyle::forType(index->typeNames()[id]).colour.name(),
                             EventStyle::forType(index->typeNames()[id]).label.toHtmlEscaped())
                        .arg(n);
    }
    return text;
}

} // namespace mapline
