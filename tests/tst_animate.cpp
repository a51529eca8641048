// Animations: the PNG, GIF and MP4 writers read back with real readers (the frame plan and the
// palette: tst_frameplan.cpp),
// the exporter that draws frames with the screen's MapRenderer, `mapline animate` as analysts
// script it, and the File > Export animation dialog.
#include "animate/animatefixtures.h"
#include "animation/animationexporter.h"
#include "animation/frameplan.h"
#include "animation/gifwriter.h"
#include "animation/mp4writer.h"
#include "animation/pngframewriter.h"
#include "exportanimationdialog.h"
#include "filtermaskbuilder.h"
#include "maprender/mapfixtures.h"
#include "render/maprenderer.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QImage>
#include <QImageReader>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QSpinBox>
#include <QToolButton>
#include <QtTest>

using namespace mapline;
using namespace mapline::animation;
using namespace mapline::test;
using timeline::StepUnit;
using timeline::TimeWindow;


class TestAnimate : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void writesPngFrames();
    void replacesOldFramesInAFolder();
    void writesLoopingGif();
    void gifCommentHoldsProvenance();
    void pngFramesCarryTheirWindow();
    void writesMp4();
    void mp4TagsHoldProvenance();
    void mp4WithoutFfmpegFails();
    void mp4FfmpegFailureLeavesNothing();
    void cancelLeavesNothing_data();
    void cancelLeavesNothing();
    void cliWritesGif();
    void cliGifCommentNamesDatabaseAndFilters();
    void cliMapOptionsChangeFrames();
    void cliReadsOnlyItsRange();
    void cliUsageErrors_data();
    void cliUsageErrors();
    void cliInputFailures();
    void dialogExportsGif();
    void dialogOffersMp4OnlyWithFfmpeg();

private:
    QTemporaryDir mDir;
    QString mDb;
};

void TestAnimate::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the dialog's remembered choices stay out of the user's settings
    QVERIFY(mDir.isValid());
    mDb = mDir.filePath(QStringLiteral("events.sqlite"));
    const QString error = writeEventDatabase(mDb, sparseEvents());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(fixtureBasemap());
}

void TestAnimate::writesPngFrames()
{
    const QString out = mDir.filePath(QStringLiteral("frames"));
    const auto outcome = AnimationExporter::run(smallJob(Format::PngFrames, out));
    QVERIFY2(outcome.kind == AnimationExporter::Outcome::Done, qPrintable(outcome.error));
    QCOMPARE(entriesOf(out),
             (QStringList{"frame-0001.png", "frame-0002.png", "frame-0003.png", "frame-0004.png"}));
    const QImage first(QDir(out).filePath(QStringLiteral("frame-0001.png")));
    const QImage second(QDir(out).filePath(QStringLiteral("frame-0002.png")));
    const QImage fourth(QDir(out).filePath(QStringLiteral("frame-0004.png")));
    QCOMPARE(first.size(), QSize(240, 160));
    // Nov 3 has a clash at Kunduz, Nov 4 nothing, Nov 6 again a clash at Kunduz.
    QVERIFY2(differingPixels(first, second) > 20, "a frame with an event looks like one without");
    QCOMPARE(differingPixels(first, fourth), 0);
    // At the snapshots' compression (io/pngencoding.h: zlib's level 4), not Qt's default.
    QCOMPARE(pngZlibLevelClass(QDir(out).filePath(QStringLiteral("frame-0001.png"))), 1);
    // No hidden partial folder is left next to it.
    QVERIFY(!entriesOf(mDir.path()).join(QLatin1Char(' ')).contains(QStringLiteral("partial")));
}

void TestAnimate::replacesOldFramesInAFolder()
{
    const QString out = mDir.filePath(QStringLiteral("reused"));
    QVERIFY(QDir().mkpath(out));
    QVERIFY(writeFile(QDir(out).filePath(QStringLiteral("frame-0009.png")), "old"));
    QVERIFY(writeFile(QDir(out).filePath(QStringLiteral("notes.txt")), "mine"));
    const auto outcome = AnimationExporter::run(smallJob(Format::PngFrames, out, 2));
    QVERIFY2(outcome.kind == AnimationExporter::Outcome::Done, qPrintable(outcome.error));
    QCOMPARE(entriesOf(out), (QStringList{"frame-0001.png", "frame-0002.png", "notes.txt"}));
}

