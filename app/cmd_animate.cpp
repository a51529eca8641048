// mapline animate: the timeline's playback written down, one map per step of the time window,
// as numbered PNG frames, an animated GIF or an MP4 video. Needs no display.
#include "commands.h"

#include "animation/animationexporter.h"
#include "commandsupport.h"
#include "filterstate.h"
#include "geo/basemap.h"
#include "index/eventindexloader.h"
#include "io/displaypath.h"
#include "io/protectedfiles.h"
#include "render/snapshotwriter.h"
#include "store/eventquery.h"
#include "readstore.h"
#include "store/eventstore.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>

#include <cstdio>
#include <unistd.h>

namespace mapline::cli {
namespace {

using animation::Format;
using timeline::TimeWindow;

void addAnimateOptions(CommandParser &cmd)
{
    QCommandLineParser &p = cmd.parser();
    p.addOption({QStringLiteral("out"),
                 QStringLiteral("Where to write: FILE.gif, FILE.mp4 (needs ffmpeg), or a folder DIR for numbered PNG "
                                "frames (frame-0001.png ...; old frame-*.png in it are replaced)."),
                 QStringLiteral("DIR|FILE")});
    p.addOption({QStringLiteral("step"),
                 QStringLiteral("How far the window moves each frame: day, week, month or Nd (N days; default day)."),
                 QStringLiteral("STEP"), QStringLiteral("day")});
    p.addOption({QStringLiteral("window"),
                 QStringLiteral("A moving window this many days long (default: one step)."), QStringLiteral("DAYS")});
    p.addOption({QStringLiteral("cumulative"),
                 QStringLiteral("Each frame shows everything from the start of the range to its end.")});
    p.addOption({QStringLiteral("fps"), QStringLiteral("Frames per second, 1 to 60 (default 10; a GIF plays at most 50)."),
                 QStringLiteral("N"), QStringLiteral("10")});
    p.addOption({QStringLiteral("size"),
                 QStringLiteral("Frame size in pixels (default 1280x720; an MP4 rounds it down to even numbers)."),
                 QStringLiteral("WxH"), QStringLiteral("1280x720")});
    p.addOption({QStringLiteral("bbox"),
                 QStringLiteral("The area to show, as west,south,east,north in degrees (default: Afghanistan)."),
                 QStringLiteral("W,S,E,N")});
    p.addOption({QStringLiteral("title"), QStringLiteral("A title printed on every frame."), QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("skip-empty"),
                 QStringLiteral("Leave out frames that add no event (after the filters).")});
    cmd.addMapOptions(); // as `mapline snapshot`: --no-legend ..., --heatmap, --layer
}

struct Options {
    Format format = Format::Gif;
    QString out;
    animation::FramePlanOptions plan;
    int fps = 10;
    QSize size;
    std::optional<QGeoRectangle> box;
};

// Everything that needs no database; an exit code on a usage error.
std::optional<int> readOptions(CommandParser &cmd, Options &o)
{
    const QCommandLineParser &p = cmd.parser();
    if (!p.positionalArguments().isEmpty())
        return cmd.usageError(QStringLiteral("unexpected argument \"%1\"").arg(p.positionalArguments().first()));
    o.out = p.value(QStringLiteral("out"));
    if (o.out.isEmpty())
        return cmd.usageError(QStringLiteral("--out DIR, FILE.gif or FILE.mp4 is required"));
    const auto format = animation::formatForPath(o.out);
    if (!format)
        return cmd.usageError(QStringLiteral("--out: write FILE.gif, FILE.mp4 or a folder for PNG frames, not \"%1\"").arg(displayPath(o.out)));
    o.format = *format;
    const auto step = animation::Step::parse(p.value(QStringLiteral("step")));
    if (!step)
        return cmd.usageError(QStringLiteral("--step must be day, week, month or a number of days such as 3d, not \"%1\"")
                                  .arg(p.value(QStringLiteral("step"))));
    o.plan.step = *step;
    o.plan.skipEmpty = p.isSet(QStringLiteral("skip-empty"));
    if (p.isSet(QStringLiteral("cumulative"))) {
        if (p.isSet(QStringLiteral("window")))
            return cmd.usageError(QStringLiteral("--window and --cumulative exclude each other"));
        o.plan.mode = TimeWindow::Mode::Cumulative;
    } else if (p.isSet(QStringLiteral("window"))) {
        bool ok = false;
        o.plan.windowDays = p.value(QStringLiteral("window")).toInt(&ok);
        if (!ok || o.plan.windowDays < 1 || o.plan.windowDays > 36600)
            return cmd.usageError(QStringLiteral("--window must be a number of days, 1 or more"));
    }
    bool ok = false;
    o.fps = p.value(QStringLiteral("fps")).toInt(&ok);
    if (!ok || o.fps < 1 || o.fps > 60)
        return cmd.usageError(QStringLiteral("--fps must be a whole number from 1 to 60"));
    const auto size = parseImageSize(p.value(QStringLiteral("size")));
    if (!size)
        return cmd.usageError(QStringLiteral("--size must be WIDTHxHEIGHT in pixels, 64 to 10000 each, e.g. 1280x720"));
    o.size = *size;
    if (p.isSet(QStringLiteral("bbox"))) {
        o.box = parseGeoBox(p.value(QStringLiteral("bbox")));
        if (!o.box)
            return cmd.usageError(QStringLiteral("--bbox must be west,south,east,north in degrees with west < east "
                                                 "and south < north, e.g. 60.5,29.3,75,38.5"));
    }
    return std::nullopt;
}

} // namespace

int runAnimate(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("animate"),
                      QStringLiteral("Write the timeline's playback as an animation: one map per step of the time "
                                     "window, as numbered PNG frames, an animated GIF or an MP4 video. The range, "
                                     "step, window, filters, database, number of events and program version are "
                                     "stored inside the file (in each PNG frame, with the frame's own time window). "
                                     "Progress goes to stderr. Needs no display."));
    QCommandLineParser &p = cmd.parser();
    cmd.addFilterOptions();
    addAnimateOptions(cmd);
    if (const auto code = cmd.parse(arguments))
        return *code;
    Options o;
    if (const auto code = readOptions(cmd, o))
        return *code;
    EventQuery query;
    if (const auto code = cmd.readFilters(query))
        return *code;
    o.plan.from = query.from;
    o.plan.to = query.to;

