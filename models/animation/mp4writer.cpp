#include "animation/mp4writer.h"

#include "io/displaypath.h"
#include "io/writefailure.h"

#include <QFileInfo>
#include <QStandardPaths>

namespace mapline::animation {
namespace {

constexpr int kWriteTimeoutMs = 60000;   // ffmpeg stops reading only when it is stuck
constexpr int kFinishTimeoutMs = 300000; // encoding the last buffered frames

} // namespace

QString Mp4Writer::ffmpegPath()
{
    if (qEnvironmentVariableIsSet("MAPLINE_FFMPEG")) {
        const QString given = qEnvironmentVariable("MAPLINE_FFMPEG");
        return given.isEmpty() || given == u"none" || !QFileInfo(given).isExecutable() ? QString() : given;
    }
    return QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
}

QStringList Mp4Writer::metadataArguments(const Provenance &provenance)
{
    const QString title = provenance.title.isEmpty() ? QStringLiteral("Mapline animation") : provenance.title;
    QStringList arguments{QStringLiteral("-metadata"), QStringLiteral("title=") + title};
    if (!provenance.text.isEmpty())
        arguments << QStringLiteral("-metadata") << QStringLiteral("comment=") + provenance.text;
    if (provenance.created.isValid())
        arguments << QStringLiteral("-metadata")
                  << QStringLiteral("creation_time=") + provenance.created.toUTC().toString(Qt::ISODate);
    return arguments;
}

Status Mp4Writer::ffmpegFailure(const QString &what)
{
    QString detail;
    if (mProcess) {
        if (mProcess->state() == QProcess::Running) {
            mProcess->closeWriteChannel();
            mProcess->waitForFinished(5000);
        }
        // The last lines of ffmpeg's messages say why it stopped.
        const QStringList lines = QString::fromLocal8Bit(mProcess->readAllStandardError()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        detail = lines.mid(std::max<qsizetype>(0, lines.size() - 3)).join(QStringLiteral("; ")).trimmed();
        if (detail.isEmpty() && mProcess->error() != QProcess::UnknownError)
            detail = mProcess->errorString();
    }
    // A full disk or the file-size limit in plain words, with ffmpeg's own text after it.
    QString cause;
    if (mStaged) {
        cause = WriteFailure::fileSizeLimit(path(), mStaged->stagedFiles());
        if (cause.isEmpty())
            cause = WriteFailure::diskFull(path());
    }
    abort();
    const QString ffmpegSaid = detail.isEmpty() ? QString() : QStringLiteral(" (ffmpeg: %1)").arg(detail);
    if (!cause.isEmpty())
        return Status::failure(QStringLiteral("cannot write %1: %2%3").arg(displayPath(path()), cause, ffmpegSaid));
    return failure(what + ffmpegSaid);
}

Status Mp4Writer::start(int fps)
{
    const QString ffmpeg = ffmpegPath();
    if (ffmpeg.isEmpty())
        return failure(FrameWriter::unavailableReason(Format::Mp4));
    const QSize size = this->size();
    if (size.width() % 2 || size.height() % 2)
        return failure(QStringLiteral("an MP4 needs an even width and height, not %1x%2").arg(size.width()).arg(size.height()));
    mStaged = std::make_unique<StagedOutput>(path(), StagedOutput::Options{{}, QStringLiteral("mp4"), false});
    if (Status s = mStaged->prepare(); !s)
        return s;
    mProcess = std::make_unique<QProcess>();
    mProcess->setProcessChannelMode(QProcess::SeparateChannels);
    mProcess->setStandardOutputFile(QProcess::nullDevice());
    QStringList arguments = {
        QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-nostdin"),
        QStringLiteral("-f"), QStringLiteral("rawvideo"), QStringLiteral("-pix_fmt"), QStringLiteral("rgb24"),
        QStringLiteral("-s"), QStringLiteral("%1x%2").arg(size.width()).arg(size.height()),
        QStringLiteral("-r"), QString::number(fps), QStringLiteral("-i"), QStringLiteral("pipe:0"),
        QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"),
        QStringLiteral("-preset"), QStringLiteral("medium"), QStringLiteral("-crf"), QStringLiteral("20"),
        QStringLiteral("-movflags"), QStringLiteral("+faststart")};
    arguments << metadataArguments(provenance())
              << QStringList{QStringLiteral("-f"), QStringLiteral("mp4"), QStringLiteral("-y"), mStaged->stagingPath()};
    mProcess->start(ffmpeg, arguments);
    if (!mProcess->waitForStarted(30000))
        return ffmpegFailure(QStringLiteral("cannot start %1").arg(ffmpeg));
    return {};
}

Status Mp4Writer::write(const QImage &frame)
{
    const QImage rgb = frame.convertToFormat(QImage::Format_RGB888);
    const qsizetype row = qsizetype(rgb.width()) * 3;
    QByteArray bytes;
    bytes.reserve(row * rgb.height());
    for (int y = 0; y < rgb.height(); ++y) // scan lines may be padded to 4 bytes
        bytes.append(reinterpret_cast<const char *>(rgb.constScanLine(y)), row);
    if (mProcess->state() != QProcess::Running || mProcess->write(bytes) != bytes.size())
        return ffmpegFailure(QStringLiteral("ffmpeg stopped at frame %1").arg(frameCount() + 1));
    // Keep at most about one frame in the pipe's buffer: memory stays flat, and a dead ffmpeg
    // is noticed at the frame it died on.
    while (mProcess->bytesToWrite() > bytes.size()) {
        if (!mProcess->waitForBytesWritten(kWriteTimeoutMs))
            return ffmpegFailure(QStringLiteral("ffmpeg stopped at frame %1").arg(frameCount() + 1));
    }
    return {};
}

Status Mp4Writer::complete()
{
    while (mProcess->bytesToWrite() > 0)
        if (!mProcess->waitForBytesWritten(kWriteTimeoutMs))
            return ffmpegFailure(QStringLiteral("ffmpeg stopped before the last frame"));
    mProcess->closeWriteChannel();
    if (!mProcess->waitForFinished(kFinishTimeoutMs))
        return ffmpegFailure(QStringLiteral("ffmpeg did not finish"));
    if (mProcess->exitStatus() != QProcess::NormalExit || mProcess->exitCode() != 0)
        return ffmpegFailure(QStringLiteral("ffmpeg failed (exit code %1)").arg(mProcess->exitCode()));
    mProcess.reset();
    // rename(2) replaces an existing file in one step, so the target is never half written.
    Status committed = mStaged->commit();
    mStaged.reset();
    return committed;
}

void Mp4Writer::abort()
{
    if (mProcess) {
        if (mProcess->state() != QProcess::NotRunning) {
            mProcess->kill();
            mProcess->waitForFinished(10000);
        }
        mProcess.reset();
    }
    mStaged.reset(); // removes ffmpeg's unfinished file
}

} // namespace mapline::animation
