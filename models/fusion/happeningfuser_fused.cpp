// HappeningFuser::fused(): a happening's values from its reports (docs/FUSION.md, "Fused values").
#include "fusion/happeningfuser.h"

#include "index/eventindex.h"

#include <QHash>

#include <algorithm>

namespace mapline {
namespace {

// Counts of reports and their sources per value (a day, a place name, a type...). Linear in the
// number of reports: a GDELT happening may have thousands, from as many web sites. Kept between
// happenings (clear()): its rows and their lists keep their memory (a re-fusion tallies a hundred
// thousand happenings).
template <typename Key> struct Tally {
    struct Row {
        Key key;
        int reports = 0;
        std::vector<quint32> sources; // distinct once sort() has run
        int first = 0;                // order of first appearance
    };
    std::vector<Row> storage; // the first `used` are the rows
    size_t used = 0;
    QHash<Key, int> index; // once there are more than kScan rows

    static constexpr size_t kScan = 8; // most happenings have a few values: a scan beats a hash

    std::span<Row> rows() { return {storage.data(), used}; }
    size_t size() const { return used; }
    void clear()
    {
        for (size_t i = 0; i < used; ++i)
            storage[i].sources.clear();
        used = 0;
        if (!index.isEmpty())
            index.clear();
    }
    void add(const Key &key, std::span<const quint32> sources)
    {
        Row &row = storage[size_t(find(key))];
        ++row.reports;
        row.sources.insert(row.sources.end(), sources.begin(), sources.end());
    }
    int append(const Key &key)
    {
        if (used == storage.size())
            storage.emplace_back();
        Row &row = storage[used];
        row.key = key;
        row.reports = 0;
        row.first = int(used);
        return int(used++);
    }
    int find(const Key &key)
    {
        if (used <= kScan) {
            for (size_t i = 0; i < used; ++i)
                if (storage[i].key == key)
                    return int(i);
            const int at = append(key);
            if (used > kScan)
                for (size_t i = 0; i < used; ++i)
                    index.insert(storage[i].key, int(i));
            return at;
        }
        auto it = index.constFind(key);
        if (it == index.constEnd())
            it = index.insert(key, append(key));
        return *it;
    }
    // Most reports first, then most sources, then first seen (`first` differs between any two
    // rows: the order is total, as a stable sort on the first two would give).
    void sort()
    {
        for (Row &r : rows()) {
            std::sort(r.sources.begin(), r.sources.end());
            r.sources.erase(std::unique(r.sources.begin(), r.sources.end()), r.sources.end());
        }
        const std::span<Row> all = rows();
        std::sort(all.begin(), all.end(), [](const Row &a, const Row &b) {
            if (a.reports != b.reports)
                return a.reports > b.reports;
            if (a.sources.size() != b.sources.size())
                return a.sources.size() > b.sources.size();
            return a.first < b.first;
        });
        if (!index.isEmpty())
            index.clear();
    }
};

// QDate::toString(Qt::ISODate) without its formatting machinery (a disagreement's days; a
// re-fusion writes tens of thousands): the same text for years 0 to 9999, Qt's beyond.
QString isoDateText(const QDate &d)
{
    int y = 0, m = 0, day = 0;
    d.getDate(&y, &m, &day);
    if (!d.isValid() || y < 0 || y > 9999)
        return d.toString(Qt::ISODate);
    const char16_t text[10] = {char16_t(u'0' + y / 1000), char16_t(u'0' + y / 100 % 10), char16_t(u'0' + y / 10 % 10),
                               char16_t(u'0' + y % 10),   u'-', char16_t(u'0' + m / 10), char16_t(u'0' + m % 10), u'-',
                               char16_t(u'0' + day / 10), char16_t(u'0' + day % 10)};
    return QString(reinterpret_cast<const QChar *>(text), 10);
}

// fusedIds()'s tallies, kept between calls (one set per thread; the call does not nest).
struct FusedScratch {
    Tally<quint32> types, places, actors, sources, best;
    Tally<qint32> days;
    std::vector<const FusionReport *> firstOf;
};

} // namespace

HappeningFuser::MemberTable HappeningFuser::memberTable() const
{
    MemberTable t;
    t.roots = roots();
    t.offsets.resize(t.roots.size() + 1, 0);
    struct Cursor {
        qint32 next; // the member to take
        qint32 out;  // where it goes
    };
    std::vector<Cursor> active;
    active.reserve(t.roots.size());
    qint32 total = 0;
    for (size_t i = 0; i < t.roots.size(); ++i) {
        const State &s = mStates[size_t(t.roots[i])];
        t.offsets[i] = total;
        active.push_back({s.first, total});
        total += s.count;
    }
    t.offsets[t.roots.size()] = total;
    t.members.resize(size_t(total));
    // Every list one step per round: the steps of one round do not wait on each other.
    while (!active.empty()) {
        size_t kept = 0;
        for (const Cursor &c : active) {
            t.members[size_t(c.out)] = c.next;
            const qint32 next = mNext[size_t(c.next)];
            if (next >= 0)
                active[kept++] = {next, c.out + 1};
        }
        active.resize(kept);
    }
    return t;
}

Happening HappeningFuser::fused(int h) const
{
    return fused(h, members(h));
}

Happening HappeningFuser::fused(int h, std::span<const int> members) const
{
    return fusedValues(h, members, true);
}

Happening HappeningFuser::fusedRow(int h, std::span<const int> members) const
{
    return fusedValues(h, members, false);
}

Happening HappeningFuser::fusedValues(int h, std::span<const int> members, bool withEventIds) const
{
    FusedRow row;
    Happening out;
    fusedIds(h, members, row, withEventIds ? &out.eventIds : nullptr);
    const FusionVocabulary &words = mReports.vocabulary();
    out.id = row.id;
    out.corrected = row.corrected;
    out.family = mReports.family(row.family).name;
    out.time = row.time;
    if (const FusionReport *chosen = row.place) {
        const FusionShape &cs = mReports.shape(*chosen);
        out.place.name = words.text(cs.place);
        out.place.precision = GeoPrecision(chosen->geo);
        out.place.coordinate = QGeoCoordinate(chosen->lat, chosen->lon);
        out.place.admin1 = words.text(cs.admin1);
        out.place.country = words.text(cs.country);
    }
    if (row.typed)
        out.type = words.text(row.type);
    if (row.acled)
        out.acledEventType = words.text(row.acledType);
    for (quint32 id : row.actors)
        out.actors << words.text(id);
    out.reports = row.reports;
    for (quint32 id : row.sources)
        out.sourceNames << words.text(id);
    out.confidence = row.confidence;
    out.disagreements = std::move(row.disagreements);
    return out;
}

void HappeningFuser::fusedRow(int h, std::span<const int> members, FusedRow &out) const
{
    fusedIds(h, members, out, nullptr);
}

void HappeningFuser::fusedIds(int h, std::span<const int> members, FusedRow &out, QList<qint64> *eventIds) const
{
    const State &s = mStates[size_t(h)];
    const FusionVocabulary &words = mReports.vocabulary();
    out.id = s.storedId;
    out.corrected = s.has(Corrected);
    out.family = s.family;
    out.time = TimeRange();
    out.place = nullptr;
    out.reports = 0;
    out.typed = out.acled = false;
    out.type = out.acledType = 0;
    out.actors.clear();
    out.sources.clear();
    out.confidence = 0;
    out.disagreements.clear();
    static thread_local FusedScratch scratch;
    Tally<quint32> &types = scratch.types, &places = scratch.places, &actors = scratch.actors, &sources = scratch.sources;
    Tally<qint32> &days = scratch.days;
    for (auto *t : {&types, &places, &actors, &sources})
        t->clear();
    days.clear();
    const std::span<const quint32> none;
    QHash<quint32, float> bestConfidence; // per source
    float unsourced = 0;
    const FusionReport *bestPlace = nullptr;
    qint32 from = 0, to = -1;
    int precisionOf = -1; // the report whose range the time is, when it is one
    // The members' reports asked of the memory before they are read: a happening's reports lie
    // anywhere in a million (a re-fusion computes 100,000 happenings), and waiting for each in
    // turn was most of the time.
    for (int m : members)
        __builtin_prefetch(&mReports[m]);
    for (int m : members) {
        const FusionReport &r = mReports[m];
        __builtin_prefetch(mReports.actors(r).data());
        __builtin_prefetch(mReports.sources(r).data());
    }
    for (int m : members) {
        const FusionReport &r = mReports[m];
        const FusionShape &rs = mReports.shape(r);
        const auto src = mReports.sources(r);
        out.reports += 1;
        if (eventIds)
            *eventIds << r.eventId;
        types.add(rs.type, none);
        for (quint32 a : mReports.actors(r))
            actors.add(a, none);
        for (quint32 source : src) {
            sources.add(source, std::span<const quint32>(&source, 1));
            float &best = bestConfidence[source];
            best = std::max(best, rs.confidence);
        }
        if (src.empty())
            unsourced = std::max(unsourced, rs.confidence);
        if (r.dayPrecise())
            days.add(r.start, src);
        if (r.dated() && !r.has(FusionReport::InheritedTime)) {
            if (to < from) {
                from = r.start;
                to = r.end;
                precisionOf = m;
            } else if (r.start <= to && from <= r.end && (r.start > from || r.end < to)) {
                from = std::max(from, r.start);
                to = std::min(to, r.end);
                precisionOf = (r.start == from && r.end == to) ? m : -1;
            }
        }
        if (r.pointPlaced())
            places.add(rs.place, src);
        if (r.has(FusionReport::Placed) && (!bestPlace || r.geo < bestPlace->geo))
            bestPlace = &r;
    }
    if (eventIds)
        std::sort(eventIds->begin(), eventIds->end());

    // Time: the day most reports give when day-precise reports disagree, else the narrowest range
    // all of them allow (reports whose time is the article's date only when nothing else says).
    days.sort();
    if (days.size() >= 2) {
        out.time = TimeRange::day(EventIndex::dateOf(days.rows()[0].key));
    } else if (to >= from) {
        out.time.start = EventIndex::dateOf(from);
        out.time.end = EventIndex::dateOf(to);
        out.time.precision = from == to                ? DatePrecision::Day
                             : precisionOf >= 0 ? DatePrecision(mReports[precisionOf].datePrecision)
                                                : DatePrecision::Range;
    } else if (s.has(Dated)) {
        out.time = TimeRange::day(EventIndex::dateOf(s.start));
        if (s.end > s.start)
            out.time = TimeRange::range(EventIndex::dateOf(s.start), EventIndex::dateOf(s.end));
    }

    // Place: the most precise one; among equally precise ones, the name most reports give.
    if (bestPlace) {
        Tally<quint32> &best = scratch.best;
        best.clear();
        std::vector<const FusionReport *> &firstOf = scratch.firstOf; // by the order names first appear (Row::first)
        firstOf.clear();
        for (int m : members) {
            const FusionReport &r = mReports[m];
            if (r.has(FusionReport::Placed) && r.geo == bestPlace->geo) {
                best.add(mReports.shape(r).place, none);
                if (best.size() > firstOf.size())
                    firstOf.push_back(&r);
            }
        }
        best.sort();
        out.place = firstOf[size_t(best.rows()[0].first)];
    }
    places.sort();

    // Type: the one most reports give; its ACLED event type from a report that has one.
    types.sort();
    if (types.size() > 0) {
        const quint32 type = types.rows()[0].key;
        out.typed = true;
        out.type = type;
        // The first of its reports whose ACLED type is not empty.
        for (size_t i = 0; i < members.size() && !out.acled; ++i)
            if (const FusionShape &ms = mReports.shape(mReports[members[i]]);
                ms.type == type && !words.bytes(ms.acledType).empty()) {
                out.acled = true;
                out.acledType = ms.acledType;
            }
    }

    actors.sort();
    for (const auto &row : actors.rows())
        out.actors.push_back(row.key);
    sources.sort();
    for (const auto &row : sources.rows())
        out.sources.push_back(row.key);

    // Confidence: the chance that not every source is wrong, each source counted once at its best.
    double allWrong = 1.0 - double(unsourced);
    for (auto it = bestConfidence.cbegin(); it != bestConfidence.cend(); ++it)
        allWrong *= 1.0 - double(*it);
    out.confidence = std::clamp(1.0 - allWrong, 0.0, 1.0);

    const auto sourceNames = [&](const auto &row) {
        QStringList names;
        for (quint32 id : row.sources)
            names << words.text(id);
        names.sort();
        return names;
    };
    if (days.size() >= 2) {
        Disagreement d{QStringLiteral("date"), {}};
        for (const auto &row : days.rows())
            d.values << Disagreement::Value{isoDateText(EventIndex::dateOf(row.key)), row.reports, sourceNames(row)};
        out.disagreements << d;
    }
    if (places.size() >= 2) {
        Disagreement d{QStringLiteral("place"), {}};
        for (const auto &row : places.rows())
            d.values << Disagreement::Value{words.text(row.key), row.reports, sourceNames(row)};
        out.disagreements << d;
    }
}

} // namespace mapline
