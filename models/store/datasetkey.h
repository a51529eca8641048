#pragma once

// What both stores write for a dataset row's identity and a dataset's row in `articles`, so that a
// file gives the same rows in SQLite and in PostgreSQL (eventstore_dataset.cpp and
// pg/pgdatasetwriter.cpp both call these). Internal to models/store.
#include "interop/dataset.h"

#include <QString>

namespace mapline::datasetkey {

// The title of a dataset's row in `articles`, and its source.
inline QString title(const QString &kind)
{
    if (kind == u"gdelt1")
        return QStringLiteral("GDELT 1.0 events");
    if (kind == u"gdelt2")
        return QStringLiteral("GDELT 2.0 events");
    if (kind == u"acled")
        return QStringLiteral("ACLED export");
    return QStringLiteral("Mapline export");
}

// "2001-11-21" as the store writes a date, "" where it stores NULL.
inline QString storedDate(const QDate &date)
{
    return date.isValid() && date.year() >= 0 && date.year() <= 9999 ? date.toString(Qt::ISODate) : QString();
}

// SQLite's round() for a coordinate in 1e-5 degrees (about a metre), so that the key built here
// and the one migration 4 built in SQL from the stored columns are the same string.
inline qint64 sqliteRound(double value)
{
    return value >= 0 ? qint64(value + 0.5) : -qint64(-value + 0.5);
}

// events.dataset_key (docs/SCHEMA.md; schema.cpp, migration 4): ACLED's event_id_cnty and
// GDELT's GLOBALEVENTID name an event once whatever file carries it (GDELT 1.0 and 2.0 share one
// numbering). A Mapline export's id is an id in the database it came from, which the file does not
// name: with the day, type and position it is the row's identity (two databases rarely give one id
// to an event of the same day, type and place): its exportedId, which is its external_id too unless
// the export carried the row's own dataset id. Empty (NULL: no key, no check) when the row has no id.
inline QString of(const QString &kind, const DatasetRow &row)
{
    const QString &id = kind == u"mapline" && !row.exportedId.isEmpty() ? row.exportedId : row.externalId;
    if (id.isEmpty())
        return {};
    if (kind == u"acled")
        return QStringLiteral("acled:") + id;
    if (kind != u"mapline")
        return QStringLiteral("gdelt:") + id;
    const Event &e = row.event;
    QString key = QStringLiteral("mapline:%1:%2:%3:%4:")
                      .arg(id, storedDate(e.time.start), storedDate(e.time.end), e.type);
    if (e.place.coordinate.isValid())
        key += QStringLiteral("%1,%2")
                   .arg(sqliteRound(e.place.coordinate.latitude() * 100000))
                   .arg(sqliteRound(e.place.coordinate.longitude() * 100000));
    return key;
}

} // namespace mapline::datasetkey
