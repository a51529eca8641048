#include "extract/actortagger.h"

#include "extract/lexiconfile.h"

#include <algorithm>

namespace mapline {
namespace {

// Whether a role starting at `roleFirst` may take its affiliation from the span ending at
// `previousEnd`: at most two words between, and only
// lower-case describing words ("local", "former", "hard-line") may stand between.
bool adjacentForAffiliation(const QList<NameToken> &tokens, int previousEnd, int roleFirst)
{
    if (previousEnd > roleFirst || roleFirst - previousEnd > 2 || previousEnd < 1)
        return false;
    // "Saudi-born militant": a compound after the name makes it describe, not own, the role.
    if (previousEnd < roleFirst && tokens[previousEnd - 1].hyphenNext())
        return false;
    for (int k = previousEnd - 1; k < roleFirst; ++k)
        if (tokens[k].gapAfter & ~quint8(NameToken::Hyphen))
            return false;
    for (int k = previousEnd; k < roleFirst; ++k)
        if (tokens[k].upper || tokens[k].digit || tokens[k].norm == u"and" || tokens[k].norm == u"or" ||
            tokens[k].norm == u"of" || tokens[k].norm == u"the")
            return false;
    return true;
}

} // namespace

Status ActorTagger::load(const QString &actorsPath, const QString &nationalitiesPath)
{
    if (Status s = lexicon::load(actorsPath, [this](QStringView t, const QString &f) { return addActors(t, f); }); !s)
        return s;
    return lexicon::load(nationalitiesPath, [this](QStringView t, const QString &f) { return addNationalities(t, f); });
}

Status ActorTagger::addActors(QStringView tsv, const QString &fileName)
{
    return lexicon::forEachRow(tsv, fileName, 4, [&](const QList<QStringView> &cells, int lineNo) -> Status {
        Entry e;
        e.actor.name = cells[0].trimmed().toString();
        e.actor.affiliation = cells[2].trimmed().toString();
        e.actor.kind = cells[3].trimmed().toString();
        e.air = cells.size() > 4 && cells[4].trimmed() == u"yes";
        if (e.actor.name.isEmpty() ||
            (e.actor.kind != u"group" && e.actor.kind != u"person" && e.actor.kind != u"role"))
            return Status::failure(QStringLiteral("%1:%2: expected a name and a kind (group, person or role)")
                                       .arg(fileName).arg(lineNo));
        const int index = int(mActors.size());
        mActorByName.insert(e.actor.name, index);
        mActors.push_back(std::move(e));
        addVariant(cells[0].trimmed().toString(), index, {});
        for (const QStringView v : cells[1].split(QLatin1Char('|'), Qt::SkipEmptyParts))
            addVariant(v.trimmed().toString(), index, {});
        return {};
    });
}

Status ActorTagger::addNationalities(QStringView tsv, const QString &fileName)
{
    return lexicon::forEachRow(tsv, fileName, 2, [&](const QList<QStringView> &cells, int) -> Status {
        const QString country = cells[1].trimmed().toString();
        const QString actorName = cells.size() > 2 ? cells[2].trimmed().toString() : QString();
        const int actor = actorName.isEmpty() ? -1 : mActorByName.value(actorName, -1);
        for (const QStringView v : cells[0].split(QLatin1Char('|'), Qt::SkipEmptyParts))
            addVariant(v.trimmed().toString(), actor, country.isEmpty() ? QStringLiteral("--") : country);
        return {};
    });
}

void ActorTagger::addVariant(const QString &text, int actor, const QString &demonymCountry)
{
    const bool caseSensitive = text.startsWith(QLatin1Char('='));
    const QString written = caseSensitive ? text.mid(1) : text;
    const QList<NameToken> tokens = tokenizeNames(written);
    if (tokens.isEmpty())
        return;
    Variant v;
    for (const NameToken &t : tokens) {
        v.norms.append(t.norm);
        v.caseShape.append(!caseSensitive ? 0 : t.allCaps ? 2 : t.upper ? 1 : 0);
    }
    // A one-word nationality is capitalised in English ("Afghan", never "afghan" as a demonym).
    if (!demonymCountry.isEmpty() && tokens.size() == 1 && tokens[0].upper)
        v.caseShape[0] = tokens[0].allCaps ? 2 : 1;
    v.actor = actor;
    v.demonymCountry = demonymCountry;
    v.text = written;
    const int index = int(mVariants.size());
    mVariants.push_back(std::move(v));
    QList<int> &list = mByFirstWord[tokens[0].norm];
    list.append(index);
    std::stable_sort(list.begin(), list.end(),
                     [this](int a, int b) { return mVariants[size_t(a)].norms.size() > mVariants[size_t(b)].norms.size(); });
}

void ActorTagger::finish(const std::function<bool(const QString &)> &isPlaceName)
{
    for (Variant &v : mVariants)
        v.placeName = isPlaceName && v.demonymCountry.isEmpty() && isPlaceName(v.text);
}

int ActorTagger::matchAt(const QList<NameToken> &tokens, int index, int *length) const
{
    const auto it = mByFirstWord.constFind(tokens[index].norm);
    if (it == mByFirstWord.constEnd())
        return -1;
    for (int vi : it.value()) {
        const Variant &v = mVariants[size_t(vi)];
        const int n = int(v.norms.size());
        if (index + n > tokens.size())
            continue;
        bool ok = true;
        for (int k = 0; k < n && ok; ++k) {
            const NameToken &t = tokens[index + k];
            ok = t.norm == v.norms[k] && (v.caseShape[k] == 0 || (v.caseShape[k] == 1 ? t.upper : t.allCaps)) &&
                 (k == 0 || (!(tokens[index + k - 1].gapAfter & ~quint8(NameToken::Hyphen)) && !tokens[index + k - 1].possessive));
        }
        if (ok) {
            *length = n;
            return vi;
        }
    }
    return -1;
}

QList<ActorSpan> ActorTagger::tag(const QList<NameToken> &tokens) const
{
    QList<ActorSpan> found;
    const int n = int(tokens.size());
    for (int i = 0; i < n;) {
        int length = 0;
        const int vi = matchAt(tokens, i, &length);
        if (vi < 0) {
            ++i;
            continue;
        }
        const Variant &v = mVariants[size_t(vi)];
        ActorSpan span;
        span.first = i;
        span.end = i + length;
        if (v.actor >= 0) {
            span.actor = mActors[size_t(v.actor)].actor;
            span.air = mActors[size_t(v.actor)].air;
        }
        span.demonymCountry = v.demonymCountry == u"--" ? QString() : v.demonymCountry;
        if (!v.demonymCountry.isEmpty() && span.demonymCountry.isEmpty())
            span.demonymCountry = QStringLiteral("--"); // a nationality of no one country ("Arab")
        span.placeName = v.placeName;
        // "non-Afghan fighters": the nationality is denied; the word keeps its prefix.
        if (!span.demonymCountry.isEmpty() && i > 0 && tokens[i - 1].hyphenNext() &&
            (tokens[i - 1].norm == u"non" || tokens[i - 1].norm == u"anti")) {
            span.first = i - 1;
            span.actor = Actor{};
            span.demonymCountry = QStringLiteral("--");
        }
        found.append(std::move(span));
        i += length;
    }

    // Roles take the affiliation of what stands just before them; a group right before one of
    // its own people ("Taliban Gen. Mullah Faizel") is absorbed by the person.
    QList<ActorSpan> out;
    out.reserve(found.size());
    for (int k = 0; k < found.size(); ++k) {
        ActorSpan cur = found[k];
        const bool isRole = cur.actor.kind == u"role";
        const bool isPerson = cur.actor.kind == u"person";
        if (!out.isEmpty() && (isRole || isPerson)) {
            const ActorSpan &prev = out.last();
            const bool prevIsOwner = prev.actor.kind == u"group" || prev.actor.kind == u"person" ||
                                     !prev.demonymCountry.isEmpty();
            const bool adjacent = adjacentForAffiliation(tokens, prev.end, cur.first) ||
                                  (isPerson && cur.first - prev.end <= 1 && prev.end > 0 &&
                                   !(tokens[prev.end - 1].gapAfter & ~quint8(NameToken::Hyphen)));
            if (prevIsOwner && adjacent && prev.actor.kind != u"role") {
                if (isRole) {
                    const QString owner = prev.actor.kind == u"person" ? prev.actor.affiliation : prev.actor.name;
                    // A nationality keeps its own word ("Pakistani volunteers", "Arab fighters");
                    // a group or person gives its name ("Taliban fighters", from "Dostum's troops"
                    // his side: "Northern Alliance troops").
                    const bool nationality = !prev.demonymCountry.isEmpty() && (prev.end - prev.first == 1 || owner.isEmpty());
                    QString label = owner;
                    if (nationality) {
                        label.clear();
                        for (int w = prev.first; w < prev.end; ++w) {
                            QString word = tokens[w].norm;
                            if (word != u"non" && word != u"anti" && !word.isEmpty())
                                word[0] = word[0].toUpper();
                            label += word + (tokens[w].hyphenNext() ? QStringLiteral("-") : QString());
                        }
                    }
                    const QString affiliation = prev.actor.kind == u"person" ? prev.actor.affiliation
                                                : !prev.actor.affiliation.isEmpty() ? prev.actor.affiliation
                                                                                    : prev.actor.name;
                    if (!label.isEmpty()) {
                        cur.actor.name = label + QLatin1Char(' ') + cur.actor.name;
                        cur.actor.affiliation = affiliation;
                        cur.air = cur.air || prev.air;
                        cur.demonymCountry = prev.demonymCountry;
                        cur.placeName = prev.placeName; // "Pakistan troops": the geoparser still sees Pakistan
                        cur.first = prev.first;
                        out.removeLast();
                    }
                } else if (prev.actor.kind == u"group" && prev.actor.affiliation == cur.actor.affiliation) {
                    cur.first = prev.first;
                    out.removeLast();
                }
            }
        }
        out.append(std::move(cur));
    }
    // A nationality standing alone is an actor only as a plural noun ("Americans bombed");
    // as an adjective ("the Iranian border") it names no one.
    for (ActorSpan &a : out)
        if (!a.demonymCountry.isEmpty() && a.actor.kind != u"role" && a.end - a.first == 1 &&
            !tokens[a.first].norm.endsWith(QLatin1Char('s')))
            a.actor = Actor{};
    return out;
}

} // namespace mapline
