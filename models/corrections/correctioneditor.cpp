#include "corrections/correctioneditor.h"

#include "corrections/correctioncommand.h"
#include "corrections/happeningcommand.h"
#include "corrections/correctionstore.h"
#include "corrections/sqlitecorrectionstore.h"

namespace mapline {

CorrectionEditor::CorrectionEditor(QObject *parent) : QObject(parent)
{
    mStack.setUndoLimit(200);
}

void CorrectionEditor::setStore(CorrectionStore *store)
{
    mStack.clear(); // the commands name events of the previous store
    mSeen.clear();
    mConflictNotes.clear();
    mStore = store;
    if (mOwned.get() != store)
        mOwned.reset();
}

void CorrectionEditor::setStore(EventStore *store)
{
    auto adapter = store ? std::make_unique<SqliteCorrectionStore>(*store) : nullptr;
    setStore(adapter.get());
    mOwned = std::move(adapter);
}

std::optional<CorrectionStamp> CorrectionEditor::stampOf(qint64 eventId) const
{
    if (!mStore)
        return std::nullopt;
    const Result<EventKey> key = mStore->eventKey(eventId);
    if (!key)
        return std::nullopt;
    const auto stamp = mStore->stamp(*key);
    return stamp ? *stamp : std::nullopt;
}

QList<HistoryEntry> CorrectionEditor::historyOf(qint64 eventId) const
{
    if (!mStore)
        return {};
    const Result<EventKey> key = mStore->eventKey(eventId);
    if (!key)
        return {};
    const auto log = mStore->history({history::subject(*key)});
    return log ? *log : QList<HistoryEntry>();
}

void CorrectionEditor::noteSeen(qint64 eventId)
{
    if (!mStore)
        return;
    const Result<EventKey> key = mStore->eventKey(eventId);
    if (!key)
        return;
    const QString subject = history::subject(*key);
    if (const Result<qint64> revision = mStore->revision({subject}))
        mSeen.insert(subject, *revision);
}

qint64 CorrectionEditor::seenRevision(const QStringList &subjects) const
{
    qint64 seen = -1;
    for (const QString &s : subjects)
        if (const auto it = mSeen.constFind(s); it != mSeen.constEnd())
            seen = seen < 0 ? *it : std::min(seen, *it);
    return seen;
}

void CorrectionEditor::noteWritten(const QStringList &subjects)
{
    const Result<qint64> revision = mStore ? mStore->revision(subjects) : Result<qint64>(qint64(-1));
    for (const QString &s : subjects)
        if (revision)
            mSeen.insert(s, *revision);
}

void CorrectionEditor::reportConflict(qint64 eventId, const CorrectionConflict &conflict)
{
    if (conflict.isEmpty()) {
        mConflictNotes.remove(eventId);
        return;
    }
    const QString message = history::conflictMessage(conflict);
    if (eventId > 0)
        mConflictNotes.insert(eventId, message);
    emit this->conflict(eventId, message);
}

std::optional<Correction> CorrectionEditor::correctionOf(qint64 eventId) const
{
    if (!mStore)
        return std::nullopt;
    const Result<EventKey> key = mStore->eventKey(eventId);
    if (!key)
        return std::nullopt;
    const auto c = mStore->correction(*key);
    return c ? *c : std::nullopt;
}

Status CorrectionEditor::edit(qint64 eventId, const QString &text, const std::function<void(Correction &)> &change)
{
    if (!mStore)
        return Status::failure(tr("No database is open."));
    const Result<EventKey> key = mStore->eventKey(eventId);
    if (!key)
        return Status::failure(key.error());
    const auto before = mStore->correction(*key);
    if (!before)
        return Status::failure(before.error());
    std::optional<Correction> after;
    if (change) {
        Correction c = before->value_or(Correction{});
        change(c);
        if (!c.isEmpty())
            after = c;
    }
    if (after == *before)
        return {};
    const QStringList subjects{history::subject(*key)};
    CorrectionConflict conflict;
    const Result<qint64> written = mStore->setCorrection(*key, after, seenRevision(subjects), &conflict);
    if (!written)
        return Status::failure(written.error());
    noteWritten(subjects);
    mStack.push(new CorrectionCommand(*this, *key, *before, after, text));
    reportConflict(*written ? *written : eventId, conflict); // first: the reload shows the note
    emit eventChanged(eventId, *written);
    return {};
}

std::optional<Event> CorrectionEditor::current(qint64 eventId) const
{
    if (!mStore)
        return std::nullopt;
    const auto event = mStore->event(eventId);
    return event ? *event : std::nullopt;
}

Status CorrectionEditor::correctTime(qint64 eventId, const TimeRange &time)
{
    if (!time.isValid())
        return Status::failure(tr("The date is not valid."));
    if (const auto e = current(eventId); e && e->time == time)
        return {}; // the date it has already
    return edit(eventId, tr("Change date"), [&](Correction &c) { c.time = time; });
}

Status CorrectionEditor::correctPlace(qint64 eventId, const Place &place)
{
    if (!place.isValid())
        return Status::failure(tr("The place has no name or no coordinate."));
    if (const auto e = current(eventId); e && e->place.name == place.name && e->place.precision == place.precision &&
                                          e->place.coordinate == place.coordinate)
        return {};
    return edit(eventId, tr("Change place to %1").arg(place.name), [&](Correction &c) { c.place = place; });
}

Status CorrectionEditor::correctType(qint64 eventId, const EventTypeCodes &type)
{
    if (type.type.isEmpty())
        return Status::failure(tr("No event type given."));
    if (const auto e = current(eventId); e && e->type == type.type && e->acledEventType == type.acledEventType &&
                                          e->acledSubEventType == type.acledSubEventType && e->cameoRoot == type.cameoRoot)
        return {};
    return edit(eventId, tr("Change type"), [&](Correction &c) { c.type = type; });
}

Status CorrectionEditor::correctActors(qint64 eventId, const QList<Actor> &actors)
{
    if (const auto e = current(eventId)) {
        QStringList had, wanted;
        for (const ActorMention &m : e->actors)
            had << m.actor.name;
        for (const Actor &a : actors)
            wanted << a.name;
        if (had == wanted)
            return {};
    }
    return edit(eventId, tr("Change actors"), [&](Correction &c) { c.actors = actors; });
}

Status CorrectionEditor::discard(qint64 eventId)
{
    return edit(eventId, tr("Discard event"), [](Correction &c) { c.discarded = true; });
}

Status CorrectionEditor::revert(qint64 eventId)
{
    return edit(eventId, tr("Revert to extracted"), {});
}

Status CorrectionEditor::mergeHappenings(qint64 eventA, qint64 eventB)
{
    if (!mStore)
        return Status::failure(tr("No database is open."));
    const Result<EventKey> a = mStore->eventKey(eventA);
    if (!a)
        return Status::failure(a.error());
    const Result<EventKey> b = mStore->eventKey(eventB);
    if (!b)
        return Status::failure(b.error());
    const QList<HappeningCorrection> add = {{HappeningCorrection::Kind::Merge, *a, *b}};
    const QStringList subjects{history::subject(*a), history::subject(*b)};
    CorrectionConflict conflict;
    if (Status s = mStore->changeHappeningCorrections(add, {}, seenRevision(subjects), &conflict); !s)
        return s;
    noteWritten(subjects);
    mStack.push(new HappeningCommand(*this, add, {}, tr("Merge happenings")));
    reportConflict(eventA, conflict);
    emit happeningsChanged();
    return {};
}

Status CorrectionEditor::splitReport(qint64 eventId)
{
    if (!mStore)
        return Status::failure(tr("No database is open."));
    const Result<EventKey> key = mStore->eventKey(eventId);
    if (!key)
        return Status::failure(key.error());
    const auto existing = mStore->happeningCorrections();
    if (!existing)
        return Status::failure(existing.error());
    // Earlier merges of this report would pull it back in: the split replaces them.
    QList<HappeningCorrection> remove;
    for (const HappeningCorrection &c : *existing)
        if (c.kind == HappeningCorrection::Kind::Merge && (c.report == *key || c.other == *key))
            remove << c;
    const HappeningCorrection split{HappeningCorrection::Kind::Split, *key, {}};
    QList<HappeningCorrection> add;
    if (!existing->contains(split))
        add << split;
    if (add.isEmpty() && remove.isEmpty())
        return {};
    const QStringList subjects{history::subject(*key)};
    CorrectionConflict conflict;
    if (Status s = mStore->changeHappeningCorrections(add, remove, seenRevision(subjects), &conflict); !s)
        return s;
    noteWritten(subjects);
    mStack.push(new HappeningCommand(*this, add, remove, tr("Split report out")));
    reportConflict(eventId, conflict);
    emit happeningsChanged();
    return {};
}

void CorrectionEditor::changeHappenings(const QList<HappeningCorrection> &add, const QList<HappeningCorrection> &remove)
{
    if (!mStore)
        return;
    QStringList subjects;
    for (const QList<HappeningCorrection> *list : {&add, &remove})
        for (const HappeningCorrection &c : *list)
            for (const EventKey *key : {&c.report, &c.other})
                if (key->isValid() && !subjects.contains(history::subject(*key)))
                    subjects << history::subject(*key);
    CorrectionConflict conflict;
    if (Status s = mStore->changeHappeningCorrections(add, remove, seenRevision(subjects), &conflict); !s) {
        emit failed(s.error());
        return;
    }
    noteWritten(subjects);
    reportConflict(0, conflict);
    emit happeningsChanged();
}

void CorrectionEditor::apply(const EventKey &key, const std::optional<Correction> &correction)
{
    if (!mStore)
        return;
    const Result<qint64> before = mStore->eventIdOf(key);
    const QStringList subjects{history::subject(key)};
    CorrectionConflict conflict;
    const Result<qint64> written = mStore->setCorrection(key, correction, seenRevision(subjects), &conflict);
    if (!written) {
        emit failed(written.error());
        return;
    }
    noteWritten(subjects);
    reportConflict(*written, conflict);
    emit eventChanged(before ? *before : 0, *written);
}

} // namespace mapline
