#include "extract/actortagger.h"
#include "extract/wordis.h"

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
        if (tokens[k].upper || tokens[k].digit || wordIs(tokens[k].norm, u"and") || wordIs(tokens[k].norm, u"or") ||
            wordIs(tokens[k].norm, u"of") || wordIs(tokens[k].norm, u"the"))
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
        e.air = cells.size() > 4 && wordIs(cells[4].trimmed(), u"yes");
        e.forces = cells.size() > 5 && wordIs(cells[5].trimmed(), u"yes");
        e.anaphor = wordIs(e.actor.kind, u"anaphor");
        if (e.actor.name.isEmpty() || (!wordIs(e.actor.kind, u"group") && !wordIs(e.actor.kind, u"person") &&
                                       !wordIs(e.actor.kind, u"role") && !e.anaphor) ||
            (e.anaphor && e.actor.affiliation.isEmpty()))
            return Status::failure(QStringLiteral("%1:%2: expected a name and a kind (group, person, role, or anaphor "
                                                  "with an affiliation)")
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
    const quint32 first = wordids::intern(tokens[0].norm);
    if (first >= mByFirstWord.size())
        mByFirstWord.resize(first + 1);
    QList<int> &list = mByFirstWord[first];
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
    const quint32 first = wordids::of(tokens[index].word, tokens[index].norm);
    if (first >= mByFirstWord.size())
        return -1;
    for (int vi : mByFirstWord[first]) {
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

Actor ActorTagger::organisationOf(const ActorSpan &owner) const
{
    if (wordIs(owner.actor.kind, u"group"))
        return owner.actor;
    if (wordIs(owner.actor.kind, u"person")) {
        // "Dostum's troops": his side's.
        const int group = mActorByName.value(owner.actor.affiliation, -1);
        return group >= 0 && wordIs(mActors[size_t(group)].actor.kind, u"group") ? mActors[size_t(group)].actor : Actor{};
    }
    return {};
}

QList<ActorSpan> ActorTagger::tag(const QList<NameToken> &tokens) const
{
    QList<ActorSpan> found;
    const int n = int(tokens.size());
    const auto possessivePronoun = [&](int k) {
        const QString &w = tokens[k].norm;
        return (wordIs(w, u"their") || wordIs(w, u"his") || wordIs(w, u"its") || wordIs(w, u"her")) && !tokens[k].clauseEndsAfter();
    };
    const int troops = mActorByName.value(QStringLiteral("troops"), -1);
    for (int i = 0; i < n;) {
        int length = 0;
        int vi = matchAt(tokens, i, &length);
        int actorIndex = vi >= 0 ? mVariants[size_t(vi)].actor : -1;
        // "Sherzai's men", "his men": men someone leads are troops (plain "men" are anyone).
        if (vi < 0 && wordIs(tokens[i].norm, u"men") && i > 0 && troops >= 0 &&
            (tokens[i - 1].possessive || possessivePronoun(i - 1))) {
            actorIndex = troops;
            length = 1;
        } else if (vi < 0) {
            ++i;
            continue;
        }
        ActorSpan span;
        span.first = i;
        span.end = i + length;
        if (actorIndex >= 0) {
            const Entry &entry = mActors[size_t(actorIndex)];
            span.actor = entry.actor;
            span.air = entry.air;
            if (entry.anaphor && i > 0 && (wordIs(tokens[i - 1].norm, u"a") || wordIs(tokens[i - 1].norm, u"an"))) {
                ++i; // "an alliance with Pakistan": a new one, not the one the article is about
                continue;
            }
            if (entry.anaphor) {
                // "the alliance": its affiliation's group until the article names one (EventExtractor).
                const int group = mActorByName.value(entry.actor.affiliation, -1);
                span.actor = group >= 0 ? mActors[size_t(group)].actor : Actor{};
                span.air = group >= 0 && mActors[size_t(group)].air;
                span.anaphoric = true;
            }
            if (wordIs(span.actor.kind, u"group") || wordIs(span.actor.kind, u"person"))
                span.head = tokens[span.end - 1].norm;
        }
        if (vi >= 0) {
            const Variant &v = mVariants[size_t(vi)];
            span.demonymCountry = wordIs(v.demonymCountry, u"--") ? QString() : v.demonymCountry;
            if (!v.demonymCountry.isEmpty() && span.demonymCountry.isEmpty())
                span.demonymCountry = QStringLiteral("--"); // a nationality of no one country ("Arab")
            span.placeName = v.placeName;
        }
        // "non-Afghan fighters": the nationality is denied; the word keeps its prefix.
        if (!span.demonymCountry.isEmpty() && i > 0 && tokens[i - 1].hyphenNext() &&
            (wordIs(tokens[i - 1].norm, u"non") || wordIs(tokens[i - 1].norm, u"anti"))) {
            span.first = i - 1;
            span.actor = Actor{};
            span.demonymCountry = QStringLiteral("--");
        }
        found.append(std::move(span));
        i += length;
    }

    // A role after the one it belongs to is that organisation, the role kept apart; a group right
    // before one of its own people ("Taliban Gen. Mullah Faizel") is absorbed by the person.
    QList<ActorSpan> out;
    out.reserve(found.size());
    for (int k = 0; k < found.size(); ++k) {
        ActorSpan cur = std::move(found[k]);
        const bool isRole = wordIs(cur.actor.kind, u"role");
        const bool isPerson = wordIs(cur.actor.kind, u"person");
        if (isRole) {
            const int roleIndex = mActorByName.value(cur.actor.name, -1);
            const bool forces = roleIndex >= 0 && mActors[size_t(roleIndex)].forces;
            cur.role = cur.actor.name;
            bool owned = false;
            if (!out.isEmpty() && !wordIs(out.last().actor.kind, u"role") &&
                adjacentForAffiliation(tokens, out.last().end, cur.first)) {
                const ActorSpan &prev = out.last();
                const bool nationality = !prev.demonymCountry.isEmpty();
                const Actor organisation = organisationOf(prev);
                if (!nationality && !organisation.name.isEmpty()) {
                    // "Northern Alliance commanders", "Taliban fighters", "Dostum's troops".
                    cur.actor = organisation;
                    owned = true;
                } else if (nationality && forces && wordIs(prev.actor.kind, u"group")) {
                    // "American troops", "Pakistani officials": the state's.
                    cur.actor = prev.actor;
                    owned = true;
                } else if (nationality) {
                    // "Pakistani volunteers", "Arab fighters": the nationality keeps its word.
                    QString label;
                    for (int w = prev.first; w < prev.end; ++w) {
                        QString word = tokens[w].norm;
                        if (!wordIs(word, u"non") && !wordIs(word, u"anti") && !word.isEmpty())
                            word[0] = word[0].toUpper();
                        label += word + (tokens[w].hyphenNext() ? QStringLiteral("-") : QString());
                    }
                    cur.actor.name = label + QLatin1Char(' ') + cur.actor.name;
                    cur.actor.affiliation = prev.actor.affiliation.isEmpty() ? prev.actor.name : prev.actor.affiliation;
                    owned = true;
                }
                if (owned) {
                    cur.air = cur.air || prev.air;
                    cur.head = prev.head;
                    cur.anaphoric = prev.anaphoric;
                    cur.demonymCountry = prev.demonymCountry;
                    cur.placeName = prev.placeName; // "Pakistan troops": the geoparser still sees Pakistan
                    cur.first = prev.first;
                    out.removeLast();
                }
            }
            // "Northern Alliance commanders said at least 30 of their fighters were killed": the
            // fighters of the group or person named before them in the sentence.
            if (!owned && cur.first > 0 && possessivePronoun(cur.first - 1)) {
                for (qsizetype j = out.size() - 1; j >= 0; --j) {
                    const Actor organisation = organisationOf(out[j]);
                    if (organisation.name.isEmpty())
                        continue;
                    cur.actor = organisation;
                    cur.head = out[j].head;
                    cur.anaphoric = out[j].anaphoric;
                    cur.air = cur.air || out[j].air;
                    break;
                }
            }
        } else if (isPerson && !out.isEmpty()) {
            const ActorSpan &prev = out.last();
            const bool adjacent = adjacentForAffiliation(tokens, prev.end, cur.first) ||
                                  (cur.first - prev.end <= 1 && prev.end > 0 &&
                                   !(tokens[prev.end - 1].gapAfter & ~quint8(NameToken::Hyphen)));
            if (adjacent && wordIs(prev.actor.kind, u"group") && prev.actor.affiliation == cur.actor.affiliation) {
                cur.first = prev.first;
                out.removeLast();
            }
        }
        out.append(std::move(cur));
    }
    // A nationality standing alone is an actor only as a plural noun ("Americans bombed");
    // as an adjective ("the Iranian border") it names no one.
    for (ActorSpan &a : out)
        if (!a.demonymCountry.isEmpty() && !wordIs(a.actor.kind, u"role") && a.role.isEmpty() && a.end - a.first == 1 &&
            !tokens[a.first].norm.endsWith(QLatin1Char('s')))
            a.actor = Actor{};
    return out;
}

std::optional<Actor> ActorTagger::named(const QString &name) const
{
    const QList<NameToken> tokens = tokenizeNames(name);
    int length = 0;
    const int vi = tokens.isEmpty() ? -1 : matchAt(tokens, 0, &length);
    if (vi < 0 || length != tokens.size() || !mVariants[size_t(vi)].demonymCountry.isEmpty())
        return std::nullopt;
    const int actor = mVariants[size_t(vi)].actor;
    if (actor < 0 || mActors[size_t(actor)].anaphor)
        return std::nullopt;
    return mActors[size_t(actor)].actor;
}

} // namespace mapline