    QTextStream err(stderr);
    if (const QString reason = animation::FrameWriter::unavailableReason(o.format); !reason.isEmpty()) {
        err << "mapline animate: " << reason << Qt::endl;
        return InputFailed;
    }
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        err << "mapline animate: drawing needs a QGuiApplication (internal error)" << Qt::endl;
        return InputFailed;
    }
    auto store = ReadStore::open(cmd.database());
    if (!store) {
        err << "mapline animate: " << messageLine(store.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    if (const auto code = store.value()->resolveFilters(cmd, query))
        return *code;
    // Every frame's window lies within the range (a cumulative one too: it grows from `from`), so
    // only the events reaching into the range are read, as `snapshot` does.
    IndexLoadOptions loadOptions = IndexLoadOptions::withGazetteer();
    loadOptions.from = query.from;
    loadOptions.to = query.to;
    auto index = store.value()->loadIndex(loadOptions);
    if (!index) {
        err << "mapline animate: " << messageLine(index.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    auto mask = maskForQuery(*store.value(), *index.value(), query);
    if (!mask) {
        err << "mapline animate: " << mask.error() << Qt::endl;
        return InputFailed;
    }
    auto frames = animation::FramePlan::build(o.plan, index.value().get(), mask.value().get());
    if (!frames) {
        err << "mapline animate: " << frames.error() << Qt::endl;
        return InputFailed;
    }
    if (frames->isEmpty()) {
        err << "mapline animate: no frame has events in the range (without --skip-empty every step is a frame)"
            << Qt::endl;
        return InputFailed;
    }

    int status = Success;
    const QString basemapPath =
        cmd.maplineBasemap().value_or(Basemap::defaultPath());
    ProtectedFiles::add(basemapPath, QStringLiteral("the basemap"));
    auto basemap = Basemap::load(basemapPath);
    if (!basemap) {
        // Still draw the events (on a plain background), but say the map is incomplete.
        err << "mapline animate: " << messageLine(basemap.error(), {basemapPath}) << Qt::endl;
        status = InputFailed;
    }
    animation::AnimationJob job;
    job.format = o.format;
    job.out = o.out;
    job.fps = o.fps;
    job.frames = frames.value();
    job.plan = o.plan;
    job.database = cmd.database();
    job.filters = SnapshotProvenance::describeFilters(
        filterStateForQuery(*index.value(), query, p.value(QStringLiteral("near"))));
    job.view.setOutputSize(o.size);
    job.view.setEvents(index.value());
    job.view.setEventMask(mask.value());
    if (basemap)
        job.view.setBasemap(basemap.value());
    job.view.setTitle(p.value(QStringLiteral("title")));
    // As a PNG snapshot: legend, scale, title, and the caption that dates each frame; each can
    // be left out, and layers and the heat map added, as for `mapline snapshot`.
    if (!cmd.applyMapOptions(job.view, SnapshotWriter::defaultDecorations(SnapshotWriter::Format::Png)))
        status = InputFailed;
    if (!cmd.applyControlOptions(job.view, store.value().get()))
        status = InputFailed;
    const QGeoRectangle area = o.box ? *o.box : basemap ? basemap.value()->focusExtent()
                                                : QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9));
    job.view.setGeoExtent(area, o.box ? 0.0 : std::min(o.size.width(), o.size.height()) * 0.04);

    QElapsedTimer clock;
    clock.start();
    // A terminal sees one line counting up; a log gets a line every tenth of the way.
    const bool terminal = isatty(fileno(stderr));
    const auto outcome = animation::AnimationExporter::run(job, [&err, terminal](int done, int total) {
        if (terminal)
            err << "\rmapline animate: frame " << done << "/" << total << (done == total ? "\n" : "") << Qt::flush;
        else if (done == total || done % std::max(1, total / 10) == 0)
            err << "mapline animate: frame " << done << "/" << total << Qt::endl;
        return true;
    });
    if (outcome.kind != animation::AnimationExporter::Outcome::Done) {
        err << "mapline animate: " << messageLine(outcome.error, {o.out}) << Qt::endl;
        return InputFailed;
    }
    QTextStream(stdout) << "Wrote " << displayPath(QFileInfo(o.out).absoluteFilePath()) << " (" << animation::formatLabel(o.format)
                        << ", " << outcome.frames << " frames, " << outcome.size.width() << "x"
                        << outcome.size.height() << ", " << o.fps << " fps) in "
                        << QString::number(clock.elapsed() / 1000.0, 'f', 1) << " s" << Qt::endl;
    return status;
}

} // namespace mapline::cli
