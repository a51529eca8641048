// Mapline's own PNG writer (models/io/pngencoding.h): the pixels, the resolution and the text
// chunks read back by Qt's PNG reader exactly as QImageWriter would have written them.
#include "io/pngencoding.h"

#include <QBuffer>
#include <QImageReader>
#include <QPainter>
#include <QRandomGenerator>
#include <QTest>

using namespace mapline;

class TestPngEncoding : public QObject {
    Q_OBJECT

private slots:
    void opaqueImageReadsBackPixelForPixel();
    void translucentImageReadsBackAsQtWritesIt();
    void otherFormatsAreConverted();
    void resolutionAndTextChunks();
    void imageDataIsFilteredUpAndDeflated();
};

namespace {

// A map-like image: flat fills, antialiased shapes, and noise (the relief), of an odd width so
// rows are not a multiple of four bytes.
QImage sample(QImage::Format format, int width = 333, int height = 217)
{
    QImage image(width, height, format);
    image.fill(QColor(0xe8, 0xe4, 0xd8));
    QRandomGenerator random(17);
    for (int y = 0; y < height / 2; ++y)
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, qRgba(int(random.bounded(256)), int(random.bounded(256)), int(random.bounded(256)),
                                       image.hasAlphaChannel() ? int(random.bounded(256)) : 255));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(QColor(200, 30, 40, 160));
    painter.drawEllipse(QPointF(width * 0.6, height * 0.6), width * 0.3, height * 0.3);
    painter.end();
    return image;
}

QImage decoded(const QByteArray &png)
{
    QImage image;
    image.loadFromData(png, "png");
    return image;
}

quint32 bigEndian(const QByteArray &bytes, qsizetype at)
{
    return quint32(quint8(bytes.at(at))) << 24 | quint32(quint8(bytes.at(at + 1))) << 16 |
           quint32(quint8(bytes.at(at + 2))) << 8 | quint32(quint8(bytes.at(at + 3)));
}

} // namespace

void TestPngEncoding::opaqueImageReadsBackPixelForPixel()
{
    const QImage image = sample(QImage::Format_RGB32);
    const Result<QByteArray> png = encodePng(image);
    QVERIFY2(png, qPrintable(png.error()));
    const QImage back = decoded(*png);
    QCOMPARE(back.size(), image.size());
    QVERIFY(!back.hasAlphaChannel());
    QCOMPARE(back.convertToFormat(QImage::Format_RGB32), image);
    // The same pixels QImageWriter writes.
    QByteArray qt;
    QBuffer buffer(&qt);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(image.save(&buffer, "png"));
    QCOMPARE(back.convertToFormat(QImage::Format_RGB32), decoded(qt).convertToFormat(QImage::Format_RGB32));
}

void TestPngEncoding::translucentImageReadsBackAsQtWritesIt()
{
    const QImage image = sample(QImage::Format_ARGB32_Premultiplied, 64, 48);
    const Result<QByteArray> png = encodePng(image);
    QVERIFY2(png, qPrintable(png.error()));
    const QImage back = decoded(*png);
    QVERIFY(back.hasAlphaChannel());
    QByteArray qt;
    QBuffer buffer(&qt);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(image.save(&buffer, "png"));
    QCOMPARE(back.convertToFormat(QImage::Format_ARGB32), decoded(qt).convertToFormat(QImage::Format_ARGB32));
    QCOMPARE(back.convertToFormat(QImage::Format_ARGB32), image.convertToFormat(QImage::Format_ARGB32));
}

void TestPngEncoding::otherFormatsAreConverted()
{
    for (const QImage::Format format : {QImage::Format_RGB888, QImage::Format_Grayscale8, QImage::Format_RGB16}) {
        const QImage image = sample(QImage::Format_RGB32, 31, 9).convertToFormat(format);
        const Result<QByteArray> png = encodePng(image);
        QVERIFY2(png, qPrintable(png.error()));
        QCOMPARE(decoded(*png).convertToFormat(QImage::Format_RGB32), image.convertToFormat(QImage::Format_RGB32));
    }
    QVERIFY(!encodePng(QImage()));
}

void TestPngEncoding::resolutionAndTextChunks()
{
    QImage image = sample(QImage::Format_RGB32, 40, 30);
    image.setDotsPerMeterX(7559);
    image.setDotsPerMeterY(3780);
    const QString shortText = QStringLiteral("2001-11-01 to 2001-11-07");
    const QString longText = QStringLiteral("Events of 1 Nov 2001 to 7 Nov 2001 from /tmp/a database.sqlite,\nno filters");
    const QString international = QStringLiteral("Kabul \u2014 \u06a9\u0627\u0628\u0644");
    const QString longInternational = international.repeated(8);
    image.setText(QStringLiteral("TimeWindow"), shortText);
    image.setText(QStringLiteral("Description"), longText);
    image.setText(QStringLiteral("Title"), international);
    image.setText(QStringLiteral("Caption"), longInternational);
    const Result<QByteArray> png = encodePng(image);
    QVERIFY2(png, qPrintable(png.error()));
    QBuffer buffer;
    buffer.setData(*png);
    QImageReader reader(&buffer, "png");
    const QImage back = reader.read();
    QVERIFY2(!back.isNull(), qPrintable(reader.errorString()));
    QCOMPARE(back.dotsPerMeterX(), 7559);
    QCOMPARE(back.dotsPerMeterY(), 3780);
    QCOMPARE(back.text(QStringLiteral("TimeWindow")), shortText);
    QCOMPARE(back.text(QStringLiteral("Description")), longText);
    QCOMPARE(back.text(QStringLiteral("Title")), international);
    QCOMPARE(back.text(QStringLiteral("Caption")), longInternational);
    // The chunk types QImageWriter picks for the same texts.
    QVERIFY(png->contains(QByteArray("tEXtTimeWindow\0", 15)));
    QVERIFY(png->contains(QByteArray("zTXtDescription\0", 16)));
    QVERIFY(png->contains(QByteArray("iTXtTitle\0\0", 11)));
    QVERIFY(png->contains(QByteArray("iTXtCaption\0\1", 13)));
}

void TestPngEncoding::imageDataIsFilteredUpAndDeflated()
{
    // A vertical gradient: every row differs from the one above by the same step, so the Up
    // filter makes each row after the first one repeated byte, and the image data is tiny.
    QImage image(500, 400, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, qRgb((x * 7 + y) % 256, (x * 13 + 2 * y) % 256, (x * 29 + 3 * y) % 256));
    const Result<QByteArray> png = encodePng(image);
    QVERIFY2(png, qPrintable(png.error()));
    QCOMPARE(decoded(*png), image.convertToFormat(decoded(*png).format()));
    const qsizetype idat = png->indexOf("IDAT");
    QVERIFY(idat > 0);
    const quint32 length = bigEndian(*png, idat - 4);
    QVERIFY2(length < 5000, qPrintable(QString::number(length)));
    // A zlib stream: deflate with a 32 KB window, its header a multiple of 31.
    QCOMPARE(quint8(png->at(idat + 4)), quint8(0x78));
    QCOMPARE((quint8(png->at(idat + 4)) * 256 + quint8(png->at(idat + 5))) % 31, 0);
}

QTEST_MAIN(TestPngEncoding)
#include "tst_pngencoding.moc"
