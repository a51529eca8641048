#include "store/pg/pgdatasetwriter.h"

#include "index/indexlog.h"
#include "store/datasetkey.h"
#include "store/eventcolumns.h"
#include "store/pg/pgbulkload.h"
#include "store/fusionsync.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgfusion.h"
#include "store/pg/pgindexreader.h"
#include "store/pg/pgvalues.h"
#include "store/pg/pgwritelock.h"
#include "store/sharedtexts.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>
#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <span>
#include <thread>
#include <unordered_map>

namespace mapline::pg {
namespace {

// From how many new rows a file may be loaded without the indexes (pgbulkload.h).
constexpr qint64 kBulkLoadRows = 50000;

// The tables a file's rows are written to with ids the writer reserved.
const QStringList kRowTables = {QStringLiteral("events"), QStringLiteral("sentences"), QStringLiteral("event_actors")};

// COPY sends the rows in pieces of about this size.
constexpr qsizetype kCopyPiece = 256 * 1024;

// Values of one row as COPY's text format takes them, in the COPY's column order.
class CopyRowWriter {
public:
    explicit CopyRowWriter(QByteArray &out) : mOut(out) {}
    void text(const QString &value)
    {
        separate();
        // ASCII (nearly every value of a dataset's row): written straight from the UTF-16, its
        // escapes included, without a UTF-8 copy of its own (an allocation per field, about twenty
        // a row).
        const qsizetype n = value.size();
        const char16_t *const u = reinterpret_cast<const char16_t *>(value.utf16());
        if (std::all_of(u, u + n, [](char16_t c) { return c < 0x80; })) {
            const qsizetype at = mOut.size();
            mOut.resize(at + 2 * n); // an escape doubles a character at most
            char *out = mOut.data() + at;
            for (qsizetype i = 0; i < n; ++i) {
                const char c = char(u[i]);
                if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                    *out++ = '\\';
                    *out++ = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
                } else {
                    *out++ = c;
                }
            }
            mOut.resize(out - mOut.constData());
            return;
        }
        // The runs between the characters to escape appended whole (a byte at a time cost a
        // quarter of the client's instructions at 100,000 rows).
        const QByteArray utf8 = value.toUtf8();
        const char *run = utf8.constData();
        const char *const end = run + utf8.size();
        for (const char *p = run; p != end; ++p) {
            const char c = *p;
            if (c != '\\' && c != '\t' && c != '\n' && c != '\r')
                continue;
            mOut.append(run, p - run);
            mOut.append(c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r", 2);
            run = p + 1;
        }
        mOut.append(run, end - run);
    }
    void null()
    {
        separate();
        mOut += "\\N";
    }
    // NULL for a null QString (pgvalues.h's convention), else the text.
    void value(const QString &value) { value.isNull() ? null() : text(value); }
    void end() { mOut += '\n'; }

private:
    void separate()
    {
        if (mFirst)
            mFirst = false;
        else
            mOut += '\t';
    }
    QByteArray &mOut;
    bool mFirst = true;
};

// The separators of the actors packed in one staging column (a control character in a name is
// replaced by a space: it would split the name).
constexpr QChar kField(0x1F);
constexpr QChar kRecord(0x1E);
QString packed(QString value)
{
    value.replace(kField, QLatin1Char(' ')).replace(kRecord, QLatin1Char(' '));
    return value;
}

// The chosen rows (`chosen`: their seq numbers in the file's order, the first one's event id
// `firstEvent`, the next ones' following it) fused as the SQLite store fuses a file
// (eventstore_dataset.cpp): each row in the file's order joins the file's happenings or starts one
// (ids given as they start), then the file's happenings meet the stored ones near them, and what
// changed is written. The rows' own happenings go to `happeningOf` (by event id - firstEvent),
// which the events' COPY writes: each event is written once, with its happening.
Status fuseChosen(FusionReports &reports, PgFusion &fusion, const std::vector<qint64> &chosen, qint64 firstEvent,
                  std::vector<qint64> &happeningOf)
{
    HappeningFuser fuser(reports);
    qint64 firstNew = std::numeric_limits<qint64>::max();
    std::vector<int> written;
    written.reserve(chosen.size());
    qint32 first = std::numeric_limits<qint32>::max(), last = std::numeric_limits<qint32>::min();
    for (size_t row = 0; row < chosen.size(); ++row) {
        const int report = int(chosen[row] - 1);
        const qint64 event = firstEvent + qint64(row);
        if (report < 0 || report >= reports.size())
            return Status::failure(QStringLiteral("fusing the rows: row %1 was not read").arg(report + 1));
        reports[report].eventId = event;
        firstNew = std::min(firstNew, event);
        const int happening = fuser.add(report);
        // A happening's id is its first report's event id (fusion/fusionwriteplan.h): this row's,
        // when it starts one.
        if (!fuser.storedId(happening))
            fuser.setStoredId(happening, event);
        written.push_back(report);
        if (reports[report].dated() && reports[report].span() <= FusionRules::kMaxSpanDays) {
            first = std::min(first, reports[report].start);
            last = std::max(last, reports[report].end);
        }
    }
    const std::vector<int> fresh = fuser.roots();
    if (first <= last) {
        const Result<bool> overlap = fusion.anyHappeningWithin(first - 1, last + 1);
        if (!overlap)
            return Status::failure(overlap.error());
        if (*overlap) {
            const Result<QSet<qint64>> near = fusion.neighbours(written, {});
            if (!near)
                return Status::failure(near.error());
            if (Status s = fusion.loadStored(*near, fuser); !s)
                return s;
        }
    }
    fuser.stitch(fresh);
    std::vector<std::pair<qint64, qint64>> own;
    if (Status s = fusion.write(fuser, {}, firstNew, &own); !s)
        return s;
    happeningOf.assign(chosen.size(), 0);
    for (const auto &[event, happening] : own) {
        const qint64 at = event - firstEvent;
        if (at >= 0 && at < qint64(happeningOf.size()))
            happeningOf[size_t(at)] = happening;
    }
    return {};
}

// One row's columns in COPY's text format, as a byte array.
class CopyLine {
public:
    CopyLine &text(const QString &value)
    {
        mWriter.text(value);
        return *this;
    }
    CopyLine &value(const QString &value)
    {
        mWriter.value(value);
        return *this;
    }
    QByteArray take() { return std::move(mBytes); }

private:
    QByteArray mBytes;
    CopyRowWriter mWriter{mBytes};
};

// A NULL in COPY's text format, else the number.
void appendId(QByteArray &out, qint64 id)
{
    if (id > 0)
        out += QByteArray::number(id);
    else
        out += "\\N";
}

} // namespace

// The file's rows as read, before the lock (pgdatasetwriter.h): per row one record in a temporary
// file (its sentence's and event's columns in COPY's text format; its place's and actors' columns
// for the rare row whose place or actor is first named by a row left out), and in memory what
// choosing the rows and resolving their places and actors needs. Rows are numbered from 1 (seq).
class DatasetSpool {
public:
    // A place or actor of the file: its columns in COPY's text format as its first row names it.
    struct Named {
        QByteArray line;
        qint64 firstSeq = 0;
    };
    // Per row, whether it has a dataset key and whether its key came earlier in the file.
    enum KeyState : quint8 { NoKey = 0, FirstKey = 1, RepeatedKey = 2, StoredKey = 3 };
    // One row read back (views into the spool's buffer, valid during the callback).
    struct Record {
        QByteArrayView sentence; // "idx\t0\t0\ttext", empty when the row has no sentence
        QByteArrayView event;    // the event's columns from `type` on
        QByteArrayView place;    // the place's columns, empty when the row names none
        QVarLengthArray<QByteArrayView, 4> actorLines;   // each mention's actor's columns
        QVarLengthArray<QByteArrayView, 4> mentionTails; // each mention's span_start, span_end, role
    };

