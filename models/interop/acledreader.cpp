#include "interop/acledreader.h"

#include "interop/acledtypes.h"
#include "interop/countrycodes.h"

#include <cmath>

namespace mapline {
namespace {

int monthFromName(QStringView name)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    const QString n = name.toString().toLower();
    if (n.size() < 3)
        return 0;
    for (int i = 0; i < 12; ++i)
        if (n.startsWith(QLatin1String(months[i])))
            return i + 1;
    return 0;
}

GeoPrecision precisionOf(QStringView code)
{
    if (code == u"1")
        return GeoPrecision::City; // the town itself
    if (code == u"2")
        return GeoPrecision::District; // near a town, or a district
    if (code == u"3")
        return GeoPrecision::Province; // only the province (or larger) is known
    return GeoPrecision::Unknown;
}

// Groups and persons are "group"; the generic civilian roles ACLED codes as actors are "role".
QString actorKind(const QString &name)
{
    for (const char *role : {"Civilians", "Protesters", "Rioters"})
        if (name.startsWith(QLatin1String(role)))
            return QStringLiteral("role");
    return QStringLiteral("group");
}

void addActors(Event &e, const QString &names, const QString &role)
{
    for (const QString &part : names.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString name = part.trimmed();
        if (name.isEmpty())
            continue;
        bool known = false;
        for (const ActorMention &m : std::as_const(e.actors))
            known = known || m.actor.name == name;
        if (!known)
            e.actors.append(ActorMention{Actor{name, QString(), actorKind(name)}, Span{}, role});
    }
}

} // namespace

QDate AcledReader::parseDate(QStringView text)
{
    const QString t = text.trimmed().toString();
    if (const QDate iso = QDate::fromString(t, Qt::ISODate); iso.isValid() && t.size() == 10)
        return iso;
    QList<QStringView>
        parts; // split at spaces, slashes and hyphens (no regular expression: this runs per row)
    qsizetype start = -1;
    for (qsizetype i = 0; i <= t.size(); ++i) {
        const bool separator = i == t.size() || t[i] == u' ' || t[i] == u'/' || t[i] == u'-';
        if (separator && start >= 0) {
            parts << QStringView(t).sliced(start, i - start);
            start = -1;
        } else if (!separator && start < 0) {
            start = i;
        }
    }
    if (parts.size() != 3)
        return {};
    bool dayOk = false, yearOk = false, monthOk = false;
    const int day = parts[0].toInt(&dayOk);
    const int year = parts[2].toInt(&yearOk);
    int month = parts[1].toInt(&monthOk);
    if (!monthOk)
        month = monthFromName(parts[1]);
    if (!dayOk || !yearOk || month < 1 || month > 12 || parts[2].size() != 4)
        return {};
    return QDate(year, month, day);
}

Status AcledReader::openInput(InputFile file)
{
    const QString path = file.path();
    QByteArrayList header;
    if (Status s = openWithHeader(std::move(file), header); !s)
        return s;
    for (int i = 0; i < header.size(); ++i)
        mColumns.insert(header[i].trimmed().toLower(), i);
    for (const char *required : {"event_date", "event_type", "latitude", "longitude"}) {
        if (!mColumns.contains(required))
            return Status::failure(QStringLiteral("%1: not an ACLED export: the column %2 is missing")
                                       .arg(path, QString::fromLatin1(required)));
    }
    return {};
}

QString AcledReader::field(const QByteArrayList &fields, const char *name) const
{
    const int column = mColumns.value(QByteArray::fromRawData(name, qstrlen(name)), -1);
    return column >= 0 && column < fields.size() ? QString::fromUtf8(fields[column]).trimmed() : QString();
}

EventFileReader::Next AcledReader::next(DatasetRow &row, QString &problem)
{
    QByteArrayList fields;
    if (const std::optional<Next> done = readRecord(fields, row, problem))
        return *done;
    const QString dateText = field(fields, "event_date");
    const QDate date = parseDate(dateText);
    if (!date.isValid()) {
        problem = QStringLiteral("event_date \"%1\" is not a date").arg(dateText);
        return Next::BadRow;
    }
    const QString latText = field(fields, "latitude");
    const QString lonText = field(fields, "longitude");
    QGeoCoordinate coordinate;
    if (!latText.isEmpty() || !lonText.isEmpty()) {
        bool latOk = false, lonOk = false;
        const double lat = latText.toDouble(&latOk);
        const double lon = lonText.toDouble(&lonOk);
        if (!latOk || !lonOk || !std::isfinite(lat) || !std::isfinite(lon) || std::abs(lat) > 90 ||
            std::abs(lon) > 180) {
            problem = QStringLiteral("latitude/longitude \"%1\", \"%2\" is not a position on Earth")
                          .arg(latText, lonText);
            return Next::BadRow;
        }
        coordinate = QGeoCoordinate(lat, lon);
    }
    QString country;
    bool numericOk = false;
    const int numeric = field(fields, "iso").toInt(&numericOk);
    if (numericOk)
        country = CountryCodes::fromNumeric(numeric);
    if (country.isEmpty())
        country = CountryCodes::fromAlpha3(field(fields, "iso3"));
    if (country.isEmpty())
        country = CountryCodes::fromName(field(fields, "country"));
    if (!inArea(country))
        return Next::Outside;

    Event &e = row.event;
    const QString precision = field(fields, "time_precision");
    if (precision == u"2") // "within a week": the seven days around the recorded date
        e.time = {date.addDays(-3), date.addDays(3), DatePrecision::Week};
    else if (precision == u"3") // only the month is known
        e.time = TimeRange::month(date.year(), date.month());
    else
        e.time = TimeRange::day(date);
    e.timeText = dateText;
    e.acledEventType = field(fields, "event_type");
    e.acledSubEventType = field(fields, "sub_event_type");
    e.type = AcledTypes::eventType(e.acledEventType, e.acledSubEventType);
    e.confidence = kConfidence;

    Place &p = e.place;
    p.name = field(fields, "location");
    p.precision = precisionOf(field(fields, "geo_precision"));
    p.coordinate = coordinate;
    p.admin1 = field(fields, "admin1");
    p.admin2 = field(fields, "admin2");
    p.country = country;
    p.source = QStringLiteral("ACLED");
    e.placeText = p.name;

    // Who acted and who was acted upon (ACLED's codebook: actor1 "overtakes territory"): kept as
    // the mentions' role, stored in event_actors.role, read by the control inference.
    const QString actor1 = QStringLiteral("actor1"), actor2 = QStringLiteral("actor2");
    addActors(e, field(fields, "actor1"), actor1);
    addActors(e, field(fields, "assoc_actor_1"), actor1);
    addActors(e, field(fields, "actor2"), actor2);
    addActors(e, field(fields, "assoc_actor_2"), actor2);

    e.sentence = field(fields, "notes");
    if (e.sentence.isEmpty())
        e.sentence =
            QStringLiteral("%1: %2 in %3 (ACLED)").arg(e.acledEventType, e.acledSubEventType, p.name);
    row.externalId = field(fields, "event_id_cnty");
    if (row.externalId.isEmpty())
        row.externalId = field(fields, "data_id");
    e.externalId = row.externalId;
    row.source = field(fields, "source");
    bool fatalOk = false;
    const int fatalities = field(fields, "fatalities").toInt(&fatalOk);
    row.fatalities = fatalOk && fatalities >= 0 ? fatalities : -1;
    return Next::Row;
}

} // namespace mapline
