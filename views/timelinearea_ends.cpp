// The end markers of TimelineArea: the events off the axis, counted, drawn and clicked.
#include "timelinearea.h"

#include "timeline/timelinemodel.h"

#include <QFontMetrics>
#include <QPainter>

#include <cmath>

namespace mapline {
namespace {
const QColor kMarkerEdge(30, 90, 180); // the window's edge colour: the marker belongs to the axis
} // namespace

timeline::OutsideCounts TimelineArea::outsideCounts() const
{
    if (!mOutsideValid) {
        const auto index = mModel.index();
        // The days the axis shows, partly or wholly; an event on none of them is off the axis.
        mOutside = index ? timeline::countOutside(*index, mModel.mask().get(), qint32(std::floor(mModel.axisFrom())),
                                                  qint32(std::ceil(mModel.axisTo())) - 1)
                         : timeline::OutsideCounts{};
        mOutsideValid = true;
    }
    return mOutside;
}

QString TimelineArea::endMarkerText(End end) const
{
    if (!mModel.hasData())
        return {};
    const auto c = outsideCounts();
    const qsizetype n = end == End::Earlier ? c.before : c.after;
    if (n == 0)
        return {};
    return end == End::Earlier ? tr("◂ %L1 earlier").arg(n) : tr("%L1 later ▸").arg(n);
}

QRect TimelineArea::endMarkerRect(End end) const
{
    const QString text = endMarkerText(end);
    if (text.isEmpty())
        return {};
    const QFontMetrics metrics(smallFont(font()));
    const QRectF plot = plotRect();
    const int w = metrics.horizontalAdvance(text) + 12;
    const int x = end == End::Earlier ? int(plot.left()) + 2 : int(plot.right()) - 2 - w;
    return QRect(x, int(plot.top()) + 2, w, metrics.height() + 4);
}

std::optional<TimelineArea::End> TimelineArea::endMarkerAt(const QPointF &position) const
{
    for (End end : {End::Earlier, End::Later})
        if (endMarkerRect(end).contains(position.toPoint()))
            return end;
    return std::nullopt;
}

void TimelineArea::paintEndMarkers(QPainter &p)
{
    p.setFont(smallFont(font()));
    for (End end : {End::Earlier, End::Later}) {
        const QRect r = endMarkerRect(end);
        if (r.isEmpty())
            continue;
        QColor fill = palette().color(QPalette::Base);
        fill.setAlpha(235);
        p.setPen(QPen(kMarkerEdge, 1.0));
        p.setBrush(fill);
        p.drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        p.drawText(r, Qt::AlignCenter, endMarkerText(end));
    }
    p.setBrush(Qt::NoBrush);
}

void TimelineArea::extendAxis(End end)
{
    const auto c = outsideCounts();
    const double from = mModel.axisFrom();
    const double to = mModel.axisTo();
    if (end == End::Earlier && c.before > 0) {
        const double length = to - c.earliest;
        mModel.setAxis(c.earliest - length * timeline::kFitMargin, to);
    } else if (end == End::Later && c.after > 0) {
        const double length = c.latest + 1 - from;
        mModel.setAxis(from, c.latest + 1 + length * timeline::kFitMargin);
    }
}

QString TimelineArea::endMarkerTooltip(End end) const
{
    const auto c = outsideCounts();
    const bool earlier = end == End::Earlier;
    const qsizetype n = earlier ? c.before : c.after;
    const QString edge = timeline::dateOf(earlier ? qint32(std::floor(mModel.axisFrom()))
                                                  : qint32(std::ceil(mModel.axisTo())) - 1)
                             .toString(Qt::ISODate);
    const QString extreme = timeline::dateOf(earlier ? c.earliest : c.latest).toString(Qt::ISODate);
    QString text;
    if (n == 1)
        text = earlier ? tr("1 event before %1 is not on the time axis: it is on %2.").arg(edge, extreme)
                       : tr("1 event after %1 is not on the time axis: it is on %2.").arg(edge, extreme);
    else
        text = (earlier ? tr("%L1 events before %2 are not on the time axis; the earliest is on %3.")
                        : tr("%L1 events after %2 are not on the time axis; the latest is on %3."))
                   .arg(n)
                   .arg(edge, extreme);
    return text + QStringLiteral("<br>") +
           (n == 1 ? tr("Click to extend the axis to it.") : tr("Click to extend the axis to them."));
}

} // namespace mapline
