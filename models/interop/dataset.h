#pragma once

// The types shared by the dataset readers (models/interop) and the store side of dataset imports
// (models/store/eventstore_dataset.cpp). A dataset is one file of events made elsewhere (GDELT,
// ACLED) or exported by Mapline; it is stored whole in one transaction or not at all.
#include "event.h"

#include <QDateTime>
#include <QString>

#include <functional>

namespace mapline {

// One event read from a dataset file, with what the contract's Event has no room for.
struct DatasetRow {
    Event event;         // id and articleId are assigned by the store
    QString externalId;  // GLOBALEVENTID, event_id_cnty; for a Mapline export the external_id it
                         // carried, else (an article's event, an older export) its exportedId
    QString exportedId;  // a Mapline export's `id`: the row's id in the database it came from,
                         // which with the day, type and place is the row's identity (datasetkey.h)
    QString source;      // GDELT SOURCEURL, ACLED source names
    QString cameoCode;   // the full CAMEO EventCode ("0256"); cameo_root keeps the root
    int fatalities = -1; // ACLED fatalities; -1 when the dataset does not say
    qint64 line = 0;     // line (CSV, TSV) or feature number (GeoJSON, KML, GPKG) in the file
    // Set by the store's row hook (DatasetRowSource::setRowHook) on the thread that reads: the
    // row's report in the import's fusion (-1: none) and the happening id its event is written with.
    int fusionReport = -1;
    qint64 happeningId = 0;
};

// What the datasets table records about a file.
struct DatasetInfo {
    qint64 id = 0;
    qint64 articleId = 0; // the dataset's row in `articles` (its events' article_id)
    QString kind;         // gdelt1 | gdelt2 | acled | mapline
    QString format;       // tsv | csv | geojson | kml | gpkg | shp
    QString path;
    QString contentHash; // SHA-256 of the file's bytes (hex), as sha256sum prints it
    qint64 bytes = 0;
    QDateTime importedAt;
    qint64 rows = 0;    // data rows read
    qint64 events = 0;  // events stored
    qint64 skipped = 0; // bad rows, reported by line and left out
    qint64 outside = 0; // rows outside the area of interest, left out
    qint64 duplicates = 0; // rows already in the database (the same dataset row id), left out
};

// One event's row of a dataset file, as the details panel shows it (EventStore::datasetRecord).
struct DatasetRecord {
    qint64 datasetId = 0;
    QString kind;          // gdelt1 | gdelt2 | acled | mapline
    QString path;          // the file, as it was imported
    QDateTime importedAt;  // UTC
    QString externalId;    // DatasetRow::externalId
    QString source;        // DatasetRow::source: a URL (GDELT) or publisher names (ACLED)
    QString cameoCode;     // the full CAMEO code; empty when the dataset has none
    int fatalities = -1;   // -1 when the dataset does not say
};

struct DatasetImportOutcome {
    qint64 datasetId = 0;
    qint64 articleId = 0;
    qint64 events = 0;
    qint64 alreadyPresent = 0; // rows whose dataset id was in the database already: left out
    qint64 discarded = 0;      // of those, rows an analyst had discarded (their corrections keep them)
    // Nothing was written: the same file was imported already (datasetId names it), or every
    // row of it is in the database already (alreadyPresent rows, datasetId 0).
    bool duplicate = false;
    bool cancelled = false; // the caller cancelled: nothing was written
};

// The rows of one dataset file, pulled by EventStore::importDataset inside its transaction.
// Implementations stream the file: never the whole file in memory.
class DatasetRowSource {
public:
    virtual ~DatasetRowSource() = default;
    // The next event to store; false at the end, on a read failure or when cancelled.
    virtual bool next(DatasetRow &row) = 0;
    // Set when reading failed: the store rolls the whole file back and reports this.
    virtual QString failure() const = 0;
    virtual bool cancelled() const = 0;
    // SHA-256 (hex) of every byte of the file; complete once next() has returned false.
    virtual QString contentHash() const = 0;
    virtual qint64 rowsRead() const = 0;
    virtual qint64 rowsSkipped() const = 0;
    virtual qint64 rowsOutside() const = 0;

    // Work on each row that needs nothing of the store's connection (a dataset import's fusion),
    // run by the source on the thread that reads the file, before the row is handed over, in the
    // order next() returns the rows. Set before the first next(); false when the source has no
    // thread of its own (then the caller does that work itself as the rows come).
    using RowHook = std::function<void(DatasetRow &)>;
    virtual bool setRowHook(RowHook hook)
    {
        (void)hook;
        return false;
    }
    // Returns once the hook no longer runs and never will again (the reading is stopped if it has
    // not ended): what the hook uses may then be used, or destroyed, by the caller. next() is not
    // called after it.
    virtual void endRowHook() {}
};

} // namespace mapline
