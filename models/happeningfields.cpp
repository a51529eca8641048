#include "happeningfields.h"

#include "eventfields.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace mapline {
namespace {

QString joined(const QList<qint64> &ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(QStringLiteral("; "));
}

QJsonArray idArray(const QList<qint64> &ids)
{
    QJsonArray a;
    for (qint64 id : ids)
        a.append(QJsonValue(id));
    return a;
}

QString described(const QList<Disagreement> &disagreements)
{
    QStringList parts;
    for (const Disagreement &d : disagreements)
        parts << describe(d);
    return parts.join(QStringLiteral("; "));
}

// Coordinates to 6 decimals (about 0.1 m; the fused place is stored as a float), confidence to 3
// significant digits, as in the CSV.
double rounded(const QString &field, double value)
{
    if (field == u"lat" || field == u"lon")
        return std::round(value * 1e6) / 1e6;
    if (field == u"confidence")
        return QString::number(value, 'g', 3).toDouble();
    return value;
}

} // namespace

const QStringList &happeningFieldNames()
{
    static const QStringList names = {
        QStringLiteral("id"),           QStringLiteral("date"),          QStringLiteral("date_end"),
        QStringLiteral("date_precision"), QStringLiteral("place"),       QStringLiteral("lat"),
        QStringLiteral("lon"),          QStringLiteral("geo_precision"), QStringLiteral("admin1"),
        QStringLiteral("country"),      QStringLiteral("type"),          QStringLiteral("acled_event_type"),
        QStringLiteral("actors"),       QStringLiteral("reports"),       QStringLiteral("sources"),
        QStringLiteral("source_names"), QStringLiteral("event_ids"),     QStringLiteral("article_ids"),
        QStringLiteral("confidence"),   QStringLiteral("disagreements"), QStringLiteral("corrected")};
    return names;
}

QVariantList happeningFieldValues(const Happening &h)
{
    const bool located = h.place.coordinate.isValid();
    const QVariant noNumber(QMetaType::fromType<double>());
    return {
        QVariant(qint64(h.id)),
        QVariant(h.time.start),
        QVariant(h.time.end),
        toString(h.time.isValid() ? h.time.precision : DatePrecision::Unknown),
        h.place.name,
        located ? QVariant(h.place.coordinate.latitude()) : noNumber,
        located ? QVariant(h.place.coordinate.longitude()) : noNumber,
        toString(h.place.precision),
        h.place.admin1,
        h.place.country,
        h.type,
        h.acledEventType,
        h.actors.join(QStringLiteral("; ")),
        QVariant(qint64(h.reports)),
        QVariant(qint64(h.sources())),
        h.sourceNames.join(QStringLiteral("; ")),
        joined(h.eventIds),
        joined(h.articleIds),
        QVariant(h.confidence),
        described(h.disagreements),
        QVariant(qint64(h.corrected ? 1 : 0)),
    };
}

QJsonObject happeningToJson(const Happening &h)
{
    const QVariantList values = happeningFieldValues(h);
    const QStringList &names = happeningFieldNames();
    QJsonObject o;
    for (qsizetype i = 0; i < names.size(); ++i) {
        const QVariant &v = values[i];
        if (v.isNull())
            o.insert(names[i], QJsonValue::Null);
        else if (v.typeId() == QMetaType::QDate)
            o.insert(names[i], v.toDate().isValid() ? QJsonValue(v.toDate().toString(Qt::ISODate)) : QJsonValue::Null);
        else if (v.typeId() == QMetaType::LongLong)
            o.insert(names[i], QJsonValue(v.toLongLong()));
        else if (v.typeId() == QMetaType::Double)
            o.insert(names[i], QJsonValue(rounded(names[i], v.toDouble())));
        else
            o.insert(names[i], v.toString());
    }
    o.insert(QStringLiteral("actors"), QJsonArray::fromStringList(h.actors));
    o.insert(QStringLiteral("source_names"), QJsonArray::fromStringList(h.sourceNames));
    o.insert(QStringLiteral("event_ids"), idArray(h.eventIds));
    o.insert(QStringLiteral("article_ids"), idArray(h.articleIds));
    o.insert(QStringLiteral("corrected"), h.corrected);
    o.insert(QStringLiteral("disagreements"),
             h.disagreements.isEmpty() ? QJsonArray()
                                       : QJsonDocument::fromJson(disagreementsToJson(h.disagreements).toUtf8()).array());
    return o;
}

QJsonObject happeningToGeoJsonFeature(const Happening &h)
{
    QJsonObject properties = happeningToJson(h);
    QJsonValue geometry(QJsonValue::Null);
    if (h.place.coordinate.isValid()) {
        QJsonObject point;
        point.insert(QStringLiteral("type"), QStringLiteral("Point"));
        point.insert(QStringLiteral("coordinates"),
                     QJsonArray{rounded(QStringLiteral("lon"), h.place.coordinate.longitude()),
                                rounded(QStringLiteral("lat"), h.place.coordinate.latitude())});
        geometry = point;
    }
    QJsonObject feature;
    feature.insert(QStringLiteral("type"), QStringLiteral("Feature"));
    feature.insert(QStringLiteral("id"), QJsonValue(qint64(h.id)));
    feature.insert(QStringLiteral("geometry"), geometry);
    feature.insert(QStringLiteral("properties"), properties);
    return feature;
}

QString happeningCsvHeader()
{
    return happeningFieldNames().join(QLatin1Char(','));
}

QString happeningToCsvRecord(const Happening &h)
{
    const QVariantList values = happeningFieldValues(h);
    const QStringList &names = happeningFieldNames();
    QStringList out;
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QVariant &v = values[i];
        if (v.isNull())
            out << QString();
        else if ((names[i] == u"lat" || names[i] == u"lon"))
            out << QString::number(v.toDouble(), 'f', 6);
        else if (names[i] == u"confidence")
            out << QString::number(v.toDouble(), 'g', 3);
        else if (v.typeId() == QMetaType::QDate)
            out << (v.toDate().isValid() ? v.toDate().toString(Qt::ISODate) : QString());
        else
            out << csvQuote(v.toString());
    }
    return out.join(QLatin1Char(','));
}

} // namespace mapline
