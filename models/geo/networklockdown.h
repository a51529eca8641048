#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace mapline::geo {

// Mapline never reaches the network (analysts work offline on sensitive material), yet GDAL can:
// /vsicurl/ and the cloud /vsi prefixes, drivers that talk to web services (WMS, WFS, OGC API...)
// or database servers, HTTP URLs given to the GeoJSON driver, PROJ's grid CDN. Three locks, each
// enough on its own for what it covers:
//  1. lockDown() (called by registerDrivers(), before GDAL opens anything in this process):
//     deregisters every driver whose purpose is a remote service, replaces the handlers of the
//     remote /vsi prefixes by one that refuses every call (so a remote path nested anywhere, in a
//     VRT source or under /vsizip/, fails without a socket), makes every CPLHTTPFetch fail
//     without one (CPLHTTPSetFetchCallback), and turns PROJ's network off.
//  2. remoteReference(): a path or a file that names a remote resource is refused up front, with
//     a message naming it (the /vsi prefix, the URL in a VRT's sources, the web service a
//     GDAL_WMS file describes).
//  3. userFileDrivers(): files the analyst names are opened only with the drivers of this list
//     (GDALOpenEx's allowed drivers), local file formats all.
void lockDown();

// The reason `path` would reach the network, or nothing when it is a local file. Reads the file's
// first bytes when it is an XML description (VRT, OGR VRT, GDAL_WMS...), and follows a VRT's local
// sources that are VRTs themselves.
std::optional<QString> remoteReference(const QString &path);

// GDAL short names of the drivers a user's layer may be opened with.
const QStringList &userFileDrivers();

// The /vsi prefixes that reach the network (GDAL 3.6), each ending with '/'.
const QStringList &remotePrefixes();

} // namespace mapline::geo