    Status open()
    {
        if (!mFile.open())
            return Status::failure(QStringLiteral("cannot write a temporary file in %1: %2")
                                       .arg(QDir::tempPath(), mFile.errorString()));
        // Its name removed at once where the system allows it (the open file stays readable): a
        // killed import leaves no file behind.
        QFile::remove(mFile.fileName());
        mBuffer.reserve(kSpoolChunk + 65536);
        return {};
    }
    qint64 rows() const { return qint64(keyState.size()); }

    void add(const DatasetInfo &info, const DatasetRow &row)
    {
        const qint64 seq = rows() + 1;
        const Event &e = row.event;
        // The dataset key: the first row of each key may be stored.
        const QString key = datasetkey::of(info.kind, row);
        KeyState state = NoKey;
        if (!key.isNull()) {
            // One lookup: a new key is inserted with 0, then given its row.
            const qsizetype before = keys.size();
            qint64 &first = keys[key];
            state = keys.size() > before ? FirstKey : RepeatedKey;
            if (state == FirstKey)
                first = seq;
        }
        keyState.push_back(state);

        // Its sentence: rows of the file with the same text share one sentence row (SharedTexts),
        // a group; the group's first row in the file carries the text in the spool, the others
        // only their line ("line\t0\t0\t"). Which row of a group writes the sentence (the first
        // one stored, whose line is its idx) is known once the rows are chosen.
        QByteArray sentence;
        qint32 group = kNoSentence;
        if (!text(e.sentence).isEmpty()) {
            sentence = QByteArray::number(row.line) + "\t0\t0\t";
            if (const std::optional<qint32> known = mTexts.find(e.sentence)) {
                group = *known;
            } else {
                CopyRowWriter(sentence).text(e.sentence);
                group = kOwnSentence;
                if (mTexts.remember(e.sentence, qint32(groupFirst.size()))) {
                    group = qint32(groupFirst.size());
                    groupFirst.push_back(seq);
                }
            }
        }
        sentenceGroup.push_back(group);

        const bool located = e.place.coordinate.isValid();
        const QString lon = located ? real(e.place.coordinate.longitude()) : QString();
        const QString lat = located ? real(e.place.coordinate.latitude()) : QString();
        const QString precision = toString(e.place.precision);
        CopyLine event;
        event.text(text(e.type))
            .text(text(e.acledEventType))
            .text(text(e.acledSubEventType))
            .text(text(e.cameoRoot))
            .value(isoDate(e.time.start))
            .value(isoDate(e.time.end))
            .text(toString(e.time.precision))
            .text(text(e.timeText))
            .text(text(e.placeText))
            .value(lon)
            .value(lat)
            .text(precision)
            .text(real(e.confidence))
            .text(text(row.cameoCode))
            .text(text(row.source))
            .text(text(row.externalId))
            .value(row.fatalities >= 0 ? QString::number(row.fatalities) : QString())
            .value(key);

        // As the SQLite store: a place row for any row that names a place, an area or a country,
        // one per (name, kind, admin1, country).
        QByteArray place;
        qint32 placeIndex = -1;
        if (!e.place.name.isEmpty() || !e.place.admin1.isEmpty() || !e.place.country.isEmpty()) {
            const QString name = text(e.place.name), admin1 = text(e.place.admin1), country = text(e.place.country);
            place = CopyLine()
                        .text(name)
                        .text(precision)
                        .text(admin1)
                        .text(text(e.place.admin2))
                        .text(country)
                        .value(lon)
                        .value(lat)
                        .value(e.place.gazetteerId ? QString::number(e.place.gazetteerId) : QString())
                        .text(text(e.place.source))
                        .take();
            const QString placeKey = name + QChar(0) + precision + QChar(0) + admin1 + QChar(0) + country;
            auto [it, fresh] = placeIndexOf.try_emplace(placeKey, qint32(places.size()));
            if (fresh)
                places.push_back({place, seq});
            placeIndex = it->second;
        }
        placeOf.push_back(placeIndex);

        // Its actors (a control character 0x1e or 0x1f in their columns becomes a space, as
        // before: earlier versions packed them in one column with these separators).
        mentionStart.push_back(qint64(mentionActor.size()));
        QList<QByteArray> actorLines, tails;
        for (const ActorMention &m : e.actors) {
            const QString name = packed(m.actor.name);
            QByteArray actor = CopyLine().text(name).text(packed(m.actor.affiliation)).text(packed(m.actor.kind)).take();
            auto [it, fresh] = actorIndexOf.try_emplace(name, qint32(actors.size()));
            if (fresh)
                actors.push_back({actor, seq});
            mentionActor.push_back(it->second);
            actorLines.push_back(std::move(actor));
            tails.push_back(CopyLine()
                                .value(m.span.isValid() ? QString::number(m.span.start) : QString())
                                .value(m.span.isValid() ? QString::number(m.span.end) : QString())
                                .text(packed(eventcolumns::datasetRoleOf(m)))
                                .take());
        }
        put(sentence);
        put(event.take());
        put(place);
        putCount(quint32(actorLines.size()));
        for (qsizetype m = 0; m < actorLines.size(); ++m) {
            put(actorLines[m]);
            put(tails[m]);
        }
        if (mBuffer.size() >= kSpoolChunk)
            writeBuffer();
    }

    // The actors of row `seq`, as indexes into `actors`.
    std::span<const qint32> actorsOf(qint64 seq) const
    {
        const size_t from = size_t(mentionStart[size_t(seq - 1)]);
        const size_t to = size_t(seq) < mentionStart.size() ? size_t(mentionStart[size_t(seq)]) : mentionActor.size();
        return {mentionActor.data() + from, to - from};
    }

