#include "index/eventindex.h"

#include <QSet>

#include <algorithm>

namespace mapline {

EventIndex::Window EventIndex::window(qint32 fromDay, qint32 toDay) const
{
    Window w;
    w.fromDay = fromDay;
    w.toDay = toDay;
    if (isEmpty() || toDay < fromDay)
        return w;
    const auto first = mStart.begin();
    // A short event starting before fromDay - mMaxShortSpan ends before fromDay.
    const qint64 reach = qint64(fromDay) - mMaxShortSpan;
    const qint32 earliest = qint32(std::max<qint64>(reach, std::numeric_limits<qint32>::min()));
    w.begin = std::lower_bound(first, mStart.end(), earliest) - first;
    w.checkEndBefore = std::lower_bound(first + w.begin, mStart.end(), fromDay) - first;
    w.end = std::upper_bound(first + w.checkEndBefore, mStart.end(), toDay) - first;
    w.checkEndBefore = std::min(w.checkEndBefore, w.end);
    for (size_t i = 0; i < mLongRows.size(); ++i) {
        if (qsizetype(mLongRows[i]) >= w.begin)
            break;
        if (mLongEnds[i] >= fromDay)
            w.longRows.push_back(mLongRows[i]);
    }
    return w;
}

EventIndex::Window EventIndex::window(QDate from, QDate to) const
{
    const qint32 fromDay = from.isValid() ? dayNumber(from) : std::numeric_limits<qint32>::min();
    const qint32 toDay = to.isValid() ? dayNumber(to) : std::numeric_limits<qint32>::max();
    return window(fromDay, toDay);
}

EventIndex::Window EventIndex::all() const
{
    Window w;
    w.fromDay = std::numeric_limits<qint32>::min();
    w.toDay = std::numeric_limits<qint32>::max();
    w.end = size();
    return w;
}

qsizetype EventIndex::count(const Window &w, const EventMask *mask) const
{
    qsizetype n = 0;
    forEach(w, mask, [&n](qsizetype) { ++n; });
    return n;
}

std::shared_ptr<const EventMask> EventIndex::mask(const EventFilter &filter) const
{
    if (filter.isEmpty())
        return {};
    std::vector<bool> typeOk(size_t(mTypeNames.size()), filter.types.isEmpty());
    for (int t = 0; t < mTypeNames.size(); ++t)
        if (filter.types.contains(mTypeNames[t]))
            typeOk[size_t(t)] = true;
    std::vector<bool> actorOk(size_t(mActorNames.size()), false);
    if (!filter.actors.isEmpty()) {
        QSet<QString> wanted;
        for (const QString &a : filter.actors)
            wanted.insert(a.toCaseFolded());
        for (int a = 0; a < mActorNames.size(); ++a)
            actorOk[size_t(a)] = wanted.contains(mActorNames[a].toCaseFolded());
    }
    auto mask = std::make_shared<EventMask>(size());
    for (qsizetype row = 0; row < size(); ++row) {
        if (!typeOk[mType[size_t(row)]])
            continue;
        if (filter.exactPlacesOnly && (mFlags[size_t(row)] & Uncertain))
            continue;
        if (filter.minSources > 1 && mHappeningSources[mHappening[size_t(row)]] < filter.minSources)
            continue;
        if (filter.ids && !filter.ids->contains(id(row)))
            continue;
        if (!filter.actors.isEmpty()) {
            const auto actors = actorsOf(row);
            if (std::none_of(actors.begin(), actors.end(), [&](quint32 a) { return actorOk[a]; }))
                continue;
        }
        mask->set(row);
    }
    return mask;
}

std::shared_ptr<const EventMask> EventIndex::happeningMask(const EventMask *reports, const EventMask *leads) const
{
    auto mask = std::make_shared<EventMask>(size());
    const quint8 *flags = mFlags.data();
    const quint32 *happening = mHappening.data();
    // A happening passes when any of its reports does: one bit per happening.
    EventMask passed(reports ? happeningCount() : 0);
    if (reports)
        for (qsizetype row = 0; row < size(); ++row)
            if (reports->test(row))
                passed.set(happening[row]);
    for (qsizetype row = 0; row < size(); ++row)
        if ((flags[row] & Lead) && (!leads || leads->test(row)) && (!reports || passed.test(happening[row])))
            mask->set(row);
    return mask;
}

int EventIndex::rowOfId(qint64 id) const
{
    const auto it = std::lower_bound(mRowsById.begin(), mRowsById.end(), id,
                                     [this](quint32 row, qint64 value) { return this->id(row) < value; });
    if (it == mRowsById.end() || this->id(*it) != id)
        return -1;
    return int(*it);
}

std::optional<QRectF> EventIndex::bounds(const Window &w, const EventMask *mask) const
{
    float left = std::numeric_limits<float>::max(), bottom = left;
    float right = std::numeric_limits<float>::lowest(), top = right;
    forEach(w, mask, [&](qsizetype row) {
        if (!hasPosition(row))
            return;
        left = std::min(left, mX[size_t(row)]);
        right = std::max(right, mX[size_t(row)]);
        bottom = std::min(bottom, mY[size_t(row)]);
        top = std::max(top, mY[size_t(row)]);
    });
    if (left > right)
        return std::nullopt;
    return QRectF(QPointF(left, bottom), QPointF(right, top));
}

size_t EventIndex::memoryBytes() const
{
    size_t total = mStorageBytes + (mTypeCounts.capacity() + mActorCounts.capacity()) * sizeof(quint32);
    for (const QStringList *names : {&mTypeNames, &mActorNames, &mPlaceNames})
        for (const QString &s : *names)
            total += size_t(s.capacity()) * 2 + 32;
    return total;
}

} // namespace mapline
