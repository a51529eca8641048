#include "eventfields.h"

#include <QJsonArray>

namespace mapline {
namespace {

QString csvField(const QVariant &value)
{
    if (value.isNull())
        return {};
    switch (value.typeId()) {
    case QMetaType::QDate: return value.toDate().isValid() ? value.toDate().toString(Qt::ISODate) : QString();
    case QMetaType::QStringList: return value.toStringList().join(QStringLiteral("; "));
    default: return value.toString();
    }
}

QJsonValue jsonField(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue(QJsonValue::Null);
    switch (value.typeId()) {
    case QMetaType::QDate:
        return value.toDate().isValid() ? QJsonValue(value.toDate().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
    case QMetaType::QStringList: return QJsonArray::fromStringList(value.toStringList());
    case QMetaType::LongLong: return QJsonValue(value.toLongLong());
    case QMetaType::Double: return QJsonValue(value.toDouble());
    default: return QJsonValue(value.toString());
    }
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
        QStringLiteral("confidence"),  QStringLiteral("happening_id"),   QStringLiteral("sources"),
        QStringLiteral("external_id")};
    return names;
}

QStringList eventActorNames(const Event &e)
{
    QStringList names;
    for (const ActorMention &m : e.actors)
        if (!names.contains(m.actor.name))
            names << m.actor.name;
    return names;
}

QVariantList eventFieldValues(const Event &e)
{
    const bool located = e.place.coordinate.isValid();
    const QVariant noNumber(QMetaType::fromType<double>());
    return {
        QVariant(qint64(e.id)),
        QVariant(qint64(e.articleId)),
        QVariant(e.time.start),
        QVariant(e.time.end),
        toString(e.time.precision),
        e.place.name,
        e.placeText,
        located ? QVariant(e.place.coordinate.latitude()) : noNumber,
        located ? QVariant(e.place.coordinate.longitude()) : noNumber,
        toString(e.place.precision),
        e.place.admin1,
        e.place.country,
        e.type,
        e.acledEventType,
        e.acledSubEventType,
        e.cameoRoot,
        QVariant(eventActorNames(e)),
        e.sentence,
        QVariant(e.confidence),
        e.happeningId > 0 ? QVariant(qint64(e.happeningId)) : QVariant(QMetaType::fromType<qint64>()),
        QVariant(qint64(e.sources)),
        e.externalId.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(e.externalId),
    };
}

QJsonObject eventToJson(const Event &e)
{
    const QStringList &names = eventFieldNames();
    const QVariantList values = eventFieldValues(e);
    QJsonObject o;
    for (qsizetype i = 0; i < names.size(); ++i)
        o.insert(names[i], jsonField(values[i]));
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
    const QVariantList values = eventFieldValues(e);
    QStringList quoted;
    quoted.reserve(values.size());
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QVariant &v = values[i];
        const QString &name = eventFieldNames()[i];
        // Coordinates to 6 decimals (about 0.1 m), confidence to 3 significant digits.
        if ((name == u"lat" || name == u"lon") && !v.isNull())
            quoted << QString::number(v.toDouble(), 'f', 6);
        else if (name == u"confidence")
            quoted << QString::number(v.toDouble(), 'g', 3);
        else
            quoted << csvQuote(csvField(v));
    }
    return quoted.join(QLatin1Char(','));
}

} // namespace mapline
