#include "interop/eventexporter.h"

#include "eventfields.h"
#include "geo/gdalerrorcapture.h"
#include "geo/gdalhandles.h"
#include "interop/exportfields.h"
#include "interop/stagedoutput.h"

#include <QColor>
#include <QFile>
#include <QHash>
#include <QSet>

namespace mapline {
namespace {

constexpr int kDbfTextBytes = 254;
const QString kCancelled = QStringLiteral("the export was cancelled; nothing was written");

QStringList companionsOf(ExportFormat format)
{
    // A Shapefile is several files; .qix/.sbn/.sbx are spatial indexes other programs may have
    // left beside an older file of the same name, stale once it is replaced.
    if (format == ExportFormat::Shapefile)
        return {QStringLiteral("shx"), QStringLiteral("dbf"), QStringLiteral("prj"), QStringLiteral("cpg"),
                QStringLiteral("qix"), QStringLiteral("sbn"), QStringLiteral("sbx")};
    return {};
}

// Cuts UTF-8 text to `limit` bytes without splitting a character.
QByteArray cutUtf8(const QByteArray &utf8, qsizetype limit)
{
    if (utf8.size() <= limit)
        return utf8;
    qsizetype end = limit;
    while (end > 0 && (uchar(utf8[end]) & 0xC0) == 0x80)
        --end;
    return utf8.left(end);
}

QString styleId(const QString &type)
{
    QString id = type.isEmpty() ? QStringLiteral("event") : type;
    for (QChar &c : id)
        if (!c.isLetterOrNumber() && c != u'_' && c != u'-')
            c = u'_';
    return id;
}

QString typeLabel(const QString &type)
{
    QString label = type;
    label.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!label.isEmpty())
        label[0] = label[0].toUpper();
    return label.isEmpty() ? QStringLiteral("Event") : label;
}

// The placemark balloon: the sentence, then the date and the actors (HTML, as Google Earth shows it).
QString kmlDescription(const Event &e)
{
    QString html = e.sentence.toHtmlEscaped();
    QString when = e.time.start.isValid() ? e.time.start.toString(Qt::ISODate) : QStringLiteral("unknown");
    if (e.time.end.isValid() && e.time.end != e.time.start)
        when += QStringLiteral(" to ") + e.time.end.toString(Qt::ISODate);
    html += QStringLiteral("<br/><br/>Date: %1 (%2)").arg(when, toString(e.time.precision));
    const QStringList actors = eventActorNames(e);
    if (!actors.isEmpty())
        html += QStringLiteral("<br/>Actors: ") + actors.join(QStringLiteral("; ")).toHtmlEscaped();
    return html;
}

class LayerWriter {
public:
    LayerWriter(OGRLayerH layer, ExportFormat format)
        : mLayer(layer)
        , mFormat(format)
    {
    }

    Status createFields(geo::GdalErrorCapture &errors)
    {
        using T = ExportField::Type;
        if (mFormat == ExportFormat::Kml) {
            // LIBKML turns these into the placemark's <name>, <description>, <TimeStamp> and <TimeSpan>.
            for (const char *name : {"name", "description", "timestamp", "begin", "end"})
                if (Status s = addField(QString::fromLatin1(name), OFTString, 0, errors); !s)
                    return s;
        }
        const bool nativeDates = mFormat == ExportFormat::GeoPackage || mFormat == ExportFormat::Shapefile;
        for (const ExportField &f : ExportFields::all()) {
            OGRFieldType type = OFTString;
            switch (f.type) {
            case T::Integer: type = OFTInteger64; break;
            case T::Real: type = OFTReal; break;
            case T::Date: type = nativeDates ? OFTDate : OFTString; break;
            case T::Text: type = OFTString; break;
            }
            const bool shp = mFormat == ExportFormat::Shapefile;
            if (Status s = addField(shp ? f.shapefileName : f.name, type,
                                    shp && type == OFTString ? kDbfTextBytes : 0, errors);
                !s)
                return s;
            mTypes.append(type);
        }
        return {};
    }

