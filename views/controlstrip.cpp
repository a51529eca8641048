#include "controlstrip.h"

#include "control/controllayer.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>

namespace mapline {
namespace {

constexpr double kBandTop = 4.0;
constexpr double kBandHeight = 18.0;
constexpr double kSide = 6.0;

} // namespace

ControlStrip::ControlStrip(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("controlStrip"));
    setMinimumHeight(46);
}

void ControlStrip::setPlace(std::shared_ptr<const ControlLayer> layer, int place)
{
    mLayer = std::move(layer);
    mPlace = mLayer && place >= 0 && place < mLayer->places().size() ? place : -1;
    updateSpan();
    update();
}

void ControlStrip::setDay(QDate day)
{
    mDay = day;
    updateSpan();
    update();
}

void ControlStrip::updateSpan()
{
    mFirst = mLast = QDate();
    if (mPlace < 0)
        return;
    for (const ControlState &s : mLayer->places().at(mPlace).states) {
        if (!s.since.isValid())
            continue;
        if (!mFirst.isValid() || s.since < mFirst)
            mFirst = s.since;
        if (!mLast.isValid() || s.since > mLast)
            mLast = s.since;
    }
    if (!mFirst.isValid()) {
        mFirst = mLast = mDay.isValid() ? mDay : QDate::currentDate();
    }
    mFirst = mFirst.addDays(-7);
    mLast = mLast.addDays(14);
    if (mDay.isValid() && mDay > mLast)
        mLast = mDay.addDays(3);
    if (mDay.isValid() && mDay < mFirst)
        mFirst = mDay.addDays(-3);
}

double ControlStrip::xOf(QDate day) const
{
    const double span = std::max<qint64>(1, mFirst.daysTo(mLast) + 1);
    return kSide + (width() - 2 * kSide) * double(mFirst.daysTo(day)) / span;
}

QRectF ControlStrip::bandRect(int state) const
{
    if (mPlace < 0)
        return {};
    const QList<ControlState> &states = mLayer->places().at(mPlace).states;
    if (state < 0 || state >= states.size())
        return {};
    const ControlState &s = states.at(state);
    const double left = s.since.isValid() ? xOf(s.since) : kSide;
    const double right = state + 1 < states.size() && states.at(state + 1).since.isValid()
                             ? xOf(states.at(state + 1).since)
                             : width() - kSide;
    return QRectF(QPointF(std::max(kSide, left), kBandTop), QPointF(std::max(left, right), kBandTop + kBandHeight));
}

void ControlStrip::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (mPlace < 0)
        return;
    const QList<ControlState> &states = mLayer->places().at(mPlace).states;
    QFont small = font();
    small.setPixelSize(10);
    p.setFont(small);
    const QLocale english(QLocale::English);
    double lastLabelEnd = -1e9;
    for (int k = 0; k < states.size(); ++k) {
        const ControlState &s = states.at(k);
        const QRectF band = bandRect(k);
        if (band.width() <= 0)
            continue;
        QColor fill = mLayer->colour(s.side);
        fill.setAlpha(s.since.isValid() ? 200 : 120); // before the first change: since when is not known
        p.setPen(Qt::NoPen);
        p.setBrush(fill);
        p.drawRect(band);
        if (s.contested && !s.rivals.isEmpty()) {
            QColor rival = mLayer->colour(s.rivals.first());
            rival.setAlpha(220);
            p.setBrush(QBrush(rival, Qt::BDiagPattern));
            p.drawRect(band);
        }
        if (s.analyst) {
            p.setPen(QPen(QColor(0x11, 0x11, 0x11), 1.4, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRect(band.adjusted(0.7, 0.7, -0.7, -0.7));
        }
        if (!s.since.isValid())
            continue;
        p.setPen(QPen(palette().color(QPalette::Text), 1.0));
        p.drawLine(QPointF(band.left(), band.top() - 2), QPointF(band.left(), band.bottom() + 3));
        const QString label = english.toString(s.since, QStringLiteral("d MMM"));
        const double w = QFontMetricsF(small).horizontalAdvance(label);
        const double x = std::clamp(band.left() - w / 2, 0.0, width() - w);
        if (x > lastLabelEnd + 3) {
            p.drawText(QRectF(x, band.bottom() + 3, w + 2, 14), Qt::AlignLeft | Qt::AlignTop, label);
            lastLabelEnd = x + w;
        }
    }
    if (mDay.isValid() && mDay >= mFirst && mDay <= mLast) {
        const double x = xOf(mDay.addDays(1)); // the end of the day shown
        p.setPen(QPen(QColor(0x11, 0x11, 0x11), 1.6));
        p.drawLine(QPointF(x, 1), QPointF(x, kBandTop + kBandHeight + 2));
        QPolygonF head({QPointF(x - 4, 0), QPointF(x + 4, 0), QPointF(x, 4)});
        p.setBrush(QColor(0x11, 0x11, 0x11));
        p.drawPolygon(head);
    }
}

void ControlStrip::mousePressEvent(QMouseEvent *event)
{
    if (mPlace < 0)
        return;
    for (int k = 0; k < mLayer->places().at(mPlace).states.size(); ++k)
        if (bandRect(k).adjusted(0, -2, 0, 16).contains(event->position())) {
            emit stateClicked(k);
            return;
        }
}

} // namespace mapline
