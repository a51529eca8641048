#pragma once

#include "fusion/fusionhash.h"
#include "fusion/fusionreports.h"
#include "fusion/hugepages.h"
#include "happening.h"

#include <cstddef>
#include <span>
#include <vector>

namespace mapline {

// Fuses reports into happenings (docs/FUSION.md), incrementally: each report added joins the
// happening it tells, bridges several that it shows to be one, or starts a new one. Pure: no
// database, no widgets; the store feeds it reports (and the stored happenings near them) and writes
// back what changed. One thread at a time (a dataset import hands it from the reading thread to
// the writing one: EventStore::importDataset).
//
// Candidates are found through a spatial-temporal hash (day x family x 0.25-degree cell, or the
// province or country for reports placed no closer), so adding a report costs the same whatever
// the number of happenings. A happening's summary (consensus time, most precise place, the sides
// and types of its reports) decides what may join it; its fused values (Happening) are computed
// from its members when asked.
//
// Happenings are numbered from 0 in order of creation; merged ones point to the one they joined
// (root()). Reports are indexes into the FusionReports given at construction, which must outlive
// the fuser.
class HappeningFuser {
public:
    explicit HappeningFuser(const FusionReports &reports);

    // A happening as the store holds it: its members are one happening and are not decided again;
    // later reports may join it or bridge it with others. Returns its index.
    int addStored(qint64 storedId, std::span<const int> members, bool corrected = false);
    // Fuses one report (not yet added). Returns its happening.
    int add(int report);
    // Fuses reports in the canonical order (precise ones first, by day; then the vaguer ones,
    // narrowest first), then runs reconcileDates() over the happenings they touched. The order
    // makes the result independent of the order the reports come in.
    void addAll(std::vector<int> reports);
    // The date pass: a happening of a change of control (a city taken, surrendered, handed over)
    // joins the one a day apart at the same place with at least as many reports: one happening told
    // with disagreeing dates. Over `happenings` (roots), or every happening when empty.
    void reconcileDates(std::vector<int> happenings = {});
    // The analyst's merge: the happenings of the two reports become one, whatever the rules say.
    int merge(int reportA, int reportB);
    // Happenings fused apart from the stored ones (a dataset file, fused as it streams in) joined
    // to the stored happenings they fit: a precise one with every stored one that fits it and the
    // others, a vague one only with a single one. Then reconcileDates() over them.
    void stitch(std::vector<int> happenings);

    int happeningOf(int report); // its happening (a root); -1 before it is added
    int root(int happening);
    bool isRoot(int happening) const { return mStates[size_t(happening)].parent == happening; }
    int happeningCount() const { return int(mStates.size()); }
    std::vector<int> roots() const;
    std::vector<int> members(int root) const;
    template <typename F> void forEachMember(int root, F &&f) const
    {
        for (int r = mStates[size_t(root)].first; r >= 0; r = mNext[size_t(r)])
            f(r);
    }
    int memberCount(int root) const { return mStates[size_t(root)].count; }
    qint64 storedId(int root) const { return mStates[size_t(root)].storedId; }
    void setStoredId(int root, qint64 id) { mStates[size_t(root)].storedId = id; }
    bool corrected(int root) const;
    // Whether it gained or lost members or was merged since addStored() (new ones: always).
    bool changed(int root) const;
    void markCorrected(int root);

    // Stored happenings merged into others: their rows go, their reports move to `into`.
    struct Absorbed {
        qint64 id;
        qint64 into;
    };
    std::vector<Absorbed> absorbed();

    // The fused values of a happening (id = storedId()).
    Happening fused(int root) const;
    // The same with its members as members() gives them (from a MemberTable).
    Happening fused(int root, std::span<const int> members) const;
    // The same without eventIds: what a happenings row holds (a re-fusion computes them all).
    Happening fusedRow(int root, std::span<const int> members) const;
    // A happenings row before its values become texts: the vocabulary's ids, in the order the
    // Happening lists their texts (the store writes a row's bytes straight from the vocabulary;
    // an import or re-fusion computes a hundred thousand rows).
    struct FusedRow {
        qint64 id = 0;
        bool corrected = false;
        quint8 family = 0; // FusionReports::family()
        TimeRange time;
        const FusionReport *place = nullptr; // the report whose place is the happening's; null: none
        int reports = 0;
        bool typed = false; // type: the vocabulary's id, when any
        quint32 type = 0;
        bool acled = false; // ACLED event type, when any (never an empty text)
        quint32 acledType = 0;
        std::vector<quint32> actors; // as Happening::actors
        std::vector<quint32> sources; // as Happening::sourceNames
        double confidence = 0;
        QList<Disagreement> disagreements; // few happenings have any: as texts
    };
    void fusedRow(int root, std::span<const int> members, FusedRow &out) const;

