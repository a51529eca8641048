#pragma once

#include "io/displaypath.h"
#include "result.h"

#include <QDateTime>
#include <QImage>
#include <QSize>
#include <QString>

#include <memory>
#include <optional>

namespace mapline::animation {

// The kinds of animation files: numbered PNG frames in a folder, an animated GIF, an MP4 video.
enum class Format { PngFrames, Gif, Mp4 };

QString formatLabel(Format format);
// By the output path: FILE.gif, FILE.mp4, anything else a folder of PNG frames; nullopt for
// a suffix that names another file type (".png", ".avi"...), which is a mistake.
std::optional<Format> formatForPath(const QString &path);

// What an animation says about where it came from, written inside the file: plain text, as
// this layer knows nothing of maps (AnimationExporter builds it from the map's provenance). A
// GIF keeps `text` in a comment extension; an MP4 has the tags title, comment (`text`) and
// creation_time. A PNG frame instead keeps the text its image carries (QImage::text()), as
// text chunks: each frame has its own time window.
struct Provenance {
    QString title;     // MP4 title; empty: "Mapline animation"
    QString text;      // "Label: value" lines; empty: no comment
    QDateTime created; // MP4 creation_time; invalid: none
};

// Writes an animation one frame at a time. Nothing appears under the output path until finish()
// succeeds: frames go to a temporary name next to it that finish() renames, and abort() or the
// destructor of an unfinished writer removes them, so a cancelled or failed export leaves
// nothing behind. Used from one thread (the export's worker). The public calls check the order
// and the frame size; subclasses implement start(), write() and complete().
class FrameWriter {
public:
    explicit FrameWriter(QString path) : mPath(std::move(path)) {}
    virtual ~FrameWriter() = default;

    // Every frame has `size`; `fps` frames a second (1 to 60); `provenance` goes into the file.
    Status begin(const QSize &size, int fps, const Provenance &provenance = {});
    Status add(const QImage &frame);
    Status finish();
    virtual void abort() = 0;

    const QString &path() const { return mPath; }
    QSize size() const { return mSize; }
    const Provenance &provenance() const { return mProvenance; }
    int frameCount() const { return mCount; }

    // The writer for `format` writing to `path`.
    static std::unique_ptr<FrameWriter> create(Format format, const QString &path);
    // Why `format` cannot be written on this machine (MP4 without ffmpeg); empty when it can.
    static QString unavailableReason(Format format);
    // The size frames are rendered at for `format`: MP4 (yuv420p) needs even sides.
    static QSize frameSize(Format format, const QSize &requested);

protected:
    virtual Status start(int fps) = 0;            // size() and provenance() are set
    virtual Status write(const QImage &frame) = 0; // of size(); frameCount() frames came before
    virtual Status complete() = 0;                // renames the temporary output into place
    // "PATH: what", the form of every message.
    Status failure(const QString &what) const
    {
        return Status::failure(QStringLiteral("%1: %2").arg(displayPath(mPath), what));
    }

private:
    QString mPath;
    QSize mSize;
    Provenance mProvenance;
    int mCount = 0;
    bool mStarted = false;
};

} // namespace mapline::animation
