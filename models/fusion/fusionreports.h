#pragma once

#include "fusion/fusionrules.h"
#include "timerange.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mapline {

struct Event;

// Texts the fusion compares, each stored once and named by a number (0: none). Keyed by UTF-8 so
// that the store's bulk readers intern without building a QString per field.
class FusionVocabulary {
public:
    FusionVocabulary();
    quint32 intern(std::string_view utf8);
    quint32 intern(const QString &text);
    // As a QString, made once per text (a re-fusion asks for a type or an actor over and over).
    QString text(quint32 id) const
    {
        if (id >= mQTexts.size())
            mQTexts.resize(mTexts.size());
        QString &t = mQTexts[id];
        if (t.isNull())
            t = QString::fromUtf8(mTexts[id]);
        return t;
    }
    std::string_view bytes(quint32 id) const { return mTexts[id]; }
    size_t size() const { return mTexts.size(); }

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
    };
    std::unordered_map<std::string, quint32, Hash, std::equal_to<>> mIds;
    std::vector<std::string> mTexts;
    QHash<QString, quint32> mByQString; // the same ids by QString: no UTF-8 conversion per lookup
    // text()'s, by id (null: not made yet). Not safe to read from two threads at once, as nothing
    // of a fusion is (HappeningFuser: one thread).
    mutable std::vector<QString> mQTexts;
};

// What a report says beside its time and point: its place's names, its type, actors, publishers
// and confidence. Many reports say the same (a dataset's rows of one place, kind and pair of
// actors; a GDELT file codes one happening over and over), so a report names its shape by a number
// and FusionReports keeps each shape once, with its actor and publisher lists
// (docs/PERFORMANCE.md, "Ten million rows through the rollback journal", fourth round).
struct FusionShape {
    quint32 place = 0;     // name as shown
    quint32 admin1 = 0;    // name as shown
    quint32 admin1Key = 0; // folded "country|admin1": what containment compares
    quint32 country = 0;
    quint32 type = 0;
    quint32 acledType = 0;
    quint32 actorBegin = 0;  // into FusionReports' actor ids
    quint32 sourceBegin = 0; // into FusionReports' source ids
    quint64 sides = 0;       // a 64-bit set (Bloom filter) of the sides its actors belong to
    quint16 actorCount = 0;
    quint16 sourceCount = 0;
    float confidence = 0;
};

// One report as the fusion sees it: an event from an article or a dataset row, reduced to what
// decides which happening it tells and what the happening's fused values are made of. Days are
// EventIndex::dayNumber()s. Kept small: a dataset import holds one per row (40 bytes; what it
// shares with other reports is its FusionShape).
struct FusionReport {
    enum Flag : quint8 {
        Dated = 1 << 0,         // has a time (a report without one is a happening of its own)
        Placed = 1 << 1,        // has a position and a known precision
        Once = 1 << 2,          // its type happens once at a place (families.tsv): a city taken, a deal struck
        InheritedTime = 1 << 3, // no time in the sentence: the article's date stands in for it
        Pinned = 1 << 4,        // the analyst split it out of its happening: it stands alone
        InheritedPlace = 1 << 5, // no place in the sentence: the dateline's or the sentence before's
        AnyForce = 1 << 6,       // coded only "use force" (CAMEO 18, 19, 20 and their x0): a battle,
                                 // a strike or an attack, whichever its actors fit best
    };

    qint64 eventId = 0;
    qint64 storedHappening = 0; // its happening in the store before this fusion (0: none)
    qint32 start = 0;
    qint32 end = -1;
    float lon = 0;
    float lat = 0;
    quint32 shape = 0; // FusionReports::shape()
    quint8 family = 0;
    quint8 geo = 0;           // GeoPrecision
    quint8 datePrecision = 0; // DatePrecision
    quint8 flags = 0;

    bool has(Flag f) const { return (flags & f) != 0; }
    bool dated() const { return has(Dated); }
    bool dayPrecise() const { return dated() && start == end && !has(InheritedTime); }
    bool pointPlaced() const
    {
        return has(Placed) && (GeoPrecision(geo) == GeoPrecision::Landmark || GeoPrecision(geo) == GeoPrecision::City ||
                               GeoPrecision(geo) == GeoPrecision::District);
    }
    // Precise: a day and a point (landmark, town, district) the sentence itself names. Precise
    // reports make happenings and bridge them; vague ones (a range, a province, the country, a
    // place borrowed from the dateline) only join one that is unambiguous.
    bool precise() const { return dayPrecise() && pointPlaced() && !has(InheritedPlace); }
    qint32 span() const { return dated() ? end - start + 1 : 0; }
};
static_assert(sizeof(FusionReport) == 40);

// The reports of one fusion and the texts they name. The caller fills it (from parsed events, dataset
// rows or the store); HappeningFuser reads it.
class FusionReports {
public:
    // What one report is made of, in the contract's terms.
    struct Input {
        qint64 eventId = 0;
        qint64 storedHappening = 0;
        TimeRange time;
        bool inheritedTime = false;
        bool inheritedPlace = false;
        QString place;
        GeoPrecision geo = GeoPrecision::Unknown;
        bool positioned = false;
        double lon = 0;
        double lat = 0;
        QString admin1;
        QString country;
        QString type;
        QString acledEventType;
        // The actors by name, with their side where it is known (an article's "Taliban fighters"
        // stand for the Taliban) and whether they are only a role ("prisoners", "troops"), which
        // stands for no side of its own.
        struct Actor {
            QString name;
            QString affiliation;
            bool role = false;
        };
        QList<Actor> actors;
        QStringList publishers; // FusionRules::publisher()s of its sources
        double confidence = 0;
        bool pinned = false;
        QString cameoCode; // a dataset row's full CAMEO code ("190"), if any
    };

