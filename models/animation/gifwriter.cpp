#include "animation/gifwriter.h"

#include "animation/palettequantizer.h"

#include <gif_lib.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mapline::animation {
namespace {

int writeToFile(GifFileType *gif, const GifByteType *bytes, int length)
{
    auto *file = static_cast<QFile *>(gif->UserData);
    return int(file->write(reinterpret_cast<const char *>(bytes), length));
}

} // namespace

int GifWriter::delayCentiseconds(int fps)
{
    return std::max(2, int(std::lround(100.0 / std::max(1, fps))));
}

Status GifWriter::gifFailure(const QString &what, int gifError) const
{
    // A failed write of the file (a full disk, the file-size limit) in plain words; else giflib's.
    if (mStaged && mFile && mFile->error() != QFileDevice::NoError)
        return Status::failure(mStaged->failure(mFile->errorString()));
    return failure(QStringLiteral("%1: %2").arg(what, QString::fromUtf8(GifErrorString(gifError))));
}

Status GifWriter::start(int fps)
{
    const QSize size = this->size();
    if (size.width() > 65535 || size.height() > 65535)
        return failure(QStringLiteral("a GIF cannot be %1x%2 pixels").arg(size.width()).arg(size.height()));
    mStaged = std::make_unique<StagedOutput>(path(), StagedOutput::Options{{}, QStringLiteral("gif"), false});
    if (Status s = mStaged->prepare(); !s)
        return s;
    mFile = std::make_unique<QFile>(mStaged->stagingPath());
    if (!mFile->open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return Status::failure(mStaged->failure(mFile->errorString()));
    mStaged->applyMode();
    int error = 0;
    mGif = EGifOpen(mFile.get(), writeToFile, &error);
    if (!mGif)
        return gifFailure(QStringLiteral("cannot start the GIF"), error);
    mDelay = delayCentiseconds(fps);
    mPrevious = QImage();
    EGifSetGifVersion(mGif, true);
    // No global palette: every frame brings its own.
    if (EGifPutScreenDesc(mGif, size.width(), size.height(), 8, 0, nullptr) == GIF_ERROR)
        return gifFailure(QStringLiteral("cannot write the header"), mGif->Error);
    // Loop forever: the NETSCAPE2.0 application extension with a loop count of 0.
    static const char app[] = "NETSCAPE2.0";
    static const unsigned char loop[] = {1, 0, 0};
    if (EGifPutExtensionLeader(mGif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(mGif, 11, app) == GIF_ERROR || EGifPutExtensionBlock(mGif, 3, loop) == GIF_ERROR ||
        EGifPutExtensionTrailer(mGif) == GIF_ERROR)
        return gifFailure(QStringLiteral("cannot write the loop extension"), mGif->Error);
    // The provenance in a comment extension (UTF-8; giflib cuts it into 255-byte sub-blocks).
    // Before the first frame, so a reader finds it without decoding any.
    if (const QByteArray comment = provenance().text.toUtf8(); !comment.isEmpty())
        if (EGifPutComment(mGif, comment.constData()) == GIF_ERROR)
            return gifFailure(QStringLiteral("cannot write the comment"), mGif->Error);
    return {};
}

Status GifWriter::write(const QImage &frame)
{
    const QImage rgb = frame.convertToFormat(QImage::Format_RGB32);
    const QRect rect = changedRect(rgb);
    const int w = rect.width();
    const PaletteQuantizer::Result reduced = PaletteQuantizer::quantize(rgb, rect);
    // giflib wants a power-of-two palette; the unused entries stay black.
    GifColorType palette[256] = {};
    for (size_t i = 0; i < reduced.palette.size(); ++i)
        palette[i] = {GifByteType(qRed(reduced.palette[i])), GifByteType(qGreen(reduced.palette[i])),
                      GifByteType(qBlue(reduced.palette[i]))};
    const int colours = std::max(2, 1 << GifBitSize(int(reduced.palette.size())));
    std::unique_ptr<ColorMapObject, void (*)(ColorMapObject *)> map(GifMakeMapObject(colours, palette), GifFreeMapObject);
    if (!map)
        return failure(QStringLiteral("out of memory"));

    GraphicsControlBlock control{};
    control.DisposalMode = DISPOSE_DO_NOT; // the next frame is drawn over this one
    control.DelayTime = mDelay;
    control.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType extension[4];
    const int length = int(EGifGCBToExtension(&control, extension));
    if (EGifPutExtension(mGif, GRAPHICS_EXT_FUNC_CODE, length, extension) == GIF_ERROR ||
        EGifPutImageDesc(mGif, rect.left(), rect.top(), w, rect.height(), false, map.get()) == GIF_ERROR)
        return gifFailure(QStringLiteral("cannot write frame %1").arg(frameCount() + 1), mGif->Error);
    for (int y = 0; y < rect.height(); ++y)
        if (EGifPutLine(mGif, const_cast<GifPixelType *>(reduced.indices.data()) + size_t(y) * size_t(w), w) == GIF_ERROR)
            return gifFailure(QStringLiteral("cannot write frame %1").arg(frameCount() + 1), mGif->Error);
    mPrevious = rgb;
    // The file's buffer hides a failed write until it is flushed: ask after every frame.
    if (mFile->error() != QFileDevice::NoError)
        return gifFailure(QStringLiteral("cannot write frame %1").arg(frameCount() + 1), 0);
    return {};
}

QRect GifWriter::changedRect(const QImage &frame) const
{
    if (mPrevious.isNull())
        return frame.rect();
    const int width = frame.width();
    const size_t rowBytes = size_t(width) * sizeof(QRgb);
    int top = -1, bottom = -1, left = width, right = -1;
    for (int y = 0; y < frame.height(); ++y) {
        const auto *now = reinterpret_cast<const QRgb *>(frame.constScanLine(y));
        const auto *before = reinterpret_cast<const QRgb *>(mPrevious.constScanLine(y));
        if (std::memcmp(now, before, rowBytes) == 0)
            continue;
        if (top < 0)
            top = y;
        bottom = y;
        int x = 0;
        while (x < left && now[x] == before[x])
            ++x;
        left = std::min(left, x);
        x = width - 1;
        while (x > right && now[x] == before[x])
            --x;
        right = std::max(right, x);
    }
    if (top < 0)
        return QRect(0, 0, 1, 1); // unchanged: one pixel redrawn as it was, for the frame's delay
    return QRect(QPoint(left, top), QPoint(right, bottom));
}

Status GifWriter::close()
{
    if (!mGif)
        return {};
    int error = 0;
    const bool closed = EGifCloseFile(mGif, &error) == GIF_OK; // frees mGif either way
    mGif = nullptr;
    return closed ? Status() : gifFailure(QStringLiteral("cannot finish the GIF"), error);
}

Status GifWriter::complete()
{
    if (Status closed = close(); !closed)
        return closed;
    const bool flushed = mFile->flush();
    mFile->close();
    if (!flushed || mFile->error() != QFileDevice::NoError)
        return Status::failure(mStaged->failure(mFile->errorString()));
    mFile.reset();
    Status committed = mStaged->commit();
    mStaged.reset();
    return committed;
}

void GifWriter::abort()
{
    close();
    mFile.reset();
    mStaged.reset(); // removes the temporary file
}

} // namespace mapline::animation
