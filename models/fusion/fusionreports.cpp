#include "fusion/fusionreports.h"

#include "event.h"
#include "index/eventindex.h"

#include <QRegularExpression>

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
    r.eventId = in.eventId;
    r.storedHappening = in.storedHappening;
    r.confidence = float(in.confidence);
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
    r.place = in.place;
    r.admin1 = in.admin1;
    r.country = in.country;
    r.admin1Key = in.admin1Key;
    r.type = in.type;
    r.acledType = in.acledEventType;
    const TypeFamily family = familyOf(r.type, r.acledType);
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
    r.actorBegin = quint32(mActors.size());
    for (const Interned::Actor &actor : in.actors) {
        const quint32 id = actor.name;
        if (!id || std::find(mActors.begin() + r.actorBegin, mActors.end(), id) != mActors.end())
            continue;
        mActors.push_back(id);
        // Its side: the affiliation an article gives it, else its own name unless it is a bare role.
        if (!actor.affiliation.isEmpty())
            r.sides |= sideBit(actor.affiliation);
        else if (!actor.role)
            r.sides |= sideBit(actor.name);
    }
    r.actorCount = quint16(std::min<size_t>(mActors.size() - r.actorBegin, 0xffff));
    r.sourceBegin = quint32(mSources.size());
    for (const quint32 id : in.publishers) {
        if (id && std::find(mSources.begin() + r.sourceBegin, mSources.end(), id) == mSources.end())
            mSources.push_back(id);
    }
    r.sourceCount = quint16(std::min<size_t>(mSources.size() - r.sourceBegin, 0xffff));
    mReports.push_back(r);
    return int(mReports.size()) - 1;
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