    // False when the event was left out (no position in a format that needs one).
    Result<bool> write(const Event &e, qint64 &cutValues)
    {
        const bool located = e.place.coordinate.isValid();
        if (!located && !ExportFormats::allowsNullGeometry(mFormat))
            return false;
        geo::FeatureHPtr feature(OGR_F_Create(OGR_L_GetLayerDefn(mLayer)));
        int field = 0;
        if (mFormat == ExportFormat::Kml) {
            setText(feature.get(), field++, EventExporter::placemarkName(e), cutValues);
            setText(feature.get(), field++, kmlDescription(e), cutValues);
            const bool oneDay = e.time.isValid() && e.time.start == e.time.end;
            const bool span = e.time.isValid() && !oneDay;
            setText(feature.get(), field++, oneDay ? e.time.start.toString(Qt::ISODate) : QString(),
                    cutValues, true);
            setText(feature.get(), field++, span ? e.time.start.toString(Qt::ISODate) : QString(), cutValues,
                    true);
            setText(feature.get(), field++, span ? e.time.end.toString(Qt::ISODate) : QString(), cutValues,
                    true);
            OGR_F_SetStyleString(feature.get(), ("@" + styleId(e.type)).toUtf8().constData());
        }
        QVariantList values = eventFieldValues(e);
        for (QVariant &v : values)
            if (v.typeId() == QMetaType::QStringList)
                v = v.toStringList().join(QStringLiteral("; "));
        for (int i = 0; i < mTypes.size(); ++i, ++field)
            setValue(feature.get(), field, mTypes[i], values.value(i), cutValues);
        if (located) {
            geo::GeometryHPtr point(OGR_G_CreateGeometry(wkbPoint));
            OGR_G_SetPoint_2D(point.get(), 0, e.place.coordinate.longitude(), e.place.coordinate.latitude());
            OGR_F_SetGeometryDirectly(feature.get(), point.release());
        }
        if (OGR_L_CreateFeature(mLayer, feature.get()) != OGRERR_NONE)
            return Result<bool>::failure(QStringLiteral("event %1 could not be written").arg(e.id));
        return true;
    }

private:
    Status addField(const QString &name, OGRFieldType type, int width, geo::GdalErrorCapture &errors)
    {
        geo::FieldDefnHPtr defn(OGR_Fld_Create(name.toUtf8().constData(), type));
        if (width > 0)
            OGR_Fld_SetWidth(defn.get(), width);
        if (OGR_L_CreateField(mLayer, defn.get(), TRUE) != OGRERR_NONE)
            return Status::failure(errors.describe(QStringLiteral("cannot create the field %1").arg(name)));
        return {};
    }

    // Empty text is an empty string, as in the JSON contract; `emptyIsNull` for the KML time fields,
    // which must stay unset to write no element.
    void setText(OGRFeatureH f, int field, const QString &text, qint64 &cutValues, bool emptyIsNull = false)
    {
        if (text.isEmpty() && emptyIsNull) {
            OGR_F_SetFieldNull(f, field);
            return;
        }
        QByteArray utf8 = text.toUtf8();
        if (mFormat == ExportFormat::Shapefile && utf8.size() > kDbfTextBytes) {
            utf8 = cutUtf8(utf8, kDbfTextBytes);
            ++cutValues;
        }
        OGR_F_SetFieldString(f, field, utf8.constData());
    }

    void setValue(OGRFeatureH f, int field, OGRFieldType type, const QVariant &value, qint64 &cutValues)
    {
        if (!value.isValid() || value.isNull()) {
            OGR_F_SetFieldNull(f, field);
            return;
        }
        switch (type) {
        case OFTInteger64: OGR_F_SetFieldInteger64(f, field, value.toLongLong()); break;
        case OFTReal: OGR_F_SetFieldDouble(f, field, value.toDouble()); break;
        case OFTDate: {
            const QDate d = value.toDate();
            if (d.isValid())
                OGR_F_SetFieldDateTime(f, field, d.year(), d.month(), d.day(), 0, 0, 0, 0);
            else
                OGR_F_SetFieldNull(f, field);
            break;
        }
        default: {
            if (value.typeId() == QMetaType::QDate) // a date in a format without a date type
                setText(f, field, value.toDate().isValid() ? value.toDate().toString(Qt::ISODate) : QString(),
                        cutValues, true);
            else
                setText(f, field, value.toString(), cutValues);
        }
        }
    }

