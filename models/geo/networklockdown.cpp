#include "geo/networklockdown.h"

#include <cpl_conv.h>
#include <cpl_http.h>
#include <cpl_vsi_error.h>
#include <cpl_vsi_virtual.h>
#include <gdal_priv.h>
#include <ogr_srs_api.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <cerrno>
#include <vector>

namespace mapline::geo {
namespace {

constexpr const char *kRefusal = "Mapline never reaches the network";

// Drivers whose only purpose is a remote service or a database server.
const char *const kNetworkDrivers[] = {
    "WMS",  "WMTS",  "WCS",  "WFS",           "OAPIF",  "OGCAPI", "EEDA",  "EEDAI",    "PLSCENES",  "PLMOSAIC",
    "NGW",  "DAAS",  "HTTP", "Elasticsearch", "CouchDB", "Carto", "AmigoCloud", "CSW", "STACIT",    "STACTA",
    "PostgreSQL", "PostGISRaster", "MySQL", "ODBC", "MSSQLSpatial", "PGeo", "OGR_OGDI", "GPSBabel", "MongoDBv3",
    "OCI", "GeoRaster", "HANA", "SOSI", "GMLAS",
};

// Stands in for GDAL's /vsicurl/, /vsis3/... handlers: every call fails, nothing is opened.
class RefusingFilesystem final : public VSIFilesystemHandler {
public:
    VSIVirtualHandle *Open(const char *path, const char *, bool setError, CSLConstList) override
    {
        errno = EACCES;
        if (setError)
            VSIError(VSIE_FileError, "%s: %s", path, kRefusal);
        return nullptr;
    }
    int Stat(const char *, VSIStatBufL *, int) override
    {
        errno = EACCES;
        return -1;
    }
    char **ReadDirEx(const char *, int) override { return nullptr; }
    char **SiblingFiles(const char *) override { return nullptr; }
    bool IsLocal(const char *) override { return false; }
    bool SupportsRead(const char *) override { return false; }
};

// Every CPLHTTPFetch (the web drivers, a GeoJSON URL, GML schemas) fails here, without a socket.
CPLHTTPResult *refuseFetch(const char *url, CSLConstList, GDALProgressFunc, void *, CPLHTTPFetchWriteFunc, void *,
                           void *)
{
    auto *result = static_cast<CPLHTTPResult *>(CPLCalloc(1, sizeof(CPLHTTPResult)));
    result->nStatus = 1;
    result->pszErrBuf = CPLStrdup(CPLSPrintf("%s: %s", url ? url : "(no URL)", kRefusal));
    CPLError(CE_Failure, CPLE_AppDefined, "%s", result->pszErrBuf);
    return result;
}

// The root element of an XML file, or empty.
QString xmlRoot(const QByteArray &head)
{
    static const QRegularExpression root(QStringLiteral(R"(<([A-Za-z_][\w.:-]*)[\s>/])"));
    QRegularExpressionMatchIterator it = root.globalMatch(QString::fromUtf8(head.left(4096)));
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!name.startsWith(QLatin1Char('?')) && !name.startsWith(QLatin1Char('!')))
            return name;
    }
    return {};
}

std::optional<QString> remoteInPath(const QString &path)
{
    for (const QString &prefix : remotePrefixes())
        if (path.contains(prefix.chopped(1), Qt::CaseInsensitive))
            return QStringLiteral("%1: %2 reads from the network, and %3").arg(path, prefix, QLatin1String(kRefusal));
    // Connection strings ("PG:dbname=...", "WMS:http...") are no files; a real file of that
    // name (a local "a:b.gpkg") is still fine.
    static const QRegularExpression connection(QStringLiteral(R"(^[A-Za-z][A-Za-z0-9_]+:(?!//))"));
    if (connection.match(path).hasMatch() && !QFileInfo::exists(path))
        return QStringLiteral("%1: a connection string, not a file, and %2").arg(path, QLatin1String(kRefusal));
    static const QRegularExpression url(QStringLiteral(R"(\b[A-Za-z][A-Za-z0-9+.-]*://)"));
    if (url.match(path).hasMatch())
        return QStringLiteral("%1: a URL, and %2; give a local file").arg(path, QLatin1String(kRefusal));
    return std::nullopt;
}

