#include "animation/animationexporter.h"

#include "io/displaypath.h"
#include "io/memorybudget.h"
#include "render/maprenderer.h"

namespace mapline::animation {
namespace {

// "1 day", "3 days", "1 week", "2 months".
QString spanText(timeline::StepUnit unit, int count)
{
    const QString name = timeline::toString(unit).toLower();
    return count == 1 ? QStringLiteral("1 %1").arg(name) : QStringLiteral("%1 %2s").arg(count).arg(name);
}

// "moving, 7 days", "moving, 1 month" (one step long), "cumulative from 2001-11-01".
QString windowText(const AnimationJob &job, const SnapshotProvenance &whole)
{
    if (!job.frames.isEmpty() && job.frames.first().window.mode == timeline::TimeWindow::Mode::Cumulative)
        return QStringLiteral("cumulative from %1").arg(whole.from.toString(Qt::ISODate));
    if (job.plan.windowDays > 0)
        return QStringLiteral("moving, %1").arg(spanText(timeline::StepUnit::Day, job.plan.windowDays));
    return QStringLiteral("moving, %1").arg(spanText(job.plan.step.unit, job.plan.step.count));
}

QString frameRateText(const AnimationJob &job)
{
    return QStringLiteral("%1 fps").arg(std::clamp(job.fps, 1, 60));
}

} // namespace

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

SnapshotProvenance AnimationExporter::provenance(const AnimationJob &job)
{
    Frame range;
    if (!job.frames.isEmpty())
        range.window = timeline::TimeWindow::of(job.frames.first().window.from(), job.frames.last().window.to());
    SnapshotProvenance p = SnapshotProvenance::of(frameSettings(job, range), job.database, job.filters);
    p.more = {{QStringLiteral("Step"), spanText(job.plan.step.unit, job.plan.step.count)},
              {QStringLiteral("Window"), windowText(job, p)},
              {QStringLiteral("Frames"), QString::number(job.frames.size())},
              {QStringLiteral("Frame rate"), frameRateText(job)}};
    return p;
}

SnapshotProvenance AnimationExporter::frameProvenance(const AnimationJob &job, int number, const SnapshotProvenance &whole)
{
    const MapSettings settings = frameSettings(job, job.frames.at(number));
    SnapshotProvenance p = whole;
    p.from = settings.from();
    p.to = settings.to();
    p.events = settings.events() ? settings.events()->count(settings.eventWindow(), settings.eventMask().get()) : 0;
    p.more = {{QStringLiteral("Frame"), QStringLiteral("%1 of %2").arg(number + 1).arg(job.frames.size())},
              {QStringLiteral("Range"), whole.timeWindowText()},
              {QStringLiteral("Step"), spanText(job.plan.step.unit, job.plan.step.count)},
              {QStringLiteral("Window"), windowText(job, whole)},
              {QStringLiteral("Frame rate"), frameRateText(job)}};
    return p;
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
    // Each frame is drawn into an image (4 bytes a pixel) that the writer copies and reduces
    // (up to about 9 more): asked once, before the first frame, rather than failing at it.
    if (const QString why = MemoryBudget::check(
            MemoryBudget::imageBytes(outcome.size, 13),
            QStringLiteral("a frame of %1 x %2 pixels").arg(outcome.size.width()).arg(outcome.size.height()));
        !why.isEmpty())
        return failed(QStringLiteral("%1: %2; make the frames smaller").arg(displayPath(job.out), why));
    const SnapshotProvenance whole = provenance(job);
    std::unique_ptr<FrameWriter> writer = FrameWriter::create(job.format, job.out);
    if (Status s = writer->begin(outcome.size, fps, {whole.title, whole.text(), whole.created}); !s)
        return failed(s.error());
    const int total = int(job.frames.size());
    for (int i = 0; i < total; ++i) {
        QImage image = MapRenderer::renderImage(frameSettings(job, job.frames[i]));
        if (image.isNull()) {
            writer->abort();
            return failed(QStringLiteral("%1: there was not enough memory to draw frame %2 (%3 x %4 pixels)")
                              .arg(displayPath(job.out))
                              .arg(i + 1)
                              .arg(outcome.size.width())
                              .arg(outcome.size.height()));
        }
        // PNG frames are used one by one: each carries its own time window (text chunks).
        if (job.format == Format::PngFrames)
            frameProvenance(job, i, whole).addTo(image);
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
