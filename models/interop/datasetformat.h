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

    static Kind detect(const QString &path);
    // Extensions of files that are data, not articles: found in folders, and an unknown one is
    // a failure rather than an article.
    static bool hasDataExtension(const QString &path);
    // "GDELT 2.0 events", "ACLED export", "Mapline export (GeoJSON)", ...
    static QString label(Kind kind);
    static bool isEventDataset(Kind kind);
    // The files with a data extension inside the folders among `paths` (recursively, hidden files
    // left out), sorted: what collectArticleFiles() passes over. Files named directly are not
    // repeated here.
    static QStringList collectDataFiles(const QStringList &paths);
    // A reader for an event dataset kind; null for the others.
    static std::unique_ptr<EventFileReader> createReader(Kind kind);
};

} // namespace mapline
