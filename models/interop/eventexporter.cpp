#include "interop/eventexporter.h"

#include "eventfields.h"
#include "geo/gdalerrorcapture.h"
#include "geo/gdalhandles.h"
#include "interop/csvformulaguard.h"
#include "interop/csvreader.h"
#include "interop/exportfields.h"
#include "interop/kmlwriter.h"
#include "io/displaypath.h"
#include "interop/exportsupport.h"
#include "io/stagedoutput.h"
#include "store/rtreebulkload.h"

#include <QColor>
#include <QFile>
#include <QHash>

#include <cmath>
#include <cstring>
#include <vector>

#include <sqlite3.h>

namespace mapline {
namespace {

using exportsupport::cutUtf8;
using exportsupport::kDbfTextBytes;
using exportsupport::stagingOptions;

QString typeLabel(const QString &type)
{
    return exportsupport::typeLabel(type, QStringLiteral("Event"));
}

bool writtenWhole(const QString &path, ExportFormat format, qint64 records)
{
    return exportsupport::writtenWhole(path, format, records, ExportFields::all().size());
}

const QString kCancelled = QStringLiteral("the export was cancelled; nothing was written");

class LayerWriter {
public:
    LayerWriter(OGRLayerH layer, ExportFormat format, const EventExporter::Options &options)
        : mLayer(layer)
        , mFormat(format)
        , mGuardFormulas(format == ExportFormat::Csv && options.spreadsheetSafeCsv)
    {
    }

    // What each field is of an EventRecord (contract order), for write(EventRecord).
    enum class Member { Id, ArticleId, Date, DateEnd, DatePrecision, Place, PlaceText, Lat, Lon, GeoPrecision,
                        Admin1, Country, Type, AcledType, AcledSubType, CameoRoot, Actors, Sentence, Confidence,
                        HappeningId, Sources, ExternalId, None };

    Status createFields(geo::GdalErrorCapture &errors)
    {
        static const QHash<QString, Member> members = {
            {QStringLiteral("id"), Member::Id}, {QStringLiteral("article_id"), Member::ArticleId},
            {QStringLiteral("date"), Member::Date}, {QStringLiteral("date_end"), Member::DateEnd},
            {QStringLiteral("date_precision"), Member::DatePrecision}, {QStringLiteral("place"), Member::Place},
            {QStringLiteral("place_text"), Member::PlaceText}, {QStringLiteral("lat"), Member::Lat},
            {QStringLiteral("lon"), Member::Lon}, {QStringLiteral("geo_precision"), Member::GeoPrecision},
            {QStringLiteral("admin1"), Member::Admin1}, {QStringLiteral("country"), Member::Country},
            {QStringLiteral("type"), Member::Type}, {QStringLiteral("acled_event_type"), Member::AcledType},
            {QStringLiteral("acled_sub_event_type"), Member::AcledSubType},
            {QStringLiteral("cameo_root"), Member::CameoRoot}, {QStringLiteral("actors"), Member::Actors},
            {QStringLiteral("sentence"), Member::Sentence}, {QStringLiteral("confidence"), Member::Confidence},
            {QStringLiteral("happening_id"), Member::HappeningId}, {QStringLiteral("sources"), Member::Sources},
            {QStringLiteral("external_id"), Member::ExternalId}};
        using T = ExportField::Type;
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
            mTexts.append(f.type == T::Text);
            mMembers.append(members.value(f.name, Member::None));
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
        QVariantList values = eventFieldValues(e);
        for (QVariant &v : values)
            if (v.typeId() == QMetaType::QStringList)
                v = v.toStringList().join(QStringLiteral("; "));
        for (int i = 0; i < mTypes.size(); ++i) {
            QVariant value = values.value(i);
            if (mGuardFormulas && mTexts[i] && value.typeId() == QMetaType::QString)
                value = CsvFormulaGuard::encode(value.toString());
            setValue(feature.get(), i, mTypes[i], value, cutValues);
        }
        if (located) {
            geo::GeometryHPtr point(OGR_G_CreateGeometry(wkbPoint));
            OGR_G_SetPoint_2D(point.get(), 0, e.place.coordinate.longitude(), e.place.coordinate.latitude());
            OGR_F_SetGeometryDirectly(feature.get(), point.release());
        }
        if (OGR_L_CreateFeature(mLayer, feature.get()) != OGRERR_NONE)
            return Result<bool>::failure(QStringLiteral("event %1 could not be written").arg(e.id));
        return true;
    }

