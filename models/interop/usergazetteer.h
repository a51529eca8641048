#pragma once

#include "io/inputfile.h"
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace mapline {

// The user's own gazetteer: gazetteer-user.tsv beside the event database, in the columns of
// resources/gazetteer/places.tsv, filled from GeoNames dumps. The Gazetteer (models/geo) loads it
// after the bundled places. Importing a dump replaces the rows with the same GeoNames ids and
// keeps the others, so AF.txt then PK.txt leaves both countries in the file.
class UserGazetteer {
public:
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    struct Issue {
        qint64 line = 0;
        QString message;
    };
    struct Outcome {
        QString path;        // the gazetteer file written
        qint64 rows = 0;     // rows read from the dump
        qint64 written = 0;  // places written from the dump
        qint64 kept = 0;     // places kept from the file as it was
        qint64 ignored = 0;  // historical or abandoned features, feature classes left out
        qint64 outside = 0;  // places outside the area of interest
        qint64 skipped = 0;  // bad rows
        QList<Issue> issues; // the first 100 bad rows
        bool cancelled = false;
    };

    static QString pathFor(const QString &databasePath);
    static QString header(); // "id\tname\tkind\tlon\tlat\tadmin1\tadmin2\tcountry\tpopulation\talt_names"

    // Reads the dump and writes `gazetteerPath` (complete or not at all). `area`: ISO alpha-2
    // codes to keep; empty keeps every country.
    static Result<Outcome> importGeoNames(const QString &dumpPath, const QString &gazetteerPath,
                                          const QStringList &area, const Progress &progress = {});
    // The same for a dump opened already (detected by DatasetFormat: a pipe works too).
    static Result<Outcome> importGeoNames(InputFile dump, const QString &gazetteerPath, const QStringList &area,
                                          const Progress &progress = {});
};

} // namespace mapline
