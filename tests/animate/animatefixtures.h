#pragma once

// Helpers for tst_animate: small events and jobs, reading written animations back with the real
// readers (Qt's GIF reader, giflib, ffprobe), and listing what an export left in a folder.
#include "animation/animationexporter.h"
#include "../maprender/mapfixtures.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QSize>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <gif_lib.h>

namespace mapline::test {

inline QDate nov(int day) { return QDate(2001, 11, 1).addDays(day - 1); }

// "from..to" for each frame, for compact comparisons.
inline QStringList windowsOf(const QList<animation::Frame> &frames)
{
    QStringList out;
    for (const animation::Frame &f : frames)
        out << f.window.from().toString(QStringLiteral("MM-dd")) + QStringLiteral("..") +
                   f.window.to().toString(QStringLiteral("MM-dd"));
    return out;
}

// Clashes at Kunduz on Nov 3 and Nov 6, talks at Kabul on Nov 8.
inline QList<Event> sparseEvents()
{
    return {makeEvent(1, QStringLiteral("armed_clash"), nov(3), kunduz()),
            makeEvent(2, QStringLiteral("armed_clash"), nov(6), kunduz()),
            makeEvent(3, QStringLiteral("talks"), nov(8), kabul())};
}

// A job of `frames` daily frames over the sparse events, small enough to be quick.
inline animation::AnimationJob smallJob(animation::Format format, const QString &out, int frames = 4)
{
    animation::AnimationJob job;
    job.format = format;
    job.out = out;
    job.fps = 4;
    job.view.setOutputSize(QSize(240, 160));
    job.view.setEvents(indexOf(sparseEvents()));
    job.view.setBasemap(fixtureBasemap());
    job.view.setDrawText(false);
    job.view.setGeoExtent(QGeoRectangle(QGeoCoordinate(37.6, 66.0), QGeoCoordinate(33.8, 71.5)));
    for (int i = 0; i < frames; ++i)
        job.frames << animation::Frame{timeline::TimeWindow::of(nov(3 + i), nov(3 + i)), 0};
    return job;
}

inline int differingPixels(const QImage &a, const QImage &b)
{
    int n = 0;
    for (int y = 0; y < std::min(a.height(), b.height()); ++y)
        for (int x = 0; x < std::min(a.width(), b.width()); ++x)
            n += a.pixel(x, y) != b.pixel(x, y);
    return n;
}

// What ffprobe counts in a video's first stream; frames -1 when it cannot read it.
struct VideoProbe {
    int frames = -1;
    QSize size;
    QString codec;
    QString pixelFormat;
    QString error;
};

inline QString ffprobePath()
{
    return QStandardPaths::findExecutable(QStringLiteral("ffprobe"));
}

inline VideoProbe probeVideo(const QString &path)
{
    VideoProbe probe;
    QProcess p;
    p.start(ffprobePath(), {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-count_frames"),
                            QStringLiteral("-select_streams"), QStringLiteral("v:0"), QStringLiteral("-show_entries"),
                            QStringLiteral("stream=codec_name,pix_fmt,width,height,nb_read_frames"),
                            QStringLiteral("-of"), QStringLiteral("default=noprint_wrappers=1"), path});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        probe.error = QString::fromLocal8Bit(p.readAllStandardError());
        return probe;
    }
    int width = 0, height = 0;
    for (const QString &line : QString::fromLocal8Bit(p.readAllStandardOutput()).split(QLatin1Char('\n'))) {
        const QString key = line.section(QLatin1Char('='), 0, 0);
        const QString value = line.section(QLatin1Char('='), 1).trimmed();
        if (key == u"width")
            width = value.toInt();
        else if (key == u"height")
            height = value.toInt();
        else if (key == u"nb_read_frames")
            probe.frames = value.toInt();
        else if (key == u"codec_name")
            probe.codec = value;
        else if (key == u"pix_fmt")
            probe.pixelFormat = value;
    }
    probe.size = QSize(width, height);
    return probe;
}

// The text of each comment extension of a GIF, its sub-blocks joined, read with giflib's
// DGifSlurp: the extensions before each image, then those after the last. On an unreadable
// file, `error` says why and the list is empty.
inline QStringList gifComments(const QString &path, QString &error)
{
    int code = 0;
    GifFileType *gif = DGifOpenFileName(QFile::encodeName(path).constData(), &code);
    if (!gif) {
        error = QString::fromUtf8(GifErrorString(code));
        return {};
    }
    QStringList comments;
    const auto collect = [&comments](int count, const ExtensionBlock *blocks) {
        for (int i = 0; i < count; ++i) {
            if (blocks[i].Function != COMMENT_EXT_FUNC_CODE)
                continue;
            QByteArray text(reinterpret_cast<const char *>(blocks[i].Bytes), blocks[i].ByteCount);
            // giflib keeps each further 255-byte sub-block as a "continue" block.
            while (i + 1 < count && blocks[i + 1].Function == CONTINUE_EXT_FUNC_CODE) {
                ++i;
                text.append(reinterpret_cast<const char *>(blocks[i].Bytes), blocks[i].ByteCount);
            }
            comments << QString::fromUtf8(text);
        }
    };
    if (DGifSlurp(gif) == GIF_ERROR) {
        error = QString::fromUtf8(GifErrorString(gif->Error));
    } else {
        for (int i = 0; i < gif->ImageCount; ++i)
            collect(gif->SavedImages[i].ExtensionBlockCount, gif->SavedImages[i].ExtensionBlocks);
        collect(gif->ExtensionBlockCount, gif->ExtensionBlocks);
    }
    DGifCloseFile(gif, &code);
    return comments;
}

// The container's tags as `ffprobe -show_format` reports them (title, comment, creation_time...);
// empty, with `error` set, when ffprobe cannot read the file.
inline QJsonObject videoTags(const QString &path, QString &error)
{
    QProcess p;
    p.start(ffprobePath(), {QStringLiteral("-v"), QStringLiteral("quiet"), QStringLiteral("-print_format"),
                            QStringLiteral("json"), QStringLiteral("-show_format"), path});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        error = QStringLiteral("ffprobe failed on %1 (exit code %2)").arg(path).arg(p.exitCode());
        return {};
    }
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object().value(QStringLiteral("format")).toObject()
        .value(QStringLiteral("tags")).toObject();
}

// "Label: value" lines of a provenance text, as a map.
inline QMap<QString, QString> provenanceLines(const QString &text)
{
    QMap<QString, QString> items;
    for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        items.insert(line.section(QStringLiteral(": "), 0, 0), line.section(QStringLiteral(": "), 1));
    return items;
}

// Every entry of `folder`, hidden ones too: what an export left behind.
inline QStringList entriesOf(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace mapline::test
