#include "corrections/correctionhistory.h"

#include "control/controlcorrection.h"

#include <QJsonArray>
#include <QStringList>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace mapline::history {
namespace {

QString keyText(const EventKey &k)
{
    return QStringLiteral("%1|%2|%3|%4|%5|%6")
        .arg(k.contentHash)
        .arg(k.sentenceIndex)
        .arg(k.triggerStart)
        .arg(k.triggerEnd)
        .arg(k.machineType)
        .arg(k.ordinal);
}

QJsonObject keyJson(const EventKey &k)
{
    return {{QStringLiteral("content_hash"), k.contentHash}, {QStringLiteral("sentence_idx"), k.sentenceIndex},
            {QStringLiteral("trigger_start"), k.triggerStart}, {QStringLiteral("trigger_end"), k.triggerEnd},
            {QStringLiteral("machine_type"), k.machineType},   {QStringLiteral("ordinal"), k.ordinal}};
}

QString timeText(const TimeRange &t)
{
    const QString start = t.start.toString(Qt::ISODate);
    if (!t.end.isValid() || t.end == t.start)
        return start.isEmpty() ? QStringLiteral("no date") : start;
    return QStringLiteral("%1 – %2").arg(start, t.end.toString(Qt::ISODate));
}

QString actorsText(const QList<Actor> &actors)
{
    QStringList names;
    for (const Actor &a : actors)
        names << a.name;
    return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
}

} // namespace

QString kindName(HistoryEntry::Kind kind)
{
    switch (kind) {
    case HistoryEntry::Kind::Event: return QStringLiteral("event");
    case HistoryEntry::Kind::Happening: return QStringLiteral("happening");
    case HistoryEntry::Kind::Control: return QStringLiteral("control");
    }
    return {};
}

HistoryEntry::Kind kindFromName(const QString &name)
{
    if (name == u"happening")
        return HistoryEntry::Kind::Happening;
    if (name == u"control")
        return HistoryEntry::Kind::Control;
    return HistoryEntry::Kind::Event;
}

QString subject(const EventKey &key)
{
    return keyText(key);
}

QString subject(const ControlCorrection &c)
{
    return QStringLiteral("%1|%2|%3|%4").arg(c.place, c.admin1, c.country, c.from.toString(Qt::ISODate));
}

QJsonObject toJson(const Correction &c)
{
    QJsonObject o;
    if (c.time)
        o.insert(QStringLiteral("time"), QJsonObject{{QStringLiteral("start"), c.time->start.toString(Qt::ISODate)},
                                                      {QStringLiteral("end"), c.time->end.toString(Qt::ISODate)},
                                                      {QStringLiteral("precision"), toString(c.time->precision)}});
    if (c.place) {
        const Place &p = *c.place;
        o.insert(QStringLiteral("place"),
                 QJsonObject{{QStringLiteral("name"), p.name},       {QStringLiteral("kind"), toString(p.precision)},
                             {QStringLiteral("lon"), p.coordinate.longitude()},
                             {QStringLiteral("lat"), p.coordinate.latitude()},
                             {QStringLiteral("admin1"), p.admin1},   {QStringLiteral("admin2"), p.admin2},
                             {QStringLiteral("country"), p.country}, {QStringLiteral("gazetteer_id"), p.gazetteerId},
                             {QStringLiteral("source"), p.source}});
    }
    if (c.type)
        o.insert(QStringLiteral("type"), QJsonObject{{QStringLiteral("type"), c.type->type},
                                                      {QStringLiteral("acled_event_type"), c.type->acledEventType},
                                                      {QStringLiteral("acled_sub_event_type"), c.type->acledSubEventType},
                                                      {QStringLiteral("cameo_root"), c.type->cameoRoot}});
    if (c.actors) {
        QJsonArray actors;
        for (const Actor &a : *c.actors)
            actors.append(QJsonObject{{QStringLiteral("name"), a.name},
                                      {QStringLiteral("affiliation"), a.affiliation},
                                      {QStringLiteral("kind"), a.kind}});
        o.insert(QStringLiteral("actors"), actors);
    }
    if (c.discarded)
        o.insert(QStringLiteral("discarded"), true);
    return o;
}

