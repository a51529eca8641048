#pragma once

// The two ends of `mapline copy` (StoreCopy): a store read table by table and a store written
// table by table, SQLite (sqlitecopy.*) or PostgreSQL (store/pg/pgcopy.*). Rows stream from one to
// the other one at a time: memory does not grow with a table's size. Internal to models/store.
#include "result.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mapline::storecopy {

// One field as stored: SQLite's storage classes, which PostgreSQL's columns map onto (bigint and
// integer: Integer; double precision: Real; text and date: Text).
struct Value {
    enum class Kind { Null, Integer, Real, Text };
    Kind kind = Kind::Null;
    qint64 integer = 0;
    double real = 0;
    std::string text; // UTF-8
};
using Row = std::vector<Value>;

// The columns each side has for a table (generated columns, such as PostGIS's geom, left out:
// they are computed from the others).
class Source {
public:
    virtual ~Source() = default;
    virtual QString name() const = 0; // the file or URL, for messages
    // Starts one read-only transaction: every table is read from one snapshot.
    virtual Status begin() = 0;
    virtual Result<QStringList> columns(const QString &table) = 0;
    // Tables in the store that are not Mapline's (an analyst's own): not copied, named in a warning.
    virtual Result<QStringList> foreignTables(const QStringList &known) = 0;
    // Every row of `table` (those `where` keeps, when given), `columns` in that order, sorted by
    // `orderBy` (the table's key).
    virtual Status read(const QString &table, const QStringList &columns, const QString &where, const QString &orderBy,
                        const std::function<Status(const Row &)> &row) = 0;
};

class Target {
public:
    virtual ~Target() = default;
    virtual QString name() const = 0;
    virtual Result<QStringList> columns(const QString &table) = 0;
    // Starts the one transaction the whole copy is written in, and checks the store holds no data
    // (returns the first table that does: the copy is refused); the tables a new store fills by
    // itself (settings, sides, side_members) are emptied, to take the source's rows.
    virtual Result<QString> begin(const QStringList &tables, const QStringList &seeded) = 0;
    virtual Status beginTable(const QString &table, const QStringList &columns) = 0;
    virtual Status write(const Row &row) = 0;
    virtual Status endTable() = 0;
    // Rebuilds what the store derives from its tables (indexes, id sequences) and commits.
    virtual Status commit() = 0;
    // Undoes everything written (also what the destructor does when commit() was not reached).
    virtual void rollback() = 0;
};

} // namespace mapline::storecopy