    // Gives back what the spool holds (its keys, the rows' indexes, its temporary file): on a
    // thread of its own while the server rebuilds the indexes, so that freeing 1,000,000 rows'
    // keys no longer waits in front of the commit.
    void release()
    {
        QHash<QString, qint64>().swap(keys);
        std::vector<quint8>().swap(keyState);
        std::vector<qint32>().swap(sentenceGroup);
        std::vector<qint64>().swap(groupFirst);
        std::vector<qint32>().swap(placeOf);
        std::vector<Named>().swap(places);
        std::unordered_map<QString, qint32>().swap(placeIndexOf);
        std::vector<Named>().swap(actors);
        std::unordered_map<QString, qint32>().swap(actorIndexOf);
        std::vector<qint64>().swap(mentionStart);
        std::vector<qint32>().swap(mentionActor);
        mTexts = SharedTexts<qint32>();
        QByteArray().swap(mBuffer);
        mFile.close();
    }

    // Reads every record again, in the file's order, a chunk of the file at a time: `each` gets
    // the row's seq and record, and returns a failure to stop.
    Status read(const std::function<Status(qint64 seq, Record &record)> &each)
    {
        writeBuffer();
        if (!mWriteError.isEmpty())
            return Status::failure(mWriteError);
        if (!mFile.flush() || !mFile.seek(0))
            return Status::failure(QStringLiteral("cannot read the temporary file %1: %2")
                                       .arg(mFile.fileName(), mFile.errorString()));
        QByteArray chunk;
        qsizetype at = 0;
        Record record;
        // Takes the next field at `at` (false when the chunk ends before it does).
        auto field = [&](QByteArrayView &out) {
            if (chunk.size() - at < qsizetype(sizeof(quint32)))
                return false;
            quint32 n;
            std::memcpy(&n, chunk.constData() + at, sizeof n);
            if (chunk.size() - at - qsizetype(sizeof n) < qsizetype(n))
                return false;
            out = QByteArrayView(chunk.constData() + at + sizeof n, qsizetype(n));
            at += qsizetype(sizeof n) + qsizetype(n);
            return true;
        };
        auto parse = [&]() {
            const qsizetype start = at;
            record.actorLines.clear();
            record.mentionTails.clear();
            bool ok = field(record.sentence) && field(record.event) && field(record.place);
            if (ok && chunk.size() - at >= qsizetype(sizeof(quint32))) {
                quint32 n;
                std::memcpy(&n, chunk.constData() + at, sizeof n);
                at += qsizetype(sizeof n);
                for (quint32 m = 0; ok && m < n; ++m) {
                    QByteArrayView actor, tail;
                    ok = field(actor) && field(tail);
                    record.actorLines.append(actor);
                    record.mentionTails.append(tail);
                }
            } else {
                ok = false;
            }
            if (!ok)
                at = start;
            return ok;
        };
        for (qint64 seq = 1; seq <= rows(); ++seq) {
            while (!parse()) {
                chunk.remove(0, at);
                at = 0;
                const QByteArray more = mFile.read(kSpoolChunk);
                if (more.isEmpty())
                    return Status::failure(QStringLiteral("cannot read the temporary file %1").arg(mFile.fileName()));
                chunk += more;
            }
            if (Status s = each(seq, record); !s)
                return s;
        }
        return {};
    }

    QHash<QString, qint64> keys; // dataset key -> seq of its first row
    std::vector<quint8> keyState;             // KeyState per row (index seq - 1)
    // Per row, its sentence: kNoSentence, kOwnSentence (a text of its own, not shared), or the
    // index of its group of rows with the same text.
    static constexpr qint32 kNoSentence = -1;
    static constexpr qint32 kOwnSentence = -2;
    std::vector<qint32> sentenceGroup;
    std::vector<qint64> groupFirst; // per group, the seq of its first row (the one with the text)
    std::vector<qint32> placeOf; // index into places, -1 for none
    std::vector<Named> places;
    std::unordered_map<QString, qint32> placeIndexOf;
    std::vector<Named> actors;
    std::unordered_map<QString, qint32> actorIndexOf;
    std::vector<qint64> mentionStart; // per row, its first mention in mentionActor
    std::vector<qint32> mentionActor; // index into actors

private:
    static constexpr qsizetype kSpoolChunk = 4 * 1024 * 1024;
    void putCount(quint32 n) { mBuffer.append(reinterpret_cast<const char *>(&n), sizeof n); }
    void put(QByteArrayView bytes)
    {
        putCount(quint32(bytes.size()));
        mBuffer.append(bytes);
    }
    void writeBuffer()
    {
        if (!mBuffer.isEmpty() && mWriteError.isEmpty() && mFile.write(mBuffer) != mBuffer.size())
            mWriteError = QStringLiteral("cannot write the temporary file %1: %2").arg(mFile.fileName(), mFile.errorString());
        mBuffer.clear();
    }

