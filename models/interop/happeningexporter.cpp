#include "interop/happeningexporter.h"

#include "geo/gdalerrorcapture.h"
#include "geo/gdalhandles.h"
#include "happeningfields.h"
#include "interop/stagedoutput.h"

#include <QFile>
#include <QHash>
#include <QSet>

namespace mapline {
namespace {

constexpr int kDbfTextBytes = 254;

QString typeLabel(const QString &type)
{
    QString label = type;
    label.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!label.isEmpty())
        label[0] = label[0].toUpper();
    return label.isEmpty() ? QStringLiteral("Happening") : label;
}

QString styleId(const QString &type)
{
    QString id = type.isEmpty() ? QStringLiteral("happening") : type;
    for (QChar &c : id)
        if (!c.isLetterOrNumber() && c != u'_' && c != u'-')
            c = u'_';
    return id;
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

QByteArray cutUtf8(const QByteArray &utf8, qsizetype limit)
{
    if (utf8.size() <= limit)
        return utf8;
    qsizetype end = limit;
    while (end > 0 && (uchar(utf8[end]) & 0xC0) == 0x80)
        --end;
    return utf8.left(end);
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

// GDAL's GeoJSON and LIBKML drivers close a file cut short (a full disk) as if it were whole; a
// finished one ends with the text that closes the document (as in the event export).
bool endsComplete(const QString &path, ExportFormat format)
{
    const QByteArray closing = format == ExportFormat::GeoJson ? "]}" : format == ExportFormat::Kml ? "</kml>" : "";
    if (closing.isEmpty())
        return true;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() < closing.size())
        return false;
    file.seek(std::max<qint64>(0, file.size() - 256));
    QByteArray tail = file.readAll();
    tail.replace(' ', "").replace('\n', "").replace('\r', "").replace('\t', "");
    return tail.endsWith(closing);
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
                                                        ExportFormat format)
{
    using R = Result<EventExporter::Outcome>;
    geo::registerDrivers();
    geo::GdalErrorCapture errors;
    const QString driverName = ExportFormats::driver(format);
    GDALDriverH driver = GDALGetDriverByName(driverName.toLatin1().constData());
    if (!driver)
        return R::failure(QStringLiteral("cannot write %1: this GDAL has no %2 driver").arg(path, driverName));
    const QStringList companions = format == ExportFormat::Shapefile
                                       ? QStringList{QStringLiteral("shx"), QStringLiteral("dbf"), QStringLiteral("prj"),
                                                     QStringLiteral("cpg"), QStringLiteral("qix"), QStringLiteral("sbn"),
                                                     QStringLiteral("sbx")}
                                       : QStringList();
    StagedOutput staged(path, companions);
    if (Status s = staged.prepare(); !s)
        return R::failure(s.error());
    const auto fail = [&](const QString &fallback) {
        QString why = errors.describe(fallback).simplified();
        why.replace(staged.stagingPath(), path);
        return R::failure(QStringLiteral("cannot write %1: %2").arg(path, why));
    };
    EventExporter::Outcome outcome;
    {
        geo::DatasetHPtr ds(GDALCreate(driver, QFile::encodeName(staged.stagingPath()).constData(), 0, 0, 0, GDT_Unknown,
                                       nullptr));
        if (!ds)
            return fail(QStringLiteral("GDAL could not create the file"));
        geo::StyleTableHPtr styles;
        if (format == ExportFormat::Kml) {
            styles.reset(OGR_STBL_Create());
            QSet<QString> seen;
            for (const Happening &h : happenings) {
                const QString id = styleId(h.type);
                if (seen.contains(id))
                    continue;
                seen.insert(id);
                const QString style = QStringLiteral("SYMBOL(c:%1FF,id:\"http://maps.google.com/mapfiles/kml/shapes/"
                                                     "placemark_circle.png\")")
                                          .arg(EventExporter::typeColour(h.type));
                OGR_STBL_AddStyle(styles.get(), id.toUtf8().constData(), style.toUtf8().constData());
            }
            GDALDatasetSetStyleTable(ds.get(), styles.get());
        }
        QList<QByteArray> options;
        if (format == ExportFormat::GeoJson)
            options << "RFC7946=YES";
        else if (format == ExportFormat::Csv)
            options << "LINEFORMAT=CRLF" << "STRING_QUOTING=IF_NEEDED";
        else if (format == ExportFormat::Shapefile)
            options << "ENCODING=UTF-8" << "RESIZE=YES";
        QList<char *> optionList;
        for (QByteArray &o : options)
            optionList << o.data();
        optionList << nullptr;
        const geo::SpatialReferencePtr srs = geo::wgs84();
        const bool points = format != ExportFormat::Csv;
        OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), "happenings", points ? OGRSpatialReference::ToHandle(srs.get()) : nullptr,
                                                 points ? wkbPoint : wkbNone, optionList.data());
        if (!layer)
            return fail(QStringLiteral("GDAL could not create the layer"));
        const bool shp = format == ExportFormat::Shapefile;
        const bool kml = format == ExportFormat::Kml;
        const bool nativeDates = format == ExportFormat::GeoPackage || shp;
        QStringList fields;
        if (kml)
            fields << QStringLiteral("name") << QStringLiteral("description") << QStringLiteral("timestamp")
                   << QStringLiteral("begin") << QStringLiteral("end");
        const int firstData = int(fields.size());
        fields += happeningFieldNames();
        for (int i = 0; i < fields.size(); ++i) {
            const OGRFieldType type = i < firstData ? OFTString : typeOf(fields[i], nativeDates);
            geo::FieldDefnHPtr defn(OGR_Fld_Create((shp ? shapefileName(fields[i]) : fields[i]).toUtf8().constData(), type));
            if (shp && type == OFTString)
                OGR_Fld_SetWidth(defn.get(), kDbfTextBytes);
            if (OGR_L_CreateField(layer, defn.get(), TRUE) != OGRERR_NONE)
                return fail(QStringLiteral("cannot create the field %1").arg(fields[i]));
        }
        const bool transaction = GDALDatasetStartTransaction(ds.get(), FALSE) == OGRERR_NONE;
        for (const Happening &h : happenings) {
            const bool located = h.place.coordinate.isValid();
            if (!located && !ExportFormats::allowsNullGeometry(format)) {
                ++outcome.withoutPosition;
                continue;
            }
            geo::FeatureHPtr feature(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
            const auto setText = [&](int field, const QString &text, bool emptyIsNull) {
                if (text.isEmpty() && emptyIsNull) {
                    OGR_F_SetFieldNull(feature.get(), field);
                    return;
                }
                QByteArray utf8 = text.toUtf8();
                if (shp && utf8.size() > kDbfTextBytes) {
                    utf8 = cutUtf8(utf8, kDbfTextBytes);
                    ++outcome.cutValues;
                }
                OGR_F_SetFieldString(feature.get(), field, utf8.constData());
            };
            if (kml) {
                const bool oneDay = h.time.isValid() && h.time.start == h.time.end;
                const bool span = h.time.isValid() && !oneDay;
                setText(0, placemarkName(h), false);
                setText(1, kmlDescription(h), false);
                setText(2, oneDay ? h.time.start.toString(Qt::ISODate) : QString(), true);
                setText(3, span ? h.time.start.toString(Qt::ISODate) : QString(), true);
                setText(4, span ? h.time.end.toString(Qt::ISODate) : QString(), true);
                OGR_F_SetStyleString(feature.get(), ("@" + styleId(h.type)).toUtf8().constData());
            }
            const QVariantList values = happeningFieldValues(h);
            for (int i = 0; i < values.size(); ++i) {
                const int field = firstData + i;
                const QVariant &v = values[i];
                const OGRFieldType type = typeOf(fields[field], nativeDates);
                if (v.isNull()) {
                    OGR_F_SetFieldNull(feature.get(), field);
                } else if (type == OFTInteger64) {
                    OGR_F_SetFieldInteger64(feature.get(), field, v.toLongLong());
                } else if (type == OFTReal) {
                    OGR_F_SetFieldDouble(feature.get(), field, v.toDouble());
                } else if (type == OFTDate) {
                    const QDate d = v.toDate();
                    if (d.isValid())
                        OGR_F_SetFieldDateTime(feature.get(), field, d.year(), d.month(), d.day(), 0, 0, 0, 0);
                    else
                        OGR_F_SetFieldNull(feature.get(), field);
                } else if (v.typeId() == QMetaType::QDate) {
                    setText(field, v.toDate().isValid() ? v.toDate().toString(Qt::ISODate) : QString(), true);
                } else {
                    setText(field, v.toString(), false);
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
    }
    if (errors.hasErrors())
        return fail(QString());
    if (!endsComplete(staged.stagingPath(), format))
        return R::failure(QStringLiteral("cannot write %1: the file could not be written to its end (is the disk "
                                         "full, or a file size limit reached?)").arg(path));
    if (Status s = staged.commit(); !s)
        return R::failure(QStringLiteral("cannot write %1: %2").arg(path, s.error()));
    return outcome;
}

} // namespace mapline