Correction correctionFromJson(const QJsonObject &o)
{
    Correction c;
    if (o.contains(QStringLiteral("time"))) {
        const QJsonObject t = o.value(QStringLiteral("time")).toObject();
        c.time = TimeRange{QDate::fromString(t.value(QStringLiteral("start")).toString(), Qt::ISODate),
                           QDate::fromString(t.value(QStringLiteral("end")).toString(), Qt::ISODate),
                           datePrecisionFromString(t.value(QStringLiteral("precision")).toString())};
    }
    if (o.contains(QStringLiteral("place"))) {
        const QJsonObject j = o.value(QStringLiteral("place")).toObject();
        Place p;
        p.name = j.value(QStringLiteral("name")).toString();
        p.precision = geoPrecisionFromString(j.value(QStringLiteral("kind")).toString());
        p.coordinate = QGeoCoordinate(j.value(QStringLiteral("lat")).toDouble(), j.value(QStringLiteral("lon")).toDouble());
        p.admin1 = j.value(QStringLiteral("admin1")).toString();
        p.admin2 = j.value(QStringLiteral("admin2")).toString();
        p.country = j.value(QStringLiteral("country")).toString();
        p.gazetteerId = j.value(QStringLiteral("gazetteer_id")).toInteger();
        p.source = j.value(QStringLiteral("source")).toString();
        c.place = p;
    }
    if (o.contains(QStringLiteral("type"))) {
        const QJsonObject t = o.value(QStringLiteral("type")).toObject();
        c.type = EventTypeCodes{t.value(QStringLiteral("type")).toString(),
                                t.value(QStringLiteral("acled_event_type")).toString(),
                                t.value(QStringLiteral("acled_sub_event_type")).toString(),
                                t.value(QStringLiteral("cameo_root")).toString()};
    }
    if (o.contains(QStringLiteral("actors"))) {
        QList<Actor> actors;
        for (const QJsonValue &v : o.value(QStringLiteral("actors")).toArray()) {
            const QJsonObject a = v.toObject();
            actors.append({a.value(QStringLiteral("name")).toString(), a.value(QStringLiteral("affiliation")).toString(),
                           a.value(QStringLiteral("kind")).toString()});
        }
        c.actors = actors;
    }
    c.discarded = o.value(QStringLiteral("discarded")).toBool();
    return c;
}

QJsonObject toJson(const HappeningCorrection &c)
{
    QJsonObject o{{QStringLiteral("kind"), c.kind == HappeningCorrection::Kind::Merge ? QStringLiteral("merge")
                                                                                       : QStringLiteral("split")},
                  {QStringLiteral("report"), keyJson(c.report)}};
    if (c.kind == HappeningCorrection::Kind::Merge)
        o.insert(QStringLiteral("other"), keyJson(c.other));
    return o;
}

QJsonObject toJson(const ControlCorrection &c)
{
    QJsonObject o{{QStringLiteral("place"), c.place},   {QStringLiteral("admin1"), c.admin1},
                  {QStringLiteral("country"), c.country}, {QStringLiteral("valid_from"), c.from.toString(Qt::ISODate)},
                  {QStringLiteral("side"), c.side},     {QStringLiteral("note"), c.note}};
    if (c.coordinate.isValid()) {
        o.insert(QStringLiteral("lon"), c.coordinate.longitude());
        o.insert(QStringLiteral("lat"), c.coordinate.latitude());
    }
    return o;
}

QString describe(const std::optional<Correction> &before, const std::optional<Correction> &after)
{
    const Correction none;
    const Correction &b = before ? *before : none;
    const Correction &a = after ? *after : none;
    if (a.isEmpty())
        return QStringLiteral("reverted to the machine's values");
    if (a.discarded && !b.discarded)
        return QStringLiteral("discarded");
    QStringList parts;
    if (b.discarded && !a.discarded)
        parts << QStringLiteral("brought back");
    if (a.time != b.time)
        parts << QStringLiteral("date %1 → %2").arg(b.time ? timeText(*b.time) : QStringLiteral("as extracted"),
                                                     a.time ? timeText(*a.time) : QStringLiteral("as extracted"));
    const auto placeName = [](const std::optional<Place> &p) { return p ? p->name : QStringLiteral("as extracted"); };
    if (placeName(a.place) != placeName(b.place) ||
        (a.place && b.place && a.place->coordinate != b.place->coordinate))
        parts << QStringLiteral("place %1 → %2").arg(placeName(b.place), placeName(a.place));
    if (a.type != b.type)
        parts << QStringLiteral("type %1 → %2").arg(b.type ? b.type->type : QStringLiteral("as extracted"),
                                                     a.type ? a.type->type : QStringLiteral("as extracted"));
    if (a.actors != b.actors)
        parts << QStringLiteral("actors %1 → %2").arg(b.actors ? actorsText(*b.actors) : QStringLiteral("as extracted"),
                                                       a.actors ? actorsText(*a.actors) : QStringLiteral("as extracted"));
    return parts.isEmpty() ? QStringLiteral("saved again unchanged") : parts.join(QStringLiteral("; "));
}

