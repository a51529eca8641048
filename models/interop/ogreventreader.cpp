#include "interop/ogreventreader.h"

#include "geo/gdalerrorcapture.h"
#include "interop/exportfields.h"
#include "interop/maplinerecord.h"
#include "io/localpath.h"

#include <QCryptographicHash>
#include <QLocale>

namespace mapline {
namespace {

QStringList driversFor(const QString &format)
{
    if (format == u"geojson")
        return {QStringLiteral("GeoJSON")};
    if (format == u"kml")
        return {QStringLiteral("LIBKML"), QStringLiteral("KML")};
    if (format == u"gpkg")
        return {QStringLiteral("GPKG")};
    if (format == u"shp")
        return {QStringLiteral("ESRI Shapefile")};
    return {};
}

// The file's identity: its bytes, or for a Shapefile the bytes of the files that hold the data.
Result<QString> hashFiles(const QString &path, const QString &format)
{
    QStringList files = {path};
    if (format == u"shp") {
        // By string: the name may hold bytes that are not UTF-8, which QFileInfo would not keep.
        files << path.left(path.lastIndexOf(QLatin1Char('.'))) + QStringLiteral(".dbf");
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (const QString &name : files) {
        InputFile file;
        if (Status s = file.open(name); !s)
            return Result<QString>::failure(s.error());
        for (qint64 n; (n = file.read(buffer.data(), buffer.size())) != 0;) {
            if (n < 0)
                return Result<QString>::failure(file.error());
            hash.addData(QByteArrayView(buffer.constData(), n));
        }
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

Status OgrEventReader::openInput(InputFile file)
{
    const QString path = file.path();
    mPath = path;
    if (!file.isRegular())
        return Status::failure(QStringLiteral("%1: %2 holding a Mapline export (%3) is not read: GDAL needs a "
                                              "file it can read twice; save it to a file first")
                                   .arg(path, file.kindName(), mFormat));
    file.close();
    geo::registerDrivers();
    geo::GdalErrorCapture errors;
    QList<QByteArray> names;
    for (const QString &d : driversFor(mFormat))
        names << d.toLatin1();
    QList<const char *> drivers;
    for (const QByteArray &n : names)
        drivers << n.constData();
    drivers << nullptr;
    mDataset.reset(GDALOpenEx(encodeFileName(path).constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                              drivers.constData(), nullptr, nullptr));
    if (!mDataset)
        return Status::failure(
            QStringLiteral("%1: cannot open: %2")
                .arg(path, errors.describe(QStringLiteral("not a readable %1 file").arg(mFormat))));
    for (int i = 0; i < GDALDatasetGetLayerCount(mDataset.get()) && !mLayer; ++i) {
        OGRLayerH layer = GDALDatasetGetLayer(mDataset.get(), i);
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
        QHash<QString, int> fields;
        for (int k = 0; k < OGR_FD_GetFieldCount(defn); ++k) {
            const QString name = ExportFields::contractName(
                QString::fromUtf8(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, k))));
            if (!name.isEmpty() && !fields.contains(name))
                fields.insert(name, k);
        }
        if (fields.contains(QStringLiteral("date")) && fields.contains(QStringLiteral("type")) &&
            fields.contains(QStringLiteral("date_precision"))) {
            mLayer = layer;
            mFields = fields;
        }
    }
    if (!mLayer) {
        // An export of no events: KML keeps no schema without placemarks, so there is nothing to
        // recognise, and nothing to import either.
        qint64 features = 0;
        for (int i = 0; i < GDALDatasetGetLayerCount(mDataset.get()); ++i)
            features += OGR_L_GetFeatureCount(GDALDatasetGetLayer(mDataset.get(), i), TRUE);
        if (mFormat != u"kml" || features > 0)
            return Status::failure(QStringLiteral("%1: not a Mapline export: no layer has the fields date, "
                                                  "date_precision and type")
                                       .arg(path));
    }
    if (mLayer) {
        mCount = OGR_L_GetFeatureCount(mLayer, TRUE);
        OGR_L_ResetReading(mLayer);
    }
    const Result<QString> hash = hashFiles(path, mFormat);
    if (!hash)
        return Status::failure(hash.error());
    mHash = *hash;
    return {};
}

QString OgrEventReader::fieldValue(OGRFeatureH feature, const QString &name) const
{
    const int index = mFields.value(name, -1);
    if (index < 0 || !OGR_F_IsFieldSetAndNotNull(feature, index))
        return {};
    switch (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(feature, index))) {
    case OFTDate:
    case OFTDateTime: {
        int y = 0, m = 0, d = 0, h = 0, min = 0, tz = 0;
        float s = 0;
        if (!OGR_F_GetFieldAsDateTimeEx(feature, index, &y, &m, &d, &h, &min, &s, &tz))
            return {};
        return QDate(y, m, d).toString(Qt::ISODate);
    }
    case OFTReal:
        return QString::number(OGR_F_GetFieldAsDouble(feature, index), 'g', QLocale::FloatingPointShortest);
    case OFTInteger:
    case OFTInteger64: return QString::number(OGR_F_GetFieldAsInteger64(feature, index));
    default: return QString::fromUtf8(OGR_F_GetFieldAsString(feature, index));
    }
}

EventFileReader::Next OgrEventReader::next(DatasetRow &row, QString &problem)
{
    if (!mLayer)
        return Next::End;
    geo::GdalErrorCapture errors;
    geo::FeatureHPtr feature(OGR_L_GetNextFeature(mLayer));
    if (!feature) {
        if (errors.hasErrors()) {
            mError = QStringLiteral("%1: %2").arg(mPath, errors.describe(QString()));
            return Next::Failed;
        }
        return Next::End;
    }
    ++mDone;
    row = DatasetRow();
    row.line = mDone;
    double lon = 0, lat = 0;
    bool hasPoint = false;
    if (OGRGeometryH g = OGR_F_GetGeometryRef(feature.get());
        g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint && !OGR_G_IsEmpty(g)) {
        lon = OGR_G_GetX(g, 0);
        lat = OGR_G_GetY(g, 0);
        hasPoint = true;
    }
    const auto value = [&](const QString &name) {
        QString v = fieldValue(feature.get(), name);
        if (v.isEmpty() && hasPoint && (name == u"lat" || name == u"lon"))
            v = QString::number(name == u"lat" ? lat : lon, 'g', QLocale::FloatingPointShortest);
        return v;
    };
    if (!MaplineRecord::toRow(value, row, problem))
        return Next::BadRow;
    return Next::Row;
}

} // namespace mapline
