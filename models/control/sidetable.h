#pragma once

#include "actor.h"
#include "result.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace mapline {

// Who is on which side of the conflict, and when: the sides (name, colour) and the membership of
// actors in them over time. Read from the database (tables `sides`, `side_members`, schema 6) or
// from the shipped lexicon (resources/lexicons/sides.tsv, side_members.tsv). Immutable once built;
// lookups are one hash probe and a short scan, safe from any thread.
class SideTable {
public:
    struct Side {
        QString name;
        QString colour; // "#rrggbb"
        QString description;
    };
    struct Member {
        QString actor;  // as stored (actors.name), matched without regard to case
        QString side;
        QDate from;     // null: open
        QDate to;       // null: open
        QString note;
        QString origin; // "lexicon" or "analyst"
    };

    SideTable() = default;
    // Builds a table; fails naming the member whose side is not among `sides`.
    static Result<SideTable> make(QList<Side> sides, QList<Member> members);
    // The shipped lexicon (sidesPath, membersPath: tab-separated with a header, '#' comments).
    static Result<SideTable> fromFiles(const QString &sidesPath, const QString &membersPath);
    static Result<SideTable> shipped(); // the two files of resources/lexicons/
    // The database's tables; an empty table when they hold no side (or do not exist yet).
    static Result<SideTable> fromDatabase(const QSqlDatabase &db);

    // Adds the sides and members to the database's tables (what is there already stays: an
    // analyst's edits are not overwritten). Run inside the caller's transaction.
    Status writeTo(QSqlDatabase &db) const;

    bool isEmpty() const { return mSides.isEmpty(); }
    const QList<Side> &sides() const { return mSides; }
    const QList<Member> &members() const { return mMembers; }
    int sideIndex(const QString &name) const; // -1 when no such side
    // The side of `actor` on `day` (its own name first, then its affiliation); -1 when none.
    // A null day matches every membership.
    int sideOf(const Actor &actor, QDate day) const;
    int sideOfName(const QString &name, QDate day) const;
    // The other side when the table has exactly two; -1 otherwise (with three sides, "the side
    // that lost it" does not say who won it).
    int opponentOf(int side) const;

private:
    QList<Side> mSides;
    QList<Member> mMembers;
    QHash<QString, QList<int>> mByName; // case-folded actor -> indexes into mMembers
};

} // namespace mapline
