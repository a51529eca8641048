#include "eventfields.h"

#include <QJsonArray>

namespace mapline {
namespace {

QJsonValue dateOrNull(const QDate &d)
{
    return d.isValid() ? QJsonValue(d.toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

QJsonValue numberOrNull(bool valid, double v)
{
    return valid ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QStringList actorNames(const Event &e)
{
    QStringList names;
    for (const ActorMention &m : e.actors)
        if (!names.contains(m.actor.name))
            names << m.actor.name;
    return names;
}

} // namespace

const QStringList &eventFieldNames()
{
    static const QStringList names = {
        QStringLiteral("id"),          QStringLiteral("article_id"),     QStringLiteral("date"),
        QStringLiteral("date_end"),    QStringLiteral("date_precision"), QStringLiteral("place"),
        QStringLiteral("place_text"),  QStringLiteral("lat"),            QStringLiteral("lon"),
        QStringLiteral("geo_precision"), QStringLiteral("admin1"),       QStringLiteral("country"),
        QStringLiteral("type"),        QStringLiteral("acled_event_type"), QStringLiteral("acled_sub_event_type"),
        QStringLiteral("cameo_root"),  QStringLiteral("actors"),         QStringLiteral("sentence"),
        QStringLiteral("confidence")};
    return names;
}

QJsonObject eventToJson(const Event &e)
{
    const bool located = e.place.coordinate.isValid();
    QJsonObject o;
    o.insert(QStringLiteral("id"), e.id);
    o.insert(QStringLiteral("article_id"), e.articleId);
    o.insert(QStringLiteral("date"), dateOrNull(e.time.start));
    o.insert(QStringLiteral("date_end"), dateOrNull(e.time.end));
    o.insert(QStringLiteral("date_precision"), toString(e.time.precision));
    o.insert(QStringLiteral("place"), e.place.name);
    o.insert(QStringLiteral("place_text"), e.placeText);
    o.insert(QStringLiteral("lat"), numberOrNull(located, e.place.coordinate.latitude()));
    o.insert(QStringLiteral("lon"), numberOrNull(located, e.place.coordinate.longitude()));
    o.insert(QStringLiteral("geo_precision"), toString(e.place.precision));
    o.insert(QStringLiteral("admin1"), e.place.admin1);
    o.insert(QStringLiteral("country"), e.place.country);
    o.insert(QStringLiteral("type"), e.type);
    o.insert(QStringLiteral("acled_event_type"), e.acledEventType);
    o.insert(QStringLiteral("acled_sub_event_type"), e.acledSubEventType);
    o.insert(QStringLiteral("cameo_root"), e.cameoRoot);
    o.insert(QStringLiteral("actors"), QJsonArray::fromStringList(actorNames(e)));
    o.insert(QStringLiteral("sentence"), e.sentence);
    o.insert(QStringLiteral("confidence"), e.confidence);
    return o;
}

QString csvQuote(const QString &field)
{
    static const QString special = QStringLiteral(",\"\n\r");
    bool needs = false;
    for (QChar c : field)
        needs = needs || special.contains(c);
    if (!needs)
        return field;
    QString quoted = field;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csvHeader()
{
    return eventFieldNames().join(QLatin1Char(','));
}

QString eventToCsvRecord(const Event &e)
{
    const bool located = e.place.coordinate.isValid();
    auto date = [](const QDate &d) { return d.isValid() ? d.toString(Qt::ISODate) : QString(); };
    const QStringList fields = {
        QString::number(e.id),
        QString::number(e.articleId),
        date(e.time.start),
        date(e.time.end),
        toString(e.time.precision),
        e.place.name,
        e.placeText,
        located ? QString::number(e.place.coordinate.latitude(), 'f', 6) : QString(),
        located ? QString::number(e.place.coordinate.longitude(), 'f', 6) : QString(),
        toString(e.place.precision),
        e.place.admin1,
        e.place.country,
        e.type,
        e.acledEventType,
        e.acledSubEventType,
        e.cameoRoot,
        actorNames(e).join(QStringLiteral("; ")),
        e.sentence,
        QString::number(e.confidence, 'g', 3),
    };
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString &f : fields)
        quoted << csvQuote(f);
    return quoted.join(QLatin1Char(','));
}

} // namespace mapline
