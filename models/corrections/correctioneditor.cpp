#include "corrections/correctioneditor.h"

#include "corrections/correctioncommand.h"
#include "corrections/happeningcommand.h"
#include "eventlookup.h"
#include "store/eventstore.h"

namespace mapline {

CorrectionEditor::CorrectionEditor(QObject *parent) : QObject(parent)
{
    mStack.setUndoLimit(200);
}

void CorrectionEditor::setStore(EventStore *store)
{
    mStack.clear(); // the commands name events of the previous store
    mStore = store;
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
    const Result<qint64> written = mStore->setCorrection(*key, after);
    if (!written)
        return Status::failure(written.error());
    mStack.push(new CorrectionCommand(*this, *key, *before, after, text));
    emit eventChanged(eventId, *written);
    return {};
}

std::optional<Event> CorrectionEditor::current(qint64 eventId) const
{
    if (!mStore)
        return std::nullopt;
    const auto events = EventLookup::byIds(*mStore, {eventId});
    return events && !events->isEmpty() ? std::optional<Event>(events->first()) : std::nullopt;
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
    if (Status s = mStore->changeHappeningCorrections(add, {}); !s)
        return s;
    mStack.push(new HappeningCommand(*this, add, {}, tr("Merge happenings")));
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
    if (Status s = mStore->changeHappeningCorrections(add, remove); !s)
        return s;
    mStack.push(new HappeningCommand(*this, add, remove, tr("Split report out")));
    emit happeningsChanged();
    return {};
}

void CorrectionEditor::changeHappenings(const QList<HappeningCorrection> &add, const QList<HappeningCorrection> &remove)
{
    if (!mStore)
        return;
    if (Status s = mStore->changeHappeningCorrections(add, remove); !s) {
        emit failed(s.error());
        return;
    }
    emit happeningsChanged();
}

void CorrectionEditor::apply(const EventKey &key, const std::optional<Correction> &correction)
{
    if (!mStore)
        return;
    const Result<qint64> before = mStore->eventIdOf(key);
    const Result<qint64> written = mStore->setCorrection(key, correction);
    if (!written) {
        emit failed(written.error());
        return;
    }
    emit eventChanged(before ? *before : 0, *written);
}

} // namespace mapline
