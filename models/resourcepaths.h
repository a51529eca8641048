#pragma once

#include <QString>

namespace mapline {

// Locates the read-only files under resources/ (basemap, gazetteer, lexicons, sample).
// Order: $MAPLINE_RESOURCES, then ../share/mapline next to the executable (installed),
// then the source tree the program was built from.
QString resourcePath(const QString &relative);

} // namespace mapline
