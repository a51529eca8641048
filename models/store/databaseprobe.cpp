#include "store/databaseprobe.h"

#include "io/filetypename.h"
#include "store/rawconnection.h"
#include "store/schema.h"
#include "store/walfile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <QtEndian>

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace mapline {
namespace {

using Outcome = DatabaseProbe::Outcome;
using R = Result<Outcome>;

constexpr char kLeftUntouched[] = "it was left untouched";
constexpr qint64 kFullCheckBytes = 64 << 20; // integrity_check up to here, quick_check beyond
constexpr qint64 kBusyJournalWaitMs = 3000;    // DatabaseProbe::run: how long a live -journal is waited for

bool newer(const struct stat &a, const struct stat &b)
{
    return a.st_mtim.tv_sec != b.st_mtim.tv_sec ? a.st_mtim.tv_sec > b.st_mtim.tv_sec
                                                : a.st_mtim.tv_nsec > b.st_mtim.tv_nsec;
}

// The fields of the 100-byte database header the checks use (https://sqlite.org/fileformat2.html).
struct Header {
    explicit Header(const char *h)
        : pageSize(qFromBigEndian<quint16>(h + 16) == 1 ? 65536 : qFromBigEndian<quint16>(h + 16))
        , changeCounter(qFromBigEndian<quint32>(h + 24))
        , pages(qFromBigEndian<quint32>(h + 28))
        , userVersion(qint32(qFromBigEndian<quint32>(h + 60)))
        , applicationId(qint32(qFromBigEndian<quint32>(h + 68)))
        , validFor(qFromBigEndian<quint32>(h + 92))
        , magic(std::memcmp(h, "SQLite format 3", 16) == 0)
    {
    }
    bool validPageSize() const { return pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) == 0; }

    quint32 pageSize;
    quint32 changeCounter;
    quint32 pages; // valid only when validFor == changeCounter
    qint32 userVersion;
    qint32 applicationId;
    quint32 validFor;
    bool magic;
};

// The checks of one file; each returns an empty string when it passes, else the refusal.
class Probe {
public:
    Probe(const QString &path, bool forWriting) : mPath(path), mForWriting(forWriting) {}

    R run();
    // run() refused because another connection is writing in rollback-journal mode.
    bool busyJournal() const { return mBusyJournal; }

private:
    QString refuse(const QString &why) const { return QStringLiteral("%1: %2; %3").arg(mPath, why, QLatin1String(kLeftUntouched)); }
    QString walName() const { return QFileInfo(mPath).fileName() + QStringLiteral("-wal"); }
    QString moveWalAway() const
    {
        return QStringLiteral("Mapline left both files untouched. To open the database as it is without its -wal, "
                              "move %1 away; keep a copy of both files first")
            .arg(walName());
    }
    QString checkSchema(qint32 userVersion, qint32 applicationId, qint64 tables) const;
    QString checkTruncated(const Header &h, qint64 size, const WalFile *wal) const;
    QString checkWal(const Header &h, qint64 size, WalFile &wal, const struct stat &db, const struct stat &walStat);

    QString mPath;
    bool mForWriting;
    bool mBusyJournal = false;
    RawConnection mDb;
};

QString Probe::checkSchema(qint32 userVersion, qint32 applicationId, qint64 tables) const
{
    if (userVersion > schema::latestVersion())
        return QStringLiteral("%1: the database has schema version %2, newer than this program knows (%3); use a "
                              "newer Mapline. The file was left untouched.")
            .arg(mPath).arg(userVersion).arg(schema::latestVersion());
    if (userVersion > 0 && applicationId != schema::kApplicationId)
        return refuse(QStringLiteral("a SQLite database of another program, not a Mapline database"));
    if (userVersion == 0 && tables != 0)
        return refuse(QStringLiteral("a SQLite database of another program, not a Mapline database"));
    if (userVersion == 0 && !mForWriting)
        return QStringLiteral("%1: an empty database cannot be opened read-only").arg(mPath);
    return {};
}

// A file cut short (a failed copy, a full disk during a backup). Without a -wal, the header's
// page count (valid when "version-valid-for", offset 92, equals the change counter, offset 24)
// says how long it must be. With one, the database is as long as the -wal's last commit says,
// and every page past the end of the file must be in the -wal. SQLite itself would open such a
// file and fail later, possibly after writing into it. See tst_dbfaults truncatedDatabase and
// tst_walsafety truncatedWithItsWal.
QString Probe::checkTruncated(const Header &h, qint64 size, const WalFile *wal) const
{
    const qint64 pageSize = h.pageSize;
    if (!wal || wal->databasePages() == 0) {
        if (h.validFor == h.changeCounter && h.pages > 0 && size < qint64(h.pages) * pageSize)
            return refuse(QStringLiteral("the file is truncated (%1 bytes where the database says %2)")
                              .arg(size).arg(qint64(h.pages) * pageSize));
        return {};
    }
    const qint64 filePages = size / pageSize;
    const qint64 needed = wal->databasePages();
    qint64 missing = 0, first = 0;
    if (needed - filePages > wal->pageFrames().size()) {
        missing = needed - filePages - wal->pageFrames().size(); // at least
        first = filePages + 1;
        while (wal->pageFrames().contains(quint32(first)))
            ++first;
    } else {
        for (qint64 p = filePages + 1; p <= needed; ++p) {
            if (!wal->pageFrames().contains(quint32(p))) {
                if (missing++ == 0)
                    first = p;
            }
        }
    }
    if (missing == 0)
        return {};
    // The file shorter than its own header says: cut short. As long as it says: the -wal
    // describes a larger database than this one ever was.
    if (h.validFor == h.changeCounter && h.pages > filePages)
        return refuse(QStringLiteral("the file is truncated (%1 bytes where the database says %2; with %3 the database "
                                     "has %4 pages of %5 bytes, and page %6 is in neither file)")
                          .arg(size).arg(qint64(h.pages) * pageSize).arg(walName()).arg(needed).arg(pageSize).arg(first));
    return QStringLiteral("%1: %2 beside it does not belong to this database: it describes a database of %3 pages, and "
                          "page %4 is neither in it nor in the file (%5 pages, as its header says). %6.")
        .arg(mPath, walName()).arg(needed).arg(first).arg(filePages).arg(moveWalAway());
}

// A -wal that no other connection holds: SQLite would replay it into the database on the next
// open. It must be this database's.
QString Probe::checkWal(const Header &h, qint64 size, WalFile &wal, const struct stat &db, const struct stat &walStat)
{
    if (wal.pageSize() != h.pageSize)
        return QStringLiteral("%1: %2 beside it does not belong to this database: its pages are %3 bytes, the "
                              "database's %4 (a write-ahead log of another database). %5.")
            .arg(mPath, walName()).arg(wal.pageSize()).arg(h.pageSize).arg(moveWalAway());
    if (wal.databasePages() == 0)
        return {}; // no commit: SQLite ignores the log, and so may we
    // The first page as the log would leave it: the header of the same database.
    if (const auto first = wal.pageFrames().constFind(1); first != wal.pageFrames().constEnd()) {
        const Result<QByteArray> page = wal.frameData(first->last());
        if (!page)
            return page.error();
        const Header walHeader(page->constData());
        QString why;
        if (!walHeader.magic)
            why = QStringLiteral("its first page is not a SQLite database header");
        else if (walHeader.pageSize != h.pageSize)
            why = QStringLiteral("its first page says pages of %1 bytes, the database's are %2")
                      .arg(walHeader.pageSize).arg(h.pageSize);
        else if (h.applicationId != 0 && walHeader.applicationId != h.applicationId)
            why = QStringLiteral("its first page is another program's database (application id %1, the database's %2)")
                      .arg(walHeader.applicationId).arg(h.applicationId);
        if (!why.isEmpty())
            return QStringLiteral("%1: %2 beside it does not belong to this database: %3. %4.")
                .arg(mPath, walName(), why, moveWalAway());
    }
    // A log last written before the database file was: legitimate only when SQLite was copying
    // it into the database (a checkpoint) when it stopped, and a checkpoint copies pages in
    // order, so at least one page of the database is then the log's. A log left beside a copy
    // of the database made later (a backup restored), or copied from another database, has
    // none of its pages in the file.
    if (newer(db, walStat)) {
        QList<quint32> pages = wal.pageFrames().keys();
        std::sort(pages.begin(), pages.end());
        QByteArray own(qsizetype(h.pageSize), Qt::Uninitialized);
        bool checkpointed = false;
        for (quint32 p : pages) {
            if (qint64(p) * h.pageSize > size)
                break;
            if (!mDb.read(own.data(), int(h.pageSize), qint64(p - 1) * h.pageSize))
                return QStringLiteral("%1: cannot read: %2").arg(mPath, mDb.error());
            for (qint64 at : wal.pageFrames().value(p)) {
                const Result<QByteArray> frame = wal.frameData(at);
                if (!frame)
                    return frame.error();
                if (*frame == own) {
                    checkpointed = true;
                    break;
                }
            }
            if (checkpointed)
                break;
        }
        if (!checkpointed)
            return QStringLiteral("%1: %2 beside it is older than the database and none of its %3 pages is in it: "
                                  "a write-ahead log left from another copy of this database, or from another "
                                  "database; SQLite would mix it into the file. %4 (if you know it belongs to this "
                                  "database, open the database once with sqlite3 to apply it).")
                .arg(mPath, walName()).arg(pages.size()).arg(moveWalAway());
    }
    return {};
}

R Probe::run()
{
    Outcome outcome;
    const QByteArray native = QFile::encodeName(mPath);
    struct stat st;
    if (::stat(native.constData(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return outcome; // Absent
        return R::failure(QStringLiteral("%1: cannot be read: %2").arg(mPath, QString::fromLocal8Bit(std::strerror(errno))));
    }
    if (S_ISDIR(st.st_mode))
        return R::failure(QStringLiteral("%1: is a folder, not a database file").arg(mPath));
    // [reliability] A FIFO blocks the open for ever, a character device (/dev/null) gets a
    // -journal beside it: neither is opened. See tst_walsafety notRegularFiles.
    if (!S_ISREG(st.st_mode))
        return R::failure(QStringLiteral("%1: is %2, not a regular file; Mapline keeps its database in a regular file "
                                         "and did not open it")
                              .arg(mPath, fileTypeName(st.st_mode)));
    // SQLite keeps the -wal and -shm beside the file a symbolic link points to.
    const QString real = QFileInfo(mPath).canonicalFilePath();
    const QString walPath = (real.isEmpty() ? mPath : real) + QStringLiteral("-wal");
    struct stat walStat;
    const bool walExists = ::stat(QFile::encodeName(walPath).constData(), &walStat) == 0;
    for (const QString &companion : {walPath, (real.isEmpty() ? mPath : real) + QStringLiteral("-shm")}) {
        struct stat cs;
        if (::stat(QFile::encodeName(companion).constData(), &cs) == 0 && !S_ISREG(cs.st_mode))
            return R::failure(refuse(QStringLiteral("%1 beside it is %2, not a regular file")
                                         .arg(QFileInfo(companion).fileName(), fileTypeName(cs.st_mode))));
    }
    const bool hasWal = walExists && walStat.st_size > 0;
    if (st.st_size == 0) {
        // SQLite deletes the -wal of an empty database on its first write.
        if (hasWal)
            return R::failure(QStringLiteral("%1: the file is empty, but %2 beside it holds %3 bytes: the database "
                                             "lost its content (a failed copy?). Mapline left both files untouched; "
                                             "restore the database from a backup, or move %2 away to start a new one")
                                  .arg(mPath, walName()).arg(walStat.st_size));
        outcome.state = DatabaseProbe::State::Empty;
        return outcome;
    }
    outcome.state = DatabaseProbe::State::Existing;

    const bool writable = ::access(native.constData(), W_OK) == 0;
    if (const int rc = mDb.open(mPath, writable); rc != SQLITE_OK)
        return R::failure(QStringLiteral("%1: cannot open: %2").arg(mPath, mDb.error()));
    // A -journal: a write in rollback-journal mode, which Mapline uses only for a large dataset
    // file's transaction into a new or small database (eventstore_dataset.cpp, RollbackJournal).
    // Live (its writer holds the RESERVED lock): the file on disk is half written and other
    // connections are kept out until the commit; say so (after a short wait: DatabaseProbe::run) rather than wait for minutes. Hot (left by a
    // killed import): SQLite plays it back on the first read by a connection that can write,
    // which restores the database as it was before the import; do it now, so that the checks
    // below read the database and not the half-written file.
    if (const QString journal = (real.isEmpty() ? mPath : real) + QStringLiteral("-journal");
        QFileInfo(journal).size() > 0) {
        const QString busy = QStringLiteral("%1: is being written by another process in one transaction (%2 beside it: "
                                            "a large dataset file imported into a new or small database, which keeps "
                                            "other connections out until it ends); open it once the import has finished")
                                 .arg(mPath, QFileInfo(journal).fileName());
        if (mDb.reservedByAnyone()) {
            mBusyJournal = true;
            return R::failure(busy);
        }
        if (!writable || !mDb.writable())
            return R::failure(QStringLiteral("%1: %2 beside it holds an interrupted write (a killed import) that SQLite "
                                             "must roll back, and the file cannot be written here; open it once where "
                                             "it can be written (the rollback restores it as it was before that import)")
                                  .arg(mPath, QFileInfo(journal).fileName()));
        const int rc = mDb.run("SELECT count(*) FROM sqlite_master");
        if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) {
            mBusyJournal = true;
            return R::failure(busy);
        }
        if (rc != SQLITE_OK)
            return R::failure(QStringLiteral("%1: cannot roll back the interrupted write in %2: %3")
                                  .arg(mPath, QFileInfo(journal).fileName(), mDb.error()));
    }
    char bytes[100] = {};
    if (!mDb.read(bytes, sizeof bytes, 0))
        return R::failure(QStringLiteral("%1: cannot read: %2").arg(mPath, mDb.error()));
    const qint64 size = mDb.fileSize();
    const Header header(bytes);
    if (size < 16 || !header.magic)
        return R::failure(refuse(QStringLiteral("not a SQLite database")));
    if (size < 512)
        return R::failure(refuse(QStringLiteral("the file is truncated (%1 bytes)").arg(size)));
    if (!header.validPageSize())
        return R::failure(refuse(QStringLiteral("not a SQLite database (its header is damaged: page size %1)")
                                     .arg(header.pageSize)));

    if (!hasWal) {
        // Nothing but the file: its header says everything the checks need. The schema is empty
        // when page 1 (the schema table) is a leaf without cells.
        if (const QString why = checkTruncated(header, size, nullptr); !why.isEmpty())
            return R::failure(why);
        char page1[8] = {};
        if (!mDb.read(page1, sizeof page1, 100))
            return R::failure(QStringLiteral("%1: cannot read: %2").arg(mPath, mDb.error()));
        const qint64 tables = page1[0] == 0x0D ? qFromBigEndian<quint16>(page1 + 3) : 1;
        if (const QString why = checkSchema(header.userVersion, header.applicationId, tables); !why.isEmpty())
            return R::failure(why);
        return outcome;
    }

    // A -wal. When another connection has the database open, its -wal is live and SQLite's view
    // of it is right by definition: the connection that opens normally after the probe checks
    // the schema. Otherwise (exclusive lock granted), this connection reads the database as
    // SQLite would replay it, with a WAL index of its own memory.
    bool exclusive = false;
    QString readError;
    QStringList schemaRow;
    if (writable && mDb.writable()) {
        if (mDb.run("PRAGMA locking_mode=EXCLUSIVE") != SQLITE_OK || mDb.run("PRAGMA query_only=1") != SQLITE_OK)
            return R::failure(QStringLiteral("%1: cannot read: %2").arg(mPath, mDb.error()));
        const int rc = mDb.run("SELECT count(*) FROM sqlite_master");
        if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) {
            outcome.walInUse = true;
            return outcome;
        }
        exclusive = true;
        if (rc != SQLITE_OK)
            readError = mDb.error();
    }
    WalFile wal(walPath);
    if (Status s = wal.read(); !s)
        return R::failure(s.error());
    if (!wal.validHeader()) {
        // SQLite ignores such a file, and writes over it on the next write.
        const QString why = QStringLiteral("%1 beside it is not a write-ahead log SQLite can use (%2)")
                                .arg(walName(), wal.headerProblem());
        if (mForWriting)
            return R::failure(QStringLiteral("%1: %2: SQLite would write over it. Mapline left both files untouched; "
                                             "move %3 away if it is not needed")
                                  .arg(mPath, why, walName()));
        outcome.warnings << QStringLiteral("%1: %2; the database is read without it").arg(mPath, why);
    } else {
        if (const QString why = checkWal(header, size, wal, st, walStat); !why.isEmpty())
            return R::failure(why);
    }
    if (const QString why = checkTruncated(header, size, wal.validHeader() ? &wal : nullptr); !why.isEmpty())
        return R::failure(why);
    if (!exclusive) {
        // The file is not writable here: the header on disk (or the -wal's page 1) says the schema.
        Header current = header;
        QByteArray page1;
        if (wal.validHeader() && wal.pageFrames().contains(1)) {
            const Result<QByteArray> p = wal.frameData(wal.pageFrames().value(1).last());
            if (!p)
                return R::failure(p.error());
            page1 = *p;
            current = Header(page1.constData());
        }
        // Version 0 (no schema yet) is left to the connection that opens it next.
        if (current.userVersion != 0) {
            if (const QString why = checkSchema(current.userVersion, current.applicationId, 0); !why.isEmpty())
                return R::failure(why);
        }
        return outcome;
    }
    // The database as SQLite would see it with the -wal applied.
    if (readError.isEmpty() &&
        mDb.run("SELECT (SELECT count(*) FROM sqlite_master) || ' ' || (SELECT user_version FROM pragma_user_version) || "
                "' ' || (SELECT application_id FROM pragma_application_id)",
                &schemaRow) != SQLITE_OK)
        readError = mDb.error();
    // integrity_check also compares every index with its table, which a -wal of another Mapline
    // database of the same shape (whose pages fit this file's structure) does not pass; it costs
    // about 30 ms a MB (6 s for a 220 MB database on a loaded 2-core machine), quick_check a
    // fifth of that. Past kFullCheckBytes only the structure is checked: a foreign -wal on a large
    // database breaks it.
    QStringList problems;
    const char *check = size <= kFullCheckBytes ? "PRAGMA integrity_check(3)" : "PRAGMA quick_check(3)";
    if (readError.isEmpty() && wal.validHeader() && wal.committedFrames() > 0 && mDb.run(check, &problems) != SQLITE_OK)
        readError = mDb.error();
    problems.removeAll(QStringLiteral("ok"));
    if (!readError.isEmpty() || !problems.isEmpty())
        return R::failure(QStringLiteral("%1: with %2 beside it applied, the database is damaged (%3): the -wal is from "
                                         "another database or another copy of this one, or the database itself is "
                                         "damaged. %4")
                              .arg(mPath, walName(), readError.isEmpty() ? problems.join(QStringLiteral("; ")) : readError,
                                   moveWalAway()));
    const QStringList fields = schemaRow.value(0).split(QLatin1Char(' '));
    if (const QString why = checkSchema(fields.value(1).toInt(), fields.value(2).toInt(), fields.value(0).toLongLong());
        !why.isEmpty())
        return R::failure(why);
    return outcome;
}

} // namespace

Result<DatabaseProbe::Outcome> DatabaseProbe::run(const QString &path, bool forWriting)
{
    // A live -journal is most often a new database's first transaction (its schema, written by
    // another Mapline process started at the same moment: two imports into one new file), which
    // lasts milliseconds: wait a little before calling the database busy. A large dataset file's
    // import holds its journal for minutes, and is reported after this wait.
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        Probe probe(path, forWriting);
        R outcome = probe.run();
        if (outcome || !probe.busyJournal() || waited.elapsed() >= kBusyJournalWaitMs)
            return outcome;
        QThread::msleep(20);
    }
}

} // namespace mapline
