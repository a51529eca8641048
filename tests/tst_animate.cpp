// Animations: the frame plan (pure), the PNG, GIF and MP4 writers read back with real readers,
// the exporter that draws frames with the screen's MapRenderer, `mapline animate` as analysts
// script it, and the File > Export animation dialog.
#include "animate/animatefixtures.h"
#include "animation/animationexporter.h"
#include "animation/frameplan.h"
#include "animation/gifwriter.h"
#include "animation/mp4writer.h"
#include "animation/palettequantizer.h"
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
#include <QSignalSpy>
#include <QTemporaryDir>
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
    void parsesSteps_data();
    void parsesSteps();
    void plansWindows_data();
    void plansWindows();
    void skipsEmptyPeriods();
    void skipsWithFilters();
    void countsEventsPerFrame();
    void refusesBadPlans();
    void quantizerKeepsFlatColours();
    void writesPngFrames();
    void replacesOldFramesInAFolder();
    void writesLoopingGif();
    void writesMp4();
    void mp4WithoutFfmpegFails();
    void mp4FfmpegFailureLeavesNothing();
    void cancelLeavesNothing_data();
    void cancelLeavesNothing();
    void cliWritesGif();
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

void TestAnimate::parsesSteps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("unit");
    QTest::addColumn<int>("count");
    QTest::newRow("day") << "day" << true << int(StepUnit::Day) << 1;
    QTest::newRow("week") << "Week" << true << int(StepUnit::Week) << 1;
    QTest::newRow("month") << "month" << true << int(StepUnit::Month) << 1;
    QTest::newRow("3d") << "3d" << true << int(StepUnit::Day) << 3;
    QTest::newRow("0d") << "0d" << false << 0 << 0;
    QTest::newRow("year") << "year" << false << 0 << 0;
    QTest::newRow("d") << "d" << false << 0 << 0;
    QTest::newRow("-2d") << "-2d" << false << 0 << 0;
}

void TestAnimate::parsesSteps()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const auto step = Step::parse(text);
    QCOMPARE(step.has_value(), valid);
    if (!valid)
        return;
    QFETCH(int, unit);
    QFETCH(int, count);
    QCOMPARE(int(step->unit), unit);
    QCOMPARE(step->count, count);
    QCOMPARE(Step::parse(step->toString()), step);
}

void TestAnimate::plansWindows_data()
{
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::addColumn<QString>("step");
    QTest::addColumn<bool>("cumulative");
    QTest::addColumn<int>("windowDays");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("daily, one day") << nov(1) << nov(4) << "day" << false << 0
                                    << QStringList{"11-01..11-01", "11-02..11-02", "11-03..11-03", "11-04..11-04"};
    QTest::newRow("daily, 3-day window, cut at the end")
        << nov(1) << nov(4) << "day" << false << 3 << QStringList{"11-01..11-03", "11-02..11-04"};
    QTest::newRow("weekly") << nov(5) << nov(20) << "week" << false << 0
                            << QStringList{"11-05..11-11", "11-12..11-18", "11-19..11-20"};
    QTest::newRow("2-day step, 1-day window") << nov(1) << nov(6) << "2d" << false << 1
                                              << QStringList{"11-01..11-01", "11-03..11-03", "11-05..11-05", "11-06..11-06"};
    QTest::newRow("monthly, whole months") << QDate(2001, 10, 1) << QDate(2002, 1, 10) << "month" << false << 0
                                           << QStringList{"10-01..10-31", "11-01..11-30", "12-01..12-31", "01-01..01-10"};
    QTest::newRow("cumulative weekly") << nov(5) << nov(20) << "week" << true << 0
                                       << QStringList{"11-05..11-11", "11-05..11-18", "11-05..11-20"};
    QTest::newRow("one day range") << nov(9) << nov(9) << "month" << true << 0 << QStringList{"11-09..11-09"};
}

void TestAnimate::plansWindows()
{
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(QString, step);
    QFETCH(bool, cumulative);
    QFETCH(int, windowDays);
    QFETCH(QStringList, expected);
    FramePlanOptions o;
    o.from = from;
    o.to = to;
    o.step = *Step::parse(step);
    o.mode = cumulative ? TimeWindow::Mode::Cumulative : TimeWindow::Mode::Moving;
    o.windowDays = windowDays;
    const auto frames = FramePlan::build(o, nullptr);
    QVERIFY2(frames, qPrintable(frames.error()));
    QCOMPARE(windowsOf(*frames), expected);
    for (const Frame &f : *frames)
        QCOMPARE(f.window.mode, o.mode);
}