    OGRLayerH mLayer;
    ExportFormat mFormat;
    QList<OGRFieldType> mTypes;
};

// One shared <Style> per event type in the KML document; placemarks refer to it by id.
geo::StyleTableHPtr kmlStyles(const QList<Event> &events)
{
    geo::StyleTableHPtr table(OGR_STBL_Create());
    QSet<QString> seen;
    for (const Event &e : events) {
        const QString id = styleId(e.type);
        if (seen.contains(id))
            continue;
        seen.insert(id);
        // LIBKML needs an icon with the colour (a colour alone aborts it); this is Google Earth's own.
        const QString style = QStringLiteral("SYMBOL(c:%1FF,id:\"http://maps.google.com/mapfiles/kml/shapes/"
                                             "placemark_circle.png\")")
                                  .arg(EventExporter::typeColour(e.type));
        OGR_STBL_AddStyle(table.get(), id.toUtf8().constData(), style.toUtf8().constData());
    }
    return table;
}

// GDAL's GeoJSON and LIBKML drivers do not report a failed write (a full disk, a file-size
// limit): they close a file cut short as if it were whole. A file they finished ends with the
// text that closes the document; one cut short does not.
bool endsComplete(const QString &path, ExportFormat format)
{
    QByteArray closing;
    if (format == ExportFormat::GeoJson)
        closing = "]}";
    else if (format == ExportFormat::Kml)
        closing = "</kml>";
    else
        return true; // the other drivers report their write errors
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() < closing.size())
        return false;
    file.seek(std::max<qint64>(0, file.size() - 256));
    QByteArray tail = file.readAll();
    tail.replace(' ', "").replace('\n', "").replace('\r', "").replace('\t', "");
    return tail.endsWith(closing);
}

} // namespace

QString EventExporter::placemarkName(const Event &event)
{
    const QString type = typeLabel(event.type);
    const QString place = event.place.name.isEmpty() ? event.placeText : event.place.name;
    return place.isEmpty() ? type : type + QStringLiteral(", ") + place;
}

QString EventExporter::typeColour(const QString &type)
{
    // Violence in reds and oranges, movements in greys, talk and agreements in blues and greens.
    static const QHash<QString, QString> colours = {
        {QStringLiteral("armed_clash"), QStringLiteral("#E41A1C")},
        {QStringLiteral("air_strike"), QStringLiteral("#984EA3")},
        {QStringLiteral("shelling"), QStringLiteral("#FF7F00")},
        {QStringLiteral("bombing"), QStringLiteral("#A65628")},
        {QStringLiteral("attack_on_civilians"), QStringLiteral("#F781BF")},
        {QStringLiteral("killing"), QStringLiteral("#7F0000")},
        {QStringLiteral("territory_taken"), QStringLiteral("#B2182B")},
        {QStringLiteral("troop_movement"), QStringLiteral("#4D4D4D")},
        {QStringLiteral("deployment"), QStringLiteral("#878787")},
        {QStringLiteral("withdrawal"), QStringLiteral("#BABABA")},
        {QStringLiteral("talks"), QStringLiteral("#377EB8")},
        {QStringLiteral("agreement"), QStringLiteral("#4DAF4A")},
        {QStringLiteral("ceasefire"), QStringLiteral("#1B9E77")},
        {QStringLiteral("surrender"), QStringLiteral("#66A61E")},
        {QStringLiteral("defection"), QStringLiteral("#E6AB02")},
        {QStringLiteral("handover"), QStringLiteral("#A6761D")},
        {QStringLiteral("disarmament"), QStringLiteral("#66C2A5")},
        {QStringLiteral("arrest"), QStringLiteral("#8DA0CB")},
        {QStringLiteral("statement"), QStringLiteral("#999999")},
        {QStringLiteral("threat"), QStringLiteral("#FFD92F")},
        {QStringLiteral("protest"), QStringLiteral("#E78AC3")},
    };
    if (const auto it = colours.constFind(type); it != colours.constEnd())
        return *it;
    // Any other type still gets a steady colour of its own.
    const uint h = qHash(type) % 360;
    return QColor::fromHsv(int(h), 160, 200).name().toUpper();
}