void TestAnimate::writesLoopingGif()
{
    const QString out = mDir.filePath(QStringLiteral("anim.gif"));
    AnimationJob job = smallJob(Format::Gif, out, 5);
    const auto outcome = AnimationExporter::run(job);
    QVERIFY2(outcome.kind == AnimationExporter::Outcome::Done, qPrintable(outcome.error));
    QImageReader reader(out);
    QCOMPARE(reader.format(), QByteArray("gif"));
    QVERIFY(reader.supportsAnimation());
    QCOMPARE(reader.imageCount(), 5);
    QCOMPARE(reader.size(), QSize(240, 160));
    QCOMPARE(reader.loopCount(), -1); // forever
    QList<QImage> frames;
    for (QImage image = reader.read(); !image.isNull(); image = reader.read()) {
        QCOMPARE(reader.nextImageDelay(), 250); // 4 fps
        frames << image;
    }
    QCOMPARE(frames.size(), 5);
    // Palette reduction keeps the picture: every frame (the later ones are changed rectangles
    // drawn over the earlier) is close to the rendered one, with no seams.
    for (int i = 0; i < 5; ++i) {
        const QImage rendered = MapRenderer::renderImage(AnimationExporter::frameSettings(job, job.frames[i]));
        int far = 0;
        for (int y = 0; y < 160; ++y)
            for (int x = 0; x < 240; ++x) {
                const QRgb a = frames[i].pixel(x, y), b = rendered.pixel(x, y);
                far += std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) + std::abs(qBlue(a) - qBlue(b)) > 48;
            }
        QVERIFY2(far < 240 * 160 / 100, qPrintable(QStringLiteral("frame %1: %2").arg(i).arg(far)));
    }
    QVERIFY(differingPixels(frames[0], frames[1]) > 20);
    QCOMPARE(GifWriter::delayCentiseconds(60), 2);
}