    QTemporaryFile mFile{QDir::tempPath() + QStringLiteral("/mapline-dataset-XXXXXX")};
    SharedTexts<qint32> mTexts; // the file's texts so far, and their groups
    QByteArray mBuffer;
    QString mWriteError;
};

Result<QString> PgDatasetWriter::setting(const QString &key) const
{
    auto r = mConnection.query(QStringLiteral("SELECT value FROM settings WHERE key = $1"), {key},
                               QStringLiteral("reading the setting %1").arg(key));
    if (!r)
        return Result<QString>::failure(r.error());
    return r->rows() > 0 ? r->string(0, 0) : QString();
}

Result<QList<DatasetInfo>> PgDatasetWriter::datasets() const
{
    using R = Result<QList<DatasetInfo>>;
    auto r = mConnection.query(QStringLiteral("SELECT id, article_id, kind, format, path, content_hash, bytes, imported_at, "
                                              "rows, events, skipped, outside, duplicates FROM datasets ORDER BY id"),
                               QStringLiteral("reading the datasets"));
    if (!r)
        return R::failure(r.error());
    QList<DatasetInfo> list;
    for (int row = 0; row < r->rows(); ++row) {
        DatasetInfo d;
        int i = 0;
        d.id = r->int64(row, i++);
        d.articleId = r->int64(row, i++);
        d.kind = r->string(row, i++);
        d.format = r->string(row, i++);
        d.path = r->string(row, i++);
        d.contentHash = r->string(row, i++);
        d.bytes = r->int64(row, i++);
        d.importedAt = QDateTime::fromString(r->string(row, i++), Qt::ISODate);
        d.rows = r->int64(row, i++);
        d.events = r->int64(row, i++);
        d.skipped = r->int64(row, i++);
        d.outside = r->int64(row, i++);
        d.duplicates = r->int64(row, i++);
        list.append(d);
    }
    return list;
}

Status PgDatasetWriter::stage(const DatasetInfo &info, DatasetRowSource &rows, DatasetSpool &spool, FusionReports *reports)
{
    // Every row a report (report i is the row of seq i + 1), fused once the rows to store are known.
    const FusionDocument document =
        reports ? fusionDocument(reports->rules(), 0, {}, {}, info.kind, info.path) : FusionDocument{};
    if (Status s = spool.open(); !s)
        return s;
    DatasetRow row;
    while (rows.next(row)) {
        if (reports)
            reports->add(row.event, fusionPublishers(reports->rules(), document, row.source), 0, row.cameoCode);
        spool.add(info, row);
    }
    if (!rows.failure().isEmpty() || rows.cancelled())
        return Status::failure(rows.failure());
    return {};
}

std::optional<pgindexcopy::Prepared> PgDatasetWriter::takePreparedIndexCopy()
{
    std::optional<pgindexcopy::Prepared> taken = std::move(mPrepared);
    mPrepared.reset();
    return taken;
}

Result<DatasetImportOutcome> PgDatasetWriter::importDataset(const DatasetInfo &info, DatasetRowSource &rows)
{
    using R = Result<DatasetImportOutcome>;
    // No JIT: each of the file's statements runs once over every row, and compiling them (LLVM's
    // inlining and optimisation of the events' insert, about 2.6 s of the server's 50 s for
    // 1,000,000 rows) costs more than it saves.
    if (Status s = mConnection.exec(QStringLiteral("BEGIN; SET LOCAL jit = off"), QStringLiteral("beginning a dataset"));
        !s)
        return R::failure(QStringLiteral("%1: not imported: %2").arg(info.path, s.error()));
    mPrepared.reset(); // a file since the one it was built for: its count no longer holds
    Result<DatasetImportOutcome> outcome = store(info, rows);
    if (outcome && !outcome->duplicate && !outcome->cancelled) {
        if (Status s = mConnection.exec(QStringLiteral("COMMIT"), QStringLiteral("committing the dataset")); !s) {
            mPrepared.reset();
            return R::failure(QStringLiteral("%1: not imported: %2").arg(info.path, s.error()));
        }
        return outcome;
    }
    mPrepared.reset();
    // Nothing of the file stays (a failed transaction, a duplicate, a cancel).
    static_cast<void>(mConnection.exec(QStringLiteral("ROLLBACK"), QStringLiteral("ending a dataset")));
    return outcome;
}

namespace {

// The first of `count` new ids of the identity column `table`.id, reserved as one block: the
// sequence moved past them (the store's write lock held: no other writer draws from it meanwhile).
Result<qint64> reserveIds(PgConnection &c, const QString &table, qint64 count)
{
    auto first = c.query(QStringLiteral("SELECT nextval(pg_get_serial_sequence('%1', 'id'))").arg(table),
                         QStringLiteral("reserving the ids"));
    if (!first)
        return Result<qint64>::failure(first.error());
    const qint64 id = first->int64(0, 0);
    if (count > 1) {
        auto moved = c.query(QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), $1)").arg(table),
                             {QString::number(id + count - 1)}, QStringLiteral("reserving the ids"));
        if (!moved)
            return Result<qint64>::failure(moved.error());
    }
    return id;
}

// Sends `lines` (COPY text) through COPY `sql`, in pieces.
class CopySender {
public:
    explicit CopySender(PgConnection &c) : mConnection(c) { mPiece.reserve(kCopyPiece + 4096); }
    QByteArray &piece() { return mPiece; }
    Status flushIfFull() { return mPiece.size() >= kCopyPiece ? flush() : Status(); }
    Status flush()
    {
        if (mPiece.isEmpty())
            return {};
        Status s = mConnection.copyInSend(mPiece);
        mPiece.clear();
        return s;
    }

private:
    PgConnection &mConnection;
    QByteArray mPiece;
};

// COPY `sql`; `fill` writes the lines through the sender.
Status copyIn(PgConnection &c, const QString &sql, const QString &what, const std::function<Status(CopySender &)> &fill)
{
    if (Status s = c.copyInBegin(sql, what); !s)
        return s;
    CopySender sender(c);
    Status filled = fill(sender);
    if (filled)
        filled = sender.flush();
    if (!filled) {
        c.copyInAbort();
        return filled;
    }
    return c.copyInEnd();
}

// The places or actors the chosen rows name (`named`, in the order of `order`), inserted where
// the store lacks them, and their ids (by index into `named`, 0 for one not named): through a
// temporary table `temp` (ord, the columns), `insert` taking its rows in order.
// One event row for the map's index (PgIndexReader::eventsAloneCopy()'s columns: id, date,
// date_end, lon, lat, geo_precision, type, flags, place_id, happening_id), from the columns the
// events' COPY sent (`event`: the spool's, from type on, CopyLine's order in DatasetSpool::add()),
// as the server gives them back: text as it was written (dates ISO, numbers that read back as the
// same double), flags 0 (the column's default), undated events left out as the read leaves them.
void keepForIndex(std::string &out, qint64 id, QByteArrayView event, qint64 place, qint64 happening)
{
    enum { Type = 0, Date = 4, DateEnd = 5, Lon = 9, Lat = 10, Precision = 11, Needed = 12 };
    std::array<QByteArrayView, Needed> f;
    qsizetype from = 0;
    for (int i = 0; i < Needed; ++i) {
        const qsizetype tab = event.indexOf('\t', from);
        f[size_t(i)] = event.sliced(from, (tab < 0 ? event.size() : tab) - from);
        from = tab < 0 ? event.size() : tab + 1;
    }
    if (f[Date] == "\\N")
        return;
    const auto add = [&out](QByteArrayView v) {
        out.append(v.data(), size_t(v.size()));
        out += '\t';
    };
    out += std::to_string(id);
    out += '\t';
    for (const int i : {Date, DateEnd, Lon, Lat, Precision, Type})
        add(f[size_t(i)]);
    out += "0\t";
    out += place > 0 ? std::to_string(place) : std::string("\\N");
    out += '\t';
    out += happening > 0 ? std::to_string(happening) : std::string("\\N");
    out += '\n';
}

