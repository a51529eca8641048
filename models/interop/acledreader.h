#pragma once

#include "interop/csveventreader.h"

#include <QHash>

namespace mapline {

// ACLED exports (CSV with a header: event_id_cnty, event_date, time_precision, event_type,
// sub_event_type, actor1, assoc_actor_1, actor2, assoc_actor_2, country, iso, iso3, admin1,
// admin2, location, latitude, longitude, geo_precision, source, notes, fatalities, ...). Columns
// are found by name, so older and newer exports with more or fewer columns read the same.
// Mapping (docs/SCHEMA.md): event_date + time_precision -> day, week or month; location, admin1,
// admin2 and geo_precision -> the place; event_type / sub_event_type kept and mapped to our type;
// notes -> sentence; source -> source; fatalities kept.
class AcledReader : public CsvEventReader {
public:
    static constexpr double kConfidence = 0.9; // coded by hand from sources: documented in docs/SCHEMA.md

    Status openInput(InputFile file) override;
    Next next(DatasetRow &row, QString &problem) override;
    QString kind() const override { return QStringLiteral("acled"); }

    // "21 March 2020", "21-March-2020", "21 Mar 2020", "2020-03-21" or "21/03/2020".
    static QDate parseDate(QStringView text);

private:
    QString field(const QByteArrayList &fields, const char *name) const;

    QHash<QByteArray, int> mColumns;
};

} // namespace mapline
