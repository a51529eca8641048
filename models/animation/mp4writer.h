#pragma once

#include "animation/framewriter.h"
#include "io/stagedoutput.h"

#include <QProcess>

#include <memory>

namespace mapline::animation {

// An H.264 MP4 (libx264, yuv420p, plays everywhere) made by the ffmpeg program: raw RGB frames
// are piped to its standard input, and it writes a hidden file next to the target (StagedOutput)
// that finish() renames once ffmpeg has exited cleanly. ffmpeg's own messages are kept for the error. The
// provenance becomes the container's title, comment and creation_time tags (ffprobe
// -show_format lists them; ffmpeg sets the encoder tag itself).
class Mp4Writer final : public FrameWriter {
public:
    using FrameWriter::FrameWriter;
    ~Mp4Writer() override { Mp4Writer::abort(); }
    void abort() override;

    // $MAPLINE_FFMPEG when set (a path, or empty/"none" to act as if ffmpeg were absent), else
    // ffmpeg on the PATH; empty when there is none.
    static QString ffmpegPath();
    // ffmpeg's -metadata options for `provenance`: title (the animation's or "Mapline
    // animation"), comment (the text) and creation_time, each when there is one.
    static QStringList metadataArguments(const Provenance &provenance);

protected:
    Status start(int fps) override;
    Status write(const QImage &frame) override;
    Status complete() override;

private:
    Status ffmpegFailure(const QString &what);

    std::unique_ptr<StagedOutput> mStaged;
    std::unique_ptr<QProcess> mProcess;
};

} // namespace mapline::animation
