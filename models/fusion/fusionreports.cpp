#include "fusion/fusionreports.h"

#include "event.h"
#include "index/eventindex.h"

#include <QRegularExpression>

#include <bit>
#include <cmath>

namespace mapline {
namespace {

// The side an actor stands for, comparable across vocabularies: "Military Forces of the Northern
// Alliance (1996-2001)" (ACLED), "NORTHERN ALLIANCE" (GDELT) and "Northern Alliance" (articles) are
// one side. Lower case, parentheses and the generic words of military units dropped.
QString sideKey(const QString &name)
{
    static const QRegularExpression parenthesis(QStringLiteral("\\([^)]*\\)"));
    static const QStringList generic = {
        QStringLiteral("military"), QStringLiteral("forces"), QStringLiteral("force"), QStringLiteral("troops"),
        QStringLiteral("fighters"), QStringLiteral("soldiers"), QStringLiteral("units"), QStringLiteral("unit"),
        QStringLiteral("militia"), QStringLiteral("aircraft"), QStringLiteral("of"), QStringLiteral("the"),
        QStringLiteral("army"), QStringLiteral("government")};
    QString text = name.toCaseFolded();
    text.remove(parenthesis);
    QStringList words;
    for (const QString &w : text.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        if (!generic.contains(w))
            words << w;
    return words.join(QLatin1Char(' '));
}

// A shape's hash, of its fields and its lists' ids (FusionReports::internShape).
quint64 shapeHash(const FusionShape &shape, std::span<const quint32> actors, std::span<const quint32> sources)
{
    quint64 h = 0x9e3779b97f4a7c15ull;
    const auto mix = [&h](quint64 v) {
        h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        h *= 0xff51afd7ed558ccdull;
    };
    mix(quint64(shape.place) << 32 | shape.admin1);
    mix(quint64(shape.admin1Key) << 32 | shape.country);
    mix(quint64(shape.type) << 32 | shape.acledType);
    mix(shape.sides);
    mix(std::bit_cast<quint32>(shape.confidence));
    for (quint32 a : actors)
        mix(a);
    mix(0xa5a5a5a5u);
    for (quint32 s : sources)
        mix(s);
    return h ^ (h >> 29);
}

} // namespace

FusionVocabulary::FusionVocabulary()
{
    mTexts.emplace_back();
    mIds.emplace(std::string(), 0);
}

quint32 FusionVocabulary::intern(std::string_view utf8)
{
    if (utf8.empty())
        return 0;
    const auto it = mIds.find(utf8);
    if (it != mIds.end())
        return it->second;
    const auto id = quint32(mTexts.size());
    mTexts.emplace_back(utf8);
    mIds.emplace(std::string(utf8), id);
    return id;
}

quint32 FusionVocabulary::intern(const QString &text)
{
    if (text.isEmpty())
        return 0;
    const auto it = mByQString.constFind(text);
    if (it != mByQString.constEnd())
        return *it;
    const QByteArray utf8 = text.toUtf8();
    const quint32 id = intern(std::string_view(utf8.constData(), size_t(utf8.size())));
    // Texts seen once (a GDELT row's own URL) are not worth remembering; the few that repeat are.
    if (mByQString.size() < 100000)
        mByQString.insert(text, id);
    return id;
}

FusionReports::FusionReports(const FusionRules &rules)
    : mRules(rules)
{
    for (const char *acled : {"Battles", "Explosions/Remote violence", "Violence against civilians"}) {
        const quint8 family = familyOf(0, mVocabulary.intern(QString::fromLatin1(acled))).family;
        if (std::find(mForceFamilies.begin(), mForceFamilies.end(), family) == mForceFamilies.end())
            mForceFamilies.push_back(family);
    }
}

FusionReports::TypeFamily FusionReports::familyOf(quint32 type, quint32 acledType)
{
    const quint64 key = quint64(type) << 32 | acledType;
    const auto it = mFamilyOf.find(key);
    if (it != mFamilyOf.end())
        return it->second;
    const FusionRules::Family f = mRules.familyOf(mVocabulary.text(type), mVocabulary.text(acledType));
    quint8 index = 0;
    while (index < mFamilies.size() && mFamilies[index].name != f.name)
        ++index;
    if (index == mFamilies.size()) {
        // More than 255 kinds of family (custom types in a Mapline export): the rest share the last.
        if (mFamilies.size() < 255)
            mFamilies.push_back({f.name, false});
        else
            index = 254;
    }
    const TypeFamily tf{index, f.once};
    mFamilyOf.emplace(key, tf);
    return tf;
}

quint64 FusionReports::sideBit(const QString &side)
{
    const auto it = mSideOf.constFind(side);
    if (it != mSideOf.constEnd())
        return *it;
    const QString key = sideKey(side);
    const quint64 bit = key.isEmpty() ? 0 : quint64(1) << (qHash(key) % 64);
    mSideOf.insert(side, bit);
    return bit;
}

quint64 FusionReports::sideBit(quint32 side)
{
    if (side >= mSideOfId.size())
        mSideOfId.resize(std::max<size_t>(side + 1, mSideOfId.size() * 2), 0);
    if (!mSideOfId[side])
        mSideOfId[side] = sideBit(mVocabulary.text(side)) + 1;
    return mSideOfId[side] - 1;
}

int FusionReports::add(const Input &in)
{
    Interned r;
    r.eventId = in.eventId;
    r.storedHappening = in.storedHappening;
    r.time = in.time;
    r.inheritedTime = in.inheritedTime;
    r.inheritedPlace = in.inheritedPlace;
    r.place = mVocabulary.intern(in.place);
    r.geo = in.geo;
    r.positioned = in.positioned;
    r.lon = in.lon;
    r.lat = in.lat;
    r.admin1 = mVocabulary.intern(in.admin1);
    r.country = mVocabulary.intern(in.country);
    r.admin1Key = admin1Key(r.country, r.admin1);
    r.type = mVocabulary.intern(in.type);
    r.acledEventType = mVocabulary.intern(in.acledEventType);
    std::vector<Interned::Actor> actors;
    actors.reserve(size_t(in.actors.size()));
    for (const Input::Actor &a : in.actors)
        actors.push_back({mVocabulary.intern(a.name), a.affiliation, a.role});
    r.actors = actors;
    std::vector<quint32> publishers;
    publishers.reserve(size_t(in.publishers.size()));
    for (const QString &name : in.publishers)
        publishers.push_back(mVocabulary.intern(name));
    r.publishers = publishers;
    r.confidence = in.confidence;
    r.pinned = in.pinned;
    r.cameoCode = in.cameoCode;
    return add(r);
}

quint32 FusionReports::admin1Key(quint32 country, quint32 admin1)
{
    if (!admin1)
        return 0;
    // Folded once per province and country as written, not once per report.
    const quint64 written = quint64(country) << 32 | admin1;
    auto it = mAdmin1Keys.find(written);
    if (it == mAdmin1Keys.end())
        it = mAdmin1Keys.emplace(written, mVocabulary.intern(mVocabulary.text(country).toCaseFolded() + QLatin1Char('|') +
                                                             mVocabulary.text(admin1).toCaseFolded()))
                 .first;
    return it->second;
}

int FusionReports::add(const Interned &in)
{
    FusionReport r;
    FusionShape shape;
    r.eventId = in.eventId;
    r.storedHappening = in.storedHappening;
    shape.confidence = float(in.confidence);
    if (in.time.isValid()) {
        r.start = EventIndex::dayNumber(in.time.start);
        r.end = EventIndex::dayNumber(in.time.end);
        r.flags |= FusionReport::Dated;
        r.datePrecision = quint8(in.time.precision);
        // A sentence without a time of its own tells of the day or so before its article appeared.
        if (in.inheritedTime) {
            r.flags |= FusionReport::InheritedTime;
            if (r.start == r.end)
                --r.start;
        }
    }
    r.geo = quint8(in.geo);
    if (in.inheritedPlace)
        r.flags |= FusionReport::InheritedPlace;
    if (in.positioned && std::isfinite(in.lon) && std::isfinite(in.lat) && in.geo != GeoPrecision::Unknown) {
        r.lon = float(in.lon);
        r.lat = float(in.lat);
        r.flags |= FusionReport::Placed;
    }
    shape.place = in.place;
    shape.admin1 = in.admin1;
    shape.country = in.country;
    shape.admin1Key = in.admin1Key;
    shape.type = in.type;
    shape.acledType = in.acledEventType;
    const TypeFamily family = familyOf(shape.type, shape.acledType);
    r.family = family.family;
    if (family.once)
        r.flags |= FusionReport::Once;
    if (in.pinned)
        r.flags |= FusionReport::Pinned;
    // "18", "180", "19", "190", "20", "200": the codes that say only "use force".
    const QString &code = in.cameoCode;
    const bool force = (code.size() == 2 || (code.size() == 3 && code[2] == u'0')) &&
                       (code.startsWith(u"18") || code.startsWith(u"19") || code.startsWith(u"20"));
    if (force &&
        std::find(mForceFamilies.begin(), mForceFamilies.end(), r.family) != mForceFamilies.end())
        r.flags |= FusionReport::AnyForce;
    std::vector<quint32> &actors = mShapeActors;
    actors.clear();
    for (const Interned::Actor &actor : in.actors) {
        const quint32 id = actor.name;
        if (!id || std::find(actors.begin(), actors.end(), id) != actors.end())
            continue;
        actors.push_back(id);
        // Its side: the affiliation an article gives it, else its own name unless it is a bare role.
        if (!actor.affiliation.isEmpty())
            shape.sides |= sideBit(actor.affiliation);
        else if (!actor.role)
            shape.sides |= sideBit(actor.name);
    }
    if (actors.size() > 0xffff)
        actors.resize(0xffff);
    std::vector<quint32> &sources = mShapeSources;
    sources.clear();
    for (const quint32 id : in.publishers) {
        if (id && std::find(sources.begin(), sources.end(), id) == sources.end())
            sources.push_back(id);
    }
    if (sources.size() > 0xffff)
        sources.resize(0xffff);
    r.shape = internShape(shape, actors, sources);
    if (mSize == mBlocks.size() * kBlock)
        mBlocks.push_back(std::make_unique<FusionReport[]>(kBlock));
    (*this)[int(mSize)] = r;
    return int(mSize++);
}

quint32 FusionReports::internShape(const FusionShape &shape, std::span<const quint32> actors,
                                   std::span<const quint32> sources)
{
    const quint64 h = shapeHash(shape, actors, sources);
    const auto same = [&](const FusionShape &o) {
        return o.place == shape.place && o.admin1 == shape.admin1 && o.admin1Key == shape.admin1Key &&
               o.country == shape.country && o.type == shape.type && o.acledType == shape.acledType &&
               o.sides == shape.sides &&
               std::bit_cast<quint32>(o.confidence) == std::bit_cast<quint32>(shape.confidence) &&
               o.actorCount == actors.size() && o.sourceCount == sources.size() &&
               std::equal(actors.begin(), actors.end(), mActors.begin() + o.actorBegin) &&
               std::equal(sources.begin(), sources.end(), mSources.begin() + o.sourceBegin);
    };
    if (mShapeSlots.size() < 2 * (mShapes.size() + 1)) {
        // Grown to keep it at most half full: every shape put again by its hash.
        std::vector<quint32> table(std::max<size_t>(1024, mShapeSlots.size() * 2), 0);
        const size_t mask = table.size() - 1;
        for (size_t i = 0; i < mShapes.size(); ++i) {
            const FusionShape &o = mShapes[i];
            const quint64 oh = shapeHash(o, {mActors.data() + o.actorBegin, o.actorCount},
                                         {mSources.data() + o.sourceBegin, o.sourceCount});
            size_t at = size_t(oh) & mask;
            while (table[at])
                at = (at + 1) & mask;
            table[at] = quint32(i + 1);
        }
        mShapeSlots.swap(table);
    }
    const size_t mask = mShapeSlots.size() - 1;
    size_t at = size_t(h) & mask;
    for (; mShapeSlots[at]; at = (at + 1) & mask) {
        if (same(mShapes[mShapeSlots[at] - 1]))
            return mShapeSlots[at] - 1;
    }
    FusionShape kept = shape;
    kept.actorBegin = quint32(mActors.size());
    kept.actorCount = quint16(actors.size());
    mActors.insert(mActors.end(), actors.begin(), actors.end());
    kept.sourceBegin = quint32(mSources.size());
    kept.sourceCount = quint16(sources.size());
    mSources.insert(mSources.end(), sources.begin(), sources.end());
    mShapes.push_back(kept);
    mShapeSlots[at] = quint32(mShapes.size());
    return quint32(mShapes.size() - 1);
}

void FusionReports::release()
{
    std::vector<std::unique_ptr<FusionReport[]>>().swap(mBlocks);
    mSize = 0;
    std::vector<FusionShape>().swap(mShapes);
    std::vector<quint32>().swap(mShapeSlots);
    std::vector<quint32>().swap(mActors);
    std::vector<quint32>().swap(mSources);
}

int FusionReports::add(const Event &e, const QStringList &publishers, qint64 storedHappening, const QString &cameoCode)
{
    // As add(const Input &) would make it from the event (the texts interned in the same order),
    // without the Input's copies and lists: a dataset import adds a report per row.
    Interned r;
    r.eventId = e.id;
    r.storedHappening = storedHappening;
    r.time = e.time;
    r.inheritedTime = e.hasFlag(Event::InheritedTime);
    r.inheritedPlace = e.hasFlag(Event::InheritedPlace);
    r.place = mVocabulary.intern(e.place.name);
    r.geo = e.place.precision;
    r.positioned = e.place.coordinate.isValid();
    if (r.positioned) {
        r.lon = e.place.coordinate.longitude();
        r.lat = e.place.coordinate.latitude();
    }
    r.admin1 = mVocabulary.intern(e.place.admin1);
    r.country = mVocabulary.intern(e.place.country);
    r.admin1Key = admin1Key(r.country, r.admin1);
    r.type = mVocabulary.intern(e.type);
    r.acledEventType = mVocabulary.intern(e.acledEventType);
    mScratchActors.clear();
    for (const ActorMention &m : e.actors)
        mScratchActors.push_back({mVocabulary.intern(m.actor.name), m.actor.affiliation, m.actor.kind == u"role"});
    r.actors = mScratchActors;
    mScratchPublishers.clear();
    for (const QString &name : publishers)
        mScratchPublishers.push_back(mVocabulary.intern(name));
    r.publishers = mScratchPublishers;
    r.confidence = e.confidence;
    r.cameoCode = cameoCode;
    return add(r);
}

} // namespace mapline
