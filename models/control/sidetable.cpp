#include "sidetable.h"

#include "extract/lexiconfile.h"
#include "resourcepaths.h"

#include <QSqlError>
#include <QSqlQuery>

namespace mapline {
namespace {

QString key(const QString &name)
{
    return name.trimmed().toCaseFolded();
}

QDate optionalDate(QStringView text, bool *ok)
{
    *ok = true;
    if (text.trimmed().isEmpty())
        return {};
    const QDate d = QDate::fromString(text.trimmed().toString(), Qt::ISODate);
    *ok = d.isValid();
    return d;
}

} // namespace

Result<SideTable> SideTable::make(QList<Side> sides, QList<Member> members)
{
    SideTable t;
    t.mSides = std::move(sides);
    t.mMembers = std::move(members);
    for (int i = 0; i < t.mMembers.size(); ++i) {
        const Member &m = t.mMembers.at(i);
        if (t.sideIndex(m.side) < 0)
            return Result<SideTable>::failure(
                QStringLiteral("actor \"%1\" is on side \"%2\", which is not a side").arg(m.actor, m.side));
        t.mByName[key(m.actor)].append(i);
    }
    return t;
}

Result<SideTable> SideTable::fromFiles(const QString &sidesPath, const QString &membersPath)
{
    QList<Side> sides;
    Status s = lexicon::load(sidesPath, [&](QStringView text, const QString &file) {
        return lexicon::forEachRow(text, file, 2, [&](const QList<QStringView> &c, int) {
            sides.append({c.at(0).trimmed().toString(), c.at(1).trimmed().toString(),
                          c.size() > 2 ? c.at(2).trimmed().toString() : QString()});
            return Status();
        });
    });
    if (!s)
        return Result<SideTable>::failure(s.error());
    QList<Member> members;
    s = lexicon::load(membersPath, [&](QStringView text, const QString &file) {
        return lexicon::forEachRow(text, file, 2, [&](const QList<QStringView> &c, int line) {
            bool okFrom = true, okTo = true;
            const QDate from = c.size() > 2 ? optionalDate(c.at(2), &okFrom) : QDate();
            const QDate to = c.size() > 3 ? optionalDate(c.at(3), &okTo) : QDate();
            if (!okFrom || !okTo)
                return Status::failure(QStringLiteral("%1:%2: a date is not YYYY-MM-DD").arg(file).arg(line));
            members.append({c.at(0).trimmed().toString(), c.at(1).trimmed().toString(), from, to,
                            c.size() > 4 ? c.at(4).trimmed().toString() : QString(), QStringLiteral("lexicon")});
            return Status();
        });
    });
    if (!s)
        return Result<SideTable>::failure(s.error());
    Result<SideTable> t = make(std::move(sides), std::move(members));
    if (!t)
        return Result<SideTable>::failure(QStringLiteral("%1: %2").arg(membersPath, t.error()));
    return t;
}

Result<SideTable> SideTable::shipped()
{
    return fromFiles(resourcePath(QStringLiteral("lexicons/sides.tsv")),
                     resourcePath(QStringLiteral("lexicons/side_members.tsv")));
}

Result<SideTable> SideTable::fromDatabase(const QSqlDatabase &db)
{
    if (!db.tables().contains(QStringLiteral("sides")))
        return SideTable();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    QList<Side> sides;
    if (!q.exec(QStringLiteral("SELECT name, colour, description FROM sides ORDER BY id")))
        return Result<SideTable>::failure(QStringLiteral("cannot read the sides: %1").arg(q.lastError().text()));
    while (q.next())
        sides.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    QList<Member> members;
    if (!q.exec(QStringLiteral("SELECT m.actor, s.name, m.valid_from, m.valid_to, m.note, m.origin "
                               "FROM side_members m JOIN sides s ON s.id = m.side_id ORDER BY m.id")))
        return Result<SideTable>::failure(
            QStringLiteral("cannot read the side members: %1").arg(q.lastError().text()));
    while (q.next()) {
        members.append({q.value(0).toString(), q.value(1).toString(),
                        QDate::fromString(q.value(2).toString(), Qt::ISODate),
                        QDate::fromString(q.value(3).toString(), Qt::ISODate), q.value(4).toString(),
                        q.value(5).toString()});
    }
    return make(std::move(sides), std::move(members));
}

Status SideTable::writeTo(QSqlDatabase &db) const
{
    QSqlQuery side(db);
    if (!side.prepare(QStringLiteral("INSERT OR IGNORE INTO sides (name, colour, description) VALUES (?, ?, ?)")))
        return Status::failure(QStringLiteral("cannot write the sides: %1").arg(side.lastError().text()));
    for (const Side &s : mSides) {
        side.addBindValue(s.name);
        side.addBindValue(s.colour);
        side.addBindValue(s.description);
        if (!side.exec())
            return Status::failure(QStringLiteral("cannot write side %1: %2").arg(s.name, side.lastError().text()));
    }
    QSqlQuery member(db);
    if (!member.prepare(QStringLiteral(
            "INSERT OR IGNORE INTO side_members (actor, side_id, valid_from, valid_to, note, origin) "
            "SELECT ?, id, ?, ?, ?, ? FROM sides WHERE name = ?")))
        return Status::failure(QStringLiteral("cannot write the side members: %1").arg(member.lastError().text()));
    for (const Member &m : mMembers) {
        member.addBindValue(m.actor);
        member.addBindValue(m.from.isValid() ? m.from.toString(Qt::ISODate) : QStringLiteral(""));
        member.addBindValue(m.to.isValid() ? m.to.toString(Qt::ISODate) : QStringLiteral(""));
        member.addBindValue(m.note);
        member.addBindValue(m.origin.isEmpty() ? QStringLiteral("lexicon") : m.origin);
        member.addBindValue(m.side);
        if (!member.exec())
            return Status::failure(
                QStringLiteral("cannot write side member %1: %2").arg(m.actor, member.lastError().text()));
    }
    return {};
}

int SideTable::sideIndex(const QString &name) const
{
    for (int i = 0; i < mSides.size(); ++i)
        if (mSides.at(i).name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

int SideTable::sideOfName(const QString &name, QDate day) const
{
    const auto it = mByName.constFind(key(name));
    if (it == mByName.cend())
        return -1;
    // An analyst's row wins over the lexicon's for the same day.
    int found = -1;
    for (int i : *it) {
        const Member &m = mMembers.at(i);
        if (day.isValid() && ((m.from.isValid() && day < m.from) || (m.to.isValid() && day > m.to)))
            continue;
        if (found < 0 || m.origin == u"analyst")
            found = i;
    }
    return found < 0 ? -1 : sideIndex(mMembers.at(found).side);
}

int SideTable::sideOf(const Actor &actor, QDate day) const
{
    const int own = sideOfName(actor.name, day);
    if (own >= 0 || actor.affiliation.isEmpty() || actor.affiliation == actor.name)
        return own;
    return sideOfName(actor.affiliation, day);
}

int SideTable::opponentOf(int side) const
{
    if (mSides.size() != 2 || side < 0 || side > 1)
        return -1;
    return 1 - side;
}

} // namespace mapline
