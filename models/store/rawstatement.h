#pragma once

// A prepared statement on the store's own connection through SQLite's C API, for the writes of
// many rows (dataset imports) where QSqlQuery's QVariant binding costs more than SQLite's insert.
// Text is bound as UTF-8 from a buffer per parameter, kept until the next bind of that parameter.
// Internal to models/store.
#include "result.h"

#include <QSqlDatabase>
#include <QString>

#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace mapline {

// The sqlite3 handle under a QSqlDatabase of Qt's QSQLITE driver (which on Debian links the
// same libsqlite3 as we do); null for another driver.
sqlite3 *sqliteHandle(const QSqlDatabase &db);

class RawStatement {
public:
    RawStatement() = default;
    ~RawStatement();
    RawStatement(const RawStatement &) = delete;
    RawStatement &operator=(const RawStatement &) = delete;

    Status prepare(sqlite3 *db, const char *sql);

    // Parameters count from 1, as in SQLite.
    void bindNull(int parameter);
    void bind(int parameter, qint64 value);
    void bind(int parameter, double value);
    void bindText(int parameter, QStringView text); // a null QString is bound as '' (NOT NULL columns)
    void bindAscii(int parameter, std::string_view text);

    // Runs the statement to its end and resets it; a failure's message is "what: SQLite's
    // reason", or "what name: ..." (built only on failure).
    Status run(const char *what)
    {
        QString why;
        return step(&why) ? Status{} : Status::failure(QStringLiteral("%1: %2").arg(QLatin1String(what), why));
    }
    template <typename Name>
    Status run(const char *what, const Name &name)
    {
        QString why;
        return step(&why) ? Status{}
                          : Status::failure(QStringLiteral("%1 %2: %3").arg(QLatin1String(what)).arg(name).arg(why));
    }
    // Runs a query and says whether it gave a row, then resets it; a failure as run().
    Result<bool> hasRow(const char *what)
    {
        QString why;
        bool row = false;
        if (!step(&why, &row))
            return Result<bool>::failure(QStringLiteral("%1: %2").arg(QLatin1String(what), why));
        return row;
    }
    qint64 lastInsertId() const;

private:
    // false on failure, with SQLite's message in `why`; `row` (optional): whether a row came.
    bool step(QString *why, bool *row = nullptr);

    sqlite3 *mDb = nullptr;
    sqlite3_stmt *mStmt = nullptr;
    std::vector<std::string> mText; // one UTF-8 buffer per parameter
};

} // namespace mapline
