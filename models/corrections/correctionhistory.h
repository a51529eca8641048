#pragma once

#include "corrections/correction.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace mapline {

struct ControlCorrection;

// Who made a correction and when (the `corrected_by` and `corrected_at` columns). `by` is empty for
// a correction saved before schema 8 (SQLite) or 4 (PostgreSQL): shown as "unknown".
struct CorrectionStamp {
    QString by;
    QDateTime at; // UTC
};

// One change to the analyst's corrections, as kept in `correction_history` (docs/SCHEMA.md): what
// the subject's correction was before (`oldValue`, null: none, the machine's values) and who had
// made it, what it became (`newValue`, null: reverted or removed), who changed it and when, and
// the change in words. Every change is kept, reverting included; the row's id orders them.
struct HistoryEntry {
    enum class Kind { Event, Happening, Control };
    qint64 id = 0;
    Kind kind = Kind::Event;
    QString subject; // historySubject() of what was corrected
    std::optional<QJsonObject> oldValue;
    CorrectionStamp old; // who and when of oldValue (empty without one)
    std::optional<QJsonObject> newValue;
    CorrectionStamp changed; // who made this change, when
    QString change; // "date 2001-11-25 → 2001-11-26"
};

// A write that replaced corrections made by someone else after the writer read the subject
// (its revision): the write stood (the later one wins); `replaced` are the other changes, kept in
// the history, which the caller must show.
struct CorrectionConflict {
    QList<HistoryEntry> replaced;
    bool isEmpty() const { return replaced.isEmpty(); }
};

namespace history {

QString kindName(HistoryEntry::Kind kind);
HistoryEntry::Kind kindFromName(const QString &name);

// The stable name of what a correction is about, the same on every store: an event's key (for
// its correction and for the merges and splits of its report), or a place and day (control).
QString subject(const EventKey &key);
QString subject(const ControlCorrection &correction);

// A correction as JSON (the history's old and new values) and back.
QJsonObject toJson(const Correction &correction);
Correction correctionFromJson(const QJsonObject &json);
QJsonObject toJson(const HappeningCorrection &correction);
QJsonObject toJson(const ControlCorrection &correction);

// The change in words: "date 2001-11-25 → 2001-11-26; place Kunduz → Taloqan", "reverted to
// the machine's values", "merged with another report's happening", "Kunduz held by X from ...".
QString describe(const std::optional<Correction> &before, const std::optional<Correction> &after);
QString describe(const HappeningCorrection &correction, bool added);
QString describe(const ControlCorrection &correction, bool added);

// The history rows of a merge or split added or removed: one for each report it names, written by
// `changed` (both stores write these).
QList<HistoryEntry> entries(const HappeningCorrection &correction, bool added, const CorrectionStamp &changed);

// "unknown" for an empty name.
QString analystName(const QString &by);
// The message a writer sees when its write replaced others' changes: "Your correction replaced
// Farid's of 06:12 today (date 2001-11-25 → 2001-11-26)." One sentence per replaced change.
QString conflictMessage(const CorrectionConflict &conflict, const QDateTime &now = QDateTime::currentDateTime());
// A stamp's time for people: "06:12 today", "14:03 yesterday", "2026-11-30 14:03" (local time).
QString whenText(const QDateTime &at, const QDateTime &now = QDateTime::currentDateTime());

// The analyst's name when none is set: the login name from the environment.
QString defaultAnalyst();

// Timestamps as stored: ISO 8601 UTC with milliseconds (ordered as text).
QString stampText(const QDateTime &at);
QDateTime stampFromText(const QString &text);

} // namespace history
} // namespace mapline
