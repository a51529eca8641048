#include "store/pg/pgcorrectionstore.h"

#include "store/pg/pgcorrectionwriter.h"
#include "store/pg/pgeventreader.h"


namespace mapline::pg {
namespace {

// A read through the writer's connection, run again once when the connection was lost (a server
// restart, an idle connection cut by a firewall) and could be opened again.
template <typename F>
auto again(PgCorrectionWriter &writer, F read)
{
    auto result = read();
    if (!result && writer.connectionLost() && writer.reconnect())
        result = read();
    return result;
}

} // namespace

PgCorrectionStore::PgCorrectionStore(std::unique_ptr<PgCorrectionWriter> writer, const PgEventReader &reader)
    : mWriter(std::move(writer)), mReader(reader)
{
}

PgCorrectionStore::~PgCorrectionStore() = default;

Result<std::unique_ptr<PgCorrectionStore>> PgCorrectionStore::open(const PgEventReader &reader, const QByteArray &password,
                                                                   const QString &analyst)
{
    using R = Result<std::unique_ptr<PgCorrectionStore>>;
    // ReadOnly: the reader found the store there and current; a role that may only read opens it
    // too (isWritable() says it may not write, and a write fails whole with that reason).
    auto writer = PgCorrectionWriter::open(reader.url(), analyst, password, pgschema::Mode::ReadOnly);
    if (!writer)
        return R::failure(writer.error());
    return std::unique_ptr<PgCorrectionStore>(new PgCorrectionStore(std::move(writer).value(), reader));
}

QString PgCorrectionStore::name() const
{
    return mWriter->url();
}

bool PgCorrectionStore::isWritable(QString *why) const
{
    return mWriter->canWrite(why);
}

bool PgCorrectionStore::canChangeHappenings(QString *why) const
{
    return mWriter->canWrite(why);
}

void PgCorrectionStore::setAnalyst(const QString &name)
{
    mWriter->setAnalyst(name);
}

Result<EventKey> PgCorrectionStore::eventKey(qint64 eventId)
{
    return again(*mWriter, [&] { return mWriter->eventKey(eventId); });
}

Result<qint64> PgCorrectionStore::eventIdOf(const EventKey &key)
{
    return again(*mWriter, [&] { return mWriter->eventIdOf(key); });
}

Result<std::optional<Event>> PgCorrectionStore::event(qint64 eventId)
{
    const auto events = mReader.eventsByIds({eventId});
    if (!events)
        return Result<std::optional<Event>>::failure(events.error());
    return events->isEmpty() ? std::optional<Event>() : std::optional<Event>(events->first());
}

Result<std::optional<Correction>> PgCorrectionStore::correction(const EventKey &key)
{
    return again(*mWriter, [&] { return mWriter->correction(key); });
}

Result<std::optional<CorrectionStamp>> PgCorrectionStore::stamp(const EventKey &key)
{
    return again(*mWriter, [&] { return mWriter->stamp(key); });
}

Result<QList<HistoryEntry>> PgCorrectionStore::history(const QStringList &subjects)
{
    return again(*mWriter, [&] { return mWriter->history(subjects); });
}

Result<qint64> PgCorrectionStore::revision(const QStringList &subjects)
{
    return again(*mWriter, [&] { return mWriter->revision(subjects); });
}

Result<qint64> PgCorrectionStore::setCorrection(const EventKey &key, const std::optional<Correction> &correction,
                                                qint64 seenRevision, CorrectionConflict *conflict)
{
    return mWriter->setCorrection(key, correction, seenRevision, conflict);
}

Result<QList<HappeningCorrection>> PgCorrectionStore::happeningCorrections()
{
    return again(*mWriter, [&] { return mWriter->happeningCorrections(); });
}

Status PgCorrectionStore::changeHappeningCorrections(const QList<HappeningCorrection> &add,
                                                     const QList<HappeningCorrection> &remove, qint64 seenRevision,
                                                     CorrectionConflict *conflict)
{
    return mWriter->changeHappeningCorrections(add, remove, seenRevision, conflict);
}

Result<QList<ControlCorrection>> PgCorrectionStore::controlCorrections()
{
    return mReader.controlCorrections();
}

Status PgCorrectionStore::changeControlCorrections(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove,
                                                   qint64 seenRevision, CorrectionConflict *conflict)
{
    return mWriter->changeControlCorrections(add, remove, seenRevision, conflict);
}

} // namespace mapline::pg
