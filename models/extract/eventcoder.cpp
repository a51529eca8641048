#include "extract/eventcoder.h"
#include "extract/wordis.h"

#include "event.h"
#include "extract/lexiconfile.h"

#include <algorithm>

namespace mapline {
namespace {

bool isVowel(QChar c)
{
    return c == QLatin1Char('a') || c == QLatin1Char('e') || c == QLatin1Char('i') || c == QLatin1Char('o') ||
           c == QLatin1Char('u');
}

// The regular inflections of an English verb: attack -> attacks, attacked, attacking.
QStringList inflections(const QString &base)
{
    const QChar last = base.back();
    const bool consonantY = last == QLatin1Char('y') && base.size() > 1 && !isVowel(base[base.size() - 2]);
    const QString stem = consonantY ? base.chopped(1) : base;
    QString s;
    if (base.endsWith(QLatin1Char('s')) || base.endsWith(QLatin1Char('x')) || base.endsWith(QLatin1Char('z')) ||
        base.endsWith(QLatin1String("ch")) || base.endsWith(QLatin1String("sh")))
        s = base + QLatin1String("es");
    else if (consonantY)
        s = stem + QLatin1String("ies");
    else
        s = base + QLatin1Char('s');
    const QString ed = last == QLatin1Char('e') ? base + QLatin1Char('d') : consonantY ? stem + QLatin1String("ied")
                                                                                       : base + QLatin1String("ed");
    const QString ing = last == QLatin1Char('e') && !base.endsWith(QLatin1String("ee")) ? base.chopped(1) + QLatin1String("ing")
                                                                                        : base + QLatin1String("ing");
    return {s, ed, ing};
}

// A place after a trigger that needs one: a name, or a word for a place or position
// ("captured two caves", "entered the city"), within seven words of the same clause.
bool placeFollows(const QList<NameToken> &tokens, const QList<quint32> &classes, const QList<bool> &placeStarts,
                  int from, int clauseEnd)
{
    const int last = std::min({int(tokens.size()) - 1, from + 6, clauseEnd});
    for (int k = from; k <= last; ++k) {
        if (placeStarts[k] || (classes[k] & WordClasses::PlaceNoun))
            return true;
        // The place must be what was taken: not past people ("captured 40 foreign Taliban who
        // fled Kunduz", "took them to Kabul") or another clause ("captured after the fall of Kunduz").
        const QString &w = tokens[k].norm;
        if (wordIs(w, u"who") || wordIs(w, u"which") || wordIs(w, u"them") || wordIs(w, u"him") || wordIs(w, u"after") || wordIs(w, u"before") ||
            wordIs(w, u"since") || wordIs(w, u"following") || wordIs(w, u"when") || wordIs(w, u"while") || wordIs(w, u"to") || wordIs(w, u"by") ||
            wordIs(w, u"from"))
            return false; // ... nor where they were taken to ("taken by truck to Sheberghan")
        if (tokens[k].digit && !(k + 1 <= last && (placeStarts[k + 1] || (classes[k + 1] & WordClasses::PlaceNoun))) &&
            !(k + 2 <= last && (placeStarts[k + 2] || (classes[k + 2] & WordClasses::PlaceNoun))))
            return false;
    }
    return false;
}

// "two guards", "their patrols": after an article, a possessive or a number a word in -s is a
// plural noun, not a verb ("a tank that guards" is still the verb).
bool pluralNounAt(const QList<NameToken> &tokens, const QList<quint32> &classes, int i)
{
    const QString &word = tokens[i].norm;
    return i > 0 && word.endsWith(QLatin1Char('s')) && !word.endsWith(QLatin1String("ss")) &&
           ((classes[i - 1] & WordClasses::Determiner) || tokens[i - 1].digit) && !wordIs(tokens[i - 1].norm, u"that") &&
           !tokens[i - 1].clauseEndsAfter();
}

// "denied that", "denied the reports that", "rejected press claims that": a clause follows
// the verb, at most a determiner and what is said (report, claims) between them.
bool thatClauseFollows(const QList<NameToken> &tokens, const QList<quint32> &classes, int verb)
{
    const int n = int(tokens.size());
    for (int k = verb + 1; k < n && k <= verb + 4; ++k) {
        if (tokens[k - 1].clauseEndsAfter())
            return false;
        if (wordIs(tokens[k].norm, u"that"))
            return true;
        if (!(classes[k] & (WordClasses::Determiner | WordClasses::Topic)) && !wordIs(tokens[k].norm, u"press"))
            return false;
    }
    return false;
}

} // namespace

Status EventCoder::load(const QString &triggersPath, const QString &typesPath)
{
    if (Status s = lexicon::load(typesPath, [this](QStringView t, const QString &f) { return addTypes(t, f); }); !s)
        return s;
    return lexicon::load(triggersPath, [this](QStringView t, const QString &f) { return addTriggers(t, f); });
}

Status EventCoder::addTypes(QStringView tsv, const QString &fileName)
{
    return lexicon::forEachRow(tsv, fileName, 4, [&](const QList<QStringView> &cells, int lineNo) -> Status {
        EventTypeInfo t{cells[0].trimmed().toString(), cells[1].trimmed().toString(), cells[2].trimmed().toString(),
                        cells[3].trimmed().toString()};
        if (t.type.isEmpty() || mTypeIndex.contains(t.type))
            return Status::failure(QStringLiteral("%1:%2: empty or repeated type \"%3\"").arg(fileName).arg(lineNo).arg(t.type));
        mTypeIndex.insert(t.type, int(mTypes.size()));
        mTypes.push_back(std::move(t));
        return {};
    });
}

Status EventCoder::addTriggers(QStringView tsv, const QString &fileName)
{
    return lexicon::forEachRow(tsv, fileName, 4, [&](const QList<QStringView> &cells, int lineNo) -> Status {
        Row row;
        const QString type = cells[1].trimmed().toString();
        if (!wordIs(type, u"none")) {
            row.type = typeIndex(type);
            if (row.type < 0)
                return Status::failure(QStringLiteral("%1:%2: unknown event type \"%3\" (not in event_types.tsv)")
                                           .arg(fileName).arg(lineNo).arg(type));
        }
        bool ok = false;
        row.confidence = cells[2].trimmed().toDouble(&ok);
        if (!ok || row.confidence < 0 || row.confidence > 1)
            return Status::failure(QStringLiteral("%1:%2: confidence must be a number from 0 to 1").arg(fileName).arg(lineNo));
        row.verb = wordIs(cells[3].trimmed(), u"verb");
        row.placeAfter = cells.size() > 4 && wordIs(cells[4].trimmed(), u"place_after");
        row.acledSubEventType = cells.size() > 5 ? cells[5].trimmed().toString() : QString();
        if (row.acledSubEventType.isEmpty() && row.type >= 0)
            row.acledSubEventType = mTypes[size_t(row.type)].acledSubEventType;
        const int rowIndex = int(mRows.size());
        mRows.push_back(std::move(row));
        bool first = true;
        for (const QStringView f : cells[0].split(QLatin1Char('|'), Qt::SkipEmptyParts)) {
            QString form = f.trimmed().toString();
            if (form.endsWith(QLatin1Char('+'))) {
                form.chop(1);
                addPattern(form, rowIndex, true);
                for (const QString &inflected : inflections(foldName(form)))
                    addPattern(inflected, rowIndex, false);
            } else {
                // The first form listed is the base form ("soldiers who surrender"), unless it is a
                // past ("which fell to the alliance on Monday" is an event).
                const QString firstWord = foldName(form).section(QLatin1Char(' '), 0, 0);
                const bool past = firstWord.endsWith(QLatin1String("ed")) || mWords.is(firstWord, WordClasses::PastVerb);
                addPattern(form, rowIndex, first && !past);
            }
            first = false;
        }
        return {};
    });
}

void EventCoder::addPattern(const QString &form, int row, bool baseForm)
{
    Pattern p;
    const QStringList words = foldName(form).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &w : words)
        p.words.append(wordIs(w, u"_") ? QStringLiteral("_") : w);
    // foldName drops "_" as punctuation: restore the wildcards from the written form.
    const QStringList written = form.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (written.contains(QStringLiteral("_"))) {
        p.words.clear();
        for (const QString &w : written)
            for (const QString &part : (wordIs(w, u"_") ? QStringList{w} : foldName(w).split(QLatin1Char(' '), Qt::SkipEmptyParts)))
                p.words.append(part);
    }
    if (p.words.isEmpty() || wordIs(p.words.first(), u"_"))
        return;
    const QString key = p.words.join(QLatin1Char(' '));
    if (const auto it = mPatternByText.constFind(key); it != mPatternByText.constEnd()) {
        Pattern &existing = mPatterns[size_t(it.value())];
        if (!existing.rows.contains(row))
            existing.rows.append(row);
        return;
    }
    p.rows.append(row);
    p.baseForm = baseForm;
    const int index = int(mPatterns.size());
    mPatternByText.insert(key, index);
    const quint32 first = wordids::intern(p.words.first());
    if (first >= mByFirstWord.size())
        mByFirstWord.resize(first + 1);
    QList<int> &bucket = mByFirstWord[first];
    mPatterns.push_back(std::move(p));
    bucket.append(index);
    std::stable_sort(bucket.begin(), bucket.end(), [this](int a, int b) {
        return mPatterns[size_t(a)].words.size() > mPatterns[size_t(b)].words.size();
    });
}

