#include "animation/animationexporter.h"

#include "render/maprenderer.h"

namespace mapline::animation {

MapSettings AnimationExporter::frameSettings(const AnimationJob &job, const Frame &frame)
{
    MapSettings settings = job.view;
    // Files have no device pixel ratio: the output size is the pixel size.
    settings.setDevicePixelRatio(1.0);
    settings.setOutputSize(FrameWriter::frameSize(job.format, job.view.outputSize()));
    settings.setTimeWindow(frame.window.from(), frame.window.to());
    settings.setSelectedEventId(0);
    return settings;
}

AnimationExporter::Outcome AnimationExporter::run(const AnimationJob &job, const Progress &progress)
{
    Outcome outcome;
    const auto failed = [&outcome](const QString &error) {
        outcome.kind = Outcome::Failed;
        outcome.error = error;
        return outcome;
    };
    if (job.frames.isEmpty())
        return failed(QStringLiteral("%1: no frames to write (every period is empty?)").arg(job.out));
    if (const QString reason = FrameWriter::unavailableReason(job.format); !reason.isEmpty())
        return failed(QStringLiteral("%1: %2").arg(job.out, reason));
    const int fps = std::clamp(job.fps, 1, 60);
    outcome.size = FrameWriter::frameSize(job.format, job.view.outputSize());
    std::unique_ptr<FrameWriter> writer = FrameWriter::create(job.format, job.out);
    if (Status s = writer->begin(outcome.size, fps); !s)
        return failed(s.error());
    const int total = int(job.frames.size());
    for (int i = 0; i < total; ++i) {
        const QImage image = MapRenderer::renderImage(frameSettings(job, job.frames[i]));
        if (Status s = writer->add(image); !s) {
            writer->abort();
            return failed(s.error());
        }
        outcome.frames = i + 1;
        if (progress && !progress(i + 1, total)) {
            writer->abort();
            outcome.kind = Outcome::Cancelled;
            return outcome;
        }
    }
    if (Status s = writer->finish(); !s) {
        writer->abort();
        return failed(s.error());
    }
    return outcome;
}

} // namespace mapline::animation
