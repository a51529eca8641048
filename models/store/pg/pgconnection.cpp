#include "store/pg/pgconnection.h"

#include <QRegularExpression>

#include <libpq-fe.h>

#include <charconv>
#include <vector>

namespace mapline::pg {
namespace {

// The first line of the server's (or libpq's) message, with its hint when there is one.
QString serverMessage(const pg_result *result, const pg_conn *conn)
{
    QString text;
    if (result) {
        const char *primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
        const char *hint = PQresultErrorField(result, PG_DIAG_MESSAGE_HINT);
        if (primary)
            text = QString::fromUtf8(primary);
        if (hint)
            text += QStringLiteral(" (%1)").arg(QString::fromUtf8(hint).simplified());
        // Where: "COPY events, line 12, column date: ..." names the row of a COPY that failed.
        if (const char *context = PQresultErrorField(result, PG_DIAG_CONTEXT))
            text += QStringLiteral(" [%1]").arg(QString::fromUtf8(context).section(QLatin1Char('\n'), 0, 0).simplified());
    }
    if (text.isEmpty() && conn)
        text = QString::fromUtf8(PQerrorMessage(conn));
    return text.simplified();
}

} // namespace

// Checked before libpq parses the URL, whose messages may quote it.
bool holdsPassword(const QString &url)
{
    static const QRegularExpression inAuthority(QStringLiteral("^[a-z]+://[^/@?#]*:[^/@?#]*@"),
                                                QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression inQuery(QStringLiteral("[?&]password="), QRegularExpression::CaseInsensitiveOption);
    return inAuthority.match(url).hasMatch() || inQuery.match(url).hasMatch();
}

bool isUrl(const QString &database)
{
    return database.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
           database.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

PgResult::~PgResult()
{
    if (mResult)
        PQclear(mResult);
}

PgResult &PgResult::operator=(PgResult &&other) noexcept
{
    if (this != &other) {
        if (mResult)
            PQclear(mResult);
        mResult = other.mResult;
        other.mResult = nullptr;
    }
    return *this;
}

int PgResult::rows() const { return mResult ? PQntuples(mResult) : 0; }
int PgResult::columns() const { return mResult ? PQnfields(mResult) : 0; }
bool PgResult::isNull(int row, int column) const { return PQgetisnull(mResult, row, column) != 0; }

std::string_view PgResult::text(int row, int column) const
{
    return {PQgetvalue(mResult, row, column), size_t(PQgetlength(mResult, row, column))};
}

QString PgResult::string(int row, int column) const
{
    const std::string_view t = text(row, column);
    return QString::fromUtf8(t.data(), qsizetype(t.size()));
}

qint64 PgResult::int64(int row, int column) const
{
    const std::string_view t = text(row, column);
    qint64 value = 0;
    std::from_chars(t.data(), t.data() + t.size(), value);
    return value;
}

double PgResult::real(int row, int column) const
{
    const std::string_view t = text(row, column);
    double value = 0;
    std::from_chars(t.data(), t.data() + t.size(), value);
    return value;
}

Result<std::unique_ptr<PgConnection>> PgConnection::open(const QString &url, const QByteArray &password,
                                                         bool *needsPassword)
{
    if (needsPassword)
        *needsPassword = false;
    using R = Result<std::unique_ptr<PgConnection>>;
    if (!isUrl(url))
        return R::failure(QStringLiteral("%1: not a PostgreSQL URL (postgresql://USER@HOST:PORT/DATABASE)").arg(url));
    if (holdsPassword(url))
        return R::failure(QStringLiteral(
            "the PostgreSQL URL holds a password, which Mapline never takes on the command line (it would stay in "
            "the shell's history and the process list): give the URL without it, and the password in PGPASSWORD or "
            "~/.pgpass (https://www.postgresql.org/docs/15/libpq-pgpass.html)"));
    const QByteArray utf8 = url.toUtf8();
    char *parseError = nullptr;
    PQconninfoOption *options = PQconninfoParse(utf8.constData(), &parseError);
    if (!options) {
        const QString why = parseError ? QString::fromUtf8(parseError).simplified() : QStringLiteral("out of memory");
        PQfreemem(parseError);
        return R::failure(QStringLiteral("%1: not a valid PostgreSQL URL: %2").arg(url, why));
    }
    bool inUrl = false;
    for (PQconninfoOption *o = options; o->keyword; ++o)
        if (qstrcmp(o->keyword, "password") == 0 && o->val && *o->val)
            inUrl = true;
    PQconninfoFree(options);
    if (inUrl)
        return R::failure(QStringLiteral("the PostgreSQL URL holds a password: give it in PGPASSWORD or ~/.pgpass"));

    // Defaults first: what the URL says overrides them (expand_dbname).
    // The password last: after expand_dbname, so it is the one libpq uses.
    const char *keywords[] = {"application_name", "gssencmode", "connect_timeout", "dbname",
                              password.isEmpty() ? nullptr : "password", nullptr};
    const char *values[] = {"mapline", "disable", "15", utf8.constData(),
                            password.isEmpty() ? nullptr : password.constData(), nullptr};
    pg_conn *conn = PQconnectdbParams(keywords, values, 1);
    if (!conn)
        return R::failure(QStringLiteral("%1: cannot connect: out of memory").arg(url));
    if (PQstatus(conn) != CONNECTION_OK) {
        const QString why = QString::fromUtf8(PQerrorMessage(conn)).simplified();
        if (needsPassword)
            *needsPassword = PQconnectionNeedsPassword(conn) != 0;
        PQfinish(conn);
        return R::failure(QStringLiteral("%1: cannot connect: %2").arg(url, why));
    }
    std::unique_ptr<PgConnection> connection(new PgConnection(url, conn));
    // Dates as ISO text (the SQLite store's form), doubles in their shortest exact form, and the
    // server's notices (NOTICE: relation already exists...) kept off the user's terminal.
    if (Status s = connection->exec(QStringLiteral("SET DateStyle = ISO, YMD; SET extra_float_digits = 1; "
                                                   "SET client_min_messages = warning; SET client_encoding = 'UTF8'"),
                                    QStringLiteral("setting up the session"));
        !s)
        return R::failure(s.error());
    return connection;
}

PgConnection::~PgConnection()
{
    if (mConn)
        PQfinish(mConn);
}

void PgConnection::adopt(PgConnection &fresh)
{
    std::swap(mConn, fresh.mConn);
    mSqlState.clear();
}

QString PgConnection::failure(const QString &what) const
{
    return QStringLiteral("%1: %2: %3").arg(mUrl, what, serverMessage(nullptr, mConn));
}

Result<PgResult> PgConnection::checked(pg_result *raw, const QString &what)
{
    PgResult result(raw);
    const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return result;
    const char *state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
    mSqlState = state ? QString::fromLatin1(state) : QString();
    return Result<PgResult>::failure(QStringLiteral("%1: %2: %3").arg(mUrl, what, serverMessage(raw, mConn)));
}

Status PgConnection::exec(const QString &sql, const QString &what)
{
    Result<PgResult> r = checked(PQexec(mConn, sql.toUtf8().constData()), what);
    return r ? Status() : Status::failure(r.error());
}

Result<PgResult> PgConnection::query(const QString &sql, const QList<QString> &params, const QString &what)
{
    std::vector<QByteArray> utf8;
    std::vector<const char *> values;
    utf8.reserve(size_t(params.size()));
    for (const QString &p : params) {
        utf8.push_back(p.toUtf8());
        values.push_back(p.isNull() ? nullptr : utf8.back().constData());
    }
    return checked(PQexecParams(mConn, sql.toUtf8().constData(), int(values.size()), nullptr, values.data(), nullptr,
                                nullptr, 0),
                   what);
}

Status PgConnection::copyInBegin(const QString &copySql, const QString &what)
{
    mCopyWhat = what;
    PGresult *raw = PQexec(mConn, copySql.toUtf8().constData());
    const bool ready = raw && PQresultStatus(raw) == PGRES_COPY_IN;
    if (ready) {
        PQclear(raw);
        return {};
    }
    Result<PgResult> r = checked(raw, what);
    return Status::failure(r ? QStringLiteral("%1: %2: the server did not start the COPY").arg(mUrl, what) : r.error());
}

Status PgConnection::copyInSend(const QByteArray &data)
{
    if (PQputCopyData(mConn, data.constData(), int(data.size())) != 1)
        return Status::failure(failure(mCopyWhat));
    return {};
}

Status PgConnection::copyInEnd()
{
    if (PQputCopyEnd(mConn, nullptr) != 1)
        return Status::failure(failure(mCopyWhat));
    Status status;
    while (PGresult *raw = PQgetResult(mConn)) {
        Result<PgResult> r = checked(raw, mCopyWhat);
        if (!r && status)
            status = Status::failure(r.error());
    }
    return status;
}

void PgConnection::copyInAbort()
{
    PQputCopyEnd(mConn, "the copy was stopped");
    while (PGresult *raw = PQgetResult(mConn))
        PQclear(raw);
}

Status PgConnection::copyOut(const QString &copySql, const QString &what,
                             const std::function<bool(std::string_view, QString *)> &row)
{
    PGresult *raw = PQexec(mConn, copySql.toUtf8().constData());
    if (!raw || PQresultStatus(raw) != PGRES_COPY_OUT) {
        Result<PgResult> r = checked(raw, what);
        return Status::failure(r ? QStringLiteral("%1: %2: the server did not start the COPY").arg(mUrl, what) : r.error());
    }
    PQclear(raw);
    QString stopped;
    for (;;) {
        char *buffer = nullptr;
        const int n = PQgetCopyData(mConn, &buffer, 0);
        if (n < 0)
            break; // -1: done; -2: failed, the result below says why
        // After a refusal the server is asked to stop (a cancel request, to the same server); what
        // it sent meanwhile is read and dropped.
        if (stopped.isEmpty() && !row(std::string_view(buffer, size_t(n)), &stopped)) {
            if (stopped.isEmpty())
                stopped = QStringLiteral("stopped");
            if (PGcancel *cancel = PQgetCancel(mConn)) {
                char why[256];
                PQcancel(cancel, why, int(sizeof why));
                PQfreeCancel(cancel);
            }
        }
        PQfreemem(buffer);
    }
    Status status;
    while (PGresult *last = PQgetResult(mConn)) {
        Result<PgResult> r = checked(last, what);
        if (!r && status)
            status = Status::failure(r.error());
    }
    if (!stopped.isEmpty())
        return Status::failure(QStringLiteral("%1: %2: %3").arg(mUrl, what, stopped));
    return status;
}

} // namespace mapline::pg
