#pragma once

#include "geo/placenames.h"
#include "place.h"
#include "result.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

#include <vector>

namespace mapline {

// The place names Mapline knows, loaded from tab-separated files
// (`id name kind lon lat admin1 admin2 country population alt_names`, a header line first; kind
// city, district, province, country, landmark, area or region;
// alt_names separated by '|') and a table of romanisation rewrites (`from to note`).
// Matching is over NameTokens: exact folded names first (case, diacritics, hyphens and
// apostrophes ignored), then the romanisation variants of variants.tsv applied to the
// gazetteer's names, then a romanisation-insensitive skeleton key (see wordSkeleton()), and
// on request a fuzzy match of one word (edit distance 1 for 5-7 letters, 2 from 8) against the
// notable places of the fuzzy countries. Built once, then read-only: safe to share between threads.
class Gazetteer {
public:
    enum class Quality { Exact, Variant, Skeleton, Fuzzy };

    struct Entry {
        Place place;
        qint64 population = 0;
        bool natural = false; // kind area or region: a valley, range or region, not an administrative unit
    };

    // A name found at a position of a token list: tokens [first, first + count) and the
    // entries bearing that name (all of them, for the caller to disambiguate).
    struct Match {
        int first = 0;
        int count = 0;
        Quality quality = Quality::Exact;
        QList<int> entries;
        bool isValid() const { return count > 0 && !entries.isEmpty(); }
    };

    static constexpr int kMaxNameTokens = 6;

    Gazetteer() = default;

    // What to do with a row whose GeoNames id (> 0) is already loaded.
    enum class KnownIds { Keep, Skip };
    // Adds the rows of a places file; fails naming the file and line of the first bad row.
    // The user's gazetteer (UserGazetteer, a GeoNames dump) is loaded with KnownIds::Skip after
    // the bundled files: a place both know keeps its bundled, curated row.
    Status loadPlaces(const QString &path, KnownIds known = KnownIds::Keep);
    Status addPlaces(QStringView tsv, const QString &fileName, KnownIds known = KnownIds::Keep);
    // Adds romanisation rewrites (see addVariants()).
    Status loadVariants(const QString &path);
    // `from to note` rows: ordered rewrites that bring every spelling of a word to one
    // canonical form, applied to each word of a name and of the text alike, in file order.
    // `from` and `to` are folded like names; "^x" matches at the start of a word, "x$" at its
    // end, "^x$" a whole word (an empty `to` drops the word: the ezafe "^e$"); other rows
    // rewrite anywhere in the word ("q k", "ou u"). Rows whose `from` is punctuation only
    // ("-") are what the tokeniser does already and are skipped.
    Status addVariants(QStringView tsv, const QString &fileName);
    // The canonical form of one folded word under the rewrites (empty when the word drops out).
    QString canonicalWord(QStringView norm) const;
    // The same; a word no rewrite applies to is returned shared, not copied (most of a text's).
    QString canonicalWord(const QString &norm) const;
    // Countries (ISO 3166-1 alpha-2) whose notable places take part in fuzzy matching; "AF" by default.
    void setFuzzyCountries(const QStringList &countries) { mFuzzyCountries = countries; }
    // Builds the indexes; call once after loading and before any lookup.
    void finish();

    int size() const { return int(mEntries.size()); }
    const Entry &entry(int index) const { return mEntries[size_t(index)]; }
    const Place &place(int index) const { return mEntries[size_t(index)].place; }
    // The other names an entry is known by (the places file's alt_names), for completers.
    const QStringList &alternativeNames(int index) const { return mAltNames[size_t(index)]; }

    // Entries named `name` (any spelling the matcher knows), best quality first.
    QList<int> lookup(QStringView name, Quality *quality = nullptr) const;
    // The longest name starting at tokens[index]; invalid Match when none.
    // The first word must be capitalised in the text (or a number), unless `anyCase` ("northern
    // Afghanistan"); words already used by something else are skipped by the caller.
    Match matchAt(const QList<NameToken> &tokens, int index, bool anyCase = false) const;
    // Notable places within a small edit distance of one folded word (see class comment).
    QList<int> fuzzy(QStringView norm) const;
    // The country entry for an ISO 3166-1 alpha-2 code, -1 when unknown.
    int countryEntry(QStringView iso2) const;
    // The best known place for a name that came without a coordinate: the place of that name
    // (in `country`, an ISO 3166-1 alpha-2 code, when given; the finest kind), else the province
    // `admin1` of that country, else the country; nullopt when none of them is known.
    std::optional<Place> bestKnown(const QString &name, const QString &admin1, const QString &country) const;
    // The most populous city of a country, -1 when none: what "the capital" most often means
    // in news of a country whose capital is its largest city (Kabul, Tehran, Tashkent).
    int largestCity(QStringView iso2) const;

private:
    // Longest line of a places file: a row with every alternative name is a few KB.
    static constexpr qint64 kMaxPlaceLineBytes = 1024 * 1024;
    // The next line of a places file into `line` (valid until the next call): false at the end,
    // or when reading failed with `error` set.
    using NextLine = std::function<bool(QStringView &line, QString &error)>;
    Status readPlaces(const NextLine &next, const QString &fileName, KnownIds known);
    void indexName(int entry, const QString &name);
    void addKey(QHash<QString, QList<int>> &index, const QString &key, int entry);
    bool fuzzyCandidate(const Entry &e) const;
    // Keys of tokens [first, first + n) from their canonical words and those words' skeletons.
    static QString variantKey(const QList<NameToken> &tokens, int first, int n, const QString *canonical);
    static QString skeletonKey(const QList<NameToken> &tokens, int first, int n, const QString *canonical,
                               const QString *skeletons);

    std::vector<Entry> mEntries;
    std::vector<QStringList> mAltNames; // parallel to mEntries
    struct Rewrite {
        enum Anchor { Anywhere, Start, End, Whole };
        QString from;
        QString to;
        Anchor anchor = Anywhere;
        quint32 letters = 0; // the letters of `from` as bits a-z: a quick "cannot apply"
    };
    QList<Rewrite> mRewrites;
    QStringList mFuzzyCountries = {QStringLiteral("AF")};

    QHash<QString, QList<int>> mExact;    // folded name -> entries (primary and alternative names)
    QHash<QString, QList<int>> mVariant;  // canonical words joined without spaces -> entries
    QHash<QString, QList<int>> mSkeleton; // skeleton key -> entries
    QSet<QString> mFirstWords;            // folded first words and word skeletons of every name: a quick no
    std::vector<std::pair<QString, int>> mFuzzyWords; // notable one-word names and their entries
    QHash<QString, QList<int>> mDeletes;  // fuzzy: each such word with 0-2 letters deleted -> mFuzzyWords
    QHash<QString, int> mCountries;       // ISO code -> country entry
    QHash<QString, int> mLargestCities;   // ISO code -> most populous city entry
    bool mFinished = false;
    // Names this gazetteer's rewrites for the per-thread cache of words' canonical forms and
    // skeletons (wordForms): a new number at each finish(), 0 while the rewrites may change.
    quint64 mFormsId = 0;
    void wordForms(const QString &norm, QString &canonical, QString &skeleton) const;
};

} // namespace mapline