QList<HistoryEntry> entries(const HappeningCorrection &c, bool added, const CorrectionStamp &changed)
{
    QList<HistoryEntry> list;
    for (const EventKey *key : {&c.report, &c.other}) {
        if (!key->isValid())
            continue;
        HistoryEntry e;
        e.kind = HistoryEntry::Kind::Happening;
        e.subject = subject(*key);
        (added ? e.newValue : e.oldValue) = toJson(c);
        e.changed = changed;
        e.change = describe(c, added);
        list << e;
    }
    return list;
}

QString describe(const HappeningCorrection &c, bool added)
{
    if (c.kind == HappeningCorrection::Kind::Merge)
        return added ? QStringLiteral("merged with another report's happening")
                     : QStringLiteral("merge with another report's happening undone");
    return added ? QStringLiteral("split out of its happening") : QStringLiteral("split undone");
}

QString describe(const ControlCorrection &c, bool added)
{
    if (!added)
        return QStringLiteral("correction of control from %1 removed").arg(c.from.toString(Qt::ISODate));
    return QStringLiteral("%1 held by %2 from %3").arg(c.place, c.side, c.from.toString(Qt::ISODate));
}

QString analystName(const QString &by)
{
    return by.trimmed().isEmpty() ? QStringLiteral("an unnamed analyst") : by;
}

QString whenText(const QDateTime &at, const QDateTime &now)
{
    if (!at.isValid())
        return QStringLiteral("an unknown time");
    const QDateTime local = at.toLocalTime();
    const QDate today = now.toLocalTime().date();
    const QString hm = local.time().toString(QStringLiteral("HH:mm"));
    if (local.date() == today)
        return QStringLiteral("%1 today").arg(hm);
    if (local.date() == today.addDays(-1))
        return QStringLiteral("%1 yesterday").arg(hm);
    return QStringLiteral("%1 %2").arg(local.date().toString(Qt::ISODate), hm);
}

QString conflictMessage(const CorrectionConflict &conflict, const QDateTime &now)
{
    QStringList sentences;
    for (const HistoryEntry &e : conflict.replaced)
        sentences << (e.changed.by.trimmed().isEmpty()
                          ? QStringLiteral("Your correction replaced one of %1 by an unknown analyst (%2).")
                                .arg(whenText(e.changed.at, now), e.change)
                          : QStringLiteral("Your correction replaced %1's of %2 (%3).")
                                .arg(e.changed.by, whenText(e.changed.at, now), e.change));
    return sentences.join(QLatin1Char(' '));
}

QString defaultAnalyst()
{
    const QString forced = qEnvironmentVariable("MAPLINE_ANALYST").trimmed();
    if (!forced.isEmpty())
        return forced;
#ifdef Q_OS_UNIX
    // The account's full name (the first field of GECOS, as git takes it) reads better in a
    // shared history than a login name; a desktop launched without USER (a session manager, a
    // service) still has an account. getpwuid's buffer is static: copied at once, GUI thread.
    const passwd *account = getpwuid(getuid());
    const QString fullName = account && account->pw_gecos
                                 ? QString::fromLocal8Bit(account->pw_gecos).section(QLatin1Char(','), 0, 0).trimmed()
                                 : QString();
    if (!fullName.isEmpty())
        return fullName;
#endif
    for (const char *name : {"USER", "LOGNAME", "USERNAME"}) {
        const QString value = qEnvironmentVariable(name).trimmed();
        if (!value.isEmpty())
            return value;
    }
#ifdef Q_OS_UNIX
    if (account && account->pw_name)
        return QString::fromLocal8Bit(account->pw_name).trimmed();
#endif
    return {};
}

QString stampText(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime stampFromText(const QString &text)
{
    if (text.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (t.isValid() && t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC); // stored without an offset: always UTC
    return t;
}

} // namespace mapline::history
