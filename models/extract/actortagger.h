#pragma once

#include "actor.h"
#include "geo/placenames.h"
#include "result.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace mapline {

// An actor (or a bare nationality word) found in a sentence: tokens [first, end).
struct ActorSpan {
    int first = 0;
    int end = 0;
    Actor actor;            // empty name for a nationality word that names no actor ("non-Afghan")
    QString role;           // the role the words give the actor: "commanders" in "Northern Alliance commanders"
    QString head;           // the last word of the group's own name ("alliance"), for "the alliance" later on
    QString demonymCountry; // ISO code when the span is or starts with a nationality word
    bool placeName = false; // the words are also a place name ("Pakistan", "Washington"): the geoparser decides
    bool air = false;       // the actor bombs from the air (actors.tsv column "air")
    bool anaphoric = false; // "the alliance", "alliance tanks": the group of that name the article named last
};



// Finds groups, people and generic roles in a sentence with the dictionaries of
// resources/lexicons/actors.tsv and nationalities.tsv (formats in those files' headers).
// Spellings are matched on folded tokens, longest first. A role after the group, person
// (possessive) or nationality it belongs to is that organisation, the role kept apart:
// "Taliban fighters" and "Northern Alliance commanders" are Taliban and Northern Alliance,
// "Dostum's troops" the Northern Alliance, "American troops" the United States (a nationality
// names its state only for a role of the state's forces or officials: "Pakistani volunteers"
// stay what they are); "their fighters" belong to the group or person named before them.
// The same lexicon brings datasets' actor names to one list (canonical()). Read-only after
// finish(): safe to share.
class ActorTagger {
public:
    Status load(const QString &actorsPath, const QString &nationalitiesPath);
    Status addActors(QStringView tsv, const QString &fileName);
    Status addNationalities(QStringView tsv, const QString &fileName);
    // Marks the variants that are also place names (decided by `isPlaceName`), so that the
    // geoparser rather than the actor tagger decides what "Pakistan" is in a sentence.
    void finish(const std::function<bool(const QString &)> &isPlaceName);

    QList<ActorSpan> tag(const QList<NameToken> &tokens) const;

    // The actor a whole name is a spelling of ("TALIBAN", "Military Forces of the United States"),
    // if the lexicon knows it; nationalities and "the alliance" are no such name.
    std::optional<Actor> named(const QString &name) const;

    int size() const { return int(mActors.size()); }

private:
    struct Entry {
        Actor actor;
        bool air = false;
        bool forces = false;    // a role of a state's forces or officials ("troops", "officials")
        bool anaphor = false;   // kind "anaphor": stands for the group of its affiliation, or the one named last
    };
    // The organisation a role after `owner` belongs to; empty when there is none to name.
    Actor organisationOf(const ActorSpan &owner) const;
    struct Variant {
        QList<QString> norms;    // folded words
        QList<quint8> caseShape; // per word: 0 any case, 1 capitalised, 2 all capitals
        int actor = -1;          // index into mActors, -1 for a bare nationality
        QString demonymCountry;
        bool placeName = false;
        QString text;            // as written in the lexicon, for finish()
    };
    void addVariant(const QString &text, int actor, const QString &demonymCountry);
    int matchAt(const QList<NameToken> &tokens, int index, int *length) const;

    std::vector<Entry> mActors;
    QHash<QString, int> mActorByName;
    std::vector<Variant> mVariants;
    std::vector<QList<int>> mByFirstWord; // first folded word's wordids id -> variants, longest first
};

} // namespace mapline
