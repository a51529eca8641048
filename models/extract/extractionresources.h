#pragma once

#include "extract/actortagger.h"
#include "extract/eventcoder.h"
#include "extract/geoparser.h"
#include "extract/wordclasses.h"
#include "geo/gazetteer.h"
#include "result.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>

namespace mapline {

// Where the extraction's dictionaries are read from.
struct ExtractionResourceFiles {
    QStringList placeFiles;   // places.tsv, landmarks.tsv (a missing landmarks file is skipped)
    QString variants;         // variants.tsv (optional)
    QString cues;             // lexicons/cues.tsv
    QString commonWords;      // lexicons/common_words.txt
    QString actors;           // lexicons/actors.tsv
    QString nationalities;    // lexicons/nationalities.tsv
    QString triggers;         // lexicons/triggers.tsv
    QString eventTypes;       // lexicons/event_types.tsv
    QString userPlaces;       // the user's gazetteer (optional; rows the bundled files have are skipped)

    // The program's own files, found through resourcePath() (so $MAPLINE_RESOURCES applies).
    static ExtractionResourceFiles fromResources();
    // The files in a lexicon folder and a gazetteer folder (tests use a small fixture gazetteer).
    static ExtractionResourceFiles in(const QString &lexiconDir, const QString &gazetteerDir);
};

// An actor as a dataset names it, in the extraction lexicon's terms (one list of actors for
// extracted events, filters and imported datasets).
struct CanonicalActor {
    Actor actor;
    QString role; // what the name says beyond the organisation: ACLED's unit ("Special Forces")
};

// The gazetteer and lexicons of the extraction pipeline, loaded once and then only read, so
// one instance serves every thread. The members refer to each other (the geoparser to the
// gazetteer, the coder to the word classes): an instance never moves; hold it by shared_ptr.
class ExtractionResources {
public:
    ExtractionResources() = default;
    ExtractionResources(const ExtractionResources &) = delete;
    ExtractionResources &operator=(const ExtractionResources &) = delete;

    static Result<std::shared_ptr<const ExtractionResources>> load(const ExtractionResourceFiles &files);

    // The process-wide instance from the program's resources, loaded on first use (thread-safe).
    // When a file is missing or malformed the reason is logged once and an empty instance is
    // returned, which finds no events: import still stores articles and sentences.
    static std::shared_ptr<const ExtractionResources> shared();

    // shared() plus the places of the user's gazetteer at `path` (ParseOptions::userGazetteerPath).
    // shared() itself when `path` is empty or names no file, or when the file cannot be read
    // (the reason is logged). Loaded once per path and modification time, then shared like
    // shared(); a changed file is read again. Thread-safe.
    static std::shared_ptr<const ExtractionResources> withUserGazetteer(const QString &path);

    bool isEmpty() const { return coder.typeCount() == 0; }

    // A dataset's actor name brought to the lexicon's: "TALIBAN" is Taliban; ACLED's "Military
    // Forces of Afghanistan (2014-) Special Forces" is Military Forces of Afghanistan with the role
    // "Special Forces", "Civilians (Afghanistan)" the civilians (a bracket holding a period or a
    // country only; "Militia (Pro-Government)" says more and is kept). A name the lexicon does not
    // know is kept as it is, with `kind`.
    CanonicalActor canonicalActor(const QString &name, const QString &kind) const;

    // What kinds of facility or terrain (WordClasses::FacilityKind) each landmark, valley or range
    // is, from the words of its names ("Qala-i-Jangi fortress": a fort; "Kandahar Airfield": a base).
    quint16 facilityOf(int entry) const { return mFacilities.value(entry, 0); }

    Gazetteer gazetteer;
    WordClasses words;
    ActorTagger actors;
    EventCoder coder{words};
    Geoparser geoparser{gazetteer, words};

private:
    QHash<int, quint16> mFacilities;
};

} // namespace mapline
