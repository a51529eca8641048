#include "corrections/controleditor.h"

#include "corrections/controlcommand.h"
#include "corrections/correctionhistory.h"
#include "corrections/sqlitecorrectionstore.h"

#include <QLocale>
#include <QUndoStack>

namespace mapline {

ControlEditor::ControlEditor(QUndoStack &stack, QObject *parent)
    : QObject(parent)
    , mStack(stack)
{
}

ControlEditor::~ControlEditor() = default;

void ControlEditor::setStore(CorrectionStore *store)
{
    mStore = store;
    mSeen = -1;
    if (mOwned.get() != store)
        mOwned.reset();
}

void ControlEditor::setStore(EventStore *store)
{
    auto adapter = store ? std::make_unique<SqliteCorrectionStore>(*store) : nullptr;
    setStore(adapter.get());
    mOwned = std::move(adapter);
}

void ControlEditor::noteSeen()
{
    if (!mStore)
        return;
    // The history's last revision, whatever it is about (the history lists many places at once).
    // None (-1) in a database older than schema 8 (read-only here): nothing is checked.
    if (const Result<qint64> revision = mStore->revision({}); revision && *revision >= 0)
        mSeen = *revision;
}

Status ControlEditor::write(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove)
{
    CorrectionConflict conflict;
    if (Status s = mStore->changeControlCorrections(add, remove, mSeen, &conflict); !s)
        return s;
    if (mSeen >= 0)
        noteSeen(); // what this editor wrote is what the analyst sees next
    if (!conflict.isEmpty())
        emit this->conflict(history::conflictMessage(conflict));
    return {};
}

Result<QList<ControlCorrection>> ControlEditor::existing(const ControlCorrection &key) const
{
    const Result<QList<ControlCorrection>> all = mStore->controlCorrections();
    if (!all)
        return all;
    QList<ControlCorrection> same;
    for (const ControlCorrection &c : *all)
        if (c.sameKey(key))
            same.append(c);
    return same;
}

Status ControlEditor::setHolder(const ControlCorrection &correction)
{
    if (!mStore)
        return Status::failure(tr("No database is open."));
    const Result<QList<ControlCorrection>> before = existing(correction);
    if (!before)
        return Status::failure(before.error());
    // The coordinate is stored to five decimals' worth of a double: compare what matters.
    for (const ControlCorrection &c : *before)
        if (c.side.compare(correction.side, Qt::CaseInsensitive) == 0 && c.note == correction.note)
            return {};
    if (Status s = write({correction}, *before); !s)
        return s;
    mStack.push(new ControlCommand(*this, {correction}, *before,
                                   tr("Set %1 held by %2 from %3")
                                       .arg(correction.place, correction.side,
                                            QLocale().toString(correction.from, QLocale::ShortFormat))));
    emit changed();
    return {};
}

Status ControlEditor::clear(const ControlCorrection &correction)
{
    if (!mStore)
        return Status::failure(tr("No database is open."));
    const Result<QList<ControlCorrection>> before = existing(correction);
    if (!before)
        return Status::failure(before.error());
    if (before->isEmpty())
        return Status::failure(tr("%1 has no correction of control from %2.")
                                   .arg(correction.place, correction.from.toString(Qt::ISODate)));
    if (Status s = write({}, *before); !s)
        return s;
    mStack.push(new ControlCommand(*this, {}, *before,
                                   tr("Clear the holder of %1 from %2")
                                       .arg(correction.place, QLocale().toString(correction.from, QLocale::ShortFormat))));
    emit changed();
    return {};
}

void ControlEditor::change(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove)
{
    if (!mStore) {
        emit failed(tr("No database is open."));
        return;
    }
    if (Status s = write(add, remove); !s) {
        emit failed(s.error());
        return;
    }
    emit changed();
}

} // namespace mapline
