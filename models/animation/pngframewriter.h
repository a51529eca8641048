#pragma once

#include "animation/framewriter.h"

#include <QStringList>

namespace mapline::animation {

// Numbered PNG frames, frame-0001.png, frame-0002.png ..., in a folder: for a video editor or
// another encoder. The whole set is written into a hidden folder beside the target first
// (TempFiles names it; a stop signal removes it); each frame is encoded in memory and written
// with every write, the sync and the close checked, so a full disk or a file-size limit fails
// the animation instead of leaving frames cut short. Only once every frame is whole does
// finish() swap the set in: a new folder is renamed into place; in an existing one the old
// frame-*.png are set aside, the new ones moved in, and the old ones dropped (put back if a move
// fails; a stop signal waits for the swap). The folder's other files stay, and it never mixes
// two animations. Each frame keeps the text its image carries (QImage::text()) as PNG text
// chunks: AnimationExporter puts the frame's own provenance there.
class PngFrameWriter final : public FrameWriter {
public:
    using FrameWriter::FrameWriter;
    ~PngFrameWriter() override { PngFrameWriter::abort(); }
    void abort() override;

    static QString frameName(int number); // 1-based

protected:
    Status start(int fps) override;
    Status write(const QImage &frame) override;
    Status complete() override;

private:
    Status swapInto(const QString &folder);

    QString mFolder;  // where the frames go: the target, or the folder a symbolic link there names
    QString mStaging; // the hidden folder the frames are written to
    int mTrackSlot = -1;
};

} // namespace mapline::animation
