#pragma once

// Values as PgConnection::query() sends them (text; a null QString is SQL NULL), written as the
// SQLite store writes them, so that both stores read back the same: ISO days, doubles exactly.
// Internal to models/store/pg.
#include <QDate>
#include <QString>

#include <cstdio>

namespace mapline::pg {

// A text that is never NULL: the NOT NULL ... DEFAULT '' columns take '' for a null QString.
inline QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

// A day as Qt::ISODate writes it, NULL when invalid or outside years 0..9999 (as the SQLite store).
inline QString isoDate(const QDate &date)
{
    if (!date.isValid() || date.year() < 0 || date.year() > 9999)
        return {};
    char iso[16];
    const int n = std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", date.year(), date.month(), date.day());
    return QString::fromLatin1(iso, n);
}

// A double that reads back as the same double.
inline QString real(double value)
{
    return QString::number(value, 'g', 17);
}

} // namespace mapline::pg