std::optional<QString> remoteReference(const QString &path, int depth)
{
    if (auto reason = remoteInPath(path))
        return reason;
    QFile file(path);
    if (depth > 8 || !QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    // The root element from the file's head: a GeoPackage or a GeoTIFF is not read whole for it.
    QByteArray text = file.read(8192);
    const QString root = xmlRoot(text);
    if (root.isEmpty())
        return std::nullopt;
    // Descriptions are small; a huge XML file is data (GML, KML), not a description.
    text += file.read(16 * 1024 * 1024 - text.size());
    static const QStringList services = {QStringLiteral("GDAL_WMS"), QStringLiteral("GDAL_WMTS"),
                                         QStringLiteral("WCS_GDAL"), QStringLiteral("OGRWFSDataSource"),
                                         QStringLiteral("GDAL_WFS")};
    if (services.contains(root, Qt::CaseInsensitive))
        return QStringLiteral("%1: describes a web service (%2), and %3").arg(path, root, QLatin1String(kRefusal));
    if (root != u"VRTDataset" && root != u"OGRVRTDataSource")
        return std::nullopt;
    // A VRT: each source, and the sources of a VRT source.
    static const QRegularExpression source(
        QStringLiteral(R"(<(SourceFilename|SrcDataSource|SourceDataset)\b([^>]*)>\s*([^<]*?)\s*</)"));
    const QString body = QString::fromUtf8(text);
    QRegularExpressionMatchIterator it = source.globalMatch(body);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        QString target = m.captured(3);
        target.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
        const bool relative = m.captured(2).contains(QRegularExpression(QStringLiteral(R"(relative\w*\s*=\s*["']1)")));
        if (auto reason = remoteInPath(target))
            return QStringLiteral("%1: a source of this VRT is remote (%2), and %3")
                .arg(path, target, QLatin1String(kRefusal));
        const QString local = relative ? QFileInfo(path).dir().filePath(target) : target;
        if (auto reason = remoteReference(local, depth + 1))
            return QStringLiteral("%1: through its source %2: %3").arg(path, local, *reason);
    }
    // Anything else remote in the description (a URL in an option or a WMS source's XML).
    if (auto reason = remoteInPath(body))
        return QStringLiteral("%1: the VRT refers to a remote resource, and %2").arg(path, QLatin1String(kRefusal));
    return std::nullopt;
}

} // namespace

const QStringList &remotePrefixes()
{
    static const QStringList prefixes = {
        QStringLiteral("/vsicurl/"),  QStringLiteral("/vsicurl_streaming/"), QStringLiteral("/vsis3/"),
        QStringLiteral("/vsis3_streaming/"), QStringLiteral("/vsigs/"), QStringLiteral("/vsigs_streaming/"),
        QStringLiteral("/vsiaz/"),    QStringLiteral("/vsiaz_streaming/"),  QStringLiteral("/vsiadls/"),
        QStringLiteral("/vsioss/"),   QStringLiteral("/vsioss_streaming/"), QStringLiteral("/vsiswift/"),
        QStringLiteral("/vsiswift_streaming/"), QStringLiteral("/vsiwebhdfs/"), QStringLiteral("/vsihdfs/"),
    };
    return prefixes;
}

const QStringList &userFileDrivers()
{
    static const QStringList drivers = {
        // rasters
        QStringLiteral("GTiff"), QStringLiteral("COG"), QStringLiteral("VRT"), QStringLiteral("MBTiles"),
        QStringLiteral("GPKG"), QStringLiteral("PNG"), QStringLiteral("JPEG"), QStringLiteral("GIF"),
        QStringLiteral("BMP"), QStringLiteral("WEBP"), QStringLiteral("JP2OpenJPEG"), QStringLiteral("HFA"),
        QStringLiteral("AAIGrid"), QStringLiteral("EHdr"), QStringLiteral("ENVI"), QStringLiteral("SRTMHGT"),
        QStringLiteral("DTED"), QStringLiteral("USGSDEM"), QStringLiteral("XYZ"), QStringLiteral("ERS"),
        QStringLiteral("RST"), QStringLiteral("NITF"), QStringLiteral("PCIDSK"), QStringLiteral("GSBG"),
        QStringLiteral("GS7BG"), QStringLiteral("GSAG"), QStringLiteral("SAGA"), QStringLiteral("RMF"),
        QStringLiteral("ILWIS"), QStringLiteral("RRASTER"), QStringLiteral("MRF"), QStringLiteral("KMLSUPEROVERLAY"),
        QStringLiteral("PDF"),
        // vectors
        QStringLiteral("ESRI Shapefile"), QStringLiteral("GeoJSON"), QStringLiteral("GeoJSONSeq"),
        QStringLiteral("ESRIJSON"), QStringLiteral("TopoJSON"), QStringLiteral("KML"), QStringLiteral("LIBKML"),
        QStringLiteral("GPX"), QStringLiteral("GML"), QStringLiteral("CSV"), QStringLiteral("OSM"),
        QStringLiteral("OpenFileGDB"), QStringLiteral("FlatGeobuf"), QStringLiteral("SQLite"),
        QStringLiteral("MapInfo File"), QStringLiteral("DXF"), QStringLiteral("OGR_VRT"), QStringLiteral("MVT"),
        QStringLiteral("XLSX"), QStringLiteral("ODS"), QStringLiteral("Geoconcept"), QStringLiteral("OGR_GMT"),
        QStringLiteral("GeoRSS"), QStringLiteral("S57"), QStringLiteral("DGN"),
    };
    return drivers;
}

void lockDown()
{
    // PROJ may fetch transformation grids from its CDN; GDAL's own setting and PROJ's.
    CPLSetConfigOption("PROJ_NETWORK", "OFF");
    OSRSetPROJEnableNetwork(FALSE);
    // Belt and braces for code paths that bypass both locks below.
    CPLSetConfigOption("GDAL_HTTP_PROXY", "0.0.0.0:0");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", "none.invalid");

    GDALDriverManager *manager = GetGDALDriverManager();
    for (const char *name : kNetworkDrivers) {
        if (GDALDriver *driver = manager->GetDriverByName(name)) {
            manager->DeregisterDriver(driver);
            delete driver;
        }
    }
    // GDAL owns the installed handlers (its file manager deletes each once at exit). The
    // replaced ones it no longer knows: they are kept reachable here, so the sanitizer build's
    // leak check does not count them.
    static std::vector<VSIFilesystemHandler *> replaced;
    auto *refusing = new RefusingFilesystem();
    for (const QString &prefix : remotePrefixes()) {
        const QByteArray p = prefix.toUtf8();
        replaced.push_back(VSIFileManager::GetHandler(p.constData()));
        VSIFileManager::InstallHandler(p.toStdString(), refusing);
        // "/vsicurl?url=..." is the option-carrying spelling of the same prefix.
        VSIFileManager::InstallHandler(p.chopped(1).toStdString() + "?", refusing);
    }
    CPLHTTPSetFetchCallback(refuseFetch, nullptr);
}

std::optional<QString> remoteReference(const QString &path)
{
    return remoteReference(path, 0);
}

} // namespace mapline::geo
