#include "store/pg/pgindexcopy.h"

#include "index/indexlog.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgindexcache.h"
#include "store/pg/pgindexdelta.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QtEndian>

#include <libpq-fe.h>

namespace mapline::pg::pgindexcopy {
namespace {

// The store and database the copy was written in: the store's random id and the database's oid,
// so a copy restored with the tables into another database (whose transaction ids are another
// server's) is never brought up to date by a delta that cannot vouch for it.
const QString kStoreId = QStringLiteral(
    "((SELECT database_id FROM mapline_changes WHERE id = 1) || ':' || (SELECT oid::text FROM pg_database WHERE datname = "
    "current_database()))");

const QString kWhat = QStringLiteral("reading the server's copy of the index");
const QString kWriteWhat = QStringLiteral("writing the server's copy of the index");

template <typename T> void appendBigEndian(QByteArray &out, T value)
{
    char bytes[sizeof(T)];
    qToBigEndian(value, bytes);
    out.append(bytes, sizeof(T));
}

// Reads every part in order, in binary, one row at a time (single-row mode: a part in memory at
// once), handing each to `part`. Inside the caller's transaction.
Status readParts(PgConnection &c, const std::function<Status(qint64 number, const char *data, qsizetype bytes)> &part)
{
    pg_conn *conn = c.handle();
    if (PQsendQueryParams(conn, "SELECT part, bytes FROM index_copy_parts ORDER BY part", 0, nullptr, nullptr, nullptr,
                          nullptr, 1) != 1)
        return Status::failure(c.failure(kWhat));
    PQsetSingleRowMode(conn);
    Status status;
    while (PGresult *raw = PQgetResult(conn)) {
        const ExecStatusType kind = PQresultStatus(raw);
        if (kind == PGRES_SINGLE_TUPLE && status) {
            if (PQgetlength(raw, 0, 0) != 4 || PQgetisnull(raw, 0, 1)) {
                status = Status::failure(QStringLiteral("%1: %2: a part of another shape").arg(c.url(), kWhat));
            } else {
                const qint64 number = qFromBigEndian<qint32>(PQgetvalue(raw, 0, 0));
                status = part(number, PQgetvalue(raw, 0, 1), PQgetlength(raw, 0, 1));
            }
        } else if (kind != PGRES_SINGLE_TUPLE && kind != PGRES_TUPLES_OK && status) {
            status = Status::failure(QStringLiteral("%1: %2: %3")
                                         .arg(c.url(), kWhat, QString::fromUtf8(PQresultErrorMessage(raw)).trimmed()));
        }
        PQclear(raw); // every result is taken, so the connection is ready for the next statement
    }
    return status;
}

// The copy downloaded into `path`, its header naming the store as `current` does, opened.
Result<std::shared_ptr<const EventIndex>> fetch(PgConnection &c, const IndexStamp &current,
                                                const IndexLoadOptions &options, const QString &path,
                                                PgIndexPosition *position, qint64 *bytes, qint64 *ageSeconds, QString *why)
{
    QElapsedTimer timer;
    timer.start();
    using R = Result<std::shared_ptr<const EventIndex>>;
    const auto none = [why](const QString &reason) {
        *why = reason;
        return std::shared_ptr<const EventIndex>();
    };
    if (Status s = c.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"), kWhat); !s)
        return R::failure(s.error());
    const auto end = [&c](bool commit) { return c.exec(commit ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"), kWhat); };
    // A role that may not read the copy reads every event instead: no failure.
    const Result<PgResult> allowed = c.query(
        QStringLiteral("SELECT COALESCE(has_table_privilege(to_regclass('index_copy'), 'SELECT') AND "
                       "has_table_privilege(to_regclass('index_copy_parts'), 'SELECT'), false)"),
        kWhat);
    if (!allowed) {
        end(false);
        return R::failure(allowed.error());
    }
    if (allowed->string(0, 0) != u"t") {
        end(false);
        return none(QStringLiteral("this role may not read the server's copy of the index (or its tables are missing)"));
    }
    Result<State> st = state(c);
    if (!st) {
        end(false);
        return R::failure(st.error());
    }
    const auto refuse = [&](const QString &reason) {
        end(false);
        return none(reason);
    };
    if (!st->present)
        return refuse(QStringLiteral("the server holds no copy of the index"));
    if (!st->ours)
        return refuse(QStringLiteral("the server's copy was written in another database (restored from a dump?)"));
    if (st->format != PersistentIndex::kFormat)
        return refuse(QStringLiteral("the server's copy is of another format (%1; this program reads %2)")
                          .arg(st->format)
                          .arg(PersistentIndex::kFormat));
    if (st->position.stamp.userVersion != current.userVersion || st->position.stamp.schemaCookie != current.schemaCookie)
        return refuse(QStringLiteral("the server's copy was made for another state of the schema"));

    QString folderWhy;
    if (!pgindexcache::prepareFolder(QFileInfo(path).path(), &folderWhy))
        return refuse(folderWhy);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return refuse(QStringLiteral("%1: cannot write the index copy: %2").arg(path, out.errorString()));
    qint64 expected = 0, written = 0;
    const Status read = readParts(c, [&](qint64 number, const char *data, qsizetype size) -> Status {
        if (number != expected)
            return Status::failure(QStringLiteral("part %1 where %2 was expected").arg(number).arg(expected));
        ++expected;
        if (number == 0) {
            // The header names the store as the copy's writer saw it: named as this client sees it.
            QByteArray head(data, std::min<qsizetype>(size, PersistentIndex::headerBytes()));
            if (Status s = PersistentIndex::restampHeader(head, current.databaseId); !s)
                return s;
            if (out.write(head) != head.size() ||
                out.write(data + head.size(), size - head.size()) != size - head.size())
                return Status::failure(QStringLiteral("%1: cannot write the index copy: %2").arg(path, out.errorString()));
        } else if (out.write(data, size) != size) {
            return Status::failure(QStringLiteral("%1: cannot write the index copy: %2").arg(path, out.errorString()));
        }
        written += size;
        return {};
    });
    // The connection's own failure (the server's) fails the load; a copy of another shape does not.
    const bool serverFailed = !read && PQstatus(c.handle()) != CONNECTION_OK;
    const Status ended = end(read.ok());
    if (serverFailed)
        return R::failure(read.error());
    if (!read || expected != st->parts || written != st->bytes) {
        out.cancelWriting();
        if (!ended)
            return R::failure(ended.error());
        return none(read ? QStringLiteral("the server's copy is incomplete (%1 parts, %2 bytes, where its row says %3 and %4)")
                               .arg(expected)
                               .arg(written)
                               .arg(st->parts)
                               .arg(st->bytes)
                         : QStringLiteral("the server's copy is damaged (%1)").arg(read.error()));
    }
    if (!ended)
        return R::failure(ended.error());
    const qint64 received = timer.elapsed();
    if (!out.commit())
        return none(QStringLiteral("%1: cannot write the index copy: %2").arg(path, out.errorString()));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    *bytes = written;
    const qint64 committed = timer.elapsed();

    IndexStamp at = st->position.stamp;
    at.databaseId = current.databaseId;
    auto index = PersistentIndex::open(path, at, options.positionsFingerprint);
    if (!index) {
        QFile::remove(path); // never mapped by a later open as if it were this client's copy
        return none(index.error());
    }
    *position = st->position;
    position->stamp = at;
    *ageSeconds = st->ageSeconds;
    qCInfo(lcIndex).noquote() << c.url() << "the server's copy: received and written in" << received << "ms, committed in"
                              << committed - received << "ms, mapped and checked in" << timer.elapsed() - committed << "ms";
    return std::move(index).value();
}

} // namespace

QStringList migration()
{
    return {
        QStringLiteral(R"(CREATE TABLE index_copy (
            id integer PRIMARY KEY CHECK (id = 1),
            store_id text NOT NULL,
            format integer NOT NULL,
            snapshot text NOT NULL,
            generation bigint NOT NULL,
            schema_cookie bigint NOT NULL,
            user_version bigint NOT NULL,
            max_event_id bigint NOT NULL,
            events bigint NOT NULL,
            bytes bigint NOT NULL,
            parts integer NOT NULL,
            written_at timestamptz NOT NULL DEFAULT now()))"),
        QStringLiteral("CREATE TABLE index_copy_parts (part integer PRIMARY KEY, bytes bytea NOT NULL)"),
        // Out of line, uncompressed: a part is read and written whole, and compresses little.
        QStringLiteral("ALTER TABLE index_copy_parts ALTER COLUMN bytes SET STORAGE EXTERNAL"),
    };
}

Result<State> state(PgConnection &c)
{
    using R = Result<State>;
    const Result<PgResult> r = c.query(
        QStringLiteral("SELECT format, snapshot, generation, schema_cookie, user_version, max_event_id, events, bytes, parts, "
                       "written_at::text, store_id = %1, extract(epoch FROM now() - written_at)::bigint FROM index_copy "
                       "WHERE id = 1")
            .arg(kStoreId),
        kWhat);
    if (!r)
        return R::failure(r.error());
    State s;
    if (r->rows() == 0)
        return s;
    s.present = true;
    s.format = r->int64(0, 0);
    s.position.snapshot = r->string(0, 1);
    s.position.whole = true;
    s.position.stamp.generation = r->int64(0, 2);
    s.position.stamp.schemaCookie = r->int64(0, 3);
    s.position.stamp.userVersion = r->int64(0, 4);
    s.position.stamp.maxEventId = r->int64(0, 5);
    s.events = r->int64(0, 6);
    s.bytes = r->int64(0, 7);
    s.parts = r->int64(0, 8);
    s.writtenAt = r->string(0, 9);
    s.ours = r->string(0, 10) == u"t";
    s.ageSeconds = r->int64(0, 11);
    return s;
}

Result<Loaded> load(PgConnection &c, const IndexStamp &current, const IndexLoadOptions &options, const QString &cachePath)
{
    using R = Result<Loaded>;
    QElapsedTimer timer;
    timer.start();
    Loaded loaded;
    PgIndexPosition at;
    qint64 ageSeconds = 0;
    Result<std::shared_ptr<const EventIndex>> fetched =
        fetch(c, current, options, cachePath, &at, &loaded.bytes, &ageSeconds, &loaded.why);
    if (!fetched)
        return R::failure(fetched.error());
    if (!fetched.value())
        return loaded;
    const qint64 downloaded = timer.elapsed();
    const std::shared_ptr<const EventIndex> copy = std::move(fetched).value();
    qCInfo(lcIndex).noquote() << c.url() << "the server's copy downloaded:" << copy->size() << "events," << loaded.bytes / 1024
                              << "KiB in" << downloaded << "ms, of change" << at.stamp.generation << "(now" << current.generation
                              << ")";
    Result<PgIndexDelta> delta = loadEventIndexDelta(c, copy, at, options);
    if (!delta)
        return R::failure(delta.error());
    if (delta->outcome == PgIndexDelta::Outcome::NeedsFullLoad) {
        QFile::remove(cachePath); // of an older state: the full load writes the current one
        loaded.why = QStringLiteral("the server's copy cannot be brought up to date (%1)").arg(delta->why);
        return loaded;
    }
    loaded.index = delta->index;
    loaded.position = delta->position;
    loaded.deltaApplied = delta->outcome == PgIndexDelta::Outcome::Applied;
    loaded.deltaRows = delta->eventRows;
    qCInfo(lcIndex).noquote() << c.url() << "from the server's copy:" << loaded.index->size() << "events in" << timer.elapsed()
                              << "ms;" << (loaded.deltaApplied ? QStringLiteral("a delta of %1 event rows, %2 removed")
                                                                     .arg(delta->eventRows)
                                                                     .arg(delta->removed)
                                                               : QStringLiteral("current"));
    // The delta is paid by every client after this one until the copy is written again: this
    // client writes it when the delta was large or the copy is older than ten minutes (the delta
    // wrote its cached copy for the new state, pgindexdelta.h, which is what is sent).
    const qint64 changed = delta->eventRows + delta->removed;
    const bool large = changed * kRefreshShareDivisor > std::max<qint64>(copy->size(), 1);
    if (loaded.deltaApplied && (large || ageSeconds >= kRefreshAfterSeconds) &&
        loaded.index->size() >= options.persistFromEvents && QFileInfo::exists(cachePath)) {
        const Result<bool> stored = store(c, cachePath, loaded.position, loaded.index->size(), false);
        if (!stored)
            qCWarning(lcIndex).noquote() << stored.error();
        loaded.refreshed = stored && stored.value();
    }
    return loaded;
}

Result<bool> store(PgConnection &c, const QString &file, const PgIndexPosition &position, qint64 events, bool replaceEqual,
                   QString *why)
{
    using R = Result<bool>;
    QElapsedTimer timer;
    timer.start();
    const auto skip = [&c, why](const QString &reason) {
        qCInfo(lcIndex).noquote() << c.url() << "the server's copy of the index is not written:" << reason;
        if (why)
            *why = reason;
        return false;
    };
    if (!position.isValid() || !position.whole)
        return skip(QStringLiteral("the index has no position"));
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return skip(QStringLiteral("%1: %2").arg(file, in.errorString()));
    const qint64 size = in.size();
    // The file must be the index of `position` (a cached copy whose rewrite failed is an older one).
    {
        const Result<IndexStamp> written = PersistentIndex::stampOf(in.read(PersistentIndex::headerBytes()));
        const IndexStamp &at = position.stamp;
        if (!written)
            return skip(QStringLiteral("%1: %2").arg(file, written.error()));
        if (written->generation != at.generation || written->schemaCookie != at.schemaCookie ||
            written->userVersion != at.userVersion || written->maxEventId != at.maxEventId)
            return skip(QStringLiteral("%1 is not the index of this state of the store").arg(file));
        in.seek(0);
    }

    if (Status s = c.exec(QStringLiteral("BEGIN"), kWriteWhat); !s)
        return R::failure(s.error());
    const auto rollback = [&c] { c.exec(QStringLiteral("ROLLBACK"), kWriteWhat); };
    const Result<PgResult> allowed =
        c.query(QStringLiteral("SELECT COALESCE(has_table_privilege(to_regclass('index_copy'), 'SELECT, INSERT, UPDATE') AND "
                               "has_table_privilege(to_regclass('index_copy_parts'), 'INSERT, DELETE'), false), "
                               "pg_try_advisory_xact_lock($1)"),
                {QString::number(kLockKey)}, kWriteWhat);
    if (!allowed) {
        rollback();
        return R::failure(allowed.error());
    }
    if (allowed->string(0, 0) != u"t") {
        rollback();
        return skip(QStringLiteral("this role may not write it (or its tables are missing)"));
    }
    if (allowed->string(0, 1) != u"t") {
        rollback();
        return skip(QStringLiteral("another client is writing it"));
    }
    const Result<State> there = state(c);
    if (!there) {
        rollback();
        return R::failure(there.error());
    }
    const IndexStamp &ours = position.stamp;
    if (there->present && there->ours && there->format == PersistentIndex::kFormat && there->position.stamp.userVersion == ours.userVersion &&
        there->position.stamp.schemaCookie == ours.schemaCookie &&
        (there->position.stamp.generation > ours.generation ||
         (there->position.stamp.generation == ours.generation && !replaceEqual))) {
        rollback();
        return skip(QStringLiteral("the server's copy is as new (change %1)").arg(there->position.stamp.generation));
    }

    // Every part in one COPY (binary: the bytes as they are), then the row, then COMMIT: a reader
    // sees the old copy whole until then, and the new one whole after.
    qint64 parts = 0;
    Status s = c.exec(QStringLiteral("DELETE FROM index_copy_parts"), kWriteWhat);
    if (s)
        s = c.copyInBegin(QStringLiteral("COPY index_copy_parts (part, bytes) FROM STDIN (FORMAT binary)"), kWriteWhat);
    if (s) {
        QByteArray piece("PGCOPY\n\377\r\n\0", 11);
        appendBigEndian<qint32>(piece, 0); // flags
        appendBigEndian<qint32>(piece, 0); // header extension
        qint64 sent = 0;
        while (s && sent < size) {
            const QByteArray data = in.read(kPartBytes);
            if (data.isEmpty()) {
                s = Status::failure(QStringLiteral("%1: %2").arg(file, in.errorString()));
                break;
            }
            appendBigEndian<qint16>(piece, 2);
            appendBigEndian<qint32>(piece, 4);
            appendBigEndian<qint32>(piece, qint32(parts));
            appendBigEndian<qint32>(piece, qint32(data.size()));
            s = c.copyInSend(piece);
            if (s)
                s = c.copyInSend(data);
            piece.clear();
            sent += data.size();
            ++parts;
        }
        if (s) {
            appendBigEndian<qint16>(piece, -1);
            s = c.copyInSend(piece);
        }
        if (s)
            s = c.copyInEnd();
        else
            c.copyInAbort();
    }
    if (s) {
        const Result<PgResult> row = c.query(
            QStringLiteral("INSERT INTO index_copy (id, store_id, format, snapshot, generation, schema_cookie, user_version, "
                           "max_event_id, events, bytes, parts) VALUES (1, %1, $1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) "
                           "DO UPDATE SET store_id = EXCLUDED.store_id, format = EXCLUDED.format, snapshot = EXCLUDED.snapshot, generation = EXCLUDED.generation, "
                           "schema_cookie = EXCLUDED.schema_cookie, user_version = EXCLUDED.user_version, max_event_id = "
                           "EXCLUDED.max_event_id, events = EXCLUDED.events, bytes = EXCLUDED.bytes, parts = EXCLUDED.parts, "
                           "written_at = now()")
                .arg(kStoreId),
            {QString::number(PersistentIndex::kFormat), position.snapshot, QString::number(ours.generation),
             QString::number(ours.schemaCookie), QString::number(ours.userVersion), QString::number(ours.maxEventId),
             QString::number(events), QString::number(size), QString::number(parts)},
            kWriteWhat);
        if (!row)
            s = Status::failure(row.error());
    }
    if (s)
        s = c.exec(QStringLiteral("COMMIT"), kWriteWhat);
    if (!s) {
        rollback();
        // A role that may write the tables but not this way (a policy, a full disk) is told, never failed.
        qCWarning(lcIndex).noquote() << s.error();
        return skip(s.error());
    }
    qCInfo(lcIndex).noquote() << c.url() << "the server's copy of the index written:" << events << "events," << size / 1024
                              << "KiB in" << parts << "parts, of change" << ours.generation << "in" << timer.elapsed() << "ms";
    if (why)
        why->clear();
    return true;
}

Result<bool> refreshFromCache(PgConnection &c, const QString &file, const PgIndexPosition &position, qint64 events)
{
    using R = Result<bool>;
    if (!position.isValid() || position.stamp.userVersion < 5 || !QFileInfo::exists(file))
        return false;
    const Result<PgResult> allowed =
        c.query(QStringLiteral("SELECT COALESCE(has_table_privilege(to_regclass('index_copy'), 'SELECT, UPDATE'), false)"), kWhat);
    if (!allowed)
        return R::failure(allowed.error());
    if (allowed->string(0, 0) != u"t")
        return false;
    const Result<PgResult> there = c.query(
        QStringLiteral("SELECT generation < $1 AND extract(epoch FROM now() - written_at) >= $2 FROM index_copy WHERE id = 1"),
        {QString::number(position.stamp.generation), QString::number(kRefreshAfterSeconds)}, kWhat);
    if (!there)
        return R::failure(there.error());
    if (there->rows() == 0 || there->string(0, 0) != u"t")
        return false;
    return store(c, file, position, events, false);
}

Result<bool> store(PgConnection &c, const EventIndex &index, const PgIndexPosition &position, quint64 positionsFingerprint,
                   bool replaceEqual, QString *why)
{
    // Private to this user while it exists (QTemporaryDir is 0700), removed at once.
    QTemporaryDir dir;
    if (!dir.isValid()) {
        if (why)
            *why = QStringLiteral("no temporary folder: %1").arg(dir.errorString());
        return false;
    }
    const QString file = dir.filePath(QStringLiteral("index.mapline-index"));
    if (Status s = PersistentIndex::write(index, position.stamp, positionsFingerprint, file); !s) {
        if (why)
            *why = s.error();
        return false;
    }
    return store(c, file, position, index.size(), replaceEqual, why);
}

} // namespace mapline::pg::pgindexcopy
