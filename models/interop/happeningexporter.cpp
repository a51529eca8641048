#include "interop/happeningexporter.h"

#include "geo/gdalerrorcapture.h"
#include "geo/gdalhandles.h"
#include "happeningfields.h"
#include "interop/csvformulaguard.h"
#include "interop/csvreader.h"
#include "interop/kmlwriter.h"
#include "io/displaypath.h"
#include "interop/exportsupport.h"
#include "io/stagedoutput.h"

#include <QFile>
#include <QHash>
#include <QSet>

namespace mapline {
namespace {

using exportsupport::cutUtf8;
using exportsupport::kDbfTextBytes;
using exportsupport::stagingOptions;

QString typeLabel(const QString &type)
{
    return exportsupport::typeLabel(type, QStringLiteral("Happening"));
}

bool writtenWhole(const QString &path, ExportFormat format, qint64 records)
{
    return exportsupport::writtenWhole(path, format, records, happeningFieldNames().size());
}

QString placemarkName(const Happening &h)
{
    QString name = typeLabel(h.type);
    if (!h.place.name.isEmpty())
        name += QStringLiteral(", ") + h.place.name;
    return name + (h.sources() == 1 ? QStringLiteral(" (1 source)") : QStringLiteral(" (%1 sources)").arg(h.sources()));
}

QString kmlDescription(const Happening &h)
{
    QString when = h.time.start.isValid() ? h.time.start.toString(Qt::ISODate) : QStringLiteral("unknown");
    if (h.time.end.isValid() && h.time.end != h.time.start)
        when += QStringLiteral(" to ") + h.time.end.toString(Qt::ISODate);
    QString html = QStringLiteral("Date: %1 (%2)<br/>").arg(when, toString(h.time.precision));
    html += QStringLiteral("Reports: %1; sources: %2").arg(h.reports).arg(h.sourceNames.join(QStringLiteral(", ")).toHtmlEscaped());
    if (!h.actors.isEmpty())
        html += QStringLiteral("<br/>Actors: ") + h.actors.join(QStringLiteral("; ")).toHtmlEscaped();
    for (const Disagreement &d : h.disagreements)
        html += QStringLiteral("<br/>Disagreement, ") + describe(d).toHtmlEscaped();
    return html;
}

OGRFieldType typeOf(const QString &field, bool nativeDates)
{
    if (field == u"id" || field == u"reports" || field == u"sources" || field == u"corrected")
        return OFTInteger64;
    if (field == u"lat" || field == u"lon" || field == u"confidence")
        return OFTReal;
    if (field == u"date" || field == u"date_end")
        return nativeDates ? OFTDate : OFTString;
    return OFTString;
}

// XML character data: what XML 1.0 does not allow replaced (KmlWriter::xmlSafe), & < > " escaped.
QString xmlText(const QString &text)
{
    return KmlWriter::xmlSafe(text).toHtmlEscaped().replace(QLatin1Char('\r'), QStringLiteral("&#13;"));
}

QString kmlNumber(double value)
{
    return QString::number(value, 'f', 6);
}

// KML 2.2 as the event export writes it (KmlWriter): a style per type, a schema of the happening
// fields, a placemark per happening with a TimeStamp or TimeSpan; composed as text, written in
// chunks, every write checked.
Result<EventExporter::Outcome> writeKml(const QList<Happening> &happenings, const StagedOutput &staged)
{
    using R = Result<EventExporter::Outcome>;
    QFile file(staged.stagingPath());
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return R::failure(staged.failure(file.errorString()));
    staged.applyMode();
    bool failed = false;
    QByteArray pending;
    const auto put = [&](const QString &text, bool flush = false) {
        pending += text.toUtf8();
        if ((flush || pending.size() >= (1 << 20)) && !failed) {
            failed = file.write(pending) != pending.size();
            pending.clear();
        }
    };
    QString out = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                 "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n <Document id=\"root_doc\">\n");
    QSet<QString> seen;
    for (const Happening &h : happenings) {
        const QString id = KmlWriter::styleId(h.type);
        if (seen.contains(id))
            continue;
        seen.insert(id);
        out += QStringLiteral("  <Style id=\"%1\">\n   <IconStyle>\n    <color>%2</color>\n    <Icon>\n     <href>"
                              "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png</href>\n    </Icon>\n"
                              "   </IconStyle>\n  </Style>\n")
                   .arg(id, KmlWriter::kmlColour(EventExporter::typeColour(h.type)));
    }
    out += QStringLiteral("  <Schema name=\"happenings\" id=\"happenings.schema\">\n");
    for (const QString &f : happeningFieldNames())
        out += QStringLiteral("   <SimpleField name=\"%1\" type=\"%2\"/>\n")
                   .arg(f, f == u"lat" || f == u"lon" || f == u"confidence" ? QStringLiteral("double")
                                                                             : QStringLiteral("string"));
    out += QStringLiteral("  </Schema>\n  <Document id=\"happenings\">\n   <name>happenings</name>\n");
    put(out);
    EventExporter::Outcome outcome;
    for (const Happening &h : happenings) {
        if (!h.place.coordinate.isValid()) {
            ++outcome.withoutPosition;
            continue;
        }
        out = QStringLiteral("   <Placemark id=\"happenings.%1\">\n    <name>%2</name>\n    <description>%3</description>\n")
                  .arg(h.id)
                  .arg(xmlText(placemarkName(h)), xmlText(kmlDescription(h)));
        if (h.time.isValid() && h.time.start == h.time.end)
            out += QStringLiteral("    <TimeStamp>\n     <when>%1</when>\n    </TimeStamp>\n")
                       .arg(h.time.start.toString(Qt::ISODate));
        else if (h.time.isValid())
            out += QStringLiteral("    <TimeSpan>\n     <begin>%1</begin>\n     <end>%2</end>\n    </TimeSpan>\n")
                       .arg(h.time.start.toString(Qt::ISODate), h.time.end.toString(Qt::ISODate));
        out += QStringLiteral("    <styleUrl>#%1</styleUrl>\n    <ExtendedData>\n     <SchemaData "
                              "schemaUrl=\"#happenings.schema\">\n")
                   .arg(KmlWriter::styleId(h.type));
        const QVariantList values = happeningFieldValues(h);
        const QStringList &names = happeningFieldNames();
        for (qsizetype i = 0; i < names.size(); ++i) {
            const QVariant &v = values[i];
            if (v.isNull() || (v.typeId() == QMetaType::QDate && !v.toDate().isValid()))
                continue;
            const QString text = v.typeId() == QMetaType::QDate  ? v.toDate().toString(Qt::ISODate)
                                 : v.typeId() == QMetaType::Double ? QString::number(v.toDouble(), 'g', 17)
                                                                  : v.toString();
            out += QStringLiteral("      <SimpleData name=\"%1\">%2</SimpleData>\n").arg(names[i], xmlText(text));
        }
        out += QStringLiteral("     </SchemaData>\n    </ExtendedData>\n    <Point>\n     <coordinates>%1,%2"
                              "</coordinates>\n    </Point>\n   </Placemark>\n")
                   .arg(kmlNumber(h.place.coordinate.longitude()), kmlNumber(h.place.coordinate.latitude()));
        put(out);
        ++outcome.written;
    }
    put(QStringLiteral("  </Document>\n </Document>\n</kml>\n"), true);
    const bool flushed = file.flush();
    file.close();
    if (failed || !flushed || file.error() != QFileDevice::NoError)
        return R::failure(staged.failure(file.errorString()));
    return outcome;
}

// GeoJSON, GeoPackage, CSV and Shapefile through OGR, one layer "happenings".
Result<EventExporter::Outcome> writeOgr(const QList<Happening> &happenings, const StagedOutput &staged,
                                        const QString &path, ExportFormat format, const EventExportOptions &options)
{
    using R = Result<EventExporter::Outcome>;
    geo::GdalErrorCapture errors;
    const auto fail = [&](const QString &fallback) { return R::failure(staged.failure(errors.describe(fallback))); };
    GDALDriverH driver = GDALGetDriverByName(ExportFormats::driver(format).toLatin1().constData());
    if (!driver)
        return R::failure(QStringLiteral("cannot write %1: this GDAL has no %2 driver")
                              .arg(displayPath(path), ExportFormats::driver(format)));
    const bool shp = format == ExportFormat::Shapefile;
    const bool guardFormulas = format == ExportFormat::Csv && options.spreadsheetSafeCsv;
    EventExporter::Outcome outcome;
    {
        geo::DatasetHPtr ds(GDALCreate(driver, QFile::encodeName(staged.stagingPath()).constData(), 0, 0, 0,
                                       GDT_Unknown, nullptr));
        if (!ds)
            return fail(QStringLiteral("GDAL could not create the file"));
        QList<QByteArray> layerOptions;
        if (format == ExportFormat::GeoJson)
            layerOptions << "RFC7946=YES";
        else if (format == ExportFormat::Csv)
            layerOptions << "LINEFORMAT=CRLF" << "STRING_QUOTING=IF_NEEDED";
        else if (shp)
            layerOptions << "ENCODING=UTF-8" << "RESIZE=YES";
        QList<char *> optionList;
        for (QByteArray &o : layerOptions)
            optionList << o.data();
        optionList << nullptr;
        const geo::SpatialReferencePtr srs = geo::wgs84();
        const bool points = format != ExportFormat::Csv; // CSV carries lat and lon as columns
        OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), "happenings",
                                                 points ? OGRSpatialReference::ToHandle(srs.get()) : nullptr,
                                                 points ? wkbPoint : wkbNone, optionList.data());
        if (!layer)
            return fail(QStringLiteral("GDAL could not create the layer"));
        staged.applyMode();
        const bool nativeDates = format == ExportFormat::GeoPackage || shp;
        const QStringList &fields = happeningFieldNames();
        QList<OGRFieldType> types;
        for (const QString &field : fields) {
            const OGRFieldType type = typeOf(field, nativeDates);
            geo::FieldDefnHPtr defn(OGR_Fld_Create((shp ? HappeningExporter::shapefileName(field) : field).toUtf8().constData(), type));
            if (shp && type == OFTString)
                OGR_Fld_SetWidth(defn.get(), kDbfTextBytes);
            if (OGR_L_CreateField(layer, defn.get(), TRUE) != OGRERR_NONE)
                return fail(QStringLiteral("cannot create the field %1").arg(field));
            types << type;
        }
        staged.applyMode(); // a Shapefile's .dbf appears with its fields
        const bool transaction = GDALDatasetStartTransaction(ds.get(), FALSE) == OGRERR_NONE;
        for (const Happening &h : happenings) {
            const bool located = h.place.coordinate.isValid();
            if (!located && !ExportFormats::allowsNullGeometry(format)) {
                ++outcome.withoutPosition;
                continue;
            }
            geo::FeatureHPtr feature(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
            const QVariantList values = happeningFieldValues(h);
            for (int i = 0; i < values.size(); ++i) {
                const QVariant &v = values[i];
                if (v.isNull()) {
                    OGR_F_SetFieldNull(feature.get(), i);
                } else if (types[i] == OFTInteger64) {
                    OGR_F_SetFieldInteger64(feature.get(), i, v.toLongLong());
                } else if (types[i] == OFTReal) {
                    OGR_F_SetFieldDouble(feature.get(), i, v.toDouble());
                } else if (v.typeId() == QMetaType::QDate) {
                    const QDate d = v.toDate();
                    if (!d.isValid())
                        OGR_F_SetFieldNull(feature.get(), i);
                    else if (types[i] == OFTDate)
                        OGR_F_SetFieldDateTime(feature.get(), i, d.year(), d.month(), d.day(), 0, 0, 0, 0);
                    else
                        OGR_F_SetFieldString(feature.get(), i, d.toString(Qt::ISODate).toUtf8().constData());
                } else {
                    QByteArray utf8 = (guardFormulas ? CsvFormulaGuard::encode(v.toString()) : v.toString()).toUtf8();
                    if (shp && utf8.size() > kDbfTextBytes) {
                        utf8 = cutUtf8(utf8, kDbfTextBytes);
                        ++outcome.cutValues;
                    }
                    OGR_F_SetFieldString(feature.get(), i, utf8.constData());
                }
            }
            if (located) {
                geo::GeometryHPtr point(OGR_G_CreateGeometry(wkbPoint));
                OGR_G_SetPoint_2D(point.get(), 0, h.place.coordinate.longitude(), h.place.coordinate.latitude());
                OGR_F_SetGeometryDirectly(feature.get(), point.release());
            }
            if (OGR_L_CreateFeature(layer, feature.get()) != OGRERR_NONE)
                return fail(QStringLiteral("happening %1 could not be written").arg(h.id));
            ++outcome.written;
        }
        if (transaction && GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE)
            return fail(QStringLiteral("GDAL could not finish the file"));
    } // closing the dataset writes what the driver buffered; its errors count too
    if (errors.hasErrors())
        return fail(QString());
    if (!writtenWhole(staged.stagingPath(), format, outcome.written))
        return R::failure(staged.failure(QStringLiteral("the file could not be written to its end (is the disk full, or "
                                                        "a file size limit reached?)")));
    return outcome;
}

} // namespace