    // The same from a record: no Event, no QVariant; one feature and its point reused.
    Result<bool> write(const EventRecord &r, qint64 &cutValues)
    {
        if (!r.located && !ExportFormats::allowsNullGeometry(mFormat))
            return false;
        if (!mFeature)
            mFeature.reset(OGR_F_Create(OGR_L_GetLayerDefn(mLayer)));
        OGRFeatureH f = mFeature.get();
        OGR_F_SetFID(f, OGRNullFID);
        for (int i = 0; i < mTypes.size(); ++i) {
            switch (mMembers[i]) {
            case Member::Id: setInteger(f, i, r.id); break;
            case Member::ArticleId: setInteger(f, i, r.articleId); break;
            case Member::Date: setDate(f, i, r.date, cutValues); break;
            case Member::DateEnd: setDate(f, i, r.dateEnd, cutValues); break;
            case Member::DatePrecision: setText(f, i, r.datePrecision, cutValues); break;
            case Member::Place: setText(f, i, r.place, cutValues); break;
            case Member::PlaceText: setText(f, i, r.placeText, cutValues); break;
            case Member::Lat:
                if (r.located)
                    setReal(f, i, r.lat);
                else
                    OGR_F_SetFieldNull(f, i);
                break;
            case Member::Lon:
                if (r.located)
                    setReal(f, i, r.lon);
                else
                    OGR_F_SetFieldNull(f, i);
                break;
            case Member::GeoPrecision: setText(f, i, r.geoPrecision, cutValues); break;
            case Member::Admin1: setText(f, i, r.admin1, cutValues); break;
            case Member::Country: setText(f, i, r.country, cutValues); break;
            case Member::Type: setText(f, i, r.type, cutValues); break;
            case Member::AcledType: setText(f, i, r.acledEventType, cutValues); break;
            case Member::AcledSubType: setText(f, i, r.acledSubEventType, cutValues); break;
            case Member::CameoRoot: setText(f, i, r.cameoRoot, cutValues); break;
            case Member::Actors: {
                mJoined.clear();
                for (size_t k = 0; k < r.actors.size(); ++k) {
                    if (k > 0)
                        mJoined += "; ";
                    mJoined += r.actors[k];
                }
                setText(f, i, std::string_view(mJoined), cutValues);
                break;
            }
            case Member::Sentence: setText(f, i, r.sentence, cutValues); break;
            case Member::Confidence: setReal(f, i, r.confidence); break;
            case Member::HappeningId:
                if (r.happeningId > 0)
                    setInteger(f, i, r.happeningId);
                else
                    OGR_F_SetFieldNull(f, i);
                break;
            case Member::Sources: setInteger(f, i, r.sources); break;
            case Member::ExternalId: // none (an event read from an article): null, as from an Event
                if (r.externalId.empty())
                    OGR_F_SetFieldNull(f, i);
                else
                    setText(f, i, r.externalId, cutValues);
                break;
            case Member::None: OGR_F_SetFieldNull(f, i); break;
            }
        }
        if (OGR_F_GetGeomFieldCount(f) == 0) {
            // CSV: the position is in the lat and lon fields only.
        } else if (r.located) {
            OGRGeometryH point = OGR_F_GetGeometryRef(f);
            if (!point) {
                OGR_F_SetGeometryDirectly(f, OGR_G_CreateGeometry(wkbPoint));
                point = OGR_F_GetGeometryRef(f);
            }
            OGR_G_SetPoint_2D(point, 0, r.lon, r.lat);
        } else if (OGR_F_GetGeometryRef(f)) {
            OGR_F_SetGeometryDirectly(f, nullptr);
        }
        if (OGR_L_CreateFeature(mLayer, f) != OGRERR_NONE)
            return Result<bool>::failure(QStringLiteral("event %1 could not be written").arg(r.id));
        return true;
    }

private:
    // As setValue() sets them from an Event's values.
    void setInteger(OGRFeatureH f, int field, qint64 value)
    {
        if (mTypes[field] == OFTInteger64)
            OGR_F_SetFieldInteger64(f, field, value);
        else
            setValue(f, field, mTypes[field], QVariant(value), mUnused);
    }
    void setReal(OGRFeatureH f, int field, double value)
    {
        if (mTypes[field] == OFTReal)
            OGR_F_SetFieldDouble(f, field, value);
        else
            setValue(f, field, mTypes[field], QVariant(value), mUnused);
    }
    void setDate(OGRFeatureH f, int field, std::string_view date, qint64 &cutValues)
    {
        if (date.size() != 10) { // unknown (the record's dates are "YYYY-MM-DD" or empty)
            OGR_F_SetFieldNull(f, field);
            return;
        }
        if (mTypes[field] == OFTDate) {
            const auto number = [&date](size_t from, size_t n) {
                int v = 0;
                for (size_t k = from; k < from + n; ++k)
                    v = v * 10 + (date[k] - '0');
                return v;
            };
            OGR_F_SetFieldDateTime(f, field, number(0, 4), number(5, 2), number(8, 2), 0, 0, 0, 0);
        } else {
            setText(f, field, date, cutValues);
        }
    }
    void setText(OGRFeatureH f, int field, std::string_view text, qint64 &cutValues)
    {
        const bool guard = mGuardFormulas && mTexts[field] && !text.empty() &&
                           std::string_view("=+-@\t\r'").find(text.front()) != std::string_view::npos;
        if (guard || (mFormat == ExportFormat::Shapefile && text.size() > size_t(kDbfTextBytes))) {
            // The rare text that needs Qt: a formula guard, a cut at a character boundary.
            QString value = QString::fromUtf8(text.data(), qsizetype(text.size()));
            if (guard)
                value = CsvFormulaGuard::encode(value);
            setText(f, field, value, cutValues);
            return;
        }
        mText.assign(text);
        OGR_F_SetFieldString(f, field, mText.c_str());
    }

