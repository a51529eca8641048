#pragma once

#include "interop/eventfilereader.h"

#include <QString>

#include <memory>

namespace mapline {

// What a file given to `mapline import` holds, decided from its first bytes (the header line, the
// column count, the magic number), never from the name alone: GDELT files end in .CSV although
// they are tab-separated, GeoNames dumps end in .txt like articles.
class DatasetFormat {
public:
    enum class Kind {
        Unknown,        // not a dataset: an article, or something Mapline does not read
        Gdelt1,         // 57 or 58 tab-separated columns, no header
        Gdelt2,         // 61 tab-separated columns, no header
        Acled,          // CSV with event_id_cnty, event_date, ...
        MaplineCsv,     // CSV with the contract's header
        MaplineGeoJson, // GeoJSON FeatureCollection
        MaplineKml,     // KML
        MaplineGpkg,    // GeoPackage
        MaplineShapefile,
        GeoNames,        // 19 tab-separated columns: allCountries.txt, AF.txt, cities15000.txt
        MaplineDatabase, // a Mapline event database (refused with a message)
    };

    // The first bytes read for detection: a header line, a GDELT row or two.
    static constexpr qint64 kDetectBytes = 64 * 1024;

    static Kind detect(const QString &path);
    // Detects from the first kDetectBytes of `file`, which are kept to be read again: the reader
    // of the kind found reads the whole file from the start, so a pipe is read once. Unknown when
    // reading fails (file.error() says why).
    static Kind detect(InputFile &file);
    // Extensions of files that are data, not articles: found in folders, and an unknown one is
    // a failure rather than an article.
    static bool hasDataExtension(const QString &path);
    // "GDELT 2.0 events", "ACLED export", "Mapline export (GeoJSON)", ...
    static QString label(Kind kind);
    static bool isEventDataset(Kind kind);
    // A reader for an event dataset kind; null for the others.
    static std::unique_ptr<EventFileReader> createReader(Kind kind);
};

} // namespace mapline
