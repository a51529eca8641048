#pragma once

// Reads a whole dataset file through an EventFileReader and checks what the store relies on:
// every row it hands over is storable (date, coordinates, confidence as the schema's CHECK
// constraints want them), a bad row says why and where, a failure names the file, and reading
// ends (no endless loop on a malformed file).
#include "fuzzsupport.h"
#include "interop/eventfilereader.h"

namespace mapline::fuzz {

inline bool storableDate(QDate d)
{
    return d.isValid() && d.year() >= 1 && d.year() <= 9999;
}

inline void drain(EventFileReader &reader, const QString &path)
{
    if (!reader.open(path).ok())
        return;
    DatasetRow row;
    QString problem;
    qint64 lastLine = 0;
    for (int guard = 0;; ++guard) {
        FUZZ_CHECK(guard < 1000000); // each call consumes input: a small file cannot give a million rows
        row = DatasetRow();
        problem.clear();
        const EventFileReader::Next next = reader.next(row, problem);
        if (next == EventFileReader::Next::End)
            break;
        if (next == EventFileReader::Next::Failed) {
            FUZZ_CHECK(reader.error().contains(path));
            break;
        }
        FUZZ_CHECK(row.line > 0);
        FUZZ_CHECK(row.line >= lastLine);
        lastLine = row.line;
        if (next == EventFileReader::Next::BadRow) {
            FUZZ_CHECK(!problem.isEmpty());
            continue;
        }
        if (next != EventFileReader::Next::Row)
            continue;
        const Event &e = row.event;
        FUZZ_CHECK(e.confidence >= 0.0 && e.confidence <= 1.0);
        if (e.time.start.isValid() || e.time.end.isValid()) {
            FUZZ_CHECK(e.time.isValid());
            FUZZ_CHECK(storableDate(e.time.start) && storableDate(e.time.end));
        }
        if (e.place.coordinate.isValid()) {
            FUZZ_CHECK(e.place.coordinate.longitude() >= -180 && e.place.coordinate.longitude() <= 180);
            FUZZ_CHECK(e.place.coordinate.latitude() >= -90 && e.place.coordinate.latitude() <= 90);
        }
    }
    (void)reader.contentHash();
    FUZZ_CHECK(reader.progressDone() <= reader.progressTotal() || reader.progressTotal() == 0);
}

} // namespace mapline::fuzz
