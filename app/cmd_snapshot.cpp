// mapline snapshot: the map of a database's events for a time window, as an image file: PNG,
// SVG or PDF (vector: shapes and names stay sharp), or a GeoTIFF placed in Web Mercator.
#include "commands.h"

#include "commandsupport.h"
#include "geo/basemap.h"
#include "filtermaskbuilder.h"
#include "index/eventindexloader.h"
#include "io/displaypath.h"
#include "io/protectedfiles.h"
#include "io/timing.h"
#include "readstore.h"
#include "render/snapshotwriter.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <future>

namespace mapline::cli {

int runSnapshot(const QStringList &arguments)
{
    QElapsedTimer wall;
    wall.start();
    const double cpuAtStart = milliseconds(processCpuNs());
    const auto phase = [&](const char *what) {
        qCInfo(lcTiming).noquote() << QStringLiteral("snapshot: %1 at %2 ms wall, %3 ms CPU past the start")
                                                  .arg(QLatin1String(what))
                                                  .arg(wall.nsecsElapsed() / 1e6, 0, 'f', 1)
                                                  .arg(milliseconds(processCpuNs()) - cpuAtStart, 0, 'f', 1);
    };
    qCInfo(lcTiming).noquote()
        << QStringLiteral("snapshot: the process start took %1 ms CPU").arg(cpuAtStart, 0, 'f', 1);
    CommandParser cmd(QStringLiteral("snapshot"),
                      QStringLiteral("Write a map of the events: basemap, events of the time window (clustered where "
                                     "crowded), title, caption with the time window, legend, scale bar, north arrow "
                                     "and attribution (each can be left out). The time window, database, number of "
                                     "events and program version are stored inside the file. The file is written "
                                     "under a temporary name and appears complete or not at all. Needs no display."));
    QCommandLineParser &p = cmd.parser();
    p.addOption({QStringLiteral("out"),
                 QStringLiteral("The file to write: .png, .svg or .pdf (vector), or .tif (a GeoTIFF in Web Mercator, "
                                "without title and legend, for GIS)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("from"), QStringLiteral("Events on or after this day."), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("to"), QStringLiteral("Events on or before this day."), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("bbox"),
                 QStringLiteral("The area to show, as west,south,east,north in degrees (default: Afghanistan)."),
                 QStringLiteral("W,S,E,N")});
    p.addOption({QStringLiteral("size"), QStringLiteral("Image size in pixels (default 1600x1000)."),
                 QStringLiteral("WxH"), QStringLiteral("1600x1000")});
    p.addOption({QStringLiteral("title"), QStringLiteral("A title printed on the map."), QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("pixel-ratio"),
                 QStringLiteral("Device pixel ratio of a PNG or GeoTIFF: 2 gives twice the pixels each way, with "
                                "names and symbols the same size on the map (default 1)."),
                 QStringLiteral("R"), QStringLiteral("1")});
    p.addOption({QStringLiteral("style"),
                 QStringLiteral("map: symbols and clusters as the viewer draws them (default); briefing: no clusters, "
                                "at each place one symbol per event type with its count and the place's name, and a "
                                "legend of only what is drawn."),
                 QStringLiteral("map|briefing"), QStringLiteral("map")});
    p.addOption({QStringLiteral("paper"),
                 QStringLiteral("For a PDF: print on A4, A3 or Letter, landscape unless -portrait follows (a4, "
                                "a4-portrait, letter-landscape...), with 10 mm margins; the map fills the page inside "
                                "them (default: one page the size of the map, --size)."),
                 QStringLiteral("PAPER")});
    cmd.addMapOptions();
    p.addOption({QStringLiteral("min-sources"),
                 QStringLiteral("Only happenings told by at least N distinct sources (their reports)."), QStringLiteral("N")});
    if (const auto code = cmd.parse(arguments))
        return *code;
    if (!p.positionalArguments().isEmpty())
        return cmd.usageError(QStringLiteral("unexpected argument \"%1\"").arg(p.positionalArguments().first()));
    const QString out = p.value(QStringLiteral("out"));
    if (out.isEmpty())
        return cmd.usageError(QStringLiteral("--out FILE is required"));
    const auto format = SnapshotWriter::formatOf(out);
    if (!format)
        return cmd.usageError(QStringLiteral("--out: write FILE.png, .svg, .pdf or .tif, not \"%1\"").arg(displayPath(out)));
    QString error;
    const QDate from = cmd.dateOption(QStringLiteral("from"), error);
    const QDate to = cmd.dateOption(QStringLiteral("to"), error);
    if (!error.isEmpty())
        return cmd.usageError(error);
    if (from.isValid() && to.isValid() && from > to)
        return cmd.usageError(QStringLiteral("--from is after --to"));
    FilterState filters;
    if (p.isSet(QStringLiteral("min-sources"))) {
        bool ok = false;
        filters.minSources = p.value(QStringLiteral("min-sources")).toInt(&ok);
        if (!ok || filters.minSources < 1)
            return cmd.usageError(QStringLiteral("--min-sources must be a whole number of sources, 1 or more, not \"%1\"")
                                      .arg(p.value(QStringLiteral("min-sources"))));
    }
    const auto size = parseImageSize(p.value(QStringLiteral("size")));
    if (!size)
        return cmd.usageError(QStringLiteral("--size must be WIDTHxHEIGHT in pixels, 64 to 10000 each, e.g. 1600x1000"));
    bool ratioOk = false;
    const double ratio = p.value(QStringLiteral("pixel-ratio")).toDouble(&ratioOk);
    if (!ratioOk || ratio < 0.5 || ratio > 4 || std::max(size->width(), size->height()) * ratio > 20000)
        return cmd.usageError(QStringLiteral("--pixel-ratio must be a number from 0.5 to 4 (and the image at most "
                                             "20000 pixels wide and high), e.g. 2"));
    const QString style = p.value(QStringLiteral("style")).toLower();
    if (style != u"map" && style != u"briefing")
        return cmd.usageError(QStringLiteral("--style must be map or briefing, not \"%1\"").arg(p.value(QStringLiteral("style"))));
    SnapshotWriter::Page page;
    if (p.isSet(QStringLiteral("paper"))) {
        const auto paper = SnapshotWriter::Page::parse(p.value(QStringLiteral("paper")));
        if (!paper)
            return cmd.usageError(QStringLiteral("--paper must be a4, a3 or letter, optionally with -portrait or "
                                                 "-landscape (e.g. a4-portrait), not \"%1\"")
                                      .arg(p.value(QStringLiteral("paper"))));
        if (*format != SnapshotWriter::Format::Pdf)
            return cmd.usageError(QStringLiteral("--paper is for a PDF: write --out FILE.pdf, or give --size for an image"));
        page = *paper;
    }
    std::optional<QGeoRectangle> box;
    if (p.isSet(QStringLiteral("bbox"))) {
        box = parseGeoBox(p.value(QStringLiteral("bbox")));
        if (!box)
            return cmd.usageError(QStringLiteral("--bbox must be west,south,east,north in degrees with west < east "
                                                 "and south < north, e.g. 60.5,29.3,75,38.5"));
    }
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        QTextStream(stderr) << "mapline snapshot: drawing needs a QGuiApplication (internal error)" << Qt::endl;
        return InputFailed;
    }

    QTextStream err(stderr);
    int status = Success;
    // Only the window's events are read: a week of ten million events is a week's work.
    IndexLoadOptions loadOptions = IndexLoadOptions::withGazetteer();
    loadOptions.from = from;
    loadOptions.to = to;
    const QString basemapPath =
        cmd.maplineBasemap().value_or(Basemap::defaultPath());
    // Inputs are never outputs: --out naming the basemap is refused, not written over it.
    ProtectedFiles::add(basemapPath, QStringLiteral("the basemap"));
    // The basemap read on a second thread while this one opens the store and reads the window.
    std::future<Result<std::shared_ptr<const Basemap>>> basemapRead =
        std::async(std::launch::async, [basemapPath] { return Basemap::load(basemapPath); });
    auto store = ReadStore::open(cmd.database());
    if (!store) {
        err << "mapline snapshot: " << messageLine(store.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    auto index = store.value()->loadIndex(loadOptions);
    if (!index) {
        err << "mapline snapshot: " << messageLine(index.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    phase("the window's events read");
    auto basemap = basemapRead.get();
    if (!basemap) {
        // Still draw the events (on a plain background), but say the map is incomplete.
        err << "mapline snapshot: " << messageLine(basemap.error(), {basemapPath}) << Qt::endl;
        status = InputFailed;
    }
    phase("the basemap loaded");

    MapSettings settings;
    settings.setOutputSize(*size);
    settings.setDevicePixelRatio(ratio);
    // A GeoTIFF is a layer for GIS: the map and its attribution, no title, legend or scale bar.
    if (!cmd.applyMapOptions(settings, SnapshotWriter::defaultDecorations(*format)))
        status = InputFailed;
    settings.setEvents(index.value());
    settings.setEventMask(FilterMaskBuilder::build(*index.value(), filters));
    if (basemap)
        settings.setBasemap(basemap.value());
    settings.setTimeWindow(from, to);
    settings.setTitle(p.value(QStringLiteral("title")));
    if (!cmd.applyControlOptions(settings, store.value().get()))
        status = InputFailed;
    settings.setBriefing(style == u"briefing");
    const QGeoRectangle area = box ? *box : basemap ? basemap.value()->focusExtent()
                                              : QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9));
    if (page.isPaper())
        settings.setOutputSize(page.printablePixels()); // the area is fitted to the paper
    settings.setGeoExtent(area, box ? 0.0 : std::min(settings.outputSize().width(), settings.outputSize().height()) * 0.04);
    phase("the map set up");

    const SnapshotProvenance provenance =
        SnapshotProvenance::of(settings, cmd.database(), SnapshotProvenance::describeFilters(filters));
    if (const Status written = SnapshotWriter::write(settings, out, *format, provenance, page); !written) {
        err << "mapline snapshot: " << messageLine(written.error(), {out}) << Qt::endl;
        return InputFailed;
    }
    phase("written");
    if (page.isPaper())
        QTextStream(stdout) << "Wrote " << displayPath(QFileInfo(out).absoluteFilePath()) << " (" << page.toString()
                            << ")" << Qt::endl;
    else
        QTextStream(stdout) << "Wrote " << displayPath(QFileInfo(out).absoluteFilePath()) << " (" << size->width()
                            << "x" << size->height() << ")" << Qt::endl;
    return status;
}

} // namespace mapline::cli