QString HappeningExporter::shapefileName(const QString &field)
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("date_precision"), QStringLiteral("date_prec")},
        {QStringLiteral("geo_precision"), QStringLiteral("geo_prec")},
        {QStringLiteral("acled_event_type"), QStringLiteral("acled_type")},
        {QStringLiteral("source_names"), QStringLiteral("src_names")},
        {QStringLiteral("article_ids"), QStringLiteral("articles")},
        {QStringLiteral("event_ids"), QStringLiteral("events")},
        {QStringLiteral("disagreements"), QStringLiteral("disagree")},
    };
    return names.value(field, field.left(10));
}

Result<EventExporter::Outcome> HappeningExporter::write(const QList<Happening> &happenings, const QString &path,
                                                        ExportFormat format, const EventExportOptions &options)
{
    using R = Result<EventExporter::Outcome>;
    geo::registerDrivers();
    StagedOutput staged(path, stagingOptions(format));
    if (Status s = staged.prepare(); !s)
        return R::failure(s.error());
    R written = format == ExportFormat::Kml ? writeKml(happenings, staged) : writeOgr(happenings, staged, path, format, options);
    if (!written)
        return written; // the staged files go with `staged`
    if (Status s = staged.commit(); !s)
        return R::failure(s.error());
    return written;
}

} // namespace mapline