void TestAnimate::gifCommentHoldsProvenance()
{
    const QString out = mDir.filePath(QStringLiteral("commented.gif"));
    AnimationJob job = smallJob(Format::Gif, out, 5);
    job.database = mDb;
    job.plan.step = {StepUnit::Day, 1};
    // Longer than one 255-byte sub-block, with a character outside ASCII.
    job.filters = QStringLiteral("Text: ") + QString(300, QLatin1Char('x')) + QStringLiteral(" Kondoz é");
    job.view.setTitle(QStringLiteral("Kunduz, November"));
    const auto outcome = AnimationExporter::run(job);
    QVERIFY2(outcome.kind == AnimationExporter::Outcome::Done, qPrintable(outcome.error));
    QString error;
    const QStringList comments = gifComments(out, error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(comments.size(), 1);
    const auto items = provenanceLines(comments.first());
    QCOMPARE(items.value(QStringLiteral("Title")), QStringLiteral("Kunduz, November"));
    QCOMPARE(items.value(QStringLiteral("Time window")), QStringLiteral("2001-11-03 to 2001-11-07"));
    QCOMPARE(items.value(QStringLiteral("Filters")), job.filters);
    QCOMPARE(items.value(QStringLiteral("Database")), QDir::toNativeSeparators(QFileInfo(mDb).absoluteFilePath()));
    QCOMPARE(items.value(QStringLiteral("Events")), QStringLiteral("2")); // the clashes of Nov 3 and Nov 6
    QCOMPARE(items.value(QStringLiteral("Step")), QStringLiteral("1 day"));
    QCOMPARE(items.value(QStringLiteral("Window")), QStringLiteral("moving, 1 day"));
    QCOMPARE(items.value(QStringLiteral("Frames")), QStringLiteral("5"));
    QCOMPARE(items.value(QStringLiteral("Frame rate")), QStringLiteral("4 fps"));
    QVERIFY2(items.value(QStringLiteral("Software")).startsWith(QStringLiteral("Mapline ")),
             qPrintable(comments.first()));
    QVERIFY(QDateTime::fromString(items.value(QStringLiteral("Creation time")), Qt::ISODate).isValid());
    // The comment is the provenance's text, word for word (made at the time the file was).
    SnapshotProvenance expected = AnimationExporter::provenance(job);
    expected.created = QDateTime::fromString(items.value(QStringLiteral("Creation time")), Qt::ISODate);
    QCOMPARE(comments.first(), expected.text());
    // Players are not put off by it.
    QImageReader reader(out);
    QCOMPARE(reader.imageCount(), 5);
    QCOMPARE(reader.loopCount(), -1);
}

void TestAnimate::pngFramesCarryTheirWindow()
{
    const QString out = mDir.filePath(QStringLiteral("provenance-frames"));
    AnimationJob job = smallJob(Format::PngFrames, out, 4);
    job.database = mDb;
    job.plan.step = {StepUnit::Day, 1};
    job.plan.windowDays = 1;
    const auto outcome = AnimationExporter::run(job);
    QVERIFY2(outcome.kind == AnimationExporter::Outcome::Done, qPrintable(outcome.error));
    // Each frame its own window and events, read back by Qt's PNG reader from the text chunks.
    const QStringList windows = {"2001-11-03 to 2001-11-03", "2001-11-04 to 2001-11-04", "2001-11-05 to 2001-11-05",
                                 "2001-11-06 to 2001-11-06"};
    const QStringList events = {"1", "0", "0", "1"};
    for (int i = 0; i < 4; ++i) {
        const QImage frame(QDir(out).filePath(PngFrameWriter::frameName(i + 1)));
        QVERIFY(!frame.isNull());
        QCOMPARE(frame.text(QStringLiteral("TimeWindow")), windows[i]);
        QCOMPARE(frame.text(QStringLiteral("Events")), events[i]);
        QCOMPARE(frame.text(QStringLiteral("Frame")), QStringLiteral("%1 of 4").arg(i + 1));
        QCOMPARE(frame.text(QStringLiteral("Range")), QStringLiteral("2001-11-03 to 2001-11-06"));
        QCOMPARE(frame.text(QStringLiteral("Window")), QStringLiteral("moving, 1 day"));
        QCOMPARE(frame.text(QStringLiteral("Database")), QDir::toNativeSeparators(QFileInfo(mDb).absoluteFilePath()));
        QCOMPARE(frame.text(QStringLiteral("Filters")), QStringLiteral("none"));
        QVERIFY2(frame.text(QStringLiteral("Description")).contains(QStringLiteral("Time window: ") + windows[i]),
                 qPrintable(frame.text(QStringLiteral("Description"))));
    }
}

void TestAnimate::writesMp4()
{
    if (Mp4Writer::ffmpegPath().isEmpty() || ffprobePath().isEmpty())
        QSKIP("ffmpeg is not installed");
    const QString out = mDir.filePath(QStringLiteral("anim.mp4"));
    AnimationJob job = smallJob(Format::Mp4, out, 6);
    job.view.setOutputSize(QSize(241, 161)); // odd: rounded down to even for yuv420p
    const auto outcome = AnimationExporter::run(job);
    QVERIFY2(outcome.kind == AnimationExporter::Outcome::Done, qPrintable(outcome.error));
    QCOMPARE(outcome.size, QSize(240, 160));
    const VideoProbe probe = probeVideo(out);
    QVERIFY2(probe.frames >= 0, qPrintable(probe.error));
    QCOMPARE(probe.frames, 6);
    QCOMPARE(probe.size, QSize(240, 160));
    QCOMPARE(probe.codec, QStringLiteral("h264"));
    QCOMPARE(probe.pixelFormat, QStringLiteral("yuv420p"));
}

void TestAnimate::mp4TagsHoldProvenance()
{
    if (Mp4Writer::ffmpegPath().isEmpty() || ffprobePath().isEmpty())
        QSKIP("ffmpeg and ffprobe are not installed (Debian package \"ffmpeg\"): no MP4 to read tags from");
    const QDateTime started = QDateTime::currentDateTimeUtc().addSecs(-1);
    const QString out = mDir.filePath(QStringLiteral("tagged.mp4"));
    const auto r = runMapline({QStringLiteral("animate"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                               QStringLiteral("--size"), QStringLiteral("240x160"), QStringLiteral("--basemap"),
                               fixtureBasemapPath(), QStringLiteral("--from"), QStringLiteral("2001-11-03"),
                               QStringLiteral("--to"), QStringLiteral("2001-11-08"), QStringLiteral("--step"),
                               QStringLiteral("week"), QStringLiteral("--title"), QStringLiteral("Kunduz é")});
    QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
    QString error;
    const QJsonObject tags = videoTags(out, error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(tags.value(QStringLiteral("title")).toString(), QStringLiteral("Kunduz é"));
    const auto items = provenanceLines(tags.value(QStringLiteral("comment")).toString());
    QCOMPARE(items.value(QStringLiteral("Time window")), QStringLiteral("2001-11-03 to 2001-11-08"));
    QCOMPARE(items.value(QStringLiteral("Database")), QDir::toNativeSeparators(QFileInfo(mDb).absoluteFilePath()));
    QCOMPARE(items.value(QStringLiteral("Events")), QStringLiteral("3"));
    QCOMPARE(items.value(QStringLiteral("Step")), QStringLiteral("1 week"));
    QCOMPARE(items.value(QStringLiteral("Window")), QStringLiteral("moving, 1 week"));
    QCOMPARE(items.value(QStringLiteral("Frames")), QStringLiteral("1"));
    QCOMPARE(items.value(QStringLiteral("Frame rate")), QStringLiteral("10 fps"));
    const QDateTime created = QDateTime::fromString(tags.value(QStringLiteral("creation_time")).toString(), Qt::ISODateWithMs);
    QVERIFY2(created.isValid() && created >= started && created <= QDateTime::currentDateTimeUtc(),
             qPrintable(tags.value(QStringLiteral("creation_time")).toString()));
}

void TestAnimate::mp4WithoutFfmpegFails()
{
    const QByteArray before = qgetenv("MAPLINE_FFMPEG");
    const bool wasSet = qEnvironmentVariableIsSet("MAPLINE_FFMPEG");
    qputenv("MAPLINE_FFMPEG", "none");
    const QString out = mDir.filePath(QStringLiteral("none.mp4"));
    const auto outcome = AnimationExporter::run(smallJob(Format::Mp4, out));
    const auto r = runMapline({QStringLiteral("animate"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out});
    wasSet ? qputenv("MAPLINE_FFMPEG", before) : qunsetenv("MAPLINE_FFMPEG");
    QCOMPARE(outcome.kind, AnimationExporter::Outcome::Failed);
    QVERIFY2(outcome.error.contains(QStringLiteral("ffmpeg")), qPrintable(outcome.error));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("ffmpeg"), r.err.constData());
    QVERIFY(!QFile::exists(out));
}

void TestAnimate::mp4FfmpegFailureLeavesNothing()
{
    // An "ffmpeg" that exits at once with an error, as one that cannot encode would.
    const QByteArray before = qgetenv("MAPLINE_FFMPEG");
    const bool wasSet = qEnvironmentVariableIsSet("MAPLINE_FFMPEG");
    qputenv("MAPLINE_FFMPEG", "/bin/false");
    QTemporaryDir dir;
    const auto outcome = AnimationExporter::run(smallJob(Format::Mp4, dir.filePath(QStringLiteral("x.mp4"))));
    wasSet ? qputenv("MAPLINE_FFMPEG", before) : qunsetenv("MAPLINE_FFMPEG");
    QCOMPARE(outcome.kind, AnimationExporter::Outcome::Failed);
    QVERIFY2(outcome.error.contains(QStringLiteral("x.mp4")) && outcome.error.contains(QStringLiteral("ffmpeg")),
             qPrintable(outcome.error));
    QCOMPARE(entriesOf(dir.path()), QStringList());
}

void TestAnimate::cancelLeavesNothing_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("name");
    QTest::newRow("png") << int(Format::PngFrames) << "cancelled-frames";
    QTest::newRow("gif") << int(Format::Gif) << "cancelled.gif";
    if (!Mp4Writer::ffmpegPath().isEmpty())
        QTest::newRow("mp4") << int(Format::Mp4) << "cancelled.mp4";
}

void TestAnimate::cancelLeavesNothing()
{
    QFETCH(int, format);
    QFETCH(QString, name);
    QTemporaryDir dir;
    const QString out = dir.filePath(name);
    const auto outcome = AnimationExporter::run(smallJob(Format(format), out), [](int done, int) { return done < 2; });
    QCOMPARE(outcome.kind, AnimationExporter::Outcome::Cancelled);
    QCOMPARE(outcome.frames, 2);
    QCOMPARE(entriesOf(dir.path()), QStringList());
    // A failure (the target's folder does not exist) leaves nothing either.
    const auto failed = AnimationExporter::run(smallJob(Format(format), dir.filePath(QStringLiteral("gone/x.gif"))));
    QCOMPARE(failed.kind, AnimationExporter::Outcome::Failed);
    QVERIFY2(failed.error.contains(QStringLiteral("gone")), qPrintable(failed.error));
    QCOMPARE(entriesOf(dir.path()), QStringList());
}

void TestAnimate::cliWritesGif()
{
    const QString out = mDir.filePath(QStringLiteral("cli.gif"));
    const auto r = runMapline({QStringLiteral("animate"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                               QStringLiteral("--size"), QStringLiteral("200x150"), QStringLiteral("--basemap"),
                               fixtureBasemapPath(), QStringLiteral("--skip-empty"), QStringLiteral("--fps"),
                               QStringLiteral("2"), QStringLiteral("--title"), QStringLiteral("Kunduz")});
    QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
    QVERIFY2(r.err.contains("frame 3/3"), r.err.constData());
    QVERIFY2(r.out.contains("3 frames"), r.out.constData());
    QImageReader reader(out);
    QCOMPARE(reader.imageCount(), 3);
    QCOMPARE(reader.size(), QSize(200, 150));
    // Filters apply: only the talks.
    const auto talks = runMapline({QStringLiteral("animate"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                                   QStringLiteral("--size"), QStringLiteral("200x150"), QStringLiteral("--basemap"),
                                   fixtureBasemapPath(), QStringLiteral("--skip-empty"), QStringLiteral("--type"),
                                   QStringLiteral("talks"), QStringLiteral("--cumulative")});
    QVERIFY2(talks.exitCode == 0, talks.err.constData());
    QCOMPARE(QImageReader(out).imageCount(), 1);
}

void TestAnimate::cliGifCommentNamesDatabaseAndFilters()
{
    const QString out = mDir.filePath(QStringLiteral("talks.gif"));
    const auto r = runMapline({QStringLiteral("animate"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                               QStringLiteral("--size"), QStringLiteral("200x150"), QStringLiteral("--basemap"),
                               fixtureBasemapPath(), QStringLiteral("--from"), QStringLiteral("2001-11-03"),
                               QStringLiteral("--to"), QStringLiteral("2001-11-08"), QStringLiteral("--step"),
                               QStringLiteral("2d"), QStringLiteral("--window"), QStringLiteral("3"),
                               QStringLiteral("--type"), QStringLiteral("talks")});
    QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
    QString error;
    const QStringList comments = gifComments(out, error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(comments.size(), 1);
    const auto items = provenanceLines(comments.first());
    // Windows Nov 3-5, 5-7 and 7-8 (cut at the end of the range).
    QCOMPARE(items.value(QStringLiteral("Time window")), QStringLiteral("2001-11-03 to 2001-11-08"));
    QCOMPARE(items.value(QStringLiteral("Database")), QDir::toNativeSeparators(QFileInfo(mDb).absoluteFilePath()));
    QCOMPARE(items.value(QStringLiteral("Filters")), QStringLiteral("Hidden types: armed_clash"));
    QCOMPARE(items.value(QStringLiteral("Events")), QStringLiteral("1")); // the talks of Nov 8
    QCOMPARE(items.value(QStringLiteral("Step")), QStringLiteral("2 days"));
    QCOMPARE(items.value(QStringLiteral("Window")), QStringLiteral("moving, 3 days"));
    QCOMPARE(items.value(QStringLiteral("Frames")), QStringLiteral("3"));
    QVERIFY(!items.contains(QStringLiteral("Title")));
}

void TestAnimate::cliReadsOnlyItsRange()
{
    // The index holds only the events reaching into --from/--to (the loader's log says how many
    // it read), a moving window's and a cumulative one's alike; the frames count as before.
    qputenv("QT_LOGGING_RULES", "mapline.index.info=true");
    const auto run = [this](const QStringList &extra) {
        const QString out = mDir.filePath(QStringLiteral("range.gif"));
        return runMapline(QStringList{QStringLiteral("animate"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                                      QStringLiteral("--size"), QStringLiteral("200x150"), QStringLiteral("--basemap"),
                                      fixtureBasemapPath()} +
                          extra);
    };
    const QStringList range = {QStringLiteral("--from"), QStringLiteral("2001-11-05"), QStringLiteral("--to"),
                               QStringLiteral("2001-11-08")};
    const auto moving = run(range + QStringList{QStringLiteral("--window"), QStringLiteral("2")});
    const auto cumulative = run(range + QStringList{QStringLiteral("--cumulative")});
    const auto whole = run({});
    qunsetenv("QT_LOGGING_RULES");
    for (const auto *r : {&moving, &cumulative, &whole})
        QVERIFY2(r->exitCode == 0 && !r->crashed, r->err.constData());
    // Nov 6 and Nov 8 of the three events (Nov 3, 6, 8).
    const QByteArray inRange = "read from the database: 2 events (those reaching into 2001-11-05 to 2001-11-08)";
    QVERIFY2(moving.err.contains(inRange), moving.err.constData());
    QVERIFY2(moving.out.contains("3 frames"), moving.out.constData()); // Nov 5-6, 6-7, 7-8
    QVERIFY2(cumulative.err.contains(inRange), cumulative.err.constData());
    QVERIFY2(cumulative.out.contains("4 frames"), cumulative.out.constData()); // Nov 5, 5-6, 5-7, 5-8
    QVERIFY2(whole.err.contains("read from the database: 3 events\n"), whole.err.constData());
}

void TestAnimate::cliMapOptionsChangeFrames()
{
    // One frame, Nov 3: the clash at Kunduz, drawn as a symbol or as density.
    const QString square = writeUtmSquare(mDir, QGeoCoordinate(33.0, 66.0), 30000.0); // empty central Afghanistan
    const auto framesOf = [this](const QString &name, const QStringList &extra) {
        const QString out = mDir.filePath(name);
        const auto r = runMapline(QStringList{QStringLiteral("animate"), QStringLiteral("--db"), mDb,
                                              QStringLiteral("--out"), out, QStringLiteral("--size"),
                                              QStringLiteral("320x240"), QStringLiteral("--bbox"),
                                              QStringLiteral("64,32,71,38"), QStringLiteral("--basemap"),
                                              fixtureBasemapPath(), QStringLiteral("--from"),
                                              QStringLiteral("2001-11-03"), QStringLiteral("--to"),
                                              QStringLiteral("2001-11-03")} + extra);
        return std::pair{r, QImage(QDir(out).filePath(PngFrameWriter::frameName(1)))};
    };
    const auto [plainRun, plain] = framesOf(QStringLiteral("plain"), {});
    QVERIFY2(plainRun.exitCode == 0 && !plain.isNull(), plainRun.err.constData());
    const auto [heatRun, heat] = framesOf(QStringLiteral("heat"), {QStringLiteral("--heatmap")});
    QVERIFY2(heatRun.exitCode == 0 && !heat.isNull(), heatRun.err.constData());
    QCOMPARE(heat.size(), plain.size());
    QVERIFY2(differingPixels(plain, heat) > 200, qPrintable(QString::number(differingPixels(plain, heat))));
    // The same command again draws the same frame: the difference is the heat map's.
    const auto [againRun, again] = framesOf(QStringLiteral("again"), {});
    QVERIFY2(againRun.exitCode == 0, againRun.err.constData());
    QCOMPARE(differingPixels(plain, again), 0);
    // A user layer tints its square; one that cannot be read is said, and the rest still written.
    const auto [layerRun, layered] = framesOf(QStringLiteral("layered"), {QStringLiteral("--layer"), square});
    QVERIFY2(layerRun.exitCode == 0, layerRun.err.constData());
    QVERIFY(differingPixels(plain, layered) > 200);
    const auto [badRun, bad] = framesOf(QStringLiteral("bad-layer"),
                                        {QStringLiteral("--layer"), mDir.filePath(QStringLiteral("absent.kml"))});
    QCOMPARE(badRun.exitCode, 1);
    QVERIFY2(badRun.err.contains("absent.kml"), badRun.err.constData());
    QCOMPARE(differingPixels(plain, bad), 0);
    // Decorations go one by one.
    const auto [bareRun, bare] = framesOf(QStringLiteral("bare"), {QStringLiteral("--no-legend"),
                                                                  QStringLiteral("--no-scale-bar")});
    QVERIFY2(bareRun.exitCode == 0, bareRun.err.constData());
    QVERIFY(differingPixels(plain, bare) > 50);
}

void TestAnimate::cliUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no out") << QStringList{} << "--out";
    QTest::newRow("png file") << QStringList{"--out", "x.png"} << "FILE.gif";
    QTest::newRow("bad step") << QStringList{"--out", "x.gif", "--step", "fortnight"} << "--step";
    QTest::newRow("window and cumulative") << QStringList{"--out", "x.gif", "--window", "7", "--cumulative"} << "exclude";
    QTest::newRow("bad window") << QStringList{"--out", "x.gif", "--window", "0"} << "--window";
    QTest::newRow("bad fps") << QStringList{"--out", "x.gif", "--fps", "100"} << "--fps";
    QTest::newRow("bad size") << QStringList{"--out", "x.gif", "--size", "10x10"} << "--size";
    QTest::newRow("bad bbox") << QStringList{"--out", "x.gif", "--bbox", "70,30,60,40"} << "--bbox";
    QTest::newRow("bad date") << QStringList{"--out", "x.gif", "--from", "Nov 3"} << "--from";
    QTest::newRow("from after to") << QStringList{"--out", "x.gif", "--from", "2001-11-09", "--to", "2001-11-01"} << "after";
}

void TestAnimate::cliUsageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const auto r = runMapline(QStringList{QStringLiteral("animate"), QStringLiteral("--db"), mDb} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    QVERIFY(!QFile::exists(QStringLiteral("x.gif")));
}

void TestAnimate::cliInputFailures()
{
    const QString out = mDir.filePath(QStringLiteral("fail.gif"));
    // A database that does not exist.
    auto r = runMapline({QStringLiteral("animate"), QStringLiteral("--db"), mDir.filePath(QStringLiteral("none.sqlite")),
                         QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("none.sqlite"), r.err.constData());
    // Nothing to show after the filters and skipping.
    r = runMapline({QStringLiteral("animate"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                    QStringLiteral("--type"), QStringLiteral("air_strike"), QStringLiteral("--skip-empty")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no frame"), r.err.constData());
    QVERIFY(!QFile::exists(out));
    // --help names the options.
    r = runMapline({QStringLiteral("animate"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    for (const char *option : {"--step", "--window", "--cumulative", "--fps", "--skip-empty", "--type", "--heatmap",
                               "--layer", "--no-caption", "--no-legend", "--no-scale-bar", "--no-north-arrow",
                               "--no-attribution", "--no-labels"})
        QVERIFY2(r.out.contains(option), option);
    QVERIFY(runMapline({QStringLiteral("--help")}).out.contains("mapline animate"));
}

void TestAnimate::dialogExportsGif()
{
    ExportContext context;
    context.databasePath = mDb;
    context.view = smallJob(Format::Gif, QString()).view;
    context.window = TimeWindow::of(nov(3), nov(4));
    context.dataFirst = nov(3);
    context.dataLast = nov(8);
    ExportAnimationDialog dialog(context);
    // The range is the timeline's window, each frame a step long; "All data" takes the data's.
    QCOMPARE(dialog.planOptions().windowDays, 1);
    QCOMPARE(dialog.planOptions().from, nov(3));
    QCOMPARE(dialog.planOptions().to, nov(4));
    QTest::mouseClick(dialog.findChild<QToolButton *>(QStringLiteral("wholeRange")), Qt::LeftButton);
    dialog.findChild<QSpinBox *>(QStringLiteral("windowDays"))->setValue(2);
    QCOMPARE(dialog.planOptions().windowDays, 2);
    QCOMPARE(dialog.planOptions().from, nov(3));
    QCOMPARE(dialog.planOptions().to, nov(8));
    QCOMPARE(dialog.job().view.outputSize(), QSize(240, 160));
    dialog.findChild<QCheckBox *>(QStringLiteral("skipEmpty"))->setChecked(true);
    const QString out = mDir.filePath(QStringLiteral("dialog.gif"));
    dialog.setOutputPath(out);
    QCOMPARE(dialog.format(), Format::Gif);
    QSignalSpy exported(&dialog, &ExportAnimationDialog::exported);
    dialog.accept();
    QVERIFY2(dialog.isRunning(), qPrintable(dialog.statusText()));
    QVERIFY2(exported.wait(60000), qPrintable(dialog.statusText()));
    // Windows of 2 days stepping a day over Nov 3-8, skipping those without events: 3-4, 5-6, 6-7, 7-8.
    QCOMPARE(exported.first().at(1).toInt(), 4);
    QCOMPARE(QImageReader(out).imageCount(), 4);
    // The provenance names the dialog's database and choices.
    QString error;
    const QStringList comments = gifComments(out, error);
    QVERIFY2(comments.size() == 1, qPrintable(error));
    const auto items = provenanceLines(comments.first());
    QCOMPARE(items.value(QStringLiteral("Database")), QDir::toNativeSeparators(QFileInfo(mDb).absoluteFilePath()));
    QCOMPARE(items.value(QStringLiteral("Time window")), QStringLiteral("2001-11-03 to 2001-11-08"));
    QCOMPARE(items.value(QStringLiteral("Window")), QStringLiteral("moving, 2 days"));
    QCOMPARE(items.value(QStringLiteral("Frames")), QStringLiteral("4"));
    // The format follows the output name, and the name the format.
    dialog.setFormat(Format::PngFrames);
    QCOMPARE(dialog.outputPath(), mDir.filePath(QStringLiteral("dialog")));
}

void TestAnimate::dialogOffersMp4OnlyWithFfmpeg()
{
    const QByteArray before = qgetenv("MAPLINE_FFMPEG");
    const bool wasSet = qEnvironmentVariableIsSet("MAPLINE_FFMPEG");
    qputenv("MAPLINE_FFMPEG", "none");
    ExportContext context;
    context.view = smallJob(Format::Gif, QString()).view;
    ExportAnimationDialog dialog(context);
    wasSet ? qputenv("MAPLINE_FFMPEG", before) : qunsetenv("MAPLINE_FFMPEG");
    auto *combo = dialog.findChild<QComboBox *>(QStringLiteral("format"));
    QVERIFY(combo);
    const int row = combo->findData(int(Format::Mp4));
    QVERIFY(!(combo->model()->flags(combo->model()->index(row, 0)) & Qt::ItemIsEnabled));
    QVERIFY(combo->itemData(row, Qt::ToolTipRole).toString().contains(QStringLiteral("ffmpeg")));
}

QTEST_MAIN(TestAnimate)
#include "tst_animate.moc"