// The happenings' rows the fusion wrote (pgfusion_write.cpp's columns: id 0, date 1, date_end 2,
// lon 5, lat 6, sources 15) as the index's read takes them: id, sources, lon, lat, date, date_end.
std::string happeningIndexLines(const QByteArray &written)
{
    std::string out;
    out.reserve(size_t(written.size() / 4));
    QByteArrayView rest(written);
    while (!rest.isEmpty()) {
        const qsizetype newline = rest.indexOf('\n');
        const QByteArrayView line = rest.first(newline < 0 ? rest.size() : newline);
        rest = newline < 0 ? QByteArrayView() : rest.sliced(newline + 1);
        std::array<QByteArrayView, 16> f;
        qsizetype from = 0;
        for (size_t i = 0; i < f.size(); ++i) {
            const qsizetype tab = line.indexOf('\t', from);
            f[i] = line.sliced(from, (tab < 0 ? line.size() : tab) - from);
            from = tab < 0 ? line.size() : tab + 1;
        }
        bool firstField = true;
        for (const size_t i : {0, 15, 5, 6, 1, 2}) {
            if (!firstField)
                out += '\t';
            firstField = false;
            out.append(f[i].data(), size_t(f[i].size()));
        }
        out += '\n';
    }
    return out;
}

// The lines of `text` (each with its newline) as a PgIndexReader's source; `text` outlives it.
PgIndexReader::LineSource linesOf(std::string text)
{
    auto held = std::make_shared<std::string>(std::move(text));
    return [held](const PgIndexReader::LineSink &each) -> Status {
        std::string_view rest(*held);
        QString why;
        while (!rest.empty()) {
            const size_t newline = rest.find('\n');
            const size_t n = newline == std::string_view::npos ? rest.size() : newline + 1;
            if (!each(rest.substr(0, n), &why))
                return Status::failure(why);
            rest.remove_prefix(n);
        }
        return {};
    };
}

Result<std::vector<qint64>> storeNamed(PgConnection &c, const std::vector<DatasetSpool::Named> &named,
                                       const std::vector<qint32> &order, const QString &temp, const QString &columns,
                                       const QString &insert, const QString &resolve)
{
    using R = Result<std::vector<qint64>>;
    const QString what = QStringLiteral("storing the places and actors");
    if (Status s = c.exec(QStringLiteral("CREATE TEMP TABLE %1 (ord integer, %2) ON COMMIT DROP").arg(temp, columns), what);
        !s)
        return R::failure(s.error());
    if (Status s = copyIn(c, QStringLiteral("COPY %1 FROM STDIN").arg(temp), what,
                          [&](CopySender &out) {
                              for (size_t i = 0; i < order.size(); ++i) {
                                  out.piece() += QByteArray::number(qint64(i)) + '\t' + named[size_t(order[i])].line + '\n';
                                  if (Status f = out.flushIfFull(); !f)
                                      return f;
                              }
                              return Status();
                          });
        !s)
        return R::failure(s.error());
    if (Status s = c.exec(insert, what); !s)
        return R::failure(s.error());
    auto ids = c.query(resolve, what);
    if (!ids)
        return R::failure(ids.error());
    std::vector<qint64> out(named.size(), 0);
    for (int row = 0; row < ids->rows(); ++row) {
        const qint64 ord = ids->int64(row, 0);
        if (ord >= 0 && ord < qint64(order.size()))
            out[size_t(order[size_t(ord)])] = ids->int64(row, 1);
    }
    return out;
}

} // namespace

