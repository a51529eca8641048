#pragma once

#include "animation/framewriter.h"
#include "io/stagedoutput.h"

#include <QImage>
#include <QRect>
#include <QFile>

#include <memory>

struct GifFileType;

namespace mapline::animation {

// An animated GIF through giflib: each frame reduced to its own palette of up to 256 colours
// (PaletteQuantizer; a per-frame palette keeps every event colour that appears), a delay from the frame
// rate, and looping forever (the NETSCAPE2.0 extension). After the first frame only the rectangle
// that changed is stored, drawn over the previous frame: the basemap stays still while events
// come and go, so files stay small. The provenance's text is a comment extension before the
// first frame. Written through a StagedOutput: it appears only when complete, and never over an
// input or something that is not a regular file.
class GifWriter final : public FrameWriter {
public:
    using FrameWriter::FrameWriter;
    ~GifWriter() override { GifWriter::abort(); }
    void abort() override;

    // The frame delay in hundredths of a second: GIF's unit; viewers slow down delays under 2.
    static int delayCentiseconds(int fps);

protected:
    Status start(int fps) override;
    Status write(const QImage &frame) override;
    Status complete() override;

private:
    Status gifFailure(const QString &what, int gifError) const;
    QRect changedRect(const QImage &frame) const;
    Status close();

    std::unique_ptr<StagedOutput> mStaged;
    std::unique_ptr<QFile> mFile; // the temporary file, buffered; write errors are checked per frame
    GifFileType *mGif = nullptr;
    int mDelay = 10;
    QImage mPrevious; // RGB32, the last frame as rendered
};

} // namespace mapline::animation
