#pragma once

// A read through SQLite's C API on the store's own connection, so it sees the rows of the open
// transaction (a batch being fused before its commit) and reads a million rows without a QVariant
// or QString per field (a whole-database re-fusion). Text is UTF-8 in SQLite's row buffer, valid
// until the next step. Internal to models/store.
#include "result.h"

#include <QString>

#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace mapline {

class RawQuery {
public:
    RawQuery() = default;
    ~RawQuery();
    RawQuery(const RawQuery &) = delete;
    RawQuery &operator=(const RawQuery &) = delete;

    Status prepare(sqlite3 *db, const QString &sql);
    void bind(int parameter, qint64 value); // from 1, as in SQLite
    void bindText(int parameter, const QString &text);
    // The next row: false at the end and on an error (then error() says why).
    bool next();
    void reset(); // to run again with new bindings
    bool failed() const { return !mError.isEmpty(); }
    const QString &error() const { return mError; }

    bool isNull(int column) const;
    qint64 int64(int column) const;
    double real(int column) const;
    std::string_view text(int column) const; // empty for NULL
    QString string(int column) const;

private:
    sqlite3 *mDb = nullptr;
    sqlite3_stmt *mStmt = nullptr;
    QString mError;
};

} // namespace mapline
