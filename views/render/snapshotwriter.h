#pragma once

#include "render/mapsettings.h"
#include "render/snapshotprovenance.h"
#include "result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace mapline {

// Writes one map frame to a file: PNG (any size and device pixel ratio), SVG and PDF (vector:
// shapes and names stay sharp), or a GeoTIFF placed in Web Mercator (EPSG:3857) for GIS. The
// same MapRenderer as the screen draws it, and the provenance goes inside the file. Every file
// is written under a temporary name beside the target and moved over it only when complete, so
// a failure (a full disk, a folder that went away) leaves no partial file and an earlier file of
// that name intact. Used by `mapline snapshot` and File > Export map. Stateless; any thread
// (the painter works on its own device).
class SnapshotWriter {
public:
    enum class Format { Png, Svg, Pdf, GeoTiff };

    // A PDF's page. Paper::Map: one page the size of the map, no margins. A paper size: that
    // page (portrait or landscape) with margins, the map filling the part inside them at 96
    // dots to the inch, showing the same area (a paper of another shape shows a little more).
    struct Page {
        enum class Paper { Map, A4, A3, Letter };
        Paper paper = Paper::Map;
        bool portrait = false;
        double marginMillimetres = 10.0;

        // "a4", "A3-portrait", "letter-landscape" (landscape when not said); nullopt otherwise.
        static std::optional<Page> parse(const QString &text);
        QString toString() const; // "A4 landscape"; "map size" for Paper::Map
        bool isPaper() const { return paper != Paper::Map; }
        // The part inside the margins, in logical pixels (96 to the inch); empty for Paper::Map.
        QSize printablePixels() const;
        friend bool operator==(const Page &, const Page &) = default;
    };
    // `settings` made for `page`: the printable size, the same area fitted into it.
    static MapSettings fittedToPage(const MapSettings &settings, const Page &page);

    // From the file's extension: .png, .svg, .pdf, .tif/.tiff; nullopt for anything else.
    static std::optional<Format> formatOf(const QString &path);
    static QString label(Format format); // "PNG image", ...
    // The decorations a format gets unless the user switches them off: a GeoTIFF is a layer for
    // GIS (names and attribution only), the others are pictures for people (everything).
    static int defaultDecorations(Format format);

    // Renders `settings` (vector output switched on for SVG and PDF) and writes it to `path`.
    // The error names the file and the reason.
    static Status write(const MapSettings &settings, const QString &path, Format format,
                        const SnapshotProvenance &provenance);
    // A PDF goes on `page` (other formats ignore it).
    static Status write(const MapSettings &settings, const QString &path, Format format,
                        const SnapshotProvenance &provenance, const Page &page);
    // Why `settings` cannot be drawn as `format` in the memory this process has (MemoryBudget);
    // empty when it can. write() asks it first.
    static QString memoryProblem(const MapSettings &settings, Format format);
    // The PNG, SVG or PDF bytes (not GeoTIFF, which GDAL writes itself).
    static Result<QByteArray> encode(const MapSettings &settings, Format format, const SnapshotProvenance &provenance);
    static Result<QByteArray> encode(const MapSettings &settings, Format format, const SnapshotProvenance &provenance,
                                     const Page &page);
};

} // namespace mapline
