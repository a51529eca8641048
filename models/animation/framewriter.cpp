#include "animation/framewriter.h"

#include "animation/gifwriter.h"
#include "animation/mp4writer.h"
#include "animation/pngframewriter.h"

#include <QFileInfo>

namespace mapline::animation {

QString formatLabel(Format format)
{
    switch (format) {
    case Format::PngFrames: return QStringLiteral("PNG frames");
    case Format::Gif: return QStringLiteral("GIF");
    case Format::Mp4: return QStringLiteral("MP4");
    }
    return {};
}

std::optional<Format> formatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"gif")
        return Format::Gif;
    if (suffix == u"mp4")
        return Format::Mp4;
    // A folder: no suffix, or one that is no known file type (frames-2001.11 is a folder name).
    static const QStringList files = {"png", "jpg", "jpeg", "webp", "avi", "mov", "mkv", "webm", "apng", "svg", "pdf",
                                      "tif", "tiff"};
    if (files.contains(suffix) && !QFileInfo(path).isDir())
        return std::nullopt;
    return Format::PngFrames;
}

Status FrameWriter::begin(const QSize &size, int fps, const Provenance &provenance)
{
    if (size.isEmpty())
        return failure(QStringLiteral("cannot write frames of %1x%2 pixels").arg(size.width()).arg(size.height()));
    mSize = size;
    mProvenance = provenance;
    mCount = 0;
    Status started = start(fps);
    mStarted = started.ok();
    if (!mStarted)
        abort();
    return started;
}

Status FrameWriter::add(const QImage &frame)
{
    if (!mStarted)
        return failure(QStringLiteral("the animation was not started"));
    if (frame.size() != mSize)
        return failure(QStringLiteral("frame %1 is %2x%3, not %4x%5")
                           .arg(mCount + 1).arg(frame.width()).arg(frame.height()).arg(mSize.width()).arg(mSize.height()));
    Status written = write(frame);
    if (written)
        ++mCount;
    return written;
}

Status FrameWriter::finish()
{
    if (!mStarted)
        return failure(QStringLiteral("the animation was not started"));
    mStarted = false;
    Status completed = complete();
    if (!completed)
        abort();
    return completed;
}

std::unique_ptr<FrameWriter> FrameWriter::create(Format format, const QString &path)
{
    switch (format) {
    case Format::PngFrames: return std::make_unique<PngFrameWriter>(path);
    case Format::Gif: return std::make_unique<GifWriter>(path);
    case Format::Mp4: return std::make_unique<Mp4Writer>(path);
    }
    return nullptr;
}

QString FrameWriter::unavailableReason(Format format)
{
    if (format == Format::Mp4 && Mp4Writer::ffmpegPath().isEmpty())
        return QStringLiteral("MP4 needs ffmpeg, which is not installed (Debian package \"ffmpeg\")");
    return {};
}

QSize FrameWriter::frameSize(Format format, const QSize &requested)
{
    if (format != Format::Mp4)
        return requested;
    return {requested.width() & ~1, requested.height() & ~1};
}

} // namespace mapline::animation
