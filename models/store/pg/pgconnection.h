#pragma once

// A connection to a PostgreSQL server through libpq, for a team's shared store (docs/SCHEMA.md,
// "PostgreSQL"). The one place Mapline talks to a server, and only to the one the analyst names
// with `--db postgresql://...`. Every failure carries the server's own message (PQerrorMessage)
// and names the store by its URL, which never holds a password: open() refuses one (credentials
// come from PGPASSWORD or ~/.pgpass). One thread; RAII: the destructor closes the connection, and
// the server rolls back whatever transaction was left open.
#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <string_view>

struct pg_conn;
struct pg_result;

namespace mapline::pg {

// Whether `database` names a PostgreSQL store (a postgresql:// or postgres:// URL) rather than
// a SQLite file.
bool isUrl(const QString &database);
// Whether a URL holds a password ("user:secret@", or a password parameter): refused by open(),
// and by the commands as a usage error, without printing it.
bool holdsPassword(const QString &url);

// A query's result, owned (PQclear on destruction). Values are text, as the server sends them.
class PgResult {
public:
    PgResult() = default;
    explicit PgResult(pg_result *result) : mResult(result) {}
    ~PgResult();
    PgResult(PgResult &&other) noexcept : mResult(other.mResult) { other.mResult = nullptr; }
    PgResult &operator=(PgResult &&other) noexcept;
    PgResult(const PgResult &) = delete;
    PgResult &operator=(const PgResult &) = delete;

    int rows() const;
    int columns() const;
    bool isNull(int row, int column) const;
    std::string_view text(int row, int column) const; // empty for NULL
    QString string(int row, int column) const;
    qint64 int64(int row, int column) const;
    double real(int row, int column) const;
    pg_result *handle() const { return mResult; }

private:
    pg_result *mResult = nullptr;
};

class PgConnection {
public:
    // Connects to `url`. Refused before any connection: a URL that is not PostgreSQL's, one libpq
    // cannot parse, one that holds a password. `gssencmode` defaults to disable (no Kerberos
    // ticket exchange with a third host) unless the URL says otherwise. `password`: one the
    // viewer asked the analyst for, handed to libpq in memory only (never in the URL, a file or a
    // message); `needsPassword` is set when the server asked for one that was not given (neither
    // here, nor in PGPASSWORD or ~/.pgpass).
    static Result<std::unique_ptr<PgConnection>> open(const QString &url, const QByteArray &password = {},
                                                      bool *needsPassword = nullptr);
    ~PgConnection();
    PgConnection(const PgConnection &) = delete;
    PgConnection &operator=(const PgConnection &) = delete;

    // Takes `fresh`'s server connection and gives it this one's, which closes with `fresh`: a
    // connection opened again (after a server restart) behind the references others hold to this.
    void adopt(PgConnection &fresh);

    // The URL as given (it holds no password), to name the store in messages.
    const QString &url() const { return mUrl; }
    pg_conn *handle() const { return mConn; }

    // Runs statements without parameters (several may be given, separated by ';').
    Status exec(const QString &sql, const QString &what);
    // Runs one statement with text parameters ($1, $2...; a null QString is NULL); the rows.
    Result<PgResult> query(const QString &sql, const QList<QString> &params, const QString &what);
    Result<PgResult> query(const QString &sql, const QString &what) { return query(sql, {}, what); }

    // COPY ... FROM STDIN: begin, send data in pieces (whole lines or not), end. A failure of
    // any step ends the COPY; the server then fails the transaction.
    Status copyInBegin(const QString &copySql, const QString &what);
    Status copyInSend(const QByteArray &data);
    Status copyInEnd();
    // Ends a COPY ... FROM STDIN that is not to be kept: the server fails it (and the transaction).
    void copyInAbort();
    // COPY ... TO STDOUT: each row (one line of COPY's text format, its newline included) goes
    // to `row`, which returns false to fail the copy with its own message in `*why`.
    Status copyOut(const QString &copySql, const QString &what,
                   const std::function<bool(std::string_view line, QString *why)> &row);

    // The server's message for the last failure, one line, with the URL.
    QString failure(const QString &what) const;
    // The SQLSTATE of the last statement that failed ("42501": insufficient privilege), else empty.
    const QString &lastSqlState() const { return mSqlState; }

private:
    PgConnection(QString url, pg_conn *conn) : mUrl(std::move(url)), mConn(conn) {}
    Result<PgResult> checked(pg_result *result, const QString &what);

    QString mUrl;
    pg_conn *mConn = nullptr;
    QString mCopyWhat;
    QString mSqlState;
};

} // namespace mapline::pg
