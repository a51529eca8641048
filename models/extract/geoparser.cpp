#include "extract/geoparser.h"
#include "extract/wordis.h"

#include <cmath>

namespace mapline {
namespace {

using Role = PlaceMention::Role;

// "province", "districts", "city", "town": the kind of place a name next to it is.
GeoPrecision kindWord(const NameToken &t)
{
    const QString &w = t.norm;
    if (wordIs(w, u"province") || wordIs(w, u"provinces"))
        return GeoPrecision::Province;
    if (wordIs(w, u"district") || wordIs(w, u"districts"))
        return GeoPrecision::District;
    if (wordIs(w, u"city") || wordIs(w, u"cities") || wordIs(w, u"town") || wordIs(w, u"towns") || wordIs(w, u"village") || wordIs(w, u"villages"))
        return GeoPrecision::City;
    return GeoPrecision::Unknown;
}

int kindPreference(GeoPrecision p)
{
    switch (p) {
    case GeoPrecision::Landmark: return 9;
    case GeoPrecision::City: return 8;
    case GeoPrecision::District: return 6;
    case GeoPrecision::Province: return 5;
    case GeoPrecision::Country: return 3;
    case GeoPrecision::Unknown: return 0;
    }
    return 0;
}

double qualityConfidence(Gazetteer::Quality q)
{
    switch (q) {
    case Gazetteer::Quality::Exact: return 1.0;
    case Gazetteer::Quality::Variant: return 0.92;
    case Gazetteer::Quality::Skeleton: return 0.85;
    case Gazetteer::Quality::Fuzzy: return 0.65;
    }
    return 0.5;
}

// "north", "south-west", "northeastern": degrees clockwise from north, -1 for none.
int bearingOf(QStringView w)
{
    static const struct {
        const char16_t *word;
        int degrees;
    } kBearings[] = {{u"north", 0},     {u"northeast", 45}, {u"east", 90},      {u"southeast", 135},
                     {u"south", 180},   {u"southwest", 225}, {u"west", 270},    {u"northwest", 315},
                     {u"northern", 0},  {u"eastern", 90},   {u"southern", 180}, {u"western", 270}};
    for (const auto &b : kBearings)
        if (w == QStringView(b.word))
            return b.degrees;
    return -1;
}

// "100 kilometers", "25 km (15 miles)", "55km", "10 miles": the distance, in km, ending before
// token `end` (at most five tokens back); 0 when none.
int distanceBefore(const QList<NameToken> &tokens, int end)
{
    for (int k = end - 1; k >= 0 && k >= end - 5; --k) {
        const QString &w = tokens[k].norm;
        double factor = 0;
        int number = -1;
        if (wordIs(w, u"km") || wordIs(w, u"kilometers") || wordIs(w, u"kilometres") || wordIs(w, u"kms"))
            factor = 1.0;
        else if (wordIs(w, u"miles") || wordIs(w, u"mile") || wordIs(w, u"mi"))
            factor = 1.609;
        if (factor > 0 && k > 0 && tokens[k - 1].digit)
            number = tokens[k - 1].norm.toInt();
        if (factor == 0 && tokens[k].digit && w.endsWith(QLatin1String("km"))) {
            factor = 1.0; // "55km"
            number = w.chopped(2).toInt();
        }
        if (number > 0 && number < 2000)
            return qRound(number * factor);
        if (tokens[k].clauseEndsAfter() && !(tokens[k].gapAfter & NameToken::Paren))
            break;
    }
    return 0;
}

bool isConnector(const NameToken &t)
{
    return wordIs(t.norm, u"and") || wordIs(t.norm, u"or");
}

// Only "and", "or", commas and other capitalised names between two mentions: they form a
// list ("Pakistan, Chechnya and Saudi Arabia", whether or not Chechnya is in the gazetteer).
bool listed(const QList<NameToken> &tokens, int previousEnd, int nextFirst)
{
    if (previousEnd > nextFirst || nextFirst - previousEnd > 4)
        return false;
    for (int k = previousEnd; k < nextFirst; ++k)
        if (!isConnector(tokens[k]) && !tokens[k].upper)
            return false;
    for (int k = previousEnd - 1; k < nextFirst - 1; ++k)
        if (tokens[k].gapAfter & ~quint8(NameToken::Comma))
            return false;
    return true;
}

} // namespace

QList<PlaceMention> Geoparser::find(const QList<NameToken> &tokens, const QList<quint32> &classes,
                                    const QList<bool> &masked, const QStringList &area) const
{
    QList<PlaceMention> out;
    const int n = int(tokens.size());
    for (int i = 0; i < n;) {
        // "in northern Afghanistan", "south-eastern Afghanistan": a region, though it starts in
        // lower case.
        if (!masked[i] && !tokens[i].upper && (classes[i] & WordClasses::Direction) && i + 1 < n &&
            !(tokens[i].gapAfter & ~quint8(NameToken::Hyphen)) && (tokens[i + 1].upper || tokens[i].hyphenNext()) &&
            (bearingOf(tokens[i].norm) >= 0 || wordIs(tokens[i].norm, u"central") || tokens[i].norm.endsWith(QLatin1String("ern")))) {
            const Gazetteer::Match region = mGazetteer.matchAt(tokens, i, true);
            if (region.isValid() && region.count >= 2) {
                PlaceMention p;
                p.first = i;
                p.end = i + region.count;
                p.candidates = region.entries;
                p.quality = region.quality;
                out.append(std::move(p));
                i += region.count;
                continue;
            }
        }
        if (masked[i] || !tokens[i].upper) {
            ++i;
            continue;
        }
        Gazetteer::Match m = mGazetteer.matchAt(tokens, i);
        if (m.isValid()) {
            bool clash = false;
            for (int k = i; k < i + m.count; ++k)
                clash = clash || masked[k];
            const bool commonWord = m.count == 1 && (classes[i] & WordClasses::Common);
            const bool shortSkeleton = m.count == 1 && m.quality == Gazetteer::Quality::Skeleton && tokens[i].norm.size() < 5;
            if (!clash && !commonWord && !shortSkeleton) {
                PlaceMention p;
                p.first = i;
                p.end = i + m.count;
                p.candidates = m.entries;
                p.quality = m.quality;
                out.append(std::move(p));
                i += m.count;
                continue;
            }
        }
        // A capitalised word that is no name we know and no English word: perhaps a misspelt place;
        // but not one word of a longer name we do not know ("Takur Ghar" is not Takhar).
        const auto unknownName = [&](int k) {
            return k >= 0 && k < n && tokens[k].upper && !tokens[k].digit && !(classes[k] & WordClasses::Common) &&
                   !masked[k];
        };
        const bool inLongerName = (unknownName(i + 1) && !(tokens[i].gapAfter & ~quint8(NameToken::Hyphen))) ||
                                  (unknownName(i - 1) && !(tokens[i - 1].gapAfter & ~quint8(NameToken::Hyphen)));
        if (!(classes[i] & WordClasses::Common) && !tokens[i].digit && tokens[i].norm.size() >= 5 && !inLongerName) {
            const QList<int> fuzzy = mGazetteer.fuzzy(tokens[i].norm);
            if (!fuzzy.isEmpty()) {
                PlaceMention p;
                p.first = i;
                p.end = i + 1;
                p.candidates = fuzzy;
                p.quality = Gazetteer::Quality::Fuzzy;
                out.append(std::move(p));
            }
        }
        ++i;
    }
    if (out.isEmpty())
        return out;

    // Kind cues: "X province", "X and Y provinces", "the province of X", "the city of X".
    QList<GeoPrecision> cue(out.size(), GeoPrecision::Unknown);
    for (int j = 0; j < out.size(); ++j) {
        for (int k = j;; ++k) {
            const int pos = out[k].end;
            if (pos < n && !(tokens[pos - 1].gapAfter & ~quint8(NameToken::Hyphen)) &&
                kindWord(tokens[pos]) != GeoPrecision::Unknown) {
                cue[j] = kindWord(tokens[pos]);
                break;
            }
            if (k + 1 >= out.size() || !listed(tokens, out[k].end, out[k + 1].first))
                break;
        }
        const int f = out[j].first;
        if (cue[j] == GeoPrecision::Unknown && f >= 2 && wordIs(tokens[f - 1].norm, u"of"))
            cue[j] = kindWord(tokens[f - 2]);
    }

    for (int j = 0; j < out.size(); ++j) {
        PlaceMention &p = out[j];
        // "Quetta, Pakistan": the country named right after a place picks among its namesakes.
        QString hint;
        if (j + 1 < out.size() && out[j + 1].first == p.end && (tokens[p.end - 1].gapAfter & NameToken::Comma)) {
            for (int c : std::as_const(out[j + 1].candidates))
                if (mGazetteer.place(c).precision == GeoPrecision::Country)
                    hint = mGazetteer.place(c).country;
        }
        p.entry = choose(p.candidates, cue[j], area, hint);
        p.span = Span{tokens[p.first].start, tokens[p.end - 1].end};
        double ambiguity = 1.0;
        const Place &chosen = mGazetteer.place(p.entry);
        for (int c : std::as_const(p.candidates)) {
            const Place &other = mGazetteer.place(c);
            if (c != p.entry && other.precision == chosen.precision && area.contains(other.country) &&
                other.coordinate.distanceTo(chosen.coordinate) > 30000) {
                ambiguity = 0.8; // namesakes of the same kind in the area: we may have picked the wrong one
                break;
            }
        }
        p.confidence = qualityConfidence(p.quality) * ambiguity;
        assignRole(p, tokens, classes, masked, out.mid(0, j));
    }
    return out;
}

void Geoparser::assignRole(PlaceMention &m, const QList<NameToken> &tokens, const QList<quint32> &classes,
                           const QList<bool> &masked, const QList<PlaceMention> &before) const
{
    const int n = int(tokens.size());
    const bool country = mGazetteer.place(m.entry).precision == GeoPrecision::Country;
    const auto skippable = [&](int k) {
        const QString &w = tokens[k].norm;
        return (classes[k] & WordClasses::Direction) || wordIs(w, u"the") || wordIs(w, u"a") || wordIs(w, u"an");
    };
    const auto joined = [&](int k) { return !(tokens[k].gapAfter & ~quint8(NameToken::Hyphen | NameToken::Quote)); };

    // "west of Kabul", "30 miles north of Kabul": a bearing from a reference place; but "in the
    // north of Afghanistan" is a place.
    int p = m.first - 1;
    if (p >= 1 && wordIs(tokens[p].norm, u"of") && (classes[p - 1] & WordClasses::Direction)) {
        const bool inThe = p >= 3 && wordIs(tokens[p - 2].norm, u"the") && (classes[p - 3] & WordClasses::Locative);
        if (!inThe) {
            m.role = Role::Reference;
            m.near = true;
            // "south-west of", "southwest of": the bearing; "100 kilometers southwest of": the distance.
            int d = p - 1;
            QString direction = tokens[d].norm;
            if (d >= 1 && tokens[d - 1].hyphenNext() && bearingOf(tokens[d - 1].norm) >= 0 &&
                bearingOf(tokens[d - 1].norm + direction) >= 0) {
                direction = tokens[d - 1].norm + direction;
                --d;
            }
            m.bearing = bearingOf(direction);
            m.offsetKm = m.bearing >= 0 ? distanceBefore(tokens, d) : 0;
            return;
        }
        m.locative = true;
        m.role = Role::Event;
        return;
    }
    // Step back over "the northern city of", "southern", "the" to the preposition.
    if (p >= 1 && wordIs(tokens[p].norm, u"of") && (kindWord(tokens[p - 1]) != GeoPrecision::Unknown ||
                                               (classes[p - 1] & WordClasses::Anaphor)))
        p -= 2;
    while (p >= 0 && joined(p) && skippable(p))
        --p;
    const bool prepJoined = p >= 0 && joined(p);
    const QString prep = prepJoined ? tokens[p].norm : QString();
    m.locative = prepJoined && (classes[p] & WordClasses::Locative) && !wordIs(prep, u"on");
    // "near Kunduz", "outside Kandahar", "around Kandahar", "on the outskirts of Herat".
    m.near = wordIs(prep, u"near") || wordIs(prep, u"outside") || wordIs(prep, u"around") || wordIs(prep, u"outskirts") ||
             (wordIs(prep, u"to") && p >= 1 && wordIs(tokens[p - 1].norm, u"close")) ||
             (m.first >= 2 && wordIs(tokens[m.first - 1].norm, u"of") && wordIs(tokens[m.first - 2].norm, u"outskirts"));

    // "talks on Konduz", "negotiations over Kandahar": what the talk is about.
    if ((wordIs(prep, u"on") || wordIs(prep, u"about") || wordIs(prep, u"over") || wordIs(prep, u"regarding") || wordIs(prep, u"concerning")) &&
        p >= 1 && (classes[p - 1] & WordClasses::Topic)) {
        m.role = Role::Topic;
        return;
    }
    if (wordIs(prep, u"on"))
        m.locative = true; // "an attack on Kandahar", "on the outskirts"
    // "the Bagram road", "the road from Bagram", "the Kandahar highway": a road named for a
    // place is not at it.
    // "the road from Jalalabad to Kabul": both ends.
    const bool roadEnd = wordIs(prep, u"to") && !before.isEmpty() && before.last().role == Role::Reference &&
                         before.last().end == p && before.last().first >= 2 &&
                         wordIs(tokens[before.last().first - 1].norm, u"from") &&
                         (classes[before.last().first - 2] & WordClasses::RoadNoun);
    const bool roadFromTo = roadEnd || ((wordIs(prep, u"from") || wordIs(prep, u"to")) && p >= 1 && (classes[p - 1] & WordClasses::RoadNoun));
    if (roadFromTo || (m.end < n && joined(m.end - 1) && (classes[m.end] & WordClasses::RoadNoun))) {
        m.role = Role::Reference;
        return;
    }
    // "fighters from Pakistan, Chechnya and Saudi Arabia", "elders from Khost": where people
    // come from (a country after "from" always; a town when people stand before "from").
    if (wordIs(prep, u"from") && (country || (p >= 1 && masked[p - 1]))) {
        m.role = Role::Origin;
        return;
    }
    if (!before.isEmpty() && before.last().role == Role::Origin && listed(tokens, before.last().end, m.first)) {
        m.role = Role::Origin;
        return;
    }
    // "Saudi-born", "Pakistan-based", "Soviet-backed".
    if (tokens[m.end - 1].hyphenNext() && m.end < n && (classes[m.end] & WordClasses::OriginSuffix)) {
        m.role = Role::Origin;
        return;
    }
    if (country && tokens[m.end - 1].possessive) {
        m.role = Role::Actor; // "Pakistan's government"
        return;
    }
    // "A spokesman in Kandahar said": where a speaker speaks from is not what the speaker
    // speaks of, but it is near: a fallback, like a bearing.
    if (m.locative && p >= 1 && masked[p - 1]) {
        int q = m.end;
        while (q < n && q - m.end < 3 && joined(q - 1) && (classes[q] & WordClasses::Auxiliary) &&
               !(classes[q] & WordClasses::Speech))
            ++q;
        if (q < n && joined(q - 1) && (classes[q] & WordClasses::Speech)) {
            m.role = Role::Reference;
            return;
        }
    }
    // "The United States has said", "Islamabad denied": a place standing for its government.
    if (!m.locative) {
        int q = m.end;
        int skipped = 0;
        while (q < n && skipped < 3 && joined(q - 1) && (classes[q] & WordClasses::Auxiliary) &&
               !(classes[q] & WordClasses::Speech)) {
            ++q;
            ++skipped;
        }
        if (q < n && joined(q - 1) && (classes[q] & WordClasses::Speech)) {
            m.role = Role::Actor;
            return;
        }
    }
    // A country is where something happened only when the text says so ("in northern
    // Afghanistan"); otherwise it names a state, a people or a destination of no event.
    m.role = country && !m.locative ? Role::Actor : Role::Event;
}

int Geoparser::choose(const QList<int> &candidates, GeoPrecision cue, const QStringList &area,
                      const QString &countryHint) const
{
    int best = -1;
    double bestScore = -1e9;
    for (int c : candidates) {
        const Gazetteer::Entry &e = mGazetteer.entry(c);
        double score = kindPreference(e.place.precision) * 10.0 + std::log10(double(e.population) + 1.0);
        if (cue != GeoPrecision::Unknown && e.place.precision == cue)
            score += 1000;
        if (!countryHint.isEmpty() && e.place.country == countryHint)
            score += 500;
        if (area.contains(e.place.country))
            score += 200;
        if (score > bestScore) {
            bestScore = score;
            best = c;
        }
    }
    return best;
}

int Geoparser::resolve(const QString &name, const QStringList &area) const
{
    const QList<int> candidates = mGazetteer.lookup(name);
    return candidates.isEmpty() ? -1 : choose(candidates, GeoPrecision::Unknown, area);
}

} // namespace mapline