    Status addField(const QString &name, OGRFieldType type, int width, geo::GdalErrorCapture &errors)
    {
        geo::FieldDefnHPtr defn(OGR_Fld_Create(name.toUtf8().constData(), type));
        if (width > 0)
            OGR_Fld_SetWidth(defn.get(), width);
        if (OGR_L_CreateField(mLayer, defn.get(), TRUE) != OGRERR_NONE)
            return Status::failure(errors.describe(QStringLiteral("cannot create the field %1").arg(name)));
        return {};
    }

    // Empty text is an empty string, as in the JSON contract; `emptyIsNull` for dates in formats
    // without a date type, which stay unset when unknown.
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
    bool mGuardFormulas;
    QList<OGRFieldType> mTypes;
    QList<bool> mTexts;
    QList<Member> mMembers;
    geo::FeatureHPtr mFeature; // reused by write(EventRecord)
    std::string mText;
    std::string mJoined;
    qint64 mUnused = 0;
};

// A GeoPackage's spatial index (rtree_events_geom, the GeoPackage R*Tree extension), built once
// the features are written: GDAL 3.6 inserts every feature into the tree one by one (about 12 µs
// of CPU a feature, three quarters of writing the file); packed in bulk here (RtreeBulkLoad, as
// the store's own index) in about 1 µs. The table, its triggers and its gpkg_extensions row are
// those GDAL writes (GeoPackage 1.2's text), so GDAL, QGIS and any GeoPackage reader find and keep
// the index as their own.
Status addSpatialIndex(const QString &path)
{
    sqlite3 *db = nullptr;
    const auto failed = [&db](const QString &what) {
        const QString why = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("out of memory");
        sqlite3_close(db);
        return Status::failure(QStringLiteral("the spatial index could not be written (%1: %2)").arg(what, why));
    };
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        return failed(QStringLiteral("open"));
    const auto exec = [&db](const char *sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; };
    if (!exec("BEGIN") ||
        !exec("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,column_name TEXT,extension_name TEXT NOT "
              "NULL,definition TEXT NOT NULL,scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, column_name, "
              "extension_name))") ||
        !exec("CREATE VIRTUAL TABLE \"rtree_events_geom\" USING rtree(id, minx, maxx, miny, maxy)"))
        return failed(QStringLiteral("create"));
    // Every point, by fid: a GeoPackage geometry is "GP", a version, flags (bit 0: little
    // endian; bits 1-3: the envelope's size; bit 4: empty), the SRS id, the envelope, then WKB.
    std::vector<qint64> ids;
    std::vector<double> xs, ys;
    {
        sqlite3_stmt *read = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT fid, geom FROM events WHERE geom IS NOT NULL ORDER BY fid", -1, &read,
                               nullptr) != SQLITE_OK)
            return failed(QStringLiteral("read"));
        int rc;
        while ((rc = sqlite3_step(read)) == SQLITE_ROW) {
            const auto *g = static_cast<const unsigned char *>(sqlite3_column_blob(read, 1));
            const int n = sqlite3_column_bytes(read, 1);
            if (n < 8 || g[0] != 'G' || g[1] != 'P' || (g[3] & 0x10))
                continue;
            static constexpr int kEnvelopeBytes[8] = {0, 32, 48, 48, 64, 0, 0, 0};
            const int wkb = 8 + kEnvelopeBytes[(g[3] >> 1) & 7];
            if (n < wkb + 21)
                continue;
            const bool little = g[wkb] == 1;
            auto read32 = [&](int at) {
                quint32 v = 0;
                for (int k = 0; k < 4; ++k)
                    v |= quint32(g[at + (little ? k : 3 - k)]) << (8 * k);
                return v;
            };
            auto readDouble = [&](int at) {
                quint64 v = 0;
                for (int k = 0; k < 8; ++k)
                    v |= quint64(g[at + (little ? k : 7 - k)]) << (8 * k);
                double d;
                std::memcpy(&d, &v, sizeof d);
                return d;
            };
            if (read32(wkb + 1) % 1000 != 1) // a point (2D, Z, M or ZM)
                continue;
            const double x = readDouble(wkb + 5), y = readDouble(wkb + 13);
            if (std::isnan(x) || std::isnan(y)) // WKB's empty point
                continue;
            ids.push_back(sqlite3_column_int64(read, 0));
            xs.push_back(x);
            ys.push_back(y);
        }
        sqlite3_finalize(read);
        if (rc != SQLITE_DONE)
            return failed(QStringLiteral("read"));
    }
    if (Status s = RtreeBulkLoad::loadPoints(db, QStringLiteral("rtree_events_geom"), ids, xs, ys); !s) {
        sqlite3_close(db);
        return Status::failure(QStringLiteral("the spatial index could not be written (%1)").arg(s.error()));
    }
    static const char *const kTriggers[] = {
        "CREATE TRIGGER \"rtree_events_geom_insert\" AFTER INSERT ON \"events\" WHEN (new.\"geom\" NOT NULL AND NOT "
        "ST_IsEmpty(NEW.\"geom\")) BEGIN INSERT OR REPLACE INTO \"rtree_events_geom\" VALUES (NEW.\"fid\","
        "ST_MinX(NEW.\"geom\"), ST_MaxX(NEW.\"geom\"),ST_MinY(NEW.\"geom\"), ST_MaxY(NEW.\"geom\")); END",
        "CREATE TRIGGER \"rtree_events_geom_update1\" AFTER UPDATE OF \"geom\" ON \"events\" WHEN OLD.\"fid\" = "
        "NEW.\"fid\" AND (NEW.\"geom\" NOTNULL AND NOT ST_IsEmpty(NEW.\"geom\")) BEGIN INSERT OR REPLACE INTO "
        "\"rtree_events_geom\" VALUES (NEW.\"fid\",ST_MinX(NEW.\"geom\"), ST_MaxX(NEW.\"geom\"),ST_MinY(NEW.\"geom\"), "
        "ST_MaxY(NEW.\"geom\")); END",
        "CREATE TRIGGER \"rtree_events_geom_update2\" AFTER UPDATE OF \"geom\" ON \"events\" WHEN OLD.\"fid\" = "
        "NEW.\"fid\" AND (NEW.\"geom\" ISNULL OR ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM \"rtree_events_geom\" "
        "WHERE id = OLD.\"fid\"; END",
        "CREATE TRIGGER \"rtree_events_geom_update3\" AFTER UPDATE ON \"events\" WHEN OLD.\"fid\" != NEW.\"fid\" AND "
        "(NEW.\"geom\" NOTNULL AND NOT ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM \"rtree_events_geom\" WHERE id = "
        "OLD.\"fid\"; INSERT OR REPLACE INTO \"rtree_events_geom\" VALUES (NEW.\"fid\",ST_MinX(NEW.\"geom\"), "
        "ST_MaxX(NEW.\"geom\"),ST_MinY(NEW.\"geom\"), ST_MaxY(NEW.\"geom\")); END",
        "CREATE TRIGGER \"rtree_events_geom_update4\" AFTER UPDATE ON \"events\" WHEN OLD.\"fid\" != NEW.\"fid\" AND "
        "(NEW.\"geom\" ISNULL OR ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM \"rtree_events_geom\" WHERE id IN "
        "(OLD.\"fid\", NEW.\"fid\"); END",
        "CREATE TRIGGER \"rtree_events_geom_delete\" AFTER DELETE ON \"events\" WHEN old.\"geom\" NOT NULL BEGIN "
        "DELETE FROM \"rtree_events_geom\" WHERE id = OLD.\"fid\"; END",
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES ('events', "
        "'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
    };
    for (const char *sql : kTriggers)
        if (!exec(sql))
            return failed(QStringLiteral("triggers"));
    if (!exec("COMMIT"))
        return failed(QStringLiteral("commit"));
    if (sqlite3_close(db) != SQLITE_OK)
        return Status::failure(QStringLiteral("the spatial index could not be written (close)"));
    return {};
}

using Outcome = EventExporter::Outcome;
using Progress = EventExporter::Progress;

Result<Outcome> writeKml(const EventExporter::Source &source, const StagedOutput &staged, const QString &path,
                         const Progress &progress)
{
    using R = Result<Outcome>;
    QFile file(staged.stagingPath());
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return R::failure(staged.failure(file.errorString()));
    staged.applyMode();
    Outcome outcome;
    KmlWriter kml(file);
    kml.begin(source.types);
    const qint64 total = source.total;
    qint64 done = 0;
    bool cancelled = false;
    const Status read = source.forEach([&](const Event &e) {
        if (progress && done % 256 == 0 && !progress(done, total))
            return !(cancelled = true);
        ++done;
        if (kml.write(e))
            ++outcome.written;
        else
            ++outcome.withoutPosition;
        return !kml.hasError();
    });
    if (cancelled)
        return R::failure(QStringLiteral("%1: %2").arg(displayPath(path), kCancelled));
    if (!read)
        return R::failure(read.error());
    if (!kml.hasError())
        kml.end();
    const bool flushed = file.flush();
    file.close();
    if (kml.hasError() || !flushed || file.error() != QFileDevice::NoError)
        return R::failure(staged.failure(file.errorString()));
    if (progress)
        progress(done, done);
    return outcome;
}

Result<Outcome> writeOgr(const EventExporter::Source &source, const StagedOutput &staged, const QString &path,
                         ExportFormat format, const Progress &progress, const EventExporter::Options &options)
{
    using R = Result<Outcome>;
    geo::GdalErrorCapture errors;
    const auto fail = [&](const QString &fallback) { return R::failure(staged.failure(errors.describe(fallback))); };
    GDALDriverH driver = GDALGetDriverByName(ExportFormats::driver(format).toLatin1().constData());
    if (!driver)
        return R::failure(QStringLiteral("cannot write %1: this GDAL has no %2 driver")
                              .arg(displayPath(path), ExportFormats::driver(format)));
    const QByteArray stagingPath = QFile::encodeName(staged.stagingPath());
    Outcome outcome;
    {
        geo::DatasetHPtr ds(GDALCreate(driver, stagingPath.constData(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds)
            return fail(QStringLiteral("GDAL could not create the file"));
        QList<QByteArray> layerOptions;
        switch (format) {
        case ExportFormat::GeoJson: layerOptions << "RFC7946=YES"; break;
        case ExportFormat::Csv:
            layerOptions << "LINEFORMAT=CRLF"
                         << "STRING_QUOTING=IF_NEEDED";
            break;
        case ExportFormat::Shapefile:
            layerOptions << "ENCODING=UTF-8"
                         << "RESIZE=YES";
            break;
        case ExportFormat::GeoPackage:
            // Built in bulk once the features are in (addSpatialIndex).
            layerOptions << "SPATIAL_INDEX=NO";
            break;
        case ExportFormat::Kml: break;
        }
        QList<char *> optionList;
        for (QByteArray &o : layerOptions)
            optionList << o.data();
        optionList << nullptr;
        const geo::SpatialReferencePtr srs = geo::wgs84();
        const bool points = format != ExportFormat::Csv; // CSV carries lat and lon as columns
        OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), "events",
                                                 points ? OGRSpatialReference::ToHandle(srs.get()) : nullptr,
                                                 points ? wkbPoint : wkbNone, optionList.data());
        if (!layer)
            return fail(QStringLiteral("GDAL could not create the layer"));
        staged.applyMode();
        LayerWriter writer(layer, format, options);
        if (Status s = writer.createFields(errors); !s)
            return fail(s.error());
        staged.applyMode(); // a Shapefile's .dbf appears with its fields
        const bool transaction = GDALDatasetStartTransaction(ds.get(), FALSE) == OGRERR_NONE;
        const qint64 total = source.total;
        qint64 done = 0;
        bool cancelled = false;
        QString writeError;
        const auto each = [&](const auto &event) {
            if (progress && done % 256 == 0 && !progress(done, total))
                return !(cancelled = true);
            ++done;
            const Result<bool> written = writer.write(event, outcome.cutValues);
            if (!written) {
                writeError = written.error();
                return false;
            }
            if (*written)
                ++outcome.written;
            else
                ++outcome.withoutPosition;
            return true;
        };
        const Status read = source.forEachRecord
                                ? source.forEachRecord([&](const EventRecord &r) { return each(r); })
                                : source.forEach([&](const Event &e) { return each(e); });
        if (cancelled)
            return R::failure(QStringLiteral("%1: %2").arg(displayPath(path), kCancelled));
        if (!writeError.isEmpty())
            return fail(writeError);
        if (!read)
            return R::failure(read.error()); // the database's failure, not the file's
        if (transaction && GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE)
            return fail(QStringLiteral("GDAL could not finish the file"));
        if (progress)
            progress(done, done);
    } // closing the dataset writes what the driver buffered; its errors count too
    if (errors.hasErrors())
        return fail(QString());
    if (format == ExportFormat::GeoPackage) {
        if (Status s = addSpatialIndex(staged.stagingPath()); !s)
            return R::failure(staged.failure(s.error()));
    }
    if (!writtenWhole(staged.stagingPath(), format, outcome.written))
        return R::failure(staged.failure(QStringLiteral("the file could not be written to its end (is the disk full, or "
                                                        "a file size limit reached?)")));
    return outcome;
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
                                                    ExportFormat format, const Progress &progress,
                                                    const Options &options)
{
    Source source;
    source.total = events.size();
    for (const Event &e : events)
        if (!source.types.contains(e.type))
            source.types.append(e.type);
    source.forEach = [&events](const std::function<bool(const Event &)> &sink) {
        for (const Event &e : events)
            if (!sink(e))
                break;
        return Status{};
    };
    return write(source, path, format, progress, options);
}

Result<EventExporter::Outcome> EventExporter::write(const Source &source, const QString &path, ExportFormat format,
                                                    const Progress &progress, const Options &options)
{
    geo::registerDrivers();
    StagedOutput staged(path, stagingOptions(format));
    if (Status s = staged.prepare(); !s)
        return Result<Outcome>::failure(s.error());
    Result<Outcome> written = format == ExportFormat::Kml ? writeKml(source, staged, path, progress)
                                                          : writeOgr(source, staged, path, format, progress, options);
    if (!written)
        return written; // the staged files go with `staged`
    if (Status s = staged.commit(); !s)
        return Result<Outcome>::failure(s.error());
    return written;
}

} // namespace mapline
