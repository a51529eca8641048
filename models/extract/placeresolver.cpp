#include "extract/placeresolver.h"
#include "extract/wordis.h"

#include "extract/extractionresources.h"

#include <algorithm>
#include <climits>

namespace mapline {

using Role = PlaceMention::Role;

Place placeOf(const Gazetteer &g, const PlaceChoice &c)
{
    Place p = g.place(c.entry);
    if (c.offsetKm > 0 && c.bearing >= 0 && p.coordinate.isValid()) {
        static const char *const kAbbreviations[] = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
        const QString abbreviation = QLatin1String(kAbbreviations[((c.bearing + 22) / 45) % 8]);
        p.coordinate = p.coordinate.atDistanceAndAzimuth(c.offsetKm * 1000.0, c.bearing);
        p.name = QStringLiteral("%1 km %2 of %3").arg(c.offsetKm).arg(abbreviation, p.name);
        p.admin2.clear();
        if (c.offsetKm > 25)
            p.admin1.clear(); // so far out it may lie in another province
        p.gazetteerId = 0;
        p.source = QStringLiteral("offset");
        p.precision = GeoPrecision::District;
    } else if (c.near && (p.precision == GeoPrecision::City || p.precision == GeoPrecision::Landmark)) {
        p.precision = GeoPrecision::District; // ACLED's "near a town"
    } else if (p.precision == GeoPrecision::Province && g.entry(c.entry).natural) {
        // A region ("eastern Afghanistan") spans several provinces: it is in none of them (the
        // gazetteer's admin1 is only where its point lies), so it is not told as that province.
        p.admin1.clear();
    }
    return p;
}

void PlaceMemory::add(const Gazetteer &g, int entry, int sentence)
{
    const GeoPrecision p = g.place(entry).precision;
    if (p == GeoPrecision::Country || g.entry(entry).natural)
        return; // "the city" after "in Afghanistan" (or "in northern Afghanistan") is not it
    Named &n = named[entry];
    n.count += 1;
    n.order = ++mentions;
    lastAny = entry;
    if (p == GeoPrecision::City || p == GeoPrecision::District) {
        lastCity = entry;
        lastCitySentence = sentence;
    } else if (p == GeoPrecision::Province) {
        lastProvince = entry;
    }
}

PlaceResolver::PlaceResolver(const ExtractionResources &r, const Article &a, const ParseOptions &o)
    : mR(r), mOptions(o)
{
    if (!a.datelinePlace.trimmed().isEmpty())
        mDateline = mR.geoparser.resolve(a.datelinePlace, o.areaCountries);
    mDatelineText = a.datelinePlace;
    if (mDateline >= 0)
        mMemory.add(mR.gazetteer, mDateline, -100);
}

void PlaceResolver::setParagraphDateline(int entry, const QString &text)
{
    mDateline = entry;
    mDatelineText = text;
    mPrevious = -1;
    mPreviousIndex = -1;
    mPreviousText.clear();
    mMemory.add(mR.gazetteer, entry, -100);
}

bool PlaceResolver::inArea(int entry) const
{
    return mOptions.areaCountries.contains(mR.gazetteer.place(entry).country);
}

// A place named in the sentence: the nearest, countries only when nothing finer is named.
const PlaceMention *PlaceResolver::named(const SentenceFacts &f, const TriggerMatch &t) const
{
    int bestScore = INT_MAX;
    const PlaceMention *best = nullptr;
    const bool leaving = wordIs(mR.coder.type(t.type).type, u"withdrawal");
    for (const PlaceMention &p : f.places) {
        if (p.role != Role::Event && p.role != Role::Reference)
            continue;
        // "pulled out and headed toward Kandahar": a withdrawal happens where it starts from.
        if (leaving && p.first > t.first && p.first > 0) {
            const QString &before = f.tokens[p.first - 1].norm;
            if (wordIs(before, u"toward") || wordIs(before, u"towards") || wordIs(before, u"to") || wordIs(before, u"into") || wordIs(before, u"for"))
                continue;
        }
        const Place &place = mR.gazetteer.place(p.entry);
        int score = tokenDistance(f.tokens, t.first, t.end, p.first, p.end);
        // "captured Jalalabad and were advancing on Ghazni": a place across "and" or "but"
        // belongs to the other verb.
        for (int k = std::min(p.end, t.end); k < std::max(p.first, t.first); ++k)
            if (wordIs(f.tokens[k].norm, u"and") || wordIs(f.tokens[k].norm, u"but"))
                score += 3;
        if (place.precision == GeoPrecision::Country)
            score += 40;
        else if (mR.gazetteer.entry(p.entry).natural && place.precision == GeoPrecision::Province)
            score += 20; // a region: only when nothing finer is named nearby
        if (p.role == Role::Reference)
            score += 60;
        if (p.quality == Gazetteer::Quality::Fuzzy)
            score += 2;
        if (!p.locative)
            score += 1;
        // "the forces of X, whom Karzai refused to recognise as governor of Paktia, shelled the
        // town": a place in another relative or subordinate clause belongs to that clause.
        if (f.region[p.first] != f.region[t.first])
            score += 40;
        if (score < bestScore) {
            bestScore = score;
            best = &p;
        }
    }
    // "In Balkh province, fighting ... in Chimtal district": a place inside the province named,
    // in the trigger's clause, says where more exactly.
    if (best && mR.gazetteer.place(best->entry).precision == GeoPrecision::Province) {
        const Place &province = mR.gazetteer.place(best->entry);
        const PlaceMention *finer = nullptr;
        int finerDistance = INT_MAX;
        for (const PlaceMention &p : f.places) {
            const Place &place = mR.gazetteer.place(p.entry);
            const GeoPrecision kind = place.precision;
            if (p.role != Role::Event || f.region[p.first] != f.region[t.first] || place.country != province.country ||
                place.admin1 != province.admin1 ||
                (kind != GeoPrecision::City && kind != GeoPrecision::District && kind != GeoPrecision::Landmark))
                continue;
            const int d = tokenDistance(f.tokens, t.first, t.end, p.first, p.end);
            if (d < finerDistance) {
                finerDistance = d;
                finer = &p;
            }
        }
        if (finer)
            best = finer;
    }
    // "the fall of Kabul", "captured Kunduz": the name after the trigger is its place.
    if (t.placeAfter) {
        for (const PlaceMention &p : f.places)
            if ((p.role == Role::Event || p.role == Role::Reference) && p.first >= t.end && p.first < t.end + 4 && !best)
                best = &p;
    }
    // "Kandahar, where the Taliban retreated": the clause's place is the one "where" refers to.
    for (int w = t.first - 1; w >= 1 && !t.placeAfter; --w) {
        if (f.tokens[w].clauseEndsAfter())
            break;
        if (!wordIs(f.tokens[w].norm, u"where"))
            continue;
        for (const PlaceMention &p : f.places)
            if (p.role == Role::Event && p.end == w)
                best = &p;
        break;
    }
    return best;
}

// "here" = the dateline place, "there" = the last place named, "the city" = the city named in
// this or the last sentence, else the most named one; -1 when nothing fits.
int PlaceResolver::anaphorEntry(const Anaphor &a, int sentence, double *factor) const
{
    const Gazetteer &g = mR.gazetteer;
    const auto isCity = [&g](int e) {
        const GeoPrecision p = g.place(e).precision;
        return (p == GeoPrecision::City || p == GeoPrecision::District) && !g.entry(e).natural;
    };
    const auto isProvince = [&g](int e) { return g.place(e).precision == GeoPrecision::Province && !g.entry(e).natural; };
    int entry = -1;
    *factor = 0.85;
    switch (a.kind) {
    case Anaphor::Here: entry = mDateline >= 0 ? mDateline : mMemory.lastAny; *factor = 0.95; break;
    case Anaphor::There: entry = mMemory.lastAny; break;
    case Anaphor::City: {
        // "the district of Yakawlang ... the town": a town is a city before it is a district, and
        // one in the area of interest before one outside it.
        const auto isTown = [&](int e) { return g.place(e).precision == GeoPrecision::City && inArea(e); };
        entry = mMemory.salient(isTown, mMemory.lastCity, mMemory.lastCitySentence, sentence);
        if (entry < 0)
            entry = mMemory.salient(isCity, mMemory.lastCity, mMemory.lastCitySentence, sentence);
        break;
    }
    case Anaphor::Province: entry = mMemory.salient(isProvince, mMemory.lastProvince, -100, sentence); break;
    case Anaphor::Region: entry = mMemory.lastAny; *factor = 0.7; break;
    case Anaphor::Capital: {
        const QString country = mDateline >= 0 ? g.place(mDateline).country
                                : mOptions.areaCountries.isEmpty() ? QString() : mOptions.areaCountries.first();
        *factor = 0.8;
        return g.largestCity(country);
    }
    }
    return entry >= 0 ? entry : mMemory.lastAny;
}

// Nothing in the sentence: the place the sentence before named, for wire copy goes on about the
// place its last sentence named ("... Tora Bora. Hazrat Ali said his men captured two bases");
// then the dateline place; else, or when the reporter files from outside the area of interest
// (a story datelined Islamabad about Kunduz), the place the article is most about.
PlaceChoice PlaceResolver::fallback(const SentenceFacts &f) const
{
    PlaceChoice c;
    c.inherited = true;
    if (mPrevious >= 0 && mPreviousIndex == f.sentence->index - 1 && inArea(mPrevious)) {
        c.entry = mPrevious;
        c.text = mPreviousText;
        c.factor = 0.65;
        return c;
    }
    if (mDateline >= 0 && inArea(mDateline)) {
        c.entry = mDateline;
        c.text = mDatelineText;
        c.factor = 0.75;
        return c;
    }
    const int salient = mMemory.salient([this](int e) { return inArea(e); }, mMemory.lastAny, -100, f.sentence->index);
    if (salient >= 0) {
        c.entry = salient;
        c.text = mR.gazetteer.place(salient).name;
        c.factor = 0.6;
    } else if (mDateline >= 0) {
        c.entry = mDateline;
        c.text = mDatelineText;
        c.factor = 0.75;
    } else if (!mOptions.areaCountries.isEmpty()) {
        // Nothing named at all: the area of interest itself, at the precision of a country, so
        // that the event is on the map and in the table, and can be corrected.
        c.entry = mR.gazetteer.countryEntry(mOptions.areaCountries.first());
        if (c.entry >= 0) {
            c.text = mR.gazetteer.place(c.entry).name;
            c.factor = 0.4;
        }
    }
    return c;
}

PlaceChoice PlaceResolver::choose(const SentenceFacts &f, const TriggerMatch &t) const
{
    const QString &text = f.sentence->text;
    PlaceChoice c;
    const Anaphor *anaphor = nullptr;
    int anaphorDistance = INT_MAX;
    for (const Anaphor &a : f.anaphors) {
        const int d = tokenDistance(f.tokens, t.first, t.end, a.first, a.end);
        if (d < anaphorDistance) {
            anaphorDistance = d;
            anaphor = &a;
        }
    }
    const PlaceMention *best = named(f, t);
    // "Pashtun fighters ... advanced on the city" in a clause of its own, "north of the city"
    // against "the road from Bagram air base": a name in another clause, or only a bearing, gives
    // way to an anaphor of the trigger's own clause, when the article named what it stands for.
    if (best && anaphor &&
        (best->role == Role::Reference || f.region[best->first] != f.region[t.first]) &&
        f.region[anaphor->first] == f.region[t.first] && anaphor->kind != Anaphor::There) {
        double factor = 0.85;
        if (anaphorEntry(*anaphor, f.sentence->index, &factor) >= 0)
            best = nullptr;
    }
    if (best) {
        c.entry = best->entry;
        c.span = best->span;
        c.text = text.mid(best->span.start, best->span.end - best->span.start);
        c.near = best->near;
        c.offsetKm = best->role == Role::Reference ? best->offsetKm : 0;
        c.bearing = best->bearing;
        const bool country = mR.gazetteer.place(best->entry).precision == GeoPrecision::Country;
        c.factor = (0.6 + 0.4 * best->confidence) * (country ? 0.8 : 1.0) * (best->role == Role::Reference ? 0.75 : 1.0);
        return c;
    }
    if (anaphor) {
        double factor = 0.85;
        int entry = anaphorEntry(*anaphor, f.sentence->index, &factor);
        // "commanders in Mazar-i-Sharif said ... hiding in the city's old quarter": the town this
        // sentence named before "the city".
        if (anaphor->kind == Anaphor::City) {
            for (const PlaceMention &p : f.places) {
                const Place &place = mR.gazetteer.place(p.entry);
                if (p.end <= anaphor->first && p.role != Role::Origin && inArea(p.entry) && !mR.gazetteer.entry(p.entry).natural &&
                    (place.precision == GeoPrecision::City || place.precision == GeoPrecision::District))
                    entry = p.entry;
            }
        }
        if (entry >= 0) {
            c.entry = entry;
            c.span = Span{f.tokens[anaphor->first].start, f.tokens[anaphor->end - 1].end};
            c.text = text.mid(c.span.start, c.span.end - c.span.start);
            c.factor = factor;
            return c;
        }
    }
    return fallback(f);
}

namespace {

// How finely a place pins an event down, for the place a sentence goes on about.
int fineness(const Gazetteer &g, int entry)
{
    if (g.entry(entry).natural)
        return g.place(entry).precision == GeoPrecision::Province ? 1 : 2;
    switch (g.place(entry).precision) {
    case GeoPrecision::Landmark:
    case GeoPrecision::City: return 4;
    case GeoPrecision::District: return 3;
    case GeoPrecision::Province: return 2;
    default: return 0;
    }
}

} // namespace

void PlaceResolver::addFacilities(SentenceFacts &f)
{
    if (std::none_of(f.classes.cbegin(), f.classes.cend(), [](quint32 c) { return c & WordClasses::Facility; }))
        return; // most sentences name no fort, base or valley
    const int n = int(f.tokens.size());
    const Gazetteer &g = mR.gazetteer;
    QList<bool> taken(n, false);
    for (const PlaceMention &p : std::as_const(f.places))
        for (int k = p.first; k < p.end; ++k)
            taken[k] = true;
    QList<PlaceMention> added;
    for (int k = 0; k < n; ++k) {
        if (!(f.classes[k] & WordClasses::Facility) || f.tokens[k].upper || taken[k])
            continue;
        // "fortress prison": the last noun is the head; "the fortress of Qala-i-Jangi": the name follows.
        if (k + 1 < n && (f.classes[k + 1] & WordClasses::Facility) && !f.tokens[k].clauseEndsAfter() && !taken[k + 1])
            continue;
        if (k + 2 < n && wordIs(f.tokens[k + 1].norm, u"of") && f.tokens[k + 2].upper && !f.tokens[k].clauseEndsAfter())
            continue;
        int start = k;
        quint16 kinds = mR.words.facilityKinds(f.tokens[k].norm);
        while (start > 0 && (f.classes[start - 1] & WordClasses::Facility) && !f.tokens[start - 1].upper &&
               !taken[start - 1] && !f.tokens[start - 1].clauseEndsAfter())
            kinds |= mR.words.facilityKinds(f.tokens[--start].norm);
        // Back over what describes it ("the 19th-century", "a desert", "the Marines'") to its determiner.
        int det = start - 1;
        while (det >= 0 && start - det <= 3 && !f.tokens[det].clauseEndsAfter() && !f.tokens[det].possessive &&
               !(f.classes[det] & WordClasses::Determiner) && !(f.classes[det] & WordClasses::Locative))
            --det;
        const QString d = det >= 0 ? f.tokens[det].norm : QString();
        const bool definite = det >= 0 && (wordIs(d, u"the") || wordIs(d, u"this") || wordIs(d, u"that") || wordIs(d, u"its") || wordIs(d, u"their") ||
                                           wordIs(d, u"his") || wordIs(d, u"her") || f.tokens[det].possessive);
        const int first = det >= 0 && (f.classes[det] & WordClasses::Determiner) ? det : start;
        // "a jail in this northern town", "a fortress prison near Mazar-e Sharif": where it is.
        int attached = -1;
        if (k + 2 < n && !f.tokens[k].clauseEndsAfter() &&
            (f.classes[k + 1] & WordClasses::Locative) && !wordIs(f.tokens[k + 1].norm, u"to")) {
            for (const PlaceMention &p : std::as_const(f.places))
                if (p.first == k + 2 || (p.first == k + 3 && !f.tokens[k + 2].upper))
                    attached = p.entry;
            for (const Anaphor &a : std::as_const(f.anaphors))
                if (attached < 0 && a.kind == Anaphor::Here && a.first > k && a.first <= k + 2)
                    attached = mDateline;
        }
        int entry = -1;
        if (definite) {
            for (qsizetype j = mFacilities.size() - 1; j >= 0 && entry < 0; --j)
                if (mFacilities[j].kinds & kinds)
                    entry = mFacilities[j].entry;
        }
        if (entry < 0) {
            // A landmark of that kind the article names, nearest in the text, near the place given.
            double radius = 60000;
            if (attached >= 0) {
                const GeoPrecision p = g.place(attached).precision;
                radius = p == GeoPrecision::Country ? 1e9 : p == GeoPrecision::Province ? 300000 : 60000;
            }
            int bestDistance = INT_MAX;
            for (const auto &[sentence, e] : std::as_const(mNamedFacilities)) {
                const int apart = std::abs(sentence - f.sentence->index);
                if (!(mR.facilityOf(e) & kinds) || apart >= bestDistance || (attached < 0 && !definite && apart > 2) ||
                    (definite && sentence > f.sentence->index + 3))
                    continue;
                if (attached >= 0 && g.place(attached).coordinate.distanceTo(g.place(e).coordinate) > radius)
                    continue;
                bestDistance = apart;
                entry = e;
            }
        }
        if (entry < 0) {
            if (attached >= 0)
                mFacilities.append({kinds, attached}); // "the jail" from now on
            continue;
        }
        PlaceMention m;
        m.first = first;
        m.end = k + 1;
        m.span = Span{f.tokens[first].start, f.tokens[k].end};
        m.candidates = {entry};
        m.entry = entry;
        m.confidence = 0.85;
        m.role = Role::Event;
        m.locative = first > 0 && (f.classes[first - 1] & WordClasses::Locative);
        added.append(std::move(m));
        for (int j = first; j <= k; ++j)
            taken[j] = true;
    }
    if (added.isEmpty())
        return;
    f.places += added;
    std::sort(f.places.begin(), f.places.end(), [](const PlaceMention &a, const PlaceMention &b) { return a.first < b.first; });
    f.ownPlace = true;
}

void PlaceResolver::remember(const SentenceFacts &f, const PlaceChoice *told)
{
    const QString &text = f.sentence->text;
    int previousFineness = -1;
    int destinationEnd = -1; // end of the last destination named, for lists ("toward Kunduz and Samangan")
    for (const PlaceMention &p : f.places) {
        // "about 100 kilometers southwest of Kandahar": the article is about Kandahar too.
        if (p.role == Role::Reference)
            mMemory.add(mR.gazetteer, p.entry, f.sentence->index);
        if (p.role != Role::Event)
            continue;
        mMemory.add(mR.gazetteer, p.entry, f.sentence->index);
        if (const quint16 kinds = mR.facilityOf(p.entry))
            mFacilities.append({kinds, p.entry});
        // A destination ("headed south toward Kandahar") is not where the story goes on.
        const QString &before = p.first > 0 ? f.tokens[p.first - 1].norm : QString();
        const bool listed = destinationEnd >= 0 && p.first - destinationEnd <= 1 &&
                            (p.first == destinationEnd || wordIs(before, u"and") || wordIs(before, u"or"));
        const bool destination = listed || wordIs(before, u"toward") || wordIs(before, u"towards") || wordIs(before, u"to") || wordIs(before, u"into");
        if (destination) {
            destinationEnd = p.end;
            if (told && told->span.start == p.span.start)
                told = nullptr; // "fled toward Kunduz and Samangan": not where the story goes on
        }
        // "the cave complex of Tora Bora in eastern Afghanistan": the finest place goes on.
        const int fine = fineness(mR.gazetteer, p.entry);
        if (mR.gazetteer.place(p.entry).precision != GeoPrecision::Country && !destination && fine >= previousFineness) {
            previousFineness = fine;
            mPrevious = p.entry;
            mPreviousIndex = f.sentence->index;
            mPreviousText = text.mid(p.span.start, p.span.end - p.span.start);
        }
    }
    // "Fierce fighting erupted inside a fort near Mazar-i-Sharif where fighters who had
    // surrendered at Konduz were held. The prisoners overpowered their guards": the next sentence
    // goes on where this one's happening was, not at a place named in passing in a clause.
    if (told && told->entry >= 0 && !told->inherited && told->span.isValid() &&
        mR.gazetteer.place(told->entry).precision != GeoPrecision::Country) {
        mPrevious = told->entry;
        mPreviousIndex = f.sentence->index;
        mPreviousText = told->text;
    }
}

} // namespace mapline
