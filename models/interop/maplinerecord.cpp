#include "interop/maplinerecord.h"

#include <cmath>

namespace mapline {

QDate MaplineRecord::parseDate(const QString &text)
{
    QString t = text.trimmed();
    if (t.size() > 10 && (t[10] == QLatin1Char('T') || t[10] == QLatin1Char(' ')))
        t.truncate(10);
    t.replace(QLatin1Char('/'), QLatin1Char('-'));
    return t.size() == 10 ? QDate::fromString(t, Qt::ISODate) : QDate();
}

bool MaplineRecord::toRow(const FieldValue &value, DatasetRow &row, QString &problem)
{
    Event &e = row.event;
    const auto text = [&](const char *name) { return value(QString::fromLatin1(name)).trimmed(); };

    const auto date = [&](const char *name, QDate &out) {
        const QString t = text(name);
        out = parseDate(t);
        if (!t.isEmpty() && !out.isValid()) {
            problem = QStringLiteral("%1 \"%2\" is not a date").arg(QString::fromLatin1(name), t);
            return false;
        }
        return true;
    };
    QDate start, end;
    if (!date("date", start) || !date("date_end", end))
        return false;
    if (!end.isValid())
        end = start;
    if (start.isValid() && end < start) {
        problem = QStringLiteral("date_end %1 is before date %2")
                      .arg(end.toString(Qt::ISODate), start.toString(Qt::ISODate));
        return false;
    }
    e.time = {start, start.isValid() ? end : QDate(), datePrecisionFromString(text("date_precision"))};

    const QString latText = text("lat");
    const QString lonText = text("lon");
    if (!latText.isEmpty() || !lonText.isEmpty()) {
        bool latOk = false, lonOk = false;
        const double lat = latText.toDouble(&latOk);
        const double lon = lonText.toDouble(&lonOk);
        if (!latOk || !lonOk || !std::isfinite(lat) || !std::isfinite(lon) || std::abs(lat) > 90 ||
            std::abs(lon) > 180) {
            problem =
                QStringLiteral("lat/lon \"%1\", \"%2\" is not a position on Earth").arg(latText, lonText);
            return false;
        }
        e.place.coordinate = QGeoCoordinate(lat, lon);
    }
    e.type = text("type");
    if (e.type.isEmpty()) {
        problem = QStringLiteral("the type is empty");
        return false;
    }
    const QString confidenceText = text("confidence");
    if (!confidenceText.isEmpty()) {
        bool ok = false;
        e.confidence = confidenceText.toDouble(&ok);
        if (!ok || !(e.confidence >= 0.0 && e.confidence <= 1.0)) {
            problem = QStringLiteral("confidence \"%1\" is not a number from 0 to 1").arg(confidenceText);
            return false;
        }
    }
    e.place.name = text("place");
    e.placeText = text("place_text");
    e.place.precision = geoPrecisionFromString(text("geo_precision"));
    e.place.admin1 = text("admin1");
    e.place.country = text("country");
    e.place.source = QStringLiteral("Mapline export");
    e.acledEventType = text("acled_event_type");
    e.acledSubEventType = text("acled_sub_event_type");
    e.cameoRoot = text("cameo_root");
    e.sentence = value(QStringLiteral("sentence")); // as written, spaces and all
    for (const QString &name : text("actors").split(QStringLiteral(";"), Qt::SkipEmptyParts)) {
        const QString n = name.trimmed();
        if (!n.isEmpty())
            e.actors.append(ActorMention{Actor{n, QString(), QString()}, Span{}});
    }
    // The dataset row's own id the export carried (a GDELT or ACLED event's) comes back as it was,
    // so a round trip keeps it; an event without one (read from an article, or an export older
    // than the field) is known by its id in the exporting database, as before. The row's identity
    // (datasetkey.h) stays the exported id either way, so an export read again is recognised
    // whether or not it carries external_id.
    row.exportedId = text("id");
    e.externalId = text("external_id");
    row.externalId = e.externalId.isEmpty() ? row.exportedId : e.externalId;
    return true;
}

} // namespace mapline
