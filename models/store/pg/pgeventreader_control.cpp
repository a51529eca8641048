// PgEventReader's search ids and territorial control's tables: what the viewer's filters,
// `mapline animate --search` and `mapline control` read from SQLite (FilterMaskBuilder::searchIds,
// SideTable::fromDatabase, EventStore::controlCorrections), in PostgreSQL's terms.
#include "store/pg/pgeventreader.h"

#include "store/pg/pgconnection.h"
#include "store/pg/pgsearch.h"
#include "store/externalidsearch.h"

namespace mapline::pg {

Result<QSet<qint64>> PgEventReader::searchIds(const QString &search) const
{
    using R = Result<QSet<qint64>>;
    const Result<QString> tsquery = tsqueryFor(search);
    if (!tsquery)
        return R::failure(tsquery.error());
    // One word also matches the events' external_id (externalidsearch.h), as in SQLite.
    const QString id = externalidsearch::likePattern(search);
    QStringList values{*tsquery};
    if (!id.isEmpty())
        values << id;
    const Result<PgResult> r = mConnection->query(
        id.isEmpty() ? QStringLiteral("SELECT e.id FROM events e WHERE e.sentence_id IN (SELECT id FROM sentences WHERE "
                                      "to_tsvector('words', text) @@ to_tsquery('words', $1)) OR e.article_id IN (SELECT id "
                                      "FROM articles WHERE to_tsvector('words', title) @@ to_tsquery('words', $1))")
                     : QStringLiteral("SELECT e.id FROM events e WHERE e.sentence_id IN (SELECT id FROM sentences WHERE "
                                      "to_tsvector('words', text) @@ to_tsquery('words', $1)) OR e.article_id IN (SELECT id "
                                      "FROM articles WHERE to_tsvector('words', title) @@ to_tsquery('words', $1)) OR "
                                      "e.external_id ILIKE $2"),
        values, QStringLiteral("searching the events"));
    if (!r)
        return R::failure(r.error());
    QSet<qint64> ids;
    ids.reserve(r->rows());
    for (int i = 0; i < r->rows(); ++i)
        ids.insert(r->int64(i, 0));
    return ids;
}

Result<SideTable> PgEventReader::sides() const
{
    const Result<PgResult> s = mConnection->query(QStringLiteral("SELECT name, colour, description FROM sides ORDER BY id"),
                                                  QStringLiteral("reading the sides"));
    if (!s)
        return Result<SideTable>::failure(s.error());
    QList<SideTable::Side> sides;
    for (int i = 0; i < s->rows(); ++i)
        sides.append({s->string(i, 0), s->string(i, 1), s->string(i, 2)});
    const Result<PgResult> m = mConnection->query(
        QStringLiteral("SELECT m.actor, s.name, m.valid_from, m.valid_to, m.note, m.origin FROM side_members m JOIN sides s "
                       "ON s.id = m.side_id ORDER BY m.id"),
        QStringLiteral("reading the side members"));
    if (!m)
        return Result<SideTable>::failure(m.error());
    QList<SideTable::Member> members;
    for (int i = 0; i < m->rows(); ++i)
        members.append({m->string(i, 0), m->string(i, 1), QDate::fromString(m->string(i, 2), Qt::ISODate),
                        QDate::fromString(m->string(i, 3), Qt::ISODate), m->string(i, 4), m->string(i, 5)});
    return SideTable::make(std::move(sides), std::move(members));
}

Result<QList<ControlCorrection>> PgEventReader::controlCorrections() const
{
    using R = Result<QList<ControlCorrection>>;
    // Ordered byte by byte, as SQLite orders text: the database's collation might not.
    const Result<PgResult> r = mConnection->query(
        QStringLiteral("SELECT place, admin1, country, lon, lat, valid_from, side, note FROM control_corrections ORDER BY "
                       "place COLLATE \"C\", admin1 COLLATE \"C\", country COLLATE \"C\", valid_from COLLATE \"C\""),
        QStringLiteral("reading the corrections of control"));
    if (!r)
        return R::failure(r.error());
    QList<ControlCorrection> out;
    for (int i = 0; i < r->rows(); ++i) {
        ControlCorrection c;
        c.place = r->string(i, 0);
        c.admin1 = r->string(i, 1);
        c.country = r->string(i, 2);
        if (!r->isNull(i, 3) && !r->isNull(i, 4))
            c.coordinate = QGeoCoordinate(r->real(i, 4), r->real(i, 3));
        c.from = QDate::fromString(r->string(i, 5), Qt::ISODate);
        c.side = r->string(i, 6);
        c.note = r->string(i, 7);
        out.append(c);
    }
    return out;
}

} // namespace mapline::pg
