#include "index/sqlitereader.h"

#include <QFile>

#include <sqlite3.h>

namespace mapline {

Result<std::unique_ptr<SqliteReader>> SqliteReader::open(const QString &path)
{
    using R = Result<std::unique_ptr<SqliteReader>>;
    sqlite3 *db = nullptr;
    // NOMUTEX: the connection stays on the thread that opened it.
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &db,
                                   SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<SqliteReader> reader(db ? new SqliteReader(path, db) : nullptr);
    if (rc != SQLITE_OK)
        return R::failure(reader ? reader->failure(QStringLiteral("cannot open"))
                                 : QStringLiteral("%1: cannot open: %2").arg(path, QString::fromUtf8(sqlite3_errstr(rc))));
    // A checkpoint or a writer's recovery can hold the file for a moment: wait as EventStore does.
    sqlite3_busy_timeout(db, 10000);
    return R(std::move(reader));
}

SqliteReader::~SqliteReader()
{
    sqlite3_close_v2(mDb);
}

Result<SqliteReader::Statement> SqliteReader::prepare(const char *sql) const
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(mDb, sql, -1, &stmt, nullptr) != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return Result<Statement>::failure(failure(QStringLiteral("cannot prepare \"%1\"").arg(QString::fromUtf8(sql).left(80))));
    }
    return Statement(this, stmt);
}

Status SqliteReader::exec(const char *sql) const
{
    if (sqlite3_exec(mDb, sql, nullptr, nullptr, nullptr) == SQLITE_OK)
        return {};
    return Status::failure(failure(QString::fromUtf8(sql)));
}

QString SqliteReader::failure(const QString &what) const
{
    return QStringLiteral("%1: %2: %3").arg(mPath, what, QString::fromUtf8(sqlite3_errmsg(mDb)));
}

SqliteReader::Statement::~Statement()
{
    sqlite3_finalize(mStmt); // a no-op on null (moved from)
}

void SqliteReader::Statement::bind(int parameter, qint64 value)
{
    if (sqlite3_bind_int64(mStmt, parameter, value) != SQLITE_OK)
        mFailed = true; // reported by failed() after next()
}

void SqliteReader::Statement::bind(int parameter, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    if (sqlite3_bind_text(mStmt, parameter, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        mFailed = true;
}

bool SqliteReader::Statement::reset()
{
    mFailed = sqlite3_reset(mStmt) != SQLITE_OK;
    return !mFailed;
}

bool SqliteReader::Statement::next()
{
    if (mFailed)
        return false;
    const int rc = sqlite3_step(mStmt);
    if (rc == SQLITE_ROW)
        return true;
    mFailed = rc != SQLITE_DONE;
    return false;
}

bool SqliteReader::Statement::isNull(int column) const
{
    return sqlite3_column_type(mStmt, column) == SQLITE_NULL;
}

qint64 SqliteReader::Statement::int64(int column) const
{
    return sqlite3_column_int64(mStmt, column);
}

int SqliteReader::Statement::type(int column) const
{
    return sqlite3_column_type(mStmt, column);
}

double SqliteReader::Statement::real(int column) const
{
    return sqlite3_column_double(mStmt, column);
}

std::string_view SqliteReader::Statement::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(mStmt, column));
    return data ? std::string_view(data, size_t(sqlite3_column_bytes(mStmt, column))) : std::string_view();
}

} // namespace mapline