void TestAnimate::skipsEmptyPeriods()
{
    const auto index = indexOf(sparseEvents());
    FramePlanOptions o; // the data's range, Nov 3 to Nov 8, a day at a time
    auto frames = FramePlan::build(o, index.get());
    QVERIFY(frames);
    QCOMPARE(frames->size(), 6);
    o.skipEmpty = true;
    frames = FramePlan::build(o, index.get());
    QCOMPARE(windowsOf(*frames), (QStringList{"11-03..11-03", "11-06..11-06", "11-08..11-08"}));
    // Cumulative: a frame only where new days bring events; the skipped days show up with it.
    o.mode = TimeWindow::Mode::Cumulative;
    o.from = nov(1);
    frames = FramePlan::build(o, index.get());
    QCOMPARE(windowsOf(*frames), (QStringList{"11-01..11-03", "11-01..11-06", "11-01..11-08"}));
    QCOMPARE(frames->at(2).events, 3);
}

void TestAnimate::skipsWithFilters()
{
    const auto index = indexOf(sparseEvents());
    FilterState talksOnly;
    talksOnly.hiddenTypes = {QStringLiteral("armed_clash")};
    const auto mask = FilterMaskBuilder::build(*index, talksOnly);
    QVERIFY(mask);
    FramePlanOptions o;
    o.skipEmpty = true;
    const auto frames = FramePlan::build(o, index.get(), mask.get());
    QVERIFY(frames);
    QCOMPARE(windowsOf(*frames), QStringList{"11-08..11-08"});
    QCOMPARE(frames->first().events, 1);
}

void TestAnimate::countsEventsPerFrame()
{
    const auto index = indexOf(sparseEvents());
    FramePlanOptions o;
    o.from = nov(1);
    o.to = nov(14);
    o.step = {StepUnit::Week, 1};
    const auto frames = FramePlan::build(o, index.get());
    QVERIFY(frames);
    // Nov 1-7 holds the clashes of Nov 3 and 6, Nov 8-14 the talks of Nov 8.
    QCOMPARE(frames->size(), 2);
    QCOMPARE(frames->at(0).events, 2);
    QCOMPARE(frames->at(1).events, 1);
}

void TestAnimate::refusesBadPlans()
{
    FramePlanOptions o;
    auto frames = FramePlan::build(o, nullptr);
    QVERIFY(!frames);
    QVERIFY2(frames.error().contains(QStringLiteral("range")), qPrintable(frames.error()));
    o.from = nov(10);
    o.to = nov(1);
    frames = FramePlan::build(o, nullptr);
    QVERIFY(!frames);
    QVERIFY2(frames.error().contains(QStringLiteral("2001-11-01")), qPrintable(frames.error()));
    o.from = QDate(1990, 1, 1);
    o.to = QDate(2020, 1, 1);
    frames = FramePlan::build(o, nullptr);
    QVERIFY(!frames);
    QVERIFY2(frames.error().contains(QStringLiteral("frames")), qPrintable(frames.error()));
    o.step = {StepUnit::Month, 1};
    QVERIFY(FramePlan::build(o, nullptr));
}

void TestAnimate::quantizerKeepsFlatColours()
{
    // Cream land and grey neighbours (close colours, as on the map) and a strip of 4000 shades.
    QImage image(400, 200, QImage::Format_RGB32);
    image.fill(qRgb(248, 246, 240));
    for (int y = 0; y < 200; ++y)
        for (int x = 200; x < 400; ++x)
            image.setPixel(x, y, y < 100 ? qRgb(236, 234, 228) : qRgb((x * 7) % 256, (y * 13) % 256, (x + y) % 256));
    const auto reduced = PaletteQuantizer::quantize(image, image.rect());
    QVERIFY(reduced.palette.size() <= 256);
    QCOMPARE(reduced.indices.size(), size_t(400 * 200));
    const auto colourAt = [&](int x, int y) { return reduced.palette[reduced.indices[size_t(y * 400 + x)]]; };
    QCOMPARE(colourAt(10, 10), qRgb(248, 246, 240));
    QCOMPARE(colourAt(250, 50), qRgb(236, 234, 228));
    int worst = 0;
    for (int y = 100; y < 200; ++y)
        for (int x = 200; x < 400; ++x) {
            const QRgb a = colourAt(x, y), b = image.pixel(x, y);
            worst = std::max(worst, std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) + std::abs(qBlue(a) - qBlue(b)));
        }
    QVERIFY2(worst < 100, qPrintable(QString::number(worst)));
    // Few colours come back exactly, in a sub-rectangle too.
    QImage few(64, 64, QImage::Format_RGB32);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x)
            few.setPixel(x, y, qRgb(x * 4, 200, y < 32 ? 10 : 250));
    const QRect rect(8, 8, 40, 40);
    const auto exact = PaletteQuantizer::quantize(few, rect);
    for (int y = 0; y < rect.height(); ++y)
        for (int x = 0; x < rect.width(); ++x)
            QCOMPARE(exact.palette[exact.indices[size_t(y * rect.width() + x)]], few.pixel(rect.left() + x, rect.top() + y));
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
    for (const char *option : {"--step", "--window", "--cumulative", "--fps", "--skip-empty", "--type"})
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