Result<EventExporter::Outcome> EventExporter::write(const QList<Event> &events, const QString &path,
                                                    ExportFormat format, const Progress &progress)
{
    using R = Result<Outcome>;
    geo::registerDrivers();
    geo::GdalErrorCapture errors;
    const QString driverName = ExportFormats::driver(format);
    GDALDriverH driver = GDALGetDriverByName(driverName.toLatin1().constData());
    if (!driver)
        return R::failure(
            QStringLiteral("cannot write %1: this GDAL has no %2 driver").arg(path, driverName));
    StagedOutput staged(path, companionsOf(format));
    if (Status s = staged.prepare(); !s)
        return R::failure(s.error());
    const QByteArray stagingPath = QFile::encodeName(staged.stagingPath());
    const auto fail = [&](const QString &fallback) {
        // GDAL names the hidden staging file; the user knows the file they asked for.
        QString why = errors.describe(fallback).simplified();
        why.replace(staged.stagingPath() + QStringLiteral(": "), QString());
        why.replace(staged.stagingPath(), path);
        return R::failure(QStringLiteral("cannot write %1: %2").arg(path, why));
    };

    Outcome outcome;
    {
        geo::DatasetHPtr ds(GDALCreate(driver, stagingPath.constData(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds)
            return fail(QStringLiteral("GDAL could not create the file"));
        geo::StyleTableHPtr styles;
        if (format == ExportFormat::Kml) {
            styles = kmlStyles(events);
            GDALDatasetSetStyleTable(ds.get(), styles.get());
        }
        QList<QByteArray> options;
        switch (format) {
        case ExportFormat::GeoJson: options << "RFC7946=YES"; break;
        case ExportFormat::Csv:
            options << "LINEFORMAT=CRLF"
                    << "STRING_QUOTING=IF_NEEDED";
            break;
        case ExportFormat::Shapefile:
            options << "ENCODING=UTF-8"
                    << "RESIZE=YES";
            break;
        case ExportFormat::GeoPackage:
        case ExportFormat::Kml: break;
        }
        QList<char *> optionList;
        for (QByteArray &o : options)
            optionList << o.data();
        optionList << nullptr;
        const geo::SpatialReferencePtr srs = geo::wgs84();
        const bool points = format != ExportFormat::Csv; // CSV carries lat and lon as columns
        OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), "events",
                                                 points ? OGRSpatialReference::ToHandle(srs.get()) : nullptr,
                                                 points ? wkbPoint : wkbNone, optionList.data());
        if (!layer)
            return fail(QStringLiteral("GDAL could not create the layer"));
        LayerWriter writer(layer, format);
        if (Status s = writer.createFields(errors); !s)
            return fail(s.error());
        const bool transaction = GDALDatasetStartTransaction(ds.get(), FALSE) == OGRERR_NONE;
        const qint64 total = events.size();
        qint64 done = 0;
        for (const Event &e : events) {
            if (progress && done++ % 256 == 0 && !progress(done - 1, total))
                return R::failure(QStringLiteral("%1: %2").arg(path, kCancelled));
            const Result<bool> written = writer.write(e, outcome.cutValues);
            if (!written)
                return fail(written.error());
            if (*written)
                ++outcome.written;
            else
                ++outcome.withoutPosition;
        }
        if (transaction && GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE)
            return fail(QStringLiteral("GDAL could not finish the file"));
        if (progress)
            progress(total, total);
    } // closing the dataset writes what the driver buffered; its errors count too
    if (errors.hasErrors())
        return fail(QString());
    if (!endsComplete(staged.stagingPath(), format))
        return R::failure(QStringLiteral("cannot write %1: the file could not be written to its end (is the disk "
                                         "full, or a file size limit reached?)")
                              .arg(path));
    if (Status s = staged.commit(); !s)
        return R::failure(QStringLiteral("cannot write %1: %2").arg(path, s.error()));
    return outcome;
}

} // namespace mapline
