#include "interop/gdeltreader.h"

#include "interop/admin1names.h"
#include "interop/cameocodes.h"
#include "interop/countrycodes.h"

#include <QVarLengthArray>

#include <cmath>

namespace mapline {
namespace {

// Column positions (0-based) of the fields we read; GDELT 2.0 inserts an ADM2 code into each
// geography block, which moves ActionGeo and what follows.
struct Columns {
    int actionType, actionName, actionCountry, actionAdm1, actionLat, actionLon, sourceUrl;
};
constexpr int kId = 0, kSqlDate = 1, kActor1Name = 6, kActor2Name = 16, kEventCode = 26, kEventRootCode = 28;
constexpr Columns kV1 = {49, 50, 51, 52, 53, 54, 57}; // 58 columns; the 57-column layout has no SOURCEURL
constexpr Columns kV2 = {51, 52, 53, 54, 56, 57, 60};

QString text(QByteArrayView field)
{
    return QString::fromUtf8(field.trimmed());
}

QDate parseSqlDate(QByteArrayView field)
{
    if (field.size() != 8)
        return {};
    for (char c : field)
        if (c < '0' || c > '9')
            return {};
    const int value = field.toInt();
    return QDate(value / 10000, value / 100 % 100, value % 100);
}

GeoPrecision precisionOf(int geoType)
{
    switch (geoType) {
    case 1: return GeoPrecision::Country;
    case 2: return GeoPrecision::Province; // a US state
    case 3: return GeoPrecision::City;     // a US city
    case 4: return GeoPrecision::City;     // a world city
    case 5: return GeoPrecision::Province; // a world ADM1
    default: return GeoPrecision::Unknown;
    }
}

void addActor(Event &e, const QString &name, const QString &role)
{
    if (name.isEmpty())
        return;
    for (const ActorMention &m : std::as_const(e.actors))
        if (m.actor.name == name)
            return;
    e.actors.append(ActorMention{Actor{name, QString(), QStringLiteral("group")}, Span{}, role});
}

// "TALIBAN: Fight with small arms and light weapons (target: AFGHANISTAN), in Kabul, Kabol,
// Afghanistan. CAMEO 193." Searchable and readable in the details view. The event's number is not
// in it (it is the event's external_id, which the details view, the exports and a text search
// show and match): rows that tell the same thing in the same place then have the same text, and
// share one sentence row and one full-text entry (docs/PERFORMANCE.md, "One sentence per
// distinct text").
QString describe(const QString &actor1, const QString &actor2, const QString &code, const QString &place)
{
    QString description = CameoCodes::description(code);
    if (description.isEmpty())
        description = QStringLiteral("Event");
    QString s = actor1.isEmpty() ? description : actor1 + QStringLiteral(": ") + description;
    if (!actor2.isEmpty())
        s += QStringLiteral(" (target: %1)").arg(actor2);
    if (!place.isEmpty())
        s += QStringLiteral(", in ") + place;
    s += QStringLiteral(". CAMEO %1.").arg(code);
    return s;
}

} // namespace

EventFileReader::Next GdeltReader::next(DatasetRow &row, QString &problem)
{
    QByteArrayView line;
    do {
        if (!mLines.next(line))
            return mLines.error().isEmpty() ? Next::End : Next::Failed;
    } while (line.trimmed().isEmpty());
    row = DatasetRow();
    row.line = mLines.lineNumber();

    QVarLengthArray<QByteArrayView, 64> f;
    qsizetype start = 0;
    for (;;) {
        const qsizetype tab = line.indexOf('\t', start);
        if (tab < 0) {
            f.append(line.sliced(start));
            break;
        }
        f.append(line.sliced(start, tab - start));
        start = tab + 1;
        if (f.size() > 64)
            break;
    }
    const bool v1 = mVersion == Version::V1;
    if (v1 ? (f.size() != 57 && f.size() != 58) : f.size() != 61) {
        problem = QStringLiteral("%1 columns, but GDELT %2 rows have %3")
                      .arg(f.size() > 64 ? QStringLiteral("more than 64") : QString::number(f.size()),
                           v1 ? QStringLiteral("1.0") : QStringLiteral("2.0"),
                           v1 ? QStringLiteral("57 or 58") : QStringLiteral("61"));
        return Next::BadRow;
    }
    const Columns &c = v1 ? kV1 : kV2;

    const QDate date = parseSqlDate(f[kSqlDate].trimmed());
    if (!date.isValid()) {
        problem = QStringLiteral("SQLDATE \"%1\" is not a date (YYYYMMDD)").arg(text(f[kSqlDate]));
        return Next::BadRow;
    }
    bool typeOk = false;
    const QByteArrayView typeField = f[c.actionType].trimmed();
    const int geoType = typeField.isEmpty() ? 0 : typeField.toInt(&typeOk);
    if (!typeField.isEmpty() && !typeOk) {
        problem = QStringLiteral("ActionGeo_Type \"%1\" is not a number").arg(text(typeField));
        return Next::BadRow;
    }
    const QByteArrayView latField = f[c.actionLat].trimmed();
    const QByteArrayView lonField = f[c.actionLon].trimmed();
    QGeoCoordinate coordinate;
    if (geoType > 0 && !latField.isEmpty() && !lonField.isEmpty()) {
        bool latOk = false, lonOk = false;
        const double lat = latField.toDouble(&latOk);
        const double lon = lonField.toDouble(&lonOk);
        if (!latOk || !lonOk || !std::isfinite(lat) || !std::isfinite(lon) || std::abs(lat) > 90 ||
            std::abs(lon) > 180) {
            problem = QStringLiteral("ActionGeo_Lat/ActionGeo_Long \"%1\", \"%2\" is not a position on Earth")
                          .arg(text(latField), text(lonField));
            return Next::BadRow;
        }
        coordinate = QGeoCoordinate(lat, lon);
    }
    const QString country =
        geoType > 0 ? CountryCodes::fromFips(QString::fromLatin1(f[c.actionCountry].trimmed())) : QString();
    if (!inArea(country))
        return Next::Outside;

    Event &e = row.event;
    row.externalId = text(f[kId]);
    e.externalId = row.externalId;
    row.cameoCode = text(f[kEventCode]);
    e.cameoRoot = text(f[kEventRootCode]);
    if (e.cameoRoot.isEmpty() || e.cameoRoot == u"--")
        e.cameoRoot = row.cameoCode.left(2);
    e.type = CameoCodes::eventType(row.cameoCode.isEmpty() ? e.cameoRoot : row.cameoCode);
    e.time = TimeRange::day(date);
    e.timeText = text(f[kSqlDate]);
    e.confidence = kConfidence;

    if (geoType > 0) {
        const QString fullName = text(f[c.actionName]);
        const QStringList parts = fullName.split(QStringLiteral(", "));
        Place &p = e.place;
        p.precision = precisionOf(geoType);
        p.coordinate = coordinate;
        p.country = country;
        p.source = QStringLiteral("GDELT");
        const QString curatedAdmin1 =
            Admin1Names::fromGdeltCode(QString::fromLatin1(f[c.actionAdm1].trimmed()));
        if (p.precision == GeoPrecision::Province) {
            p.admin1 = curatedAdmin1.isEmpty() ? parts.value(0) : curatedAdmin1;
            p.name = p.admin1;
        } else {
            p.name = parts.value(0);
            if (p.precision == GeoPrecision::City)
                p.admin1 = curatedAdmin1.isEmpty() && parts.size() >= 3 ? parts.value(1) : curatedAdmin1;
        }
        e.placeText = fullName;
    }

    // Only named actors: a code alone ("CVL", "cor") is a role or type, not someone an analyst filters by.
    const QString actor1 = text(f[kActor1Name]);
    const QString actor2 = text(f[kActor2Name]);
    addActor(e, actor1, QStringLiteral("actor1")); // the one acting (stored in event_actors.role)
    addActor(e, actor2, QStringLiteral("actor2"));
    if (f.size() > c.sourceUrl)
        row.source = text(f[c.sourceUrl]);
    e.sentence = describe(actor1, actor2, row.cameoCode, e.placeText);
    return Next::Row;
}

} // namespace mapline