Result<DatasetImportOutcome> PgDatasetWriter::store(const DatasetInfo &info, DatasetRowSource &rows)
{
    using R = Result<DatasetImportOutcome>;
    PgConnection &c = mConnection;
    auto fail = [&](const QString &why) { return R::failure(QStringLiteral("%1: not imported: %2").arg(info.path, why)); };
    DatasetSpool spool;
    const bool fusing = !fusionOffForBenchmark();
    FusionReports reports;
    if (Status s = stage(info, rows, spool, fusing ? &reports : nullptr); !s) {
        if (!rows.failure().isEmpty())
            return R::failure(rows.failure());
        if (rows.cancelled()) {
            DatasetImportOutcome cancelled;
            cancelled.cancelled = true;
            return cancelled;
        }
        return fail(s.error());
    }
    const qint64 staged = spool.rows();
    // From here on the store's write lock: the checks below see every file committed before.
    if (Status s = c.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kWriteLockKey),
                          QStringLiteral("waiting for the other writers"));
        !s)
        return fail(s.error());
    DatasetImportOutcome outcome;
    const QString hash = rows.contentHash();
    auto existing = c.query(QStringLiteral("SELECT id, article_id FROM datasets WHERE content_hash = $1"), {hash},
                            QStringLiteral("duplicate check"));
    if (!existing)
        return fail(existing.error());
    if (existing->rows() > 0) {
        outcome.duplicate = true;
        outcome.datasetId = existing->int64(0, 0);
        outcome.articleId = existing->int64(0, 1);
        return outcome;
    }

    // The rows to store, in the file's order: the first of each dataset key that the store does
    // not hold yet, and every row without a key (the SQLite store's choice). The keys the store
    // holds are looked up only when it holds any: the file's keys through COPY into a temporary
    // table, one join with the events' unique index.
    if (!spool.keys.isEmpty()) {
        auto any = c.query(QStringLiteral("SELECT EXISTS (SELECT 1 FROM events WHERE dataset_key IS NOT NULL)"),
                           QStringLiteral("choosing the new rows"));
        if (!any)
            return fail(any.error());
        if (any->string(0, 0) == u"t") {
            if (Status s = c.exec(QStringLiteral("CREATE TEMP TABLE dataset_keys (key text) ON COMMIT DROP"),
                                  QStringLiteral("choosing the new rows"));
                !s)
                return fail(s.error());
            Status sent = copyIn(c, QStringLiteral("COPY dataset_keys FROM STDIN"), QStringLiteral("choosing the new rows"),
                                 [&](CopySender &out) {
                                     for (auto it = spool.keys.cbegin(); it != spool.keys.cend(); ++it) {
                                         CopyRowWriter(out.piece()).text(it.key());
                                         out.piece() += '\n';
                                         if (Status f = out.flushIfFull(); !f)
                                             return f;
                                     }
                                     return Status();
                                 });
            if (!sent)
                return fail(sent.error());
            if (Status s = c.exec(QStringLiteral("ANALYZE dataset_keys"), QStringLiteral("choosing the new rows")); !s)
                return fail(s.error());
            auto stored = c.query(QStringLiteral("SELECT k.key FROM dataset_keys k JOIN events e ON e.dataset_key = k.key"),
                                  QStringLiteral("choosing the new rows"));
            if (!stored)
                return fail(stored.error());
            for (int row = 0; row < stored->rows(); ++row) {
                const auto it = spool.keys.find(stored->string(row, 0));
                if (it != spool.keys.end())
                    spool.keyState[size_t(it.value() - 1)] = DatasetSpool::StoredKey;
            }
        }
        // The rows an analyst discarded stay out as if stored: their corrections keep the rows as
        // the machine wrote them, dataset_key included (the SQLite store's rule and reasons:
        // eventstore_dataset.cpp, discardedDatasetKeys()). Few rows, read and parsed here.
        auto discarded = c.query(QStringLiteral("SELECT machine FROM corrections WHERE discarded = 1"),
                                 QStringLiteral("reading the discarded rows' keys"));
        if (!discarded)
            return fail(discarded.error());
        for (int row = 0; row < discarded->rows(); ++row) {
            const QJsonObject machine = QJsonDocument::fromJson(discarded->string(row, 0).toUtf8()).object();
            const auto it = spool.keys.find(machine.value(QStringLiteral("event")).toObject().value(QStringLiteral("dataset_key")).toString());
            if (it != spool.keys.end() && spool.keyState[size_t(it.value() - 1)] == DatasetSpool::FirstKey) {
                spool.keyState[size_t(it.value() - 1)] = DatasetSpool::StoredKey;
                ++outcome.discarded;
            }
        }
    }
    std::vector<qint64> chosen; // seq numbers, in the file's order
    for (qint64 seq = 1; seq <= staged; ++seq) {
        const quint8 state = spool.keyState[size_t(seq - 1)];
        if (state == DatasetSpool::NoKey || state == DatasetSpool::FirstKey)
            chosen.push_back(seq);
    }
    const qint64 events = qint64(chosen.size());
    outcome.alreadyPresent = staged - events;
    if (events == 0 && outcome.alreadyPresent > 0) {
        outcome.duplicate = true; // every row is stored already: nothing to add, no trace
        return outcome;
    }

    // A file at least as large as the store (and not small) is loaded without the secondary
    // indexes and foreign keys, built again before the commit (pgbulkload.h): one sort per index
    // rather than an entry per row. Readers of the store wait for this file's commit then.
    // The rows' own tables lose their primary and unique keys too (their ids are reserved below:
    // none can clash), and the change log's triggers of events and event_actors are off while the
    // rows go in, the file's one range of event ids logged by hand instead: the triggers'
    // transition tables hold a copy of every row (1,000,000 events: 3.9 s of the COPY's 8.5 s).
    QStringList restore;
    bool bulk = false;
    // MAPLINE_TEST_PG_BULK_ROWS lowers the threshold so that the tests' small files take this path.
    const qint64 bulkFrom = qEnvironmentVariableIntValue("MAPLINE_TEST_PG_BULK_ROWS") > 0
                                ? qint64(qEnvironmentVariableIntValue("MAPLINE_TEST_PG_BULK_ROWS"))
                                : kBulkLoadRows;
    // The change count and what the store holds, read in one snapshot (one statement): a store
    // with no events and no happenings then holds only what this file writes, and the map's index
    // can be built here from its rows (pgindexcopy::Prepared), valid if no other writer commits
    // between this read and this file's commit (the count after the commit says so).
    qint64 countBefore = -1;
    if (events >= bulkFrom) {
        auto stored = c.query(QStringLiteral("SELECT (SELECT coalesce(max(id), 0) FROM events), (SELECT count(*) FROM "
                                             "change_log), (SELECT EXISTS (SELECT 1 FROM happenings))"),
                              QStringLiteral("sizing the store"));
        if (!stored)
            return fail(stored.error());
        if (stored->int64(0, 0) == 0 && stored->string(0, 2) == u"f")
            countBefore = stored->int64(0, 1);
        if (events >= stored->int64(0, 0)) {
            auto dropped = dropForLoad(c, kRowTables);
            if (!dropped)
                return fail(dropped.error());
            restore = *dropped;
            bulk = true;
            if (Status s = c.exec(QStringLiteral("ALTER TABLE events DISABLE TRIGGER events_log_insert; ALTER TABLE "
                                                 "event_actors DISABLE TRIGGER event_actors_log_insert"),
                                  QStringLiteral("preparing the load"));
                !s)
                return fail(s.error());
        }
    }

    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const QString title = datasetkey::title(info.kind);
    auto article = c.query(QStringLiteral("INSERT INTO articles (content_hash, title, source, path, body, imported_at) "
                                          "VALUES ($1, $2, $3, $4, '', $5) RETURNING id"),
                           {QStringLiteral("dataset:") + hash,
                            QStringLiteral("%1: %2").arg(title, QFileInfo(info.path).fileName()), title,
                            text(info.path), now},
                           QStringLiteral("article"));
    if (!article)
        return fail(article.error());
    const QByteArray articleId = article->string(0, 0).toLatin1();
    auto dataset = c.query(QStringLiteral("INSERT INTO datasets (article_id, kind, format, path, content_hash, bytes, "
                                          "imported_at, rows, events, skipped, outside, duplicates) VALUES ($1, $2, $3, "
                                          "$4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"),
                           {QString::fromLatin1(articleId), info.kind, text(info.format), text(info.path), hash,
                            QString::number(info.bytes), now, QString::number(rows.rowsRead()), QString::number(events),
                            QString::number(rows.rowsSkipped()), QString::number(rows.rowsOutside()),
                            QString::number(outcome.alreadyPresent)},
                           QStringLiteral("dataset"));
    if (!dataset)
        return fail(dataset.error());
    const QByteArray datasetId = dataset->string(0, 0).toLatin1();

    // The new events' ids, in the file's order, and their happenings.
    qint64 firstEvent = 0;
    if (events > 0) {
        const Result<qint64> first = reserveIds(c, QStringLiteral("events"), events);
        if (!first)
            return fail(first.error());
        firstEvent = *first;
    }
    // What the map's index is built from when the store held nothing (countBefore): the rows as
    // they are written, in COPY's text format (the happenings', the events' own columns, the
    // actor links), joined as PgIndexReader::readEventsApart() joins the server's.
    const bool prepare = bulk && countBefore >= 0 && events > 0;
    QByteArray writtenHappenings;
    std::string indexEvents, indexLinks;
    PgFusion fusion(c, reports);
    if (prepare) {
        fusion.keepWrittenRows(&writtenHappenings);
        indexEvents.reserve(size_t(events) * 72);
        indexLinks.reserve(size_t(events) * 2 * 16);
    }
    std::vector<qint64> happeningOf;
    if (fusing && events > 0) {
        if (Status s = fuseChosen(reports, fusion, chosen, firstEvent, happeningOf); !s)
            return fail(s.error());
    }
    fusion.keepWrittenRows(nullptr); // the file's own happenings only

    // Places and actors: those the chosen rows name, each with the columns of the first chosen
    // row naming it (the first of the file unless that row was left out: then the records are
    // read once more for them), inserted in that order where the store lacks them (the SQLite
    // store's ids).
    std::vector<qint32> placeOrder, actorOrder;
    std::vector<qint64> placeFirst(spool.places.size(), 0), actorFirst(spool.actors.size(), 0);
    bool readAgain = false;
    for (const qint64 seq : chosen) {
        const qint32 place = spool.placeOf[size_t(seq - 1)];
        if (place >= 0 && placeFirst[size_t(place)] == 0) {
            placeFirst[size_t(place)] = seq;
            placeOrder.push_back(place);
            readAgain = readAgain || spool.places[size_t(place)].firstSeq != seq;
        }
        for (const qint32 actor : spool.actorsOf(seq)) {
            if (actorFirst[size_t(actor)] == 0) {
                actorFirst[size_t(actor)] = seq;
                actorOrder.push_back(actor);
                readAgain = readAgain || spool.actors[size_t(actor)].firstSeq != seq;
            }
        }
    }
    if (readAgain) {
        Status s = spool.read([&](qint64 seq, DatasetSpool::Record &record) {
            const qint32 place = spool.placeOf[size_t(seq - 1)];
            if (place >= 0 && placeFirst[size_t(place)] == seq && spool.places[size_t(place)].firstSeq != seq)
                spool.places[size_t(place)] = {record.place.toByteArray(), seq};
            const std::span<const qint32> mentions = spool.actorsOf(seq);
            for (size_t m = 0; m < mentions.size() && m < size_t(record.actorLines.size()); ++m) {
                DatasetSpool::Named &actor = spool.actors[size_t(mentions[m])];
                if (actorFirst[size_t(mentions[m])] == seq && actor.firstSeq != seq)
                    actor = {record.actorLines[qsizetype(m)].toByteArray(), seq};
            }
            return Status();
        });
        if (!s)
            return fail(s.error());
    }
    const Result<std::vector<qint64>> placeIds = storeNamed(
        c, spool.places, placeOrder, QStringLiteral("dataset_places"),
        QStringLiteral("name text, kind text, admin1 text, admin2 text, country text, lon double precision, lat double "
                       "precision, gazetteer_id bigint, source text"),
        QStringLiteral("INSERT INTO places (name, kind, admin1, admin2, country, lon, lat, gazetteer_id, source) SELECT "
                       "name, kind, admin1, admin2, country, lon, lat, gazetteer_id, source FROM dataset_places d WHERE "
                       "NOT EXISTS (SELECT 1 FROM places o WHERE o.name = d.name AND o.kind = d.kind AND o.admin1 = "
                       "d.admin1 AND o.country = d.country) ORDER BY ord ON CONFLICT (name, kind, admin1, country) DO "
                       "NOTHING"),
        QStringLiteral("SELECT d.ord, p.id FROM dataset_places d JOIN places p ON p.name = d.name AND p.kind = d.kind AND "
                       "p.admin1 = d.admin1 AND p.country = d.country"));
    if (!placeIds)
        return fail(placeIds.error());
    const Result<std::vector<qint64>> actorIds = storeNamed(
        c, spool.actors, actorOrder, QStringLiteral("dataset_actors"),
        QStringLiteral("name text, affiliation text, kind text"),
        QStringLiteral("INSERT INTO actors (name, affiliation, kind) SELECT name, affiliation, kind FROM dataset_actors d "
                       "WHERE NOT EXISTS (SELECT 1 FROM actors o WHERE o.name = d.name) ORDER BY ord ON CONFLICT (name) "
                       "DO NOTHING"),
        QStringLiteral("SELECT d.ord, a.id FROM dataset_actors d JOIN actors a ON a.name = d.name"));
    if (!actorIds)
        return fail(actorIds.error());

    // The sentences' ids, in the file's order: one per chosen row with a text of its own, one per
    // group of rows with the same text, written by the group's first chosen row (its line the
    // sentence's idx, as in the SQLite store). `writer` gives each group that row's seq;
    // sentenceOf() each chosen row its sentence's number from 0, the passes below taking the rows
    // in the same order.
    std::vector<qint64> groupWriter(spool.groupFirst.size(), 0), groupSentence(spool.groupFirst.size(), 0);
    qint64 sentences = 0;
    for (const qint64 seq : chosen) {
        const qint32 group = spool.sentenceGroup[size_t(seq - 1)];
        if (group == DatasetSpool::kOwnSentence) {
            ++sentences;
        } else if (group >= 0 && groupWriter[size_t(group)] == 0) {
            groupWriter[size_t(group)] = seq;
            groupSentence[size_t(group)] = sentences++;
        }
    }
    // The number of row seq's sentence (-1: none); `next` counts the sentences of rows with a text
    // of their own and of groups' writers so far.
    auto sentenceOf = [&](qint64 seq, qint64 &next) -> qint64 {
        const qint32 group = spool.sentenceGroup[size_t(seq - 1)];
        if (group == DatasetSpool::kNoSentence)
            return -1;
        if (group == DatasetSpool::kOwnSentence || groupWriter[size_t(group)] == seq)
            return next++;
        return groupSentence[size_t(group)];
    };
    qint64 firstSentence = 0;
    if (sentences > 0) {
        const Result<qint64> first = reserveIds(c, QStringLiteral("sentences"), sentences);
        if (!first)
            return fail(first.error());
        firstSentence = *first;
    }

    // The rows, straight into their tables: one COPY each, the records read once for each.
    std::vector<bool> isChosen(size_t(staged) + 1, false);
    for (const qint64 seq : chosen)
        isChosen[size_t(seq)] = true;
    const QString storing = QStringLiteral("storing the rows");
    Status copied = copyIn(
        c, QStringLiteral("COPY sentences (id, article_id, idx, start_offset, end_offset, text) FROM STDIN"), storing,
        [&](CopySender &out) {
            qint64 next = 0;
            // The text of a group whose first row was left out (its key stored already, or
            // repeated): kept from that row until the group's writer comes.
            std::unordered_map<qint32, QByteArray> pendingText;
            return spool.read([&](qint64 seq, DatasetSpool::Record &record) {
                const qint32 group = spool.sentenceGroup[size_t(seq - 1)];
                if (!isChosen[size_t(seq)]) {
                    if (group >= 0 && spool.groupFirst[size_t(group)] == seq && groupWriter[size_t(group)] != 0) {
                        const qsizetype tab = record.sentence.indexOf("\t0\t0\t");
                        pendingText[group] = record.sentence.sliced(tab + 5).toByteArray();
                    }
                    return Status();
                }
                const qint64 before = next;
                const qint64 number = sentenceOf(seq, next);
                if (number < 0 || next == before)
                    return Status(); // no sentence, or the group's, written by an earlier row
                QByteArray &line = out.piece();
                line += QByteArray::number(firstSentence + number);
                line += '\t';
                line += articleId;
                line += '\t';
                line += record.sentence;
                if (group >= 0 && spool.groupFirst[size_t(group)] != seq) {
                    // The writer is not the group's first row: its record has the line, not the text.
                    const auto it = pendingText.find(group);
                    if (it != pendingText.end()) {
                        line += it->second;
                        pendingText.erase(it);
                    }
                }
                line += '\n';
                return out.flushIfFull();
            });
        });
    if (!copied)
        return fail(copied.error());
    copied = copyIn(
        c,
        QStringLiteral("COPY events (id, article_id, dataset_id, sentence_id, place_id, happening_id, type, "
                       "acled_event_type, acled_sub_event_type, cameo_root, date, date_end, date_precision, time_text, "
                       "place_text, lon, lat, geo_precision, confidence, cameo_code, source, external_id, fatalities, "
                       "dataset_key) FROM STDIN"),
        storing, [&](CopySender &out) {
            qint64 at = 0, next = 0;
            return spool.read([&](qint64 seq, DatasetSpool::Record &record) {
                if (!isChosen[size_t(seq)])
                    return Status();
                QByteArray &line = out.piece();
                line += QByteArray::number(firstEvent + at) + '\t' + articleId + '\t' + datasetId + '\t';
                const qint64 sentence = sentenceOf(seq, next);
                appendId(line, sentence < 0 ? 0 : firstSentence + sentence);
                line += '\t';
                const qint32 place = spool.placeOf[size_t(seq - 1)];
                appendId(line, place >= 0 ? (*placeIds)[size_t(place)] : 0);
                line += '\t';
                appendId(line, size_t(at) < happeningOf.size() ? happeningOf[size_t(at)] : 0);
                line += '\t';
                line += record.event;
                line += '\n';
                if (prepare)
                    keepForIndex(indexEvents, firstEvent + at, record.event, place >= 0 ? (*placeIds)[size_t(place)] : 0,
                                 size_t(at) < happeningOf.size() ? happeningOf[size_t(at)] : 0);
                ++at;
                return out.flushIfFull();
            });
        });
    if (!copied)
        return fail(copied.error());
    copied = copyIn(c, QStringLiteral("COPY event_actors (event_id, actor_id, span_start, span_end, role) FROM STDIN"),
                    storing, [&](CopySender &out) {
                        qint64 at = 0;
                        std::vector<qint64> seen;
                        return spool.read([&](qint64 seq, DatasetSpool::Record &record) {
                            if (!isChosen[size_t(seq)])
                                return Status();
                            const QByteArray event = QByteArray::number(firstEvent + at++);
                            const std::span<const qint32> mentions = spool.actorsOf(seq);
                            seen.clear();
                            for (size_t m = 0; m < mentions.size() && m < size_t(record.mentionTails.size()); ++m) {
                                // An actor named twice in a row: its first mention (the primary key).
                                const qint64 actor = (*actorIds)[size_t(mentions[m])];
                                if (std::find(seen.begin(), seen.end(), actor) != seen.end())
                                    continue;
                                seen.push_back(actor);
                                QByteArray &line = out.piece();
                                line += event;
                                line += '\t';
                                line += QByteArray::number(actor);
                                line += '\t';
                                line += record.mentionTails[qsizetype(m)];
                                line += '\n';
                                if (prepare) {
                                    indexLinks.append(event.constData(), size_t(event.size()));
                                    indexLinks += '\t';
                                    indexLinks += std::to_string(actor);
                                    indexLinks += '\n';
                                }
                            }
                            return out.flushIfFull();
                        });
                    });
    if (!copied)
        return fail(copied.error());
    if (bulk) {
        if (Status s = c.exec(QStringLiteral("ALTER TABLE events ENABLE TRIGGER events_log_insert; ALTER TABLE "
                                             "event_actors ENABLE TRIGGER event_actors_log_insert"),
                              QStringLiteral("ending the load"));
            !s)
            return fail(s.error());
        if (events > 0) {
            if (Status s = c.exec(QStringLiteral("INSERT INTO change_events (first_id, last_id) VALUES (%1, %2)")
                                      .arg(firstEvent)
                                      .arg(firstEvent + events - 1),
                                  QStringLiteral("ending the load"));
                !s)
                return fail(s.error());
        }
    }
    // The map's index, built from those rows on a thread of its own while the server rebuilds the
    // indexes and keys (the client idle otherwise), with the store's actor and place names read
    // first (this transaction's own included), as a full load reads them.
    const IndexLoadOptions indexOptions = IndexLoadOptions::withGazetteer();
    PgIndexReader indexReader(c, indexOptions);
    std::shared_ptr<const EventIndex> preparedIndex;
    Status built;
    std::thread building;
    if (prepare) {
        if (Status s = indexReader.readNames(); !s)
            return fail(s.error());
        building = std::thread([&] {
            built = indexReader.readLinesApart(linesOf(happeningIndexLines(writtenHappenings)), linesOf(std::move(indexLinks)),
                                               linesOf(std::move(indexEvents)), nullptr);
            if (built)
                preparedIndex = std::make_shared<const EventIndex>(indexReader.build());
        });
    }
    // The spool is done with: given back by another thread while the server rebuilds the
    // indexes and keys (the client waits for the server meanwhile).
    std::thread releasing([&spool] { spool.release(); });
    const Status restored = restoreAfterLoad(c, restore);
    releasing.join();
    if (building.joinable())
        building.join();
    if (!restored)
        return fail(restored.error());
    // The analyst's splits and merges of this file's rows (a file imported again): fused again
    // with them before the commit.
    bool refused = false;
    if (fusing) {
        if (Status s = fusion.resolveCorrections(); !s)
            return fail(s.error());
        std::vector<qint64> corrected;
        for (qint64 id : fusion.pinned())
            corrected.push_back(id);
        for (const auto &[a, b] : fusion.merged())
            corrected.insert(corrected.end(), {a, b});
        std::vector<qint64> again;
        for (const qint64 id : corrected)
            if (events > 0 && id >= firstEvent && id < firstEvent + events)
                again.push_back(id);
        if (!again.empty()) {
            refused = true;
            std::sort(again.begin(), again.end());
            again.erase(std::unique(again.begin(), again.end()), again.end());
            FusionReports more;
            PgFusion refusion(c, more);
            if (Status s = refusion.fuseEvents(again); !s)
                return fail(s.error());
        }
    }
    // The fusion again with the analyst's corrections changed what was written: the index is
    // read back instead.
    if (prepare && built && preparedIndex && !refused) {
        mPrepared = pgindexcopy::Prepared{std::move(preparedIndex), countBefore + 1};
    } else if (prepare) {
        qCInfo(lcIndex).noquote() << c.url() << "the map's index not built from the file's rows:"
                                  << (!built ? built.error() : QStringLiteral("the file's rows were fused again"));
    }
    outcome.datasetId = datasetId.toLongLong();
    outcome.articleId = articleId.toLongLong();
    outcome.events = events;
    return outcome;
}

} // namespace mapline::pg