    // The members of every happening, in their order, gathered in one pass that follows all the
    // member lists side by side (following one list waits on the memory at each member; a
    // re-fusion follows a million). Invalid once reports are added or happenings merged.
    struct MemberTable {
        std::vector<int> roots;       // as roots()
        std::vector<qint32> offsets;  // roots.size() + 1
        std::vector<qint32> members;
        std::span<const int> of(size_t i) const
        {
            return {members.data() + offsets[i], size_t(offsets[i + 1] - offsets[i])};
        }
    };
    MemberTable memberTable() const;

private:
    enum StateFlag : quint16 {
        Dated = 1 << 0,
        Placed = 1 << 1,
        Precise = 1 << 2,  // has a precise member
        Once = 1 << 3,     // has a member of a type that happens once at a place
        Ambiguous = 1 << 4, // a vague report that fitted several happenings: joins none, none join it
        Pinned = 1 << 5,    // split out by the analyst: stands alone
        Corrected = 1 << 6,
        Changed = 1 << 7,
        Indexed = 1 << 8,
        Stored = 1 << 9,    // came from the store (addStored)
    };
    // What the candidate look-ups read of every happening they meet (root(), fit(), fits(),
    // score(): the parent, the days, the place, the flags, the sides, the types, the count) in the
    // first 64 bytes, and a State on a cache line of its own: one miss per candidate rather than
    // two (a 112-byte State straddled lines, and the flags were on the second; docs/PERFORMANCE.md,
    // "Fusion, seventh round"). The rest (the member list, the votes, the stored id, where the hash
    // holds it) after.
    struct alignas(64) State {
        qint32 parent = 0;
        qint32 start = 0; // consensus time: the days every member allows (for a control happening
        qint32 end = -1;  // told with two dates: the date most reports give)
        qint32 dayMin = 0; // the day-precise members' days (dayMax < dayMin: none); at most two
        qint32 dayMax = -1;
        qint32 count = 0;
        float lon = 0;
        float lat = 0;
        quint32 admin1Key = 0;
        quint32 country = 0;
        quint8 geo = 0;
        quint8 family = 0;
        quint16 flags = 0;
        quint64 sides = 0;
        quint64 types = 0;
        // Not read by the look-ups.
        qint32 first = -1;
        qint32 last = -1;
        qint32 votesMin = 0;
        qint32 votesMax = 0;
        qint32 dailyVotes = 0; // day-precise members of a type that recurs (a fight, a strike)
        qint32 indexedStart = 0; // the days and place the hash holds it under
        qint32 indexedEnd = -1;
        qint64 storedId = 0;
        quint64 indexedPlace = 0;
        bool has(StateFlag f) const { return (flags & f) != 0; }
    };
    static_assert(offsetof(State, types) + sizeof(State::types) <= 64 && sizeof(State) == 128);
    Happening fusedValues(int root, std::span<const int> members, bool withEventIds) const;
    void fusedIds(int root, std::span<const int> members, FusedRow &out, QList<qint64> *eventIds) const;
    enum class Fit { No, Strict, Spread };
    struct Candidate {
        int happening;
        double score;
    };

    int newHappening(int report);
    int addAnyForce(int report);
    void join(int happening, int report);
    int mergeInto(int target, int other);
    void addVotes(State &s, qint32 day, qint32 votes);
    void index(int happening);
    void probe(const FusionReport &r, qint32 fromDay, qint32 toDay, std::vector<int> &out);
    void probeAround(quint8 family, quint8 geo, float lon, float lat, quint32 admin1Key, quint32 country,
                     qint32 fromDay, qint32 toDay, std::vector<int> &out);
    Fit fit(const FusionReport &r, const State &h) const;
    bool fits(const State &a, const State &b, bool spread) const;
    // Whether no precise happening other than `target` (-1: none) fits this vaguer one.
    bool onlyPreciseFit(int vague, int target);
    double score(const FusionReport &r, const State &h) const;
    double score(const State &a, const State &b) const;

    const FusionReports &mReports;
    HugeVector<State> mStates;
    HugeVector<qint32> mNext;      // per report: the next member of its happening
    HugeVector<qint32> mHappening; // per report: its happening (follow root())
    FusionHash mHash; // the candidates: (day, family, place) -> happenings
    std::vector<quint64> mProbeKeys; // probeAround()'s scratch
    std::vector<int> mProbeEntries;  // the same
    std::vector<qint32> mProbeLists; // the same
    // Happenings a look-up meets up to which it tells those met already by looking at them, not at
    // mMet and mVisited (probeAround()).
    static constexpr size_t kFewMet = 32;
    // Scratch vectors, kept to spare an allocation per report: add()'s and addAnyForce()'s (which
    // do not nest), onlyPreciseFit()'s (called by them).
    std::vector<int> mFound;
    std::vector<Candidate> mFitting;
    std::vector<Candidate> mFittingVague;
    std::vector<int> mPrecise;
    std::vector<int> mVague;
    std::vector<int> mGroup;
    std::vector<int> mFoundAround;
    HugeVector<quint32> mVisited; // per happening: the probe that saw it last (as a root)
    HugeVector<quint32> mMet;     // per happening: the probe that met it last (as an entry)
    quint32 mProbe = 0;
    std::vector<Absorbed> mAbsorbed;
};

} // namespace mapline
