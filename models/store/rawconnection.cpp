#include "store/rawconnection.h"

#include <QFile>

#include <sqlite3.h>

namespace mapline {

RawConnection::~RawConnection()
{
    if (mDb)
        sqlite3_close(mDb);
}

int RawConnection::open(const QString &path, bool writable)
{
    const int flags =
        (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &mDb, flags, nullptr);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_extended_result_codes(mDb, 1);
    sqlite3_db_config(mDb, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_file_control(mDb, "main", SQLITE_FCNTL_FILE_POINTER, &mFile);
    return mFile ? SQLITE_OK : SQLITE_CANTOPEN;
}

QString RawConnection::error() const
{
    return mDb ? QString::fromUtf8(sqlite3_errmsg(mDb)) : QStringLiteral("out of memory");
}

bool RawConnection::writable() const
{
    return sqlite3_db_readonly(mDb, "main") == 0;
}

void RawConnection::setBusyTimeout(int ms)
{
    sqlite3_busy_timeout(mDb, ms);
}

bool RawConnection::read(char *buffer, int n, qint64 offset) const
{
    const int rc = mFile->pMethods->xRead(mFile, buffer, n, offset);
    return rc == SQLITE_OK || rc == SQLITE_IOERR_SHORT_READ; // short reads are zero-filled
}

qint64 RawConnection::fileSize() const
{
    sqlite3_int64 size = 0;
    return mFile->pMethods->xFileSize(mFile, &size) == SQLITE_OK ? size : -1;
}

bool RawConnection::reservedByAnyone() const
{
    int reserved = 0;
    return mFile->pMethods->xCheckReservedLock(mFile, &reserved) == SQLITE_OK && reserved != 0;
}

int RawConnection::run(const char *sql, QStringList *rows)
{
    sqlite3_stmt *stmt = nullptr;
    int rc = sqlite3_prepare_v2(mDb, sql, -1, &stmt, nullptr);
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
            if (rows)
                *rows << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

} // namespace mapline