QVarLengthArray<int, 16> EventCoder::patternsAt(const QList<NameToken> &tokens, const QList<bool> &blocked, int index) const
{
    QVarLengthArray<int, 16> found; // on the stack: called for every token
    const quint32 first = wordids::of(tokens[index].word, tokens[index].norm);
    if (first >= mByFirstWord.size())
        return found;
    for (int pi : mByFirstWord[first]) {
        const Pattern &p = mPatterns[size_t(pi)];
        const int n = int(p.words.size());
        if (index + n > tokens.size())
            continue;
        bool ok = true;
        for (int k = 0; k < n && ok; ++k) {
            const int t = index + k;
            ok = !blocked[t] && (wordIs(p.words[k], u"_") || tokens[t].norm == p.words[k]) &&
                 (k == 0 || !(tokens[t - 1].gapAfter & ~quint8(NameToken::Hyphen)));
        }
        if (ok)
            found.append(pi);
    }
    return found;
}

QList<TriggerMatch> EventCoder::find(const QList<NameToken> &tokens, const QList<quint32> &classes,
                                     const QList<bool> &blocked, const QList<bool> &placeStarts) const
{
    using W = WordClasses;
    const int n = int(tokens.size());
    QList<TriggerMatch> out;
    if (n == 0)
        return out;

    // Clause ends: a comma, a stop, a dash or a bracket after a token.
    QList<int> clauseEnd(n);
    for (int k = n - 1, end = n - 1; k >= 0; --k) {
        if (tokens[k].clauseEndsAfter())
            end = k;
        clauseEnd[k] = end;
    }
    // Scopes of negation and modality, left to right: a cue covers the words after it up to
    // the end of its clause (modal verbs, "if", "not", "no") or a short window ("possible",
    // "to" + verb, "fear of").
    QList<quint8> scope(n, 0);
    constexpr quint8 kNeg = 1, kHyp = 2;
    int negEnd = -1;
    int hypEnd = -1;
    int condEnd = -1;
    for (int k = 0; k < n; ++k) {
        const quint32 c = classes[k];
        const QString &w = tokens[k].norm;
        // "could not travel after clashes near Gereshk", "did not resist when the alliance
        // entered": a temporal or causal clause tells what did happen; negation and modality
        // stop before it (a condition does not: "if fighting resumes after the truce").
        if (k > 0 && (c & W::Conjunction)) {
            negEnd = std::min(negEnd, k - 1);
            hypEnd = std::min(hypEnd, k - 1);
        }
        if (k <= negEnd)
            scope[k] |= kNeg;
        if (k <= hypEnd || k <= condEnd)
            scope[k] |= kHyp;
        const int ce = clauseEnd[k];
        if (c & W::Negation)
            negEnd = std::max(negEnd, ce);
        // "refused to leave", "denied attacking": the verb's complement only, unless a clause
        // follows ("denied that the city had fallen", "denied reports that his men attacked").
        if (c & W::NegVerb)
            negEnd = std::max(negEnd, thatClauseFollows(tokens, classes, k) ? ce : std::min(k + 3, ce));
        if ((c & W::Modal) && !tokens[k].upper)
            hypEnd = std::max(hypEnd, ce);
        if (c & W::Conditional)
            condEnd = std::max(condEnd, ce);
        if (c & W::Hypothetical)
            hypEnd = std::max(hypEnd, std::min(k + 3, ce));
        if ((c & W::Intention) && k + 1 < n && !tokens[k].clauseEndsAfter()) {
            const QString &next = tokens[k + 1].norm;
            if (wordIs(next, u"of") || wordIs(next, u"for") || wordIs(next, u"to"))
                hypEnd = std::max(hypEnd, std::min(k + 4, ce));
        }
        if (wordIs(w, u"to") && k + 1 < n && !tokens[k].clauseEndsAfter()) {
            const QString prev = k > 0 ? tokens[k - 1].norm : QString();
            const bool aspectual = k > 0 && (classes[k - 1] & W::Aspectual);
            if (aspectual || (k + 1 < n && wordIs(tokens[k + 1].norm, u"have"))) {
                // "started to mass", "reported to have surrendered": it happens, or happened
            } else if (wordIs(prev, u"was") || wordIs(prev, u"were") || wordIs(prev, u"is") || wordIs(prev, u"are") || wordIs(prev, u"am") ||
                       wordIs(prev, u"be") || wordIs(prev, u"going") || wordIs(prev, u"about") || wordIs(prev, u"ought")) {
                hypEnd = std::max(hypEnd, ce); // "were to discuss", "going to attack"
            } else {
                // "want to defect or surrender", "agreed to stop fighting": the verb after "to",
                // a verb coordinated with it, or a gerund it governs.
                const NameToken &next = tokens[k + 1];
                if (!next.upper && !next.digit && !(classes[k + 1] & W::Determiner)) {
                    int scopeEnd = k + 1;
                    if (k + 3 < n && (wordIs(tokens[k + 2].norm, u"or") || wordIs(tokens[k + 2].norm, u"and")))
                        scopeEnd = k + 3;
                    else if (k + 2 < n && tokens[k + 2].norm.endsWith(QLatin1String("ing")))
                        scopeEnd = k + 2;
                    hypEnd = std::max(hypEnd, std::min(scopeEnd, ce));
                }
            }
        }
        if (wordIs(w, u"about") && k + 1 < n && tokens[k + 1].norm.endsWith(QLatin1String("ing")))
            hypEnd = std::max(hypEnd, k + 1); // "talking about defecting"
    }

    for (int i = 0; i < n;) {
        if (blocked[i]) {
            ++i;
            continue;
        }
        // The longest phrase whose conditions hold ("marched into Kabul" before "marched").
        int chosen = -1;
        int end = i + 1;
        const Pattern *p = nullptr;
        for (int pi : patternsAt(tokens, blocked, i)) {
            const Pattern &candidate = mPatterns[size_t(pi)];
            const int candidateEnd = i + int(candidate.words.size());
            for (int r : candidate.rows) {
                if (mRows[size_t(r)].placeAfter && !placeFollows(tokens, classes, placeStarts, candidateEnd, clauseEnd[i]))
                    continue;
                if (candidateEnd == i + 1 && mRows[size_t(r)].verb && pluralNounAt(tokens, classes, i))
                    continue;
                chosen = r;
                break;
            }
            if (chosen >= 0) {
                p = &candidate;
                end = candidateEnd;
                break;
            }
        }
        if (chosen < 0) {
            ++i;
            continue;
        }
        if (mRows[size_t(chosen)].type < 0) {
            i = end; // a "none" phrase hides what it covers
            continue;
        }
        const Row &row = mRows[size_t(chosen)];
        TriggerMatch m;
        m.first = i;
        m.end = end;
        m.type = row.type;
        m.acledSubEventType = row.acledSubEventType;
        m.confidence = row.confidence;
        m.verb = row.verb;
        m.placeAfter = row.placeAfter;
        for (int k = i; k < end; ++k) {
            if (scope[k] & kNeg)
                m.flags |= Event::Negated;
            if (scope[k] & kHyp)
                m.flags |= Event::Hypothetical;
        }
        // "soldiers who surrender": a verb's base form in a relative clause is what such people
        // do in general, not an event.
        if (row.verb && p->baseForm && i > 0 && (classes[i - 1] & W::Relative))
            m.flags |= Event::Hypothetical;
        // "a handover ... would take place": a noun whose clause goes on with a modal and "happen".
        if (!row.verb) {
            for (int k = end; k <= clauseEnd[i] && k < n; ++k) {
                if ((classes[k] & W::Modal) && !tokens[k].upper &&
                    ((k + 1 < n && (classes[k + 1] & W::Happen)) || (k + 2 < n && (classes[k + 2] & W::Happen)))) {
                    m.flags |= Event::Hypothetical;
                    break;
                }
            }
        }
        int clauseStart = i;
        while (clauseStart > 0 && !tokens[clauseStart - 1].clauseEndsAfter())
            --clauseStart;
        for (int k = clauseStart; k <= clauseEnd[i] && !m.airCue; ++k)
            m.airCue = (classes[k] & W::Air) && (k < i || k >= end);
        out.append(std::move(m));
        i = end;
    }
    return out;
}

} // namespace mapline
