#include "interop/datasetformat.h"

#include "interop/acledreader.h"
#include "interop/gdeltreader.h"
#include "interop/maplinecsvreader.h"
#include "interop/ogreventreader.h"

#include <QFileInfo>
#include <QtEndian>

namespace mapline {
namespace {

bool allDigits(QByteArrayView field)
{
    if (field.isEmpty())
        return false;
    for (char c : field)
        if (c < '0' || c > '9')
            return false;
    return true;
}

// The header's column names, lower case, quotes and spaces stripped (headers rarely need quoting).
QList<QByteArray> csvHeader(QByteArrayView line)
{
    QList<QByteArray> names;
    for (const QByteArray &part : line.toByteArray().split(',')) {
        QByteArray name = part.trimmed();
        if (name.startsWith('"') && name.endsWith('"') && name.size() >= 2)
            name = name.mid(1, name.size() - 2);
        names << name.trimmed().toLower();
    }
    return names;
}

// A GDELT row starts with GLOBALEVENTID then SQLDATE (YYYYMMDD); a GeoNames row with the
// geonameid, two names, the alternate names and the latitude.
DatasetFormat::Kind classifyTabLine(QByteArrayView line)
{
    using Kind = DatasetFormat::Kind;
    if (line.endsWith('\r'))
        line.chop(1);
    QList<QByteArrayView> fields;
    qsizetype start = 0;
    for (qsizetype tab; (tab = line.indexOf('\t', start)) >= 0; start = tab + 1)
        fields << line.sliced(start, tab - start);
    fields << line.sliced(start);
    if (fields.size() < 19 || !allDigits(fields[0].trimmed()))
        return Kind::Unknown;
    const bool sqlDate = fields[1].trimmed().size() == 8 && allDigits(fields[1].trimmed());
    if (sqlDate && (fields.size() == 57 || fields.size() == 58))
        return Kind::Gdelt1;
    if (sqlDate && fields.size() == 61)
        return Kind::Gdelt2;
    bool latOk = false;
    (void)fields[4].trimmed().toDouble(&latOk);
    if (fields.size() == 19 && latOk)
        return Kind::GeoNames;
    return Kind::Unknown;
}

} // namespace

DatasetFormat::Kind DatasetFormat::detect(const QString &path)
{
    InputFile file;
    if (!file.open(path))
        return Kind::Unknown;
    return detect(file);
}

DatasetFormat::Kind DatasetFormat::detect(InputFile &file)
{
    const Result<QByteArray> peeked = file.peek(kDetectBytes);
    if (!peeked)
        return Kind::Unknown;
    const QString &path = file.path();
    QByteArray head = *peeked;
    const bool wholeFile = head.size() < kDetectBytes;
    if (head.startsWith(QByteArrayView("SQLite format 3\0", 16)) && head.size() >= 72) {
        const quint32 applicationId = qFromBigEndian<quint32>(head.constData() + 68);
        if (applicationId == 0x47504B47) // "GPKG"
            return Kind::MaplineGpkg;
        if (applicationId == 0x4D504C4E) // "MPLN", the event store
            return Kind::MaplineDatabase;
        return Kind::Unknown;
    }
    if (head.size() >= 4 && qFromBigEndian<quint32>(head.constData()) == 9994 &&
        path.endsWith(QStringLiteral(".shp"), Qt::CaseInsensitive))
        return Kind::MaplineShapefile;
    if (head.startsWith("\xEF\xBB\xBF"))
        head.remove(0, 3);
    const QByteArray trimmed = head.trimmed();
    if (trimmed.startsWith('{'))
        return trimmed.contains("\"FeatureCollection\"") || trimmed.contains("\"Feature\"")
                   ? Kind::MaplineGeoJson
                   : Kind::Unknown;
    if (trimmed.startsWith('<'))
        return trimmed.contains("<kml") ? Kind::MaplineKml : Kind::Unknown;

    // Tab-separated data has no header: the first line that looks like a GDELT or GeoNames row
    // decides (a bad first row does not hide a good file).
    const QList<QByteArray> lines = head.split('\n');
    QByteArrayView first = lines.value(0);
    if (first.endsWith('\r'))
        first.chop(1);
    if (first.count('\t') >= 2) {
        const qsizetype usable = wholeFile ? lines.size() : lines.size() - 1; // the last may be cut
        for (qsizetype i = 0; i < usable && i < 20; ++i) {
            const Kind kind = classifyTabLine(lines[i]);
            if (kind != Kind::Unknown)
                return kind;
        }
        return Kind::Unknown;
    }
    const QList<QByteArray> header = csvHeader(first);
    if (header.contains("event_id_cnty") && header.contains("event_date"))
        return Kind::Acled;
    if (header.contains("date") && header.contains("type") && header.contains("lat") &&
        header.contains("lon") && header.contains("date_precision"))
        return Kind::MaplineCsv;
    return Kind::Unknown;
}

bool DatasetFormat::hasDataExtension(const QString &path)
{
    static const QStringList extensions = {
        QStringLiteral("csv"),  QStringLiteral("tsv"), QStringLiteral("tab"),  QStringLiteral("geojson"),
        QStringLiteral("json"), QStringLiteral("kml"), QStringLiteral("gpkg"), QStringLiteral("shp")};
    return extensions.contains(QFileInfo(path).suffix().toLower());
}

QString DatasetFormat::label(Kind kind)
{
    switch (kind) {
    case Kind::Gdelt1: return QStringLiteral("GDELT 1.0 events");
    case Kind::Gdelt2: return QStringLiteral("GDELT 2.0 events");
    case Kind::Acled: return QStringLiteral("ACLED export");
    case Kind::MaplineCsv: return QStringLiteral("Mapline export (CSV)");
    case Kind::MaplineGeoJson: return QStringLiteral("Mapline export (GeoJSON)");
    case Kind::MaplineKml: return QStringLiteral("Mapline export (KML)");
    case Kind::MaplineGpkg: return QStringLiteral("Mapline export (GeoPackage)");
    case Kind::MaplineShapefile: return QStringLiteral("Mapline export (Shapefile)");
    case Kind::GeoNames: return QStringLiteral("GeoNames dump");
    case Kind::MaplineDatabase: return QStringLiteral("Mapline database");
    case Kind::Unknown: break;
    }
    return QStringLiteral("unknown");
}

bool DatasetFormat::isEventDataset(Kind kind)
{
    return kind != Kind::Unknown && kind != Kind::GeoNames && kind != Kind::MaplineDatabase;
}

std::unique_ptr<EventFileReader> DatasetFormat::createReader(Kind kind)
{
    switch (kind) {
    case Kind::Gdelt1: return std::make_unique<GdeltReader>(GdeltReader::Version::V1);
    case Kind::Gdelt2: return std::make_unique<GdeltReader>(GdeltReader::Version::V2);
    case Kind::Acled: return std::make_unique<AcledReader>();
    case Kind::MaplineCsv: return std::make_unique<MaplineCsvReader>();
    case Kind::MaplineGeoJson: return std::make_unique<OgrEventReader>(QStringLiteral("geojson"));
    case Kind::MaplineKml: return std::make_unique<OgrEventReader>(QStringLiteral("kml"));
    case Kind::MaplineGpkg: return std::make_unique<OgrEventReader>(QStringLiteral("gpkg"));
    case Kind::MaplineShapefile: return std::make_unique<OgrEventReader>(QStringLiteral("shp"));
    case Kind::GeoNames:
    case Kind::MaplineDatabase:
    case Kind::Unknown: break;
    }
    return nullptr;
}

} // namespace mapline
