#pragma once

#include "animation/frameplan.h"
#include "animation/framewriter.h"
#include "render/mapsettings.h"
#include "render/snapshotprovenance.h"

#include <QList>
#include <QString>

#include <functional>

namespace mapline::animation {

// One animation to write: the map as every frame shows it (view, size, data, mask, style,
// title), the frames' time windows, and where and how to write them.
struct AnimationJob {
    MapSettings view; // its time window is replaced by each frame's
    QList<Frame> frames;
    Format format = Format::Gif;
    QString out;
    int fps = 10;
    // For the provenance inside the file: how the frames were planned (step, window), the
    // database the events come from and the filters in words (empty: none).
    FramePlanOptions plan;
    QString database;
    QString filters;
};

// Renders each frame with MapRenderer, the screen's renderer, and hands it to the FrameWriter
// of the job's format. Runs on the calling thread (the CLI's, or an export dialog's worker);
// reads only immutable shared data, so the viewer keeps working meanwhile.
class AnimationExporter {
public:
    struct Outcome {
        enum Kind { Done, Cancelled, Failed } kind = Done;
        QString error; // for Failed: names the file and the reason
        int frames = 0;
        QSize size;
    };
    // Called after each frame with the frames done and the total; returning false cancels.
    using Progress = std::function<bool(int done, int total)>;

    // The settings of frame `frame` of `job`.
    static MapSettings frameSettings(const AnimationJob &job, const Frame &frame);
    // Where the whole animation came from, as a snapshot of its range would say it (title, time
    // window: the first frame's start to the last frame's end, filters, database, events,
    // program, time), with the animation's Step, Window, Frames and Frame rate. In a GIF's
    // comment and an MP4's tags.
    static SnapshotProvenance provenance(const AnimationJob &job);
    // Frame `number`'s (0-based) for its PNG: its own time window and events, then Frame ("3 of
    // 60") and the animation's Range, Step, Window and Frame rate; `whole` is provenance(job).
    static SnapshotProvenance frameProvenance(const AnimationJob &job, int number, const SnapshotProvenance &whole);
    // On Cancelled or Failed nothing is left under job.out (see FrameWriter).
    static Outcome run(const AnimationJob &job, const Progress &progress = {});
};

} // namespace mapline::animation
