#pragma once

#include "animation/framewriter.h"

#include <QTemporaryDir>

#include <memory>

namespace mapline::animation {

// Numbered PNG frames, frame-0001.png, frame-0002.png ..., in a folder: for a video editor or
// another encoder. The frames are written into a hidden folder next to the target and moved in
// by finish(); an existing target folder keeps its other files but loses its old frame-*.png,
// so it never mixes two animations. Each frame keeps the text its image carries (QImage::text())
// as PNG text chunks: AnimationExporter puts the frame's own provenance there.
class PngFrameWriter final : public FrameWriter {
public:
    using FrameWriter::FrameWriter;
    ~PngFrameWriter() override { PngFrameWriter::abort(); }
    void abort() override { mPartial.reset(); }

    static QString frameName(int number); // 1-based

protected:
    Status start(int fps) override;
    Status write(const QImage &frame) override;
    Status complete() override;

private:
    std::unique_ptr<QTemporaryDir> mPartial;
};

} // namespace mapline::animation
