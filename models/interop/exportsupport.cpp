#include "interop/exportsupport.h"

#include "interop/csvreader.h"

#include <QFile>

#include <algorithm>

namespace mapline::exportsupport {

StagedOutput::Options stagingOptions(ExportFormat format)
{
    StagedOutput::Options options;
    // A Shapefile is several files; .qix/.sbn/.sbx are spatial indexes other programs may have
    // left beside an older file of the same name, stale once it is replaced.
    if (format == ExportFormat::Shapefile)
        options.companions = {QStringLiteral("shx"), QStringLiteral("dbf"), QStringLiteral("prj"), QStringLiteral("cpg"),
                              QStringLiteral("qix"), QStringLiteral("sbn"), QStringLiteral("sbx")};
    options.stagingExtension = ExportFormats::name(format);
    options.sqlite = format == ExportFormat::GeoPackage;
    return options;
}

QByteArray cutUtf8(const QByteArray &utf8, qsizetype limit)
{
    if (utf8.size() <= limit)
        return utf8;
    qsizetype end = limit;
    while (end > 0 && (uchar(utf8[end]) & 0xC0) == 0x80)
        --end;
    return utf8.left(end);
}

QString typeLabel(const QString &type, const QString &fallback)
{
    QString label = type;
    label.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!label.isEmpty())
        label[0] = label[0].toUpper();
    return label.isEmpty() ? fallback : label;
}

bool writtenWhole(const QString &path, ExportFormat format, qint64 records, qsizetype fields)
{
    if (format == ExportFormat::Csv) {
        CsvReader csv;
        if (!csv.open(path))
            return false;
        QByteArrayList row;
        qint64 read = 0;
        CsvReader::Next next;
        while ((next = csv.next(row)) == CsvReader::Next::Record) {
            if (row.size() != fields)
                return false; // a record cut short
            ++read;
        }
        return next == CsvReader::Next::End && read == records + 1;
    }
    if (format != ExportFormat::GeoJson)
        return true;
    const QByteArray closing = "]}";
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() < closing.size())
        return false;
    file.seek(std::max<qint64>(0, file.size() - 256));
    QByteArray tail = file.readAll();
    tail.replace(' ', "").replace('\n', "").replace('\r', "").replace('\t', "");
    return tail.endsWith(closing);
}

} // namespace mapline::exportsupport