    // The same with its texts as vocabulary ids, as the store's bulk reader has them: no QString
    // per field. add(const Input &) is this after interning. The ids are interned in one order
    // (place, admin1, country, admin1Key(), type, ACLED type, actors, publishers), whichever way a
    // report comes in: the ids name the type bits the fuser compares.
    struct Interned {
        struct Actor {
            quint32 name = 0;
            QString affiliation;
            bool role = false;
        };
        qint64 eventId = 0;
        qint64 storedHappening = 0;
        TimeRange time;
        bool inheritedTime = false;
        bool inheritedPlace = false;
        quint32 place = 0;
        GeoPrecision geo = GeoPrecision::Unknown;
        bool positioned = false;
        double lon = 0;
        double lat = 0;
        quint32 admin1 = 0;
        quint32 country = 0;
        quint32 admin1Key = 0; // admin1Key(country, admin1)
        quint32 type = 0;
        quint32 acledEventType = 0;
        std::span<const Actor> actors;
        std::span<const quint32> publishers;
        double confidence = 0;
        bool pinned = false;
        QString cameoCode;
    };
    // The folded "country|admin1" that containment compares (0: no admin1), from the texts' ids.
    quint32 admin1Key(quint32 country, quint32 admin1);

    explicit FusionReports(const FusionRules &rules = FusionRules::standard());

    int add(const Input &input);
    int add(const Interned &input);
    // An event (the extraction's or a dataset row's) published by `publishers`.
    int add(const Event &event, const QStringList &publishers, qint64 storedHappening = 0,
            const QString &cameoCode = {});

    // The reports lie in blocks of kBlock: a report stays where it is as others are added (no
    // copy of the whole table as it grows, which at ten million reports held the old table and
    // the new one at once).
    const FusionReport &operator[](int i) const { return mBlocks[size_t(i) >> kBlockBits][size_t(i) & (kBlock - 1)]; }
    FusionReport &operator[](int i) { return mBlocks[size_t(i) >> kBlockBits][size_t(i) & (kBlock - 1)]; }
    int size() const { return int(mSize); }
    void reserve(size_t n) { mBlocks.reserve((n + kBlock - 1) / kBlock); }
    // Gives the reports, their shapes and lists back (the vocabulary stays): a dataset import is
    // done with them before its commit builds the spatial index.
    void release();

    const FusionShape &shape(const FusionReport &r) const { return mShapes[r.shape]; }
    int shapeCount() const { return int(mShapes.size()); }
    std::span<const quint32> actors(const FusionReport &r) const
    {
        const FusionShape &s = shape(r);
        return {mActors.data() + s.actorBegin, s.actorCount};
    }
    std::span<const quint32> sources(const FusionReport &r) const
    {
        const FusionShape &s = shape(r);
        return {mSources.data() + s.sourceBegin, s.sourceCount};
    }

    FusionVocabulary &vocabulary() { return mVocabulary; }
    const FusionVocabulary &vocabulary() const { return mVocabulary; }
    const FusionRules &rules() const { return mRules; }
    const FusionRules::Family &family(quint8 index) const { return mFamilies[index]; }
    int familyCount() const { return int(mFamilies.size()); }
    // The families a report coded only "use force" may belong to (ACLED's battles, explosions and
    // remote violence, violence against civilians).
    const std::vector<quint8> &forceFamilies() const { return mForceFamilies; }

private:
    struct TypeFamily {
        quint8 family;
        bool once;
    };
    TypeFamily familyOf(quint32 type, quint32 acledType);
    quint64 sideBit(const QString &side);
    quint64 sideBit(quint32 side); // by vocabulary id, remembered

    // The shape's index, the one already kept when another report has it.
    quint32 internShape(const FusionShape &shape, std::span<const quint32> actors, std::span<const quint32> sources);

    static constexpr size_t kBlockBits = 14;
    static constexpr size_t kBlock = size_t(1) << kBlockBits; // 16,384 reports, 640 KB

    const FusionRules &mRules;
    FusionVocabulary mVocabulary;
    std::vector<std::unique_ptr<FusionReport[]>> mBlocks;
    size_t mSize = 0;
    std::vector<FusionShape> mShapes;
    std::vector<quint32> mShapeSlots; // open addressing by the shape's hash: shape index + 1 (0: free)
    std::vector<quint32> mActors;
    std::vector<quint32> mSources;
    std::vector<FusionRules::Family> mFamilies;
    std::vector<quint8> mForceFamilies;
    std::unordered_map<quint64, TypeFamily> mFamilyOf; // (type << 32 | acled type) -> family
    QHash<QString, quint64> mSideOf;                   // an actor's name or side as written -> its bit
    std::unordered_map<quint64, quint32> mAdmin1Keys;  // (country << 32 | admin1) as written -> admin1Key
    std::vector<quint64> mSideOfId;                    // vocabulary id -> its side's bit, + 1 (0: not yet)
    std::vector<Interned::Actor> mScratchActors;       // add(const Event &)'s, kept between calls
    std::vector<quint32> mScratchPublishers;
    std::vector<quint32> mShapeActors; // add(const Interned &)'s, kept between calls
    std::vector<quint32> mShapeSources;
};

} // namespace mapline
