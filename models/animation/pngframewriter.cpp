#include "animation/pngframewriter.h"

#include <QDir>
#include <QFileInfo>
#include <QImageWriter>

namespace mapline::animation {

QString PngFrameWriter::frameName(int number)
{
    return QStringLiteral("frame-%1.png").arg(number, 4, 10, QLatin1Char('0'));
}

Status PngFrameWriter::start(int)
{
    const QFileInfo target(path());
    if (target.exists() && !target.isDir())
        return failure(QStringLiteral("exists and is not a folder"));
    const QDir parent = target.absoluteDir();
    if (!parent.exists())
        return failure(QStringLiteral("the folder %1 does not exist").arg(parent.path()));
    mPartial = std::make_unique<QTemporaryDir>(parent.filePath(QStringLiteral(".%1.partial-XXXXXX").arg(target.fileName())));
    if (!mPartial->isValid())
        return failure(QStringLiteral("cannot write in %1: %2").arg(parent.path(), mPartial->errorString()));
    return {};
}

Status PngFrameWriter::write(const QImage &frame)
{
    const QString name = frameName(frameCount() + 1);
    QImageWriter writer(mPartial->filePath(name), "png");
    if (!writer.write(frame))
        return failure(QStringLiteral("cannot write %1: %2").arg(name, writer.errorString()));
    return {};
}

Status PngFrameWriter::complete()
{
    QDir target(path());
    if (!target.exists()) {
        // The usual case: the whole folder appears at once.
        if (!QDir().rename(mPartial->path(), path()))
            return failure(QStringLiteral("cannot create the folder"));
        mPartial->setAutoRemove(false);
        mPartial.reset();
        return {};
    }
    for (const QString &old : target.entryList({QStringLiteral("frame-*.png")}, QDir::Files))
        if (!target.remove(old))
            return failure(QStringLiteral("cannot replace %1").arg(old));
    for (int i = 1; i <= frameCount(); ++i) {
        const QString name = frameName(i);
        if (!QFile::rename(mPartial->filePath(name), target.filePath(name)))
            return failure(QStringLiteral("cannot move %1 into it").arg(name));
    }
    mPartial.reset(); // removes the now empty hidden folder
    return {};
}

} // namespace mapline::animation
