#include "interop/maplinecsvreader.h"

#include "interop/csvformulaguard.h"
#include "interop/exportfields.h"
#include "interop/maplinerecord.h"

#include <QSet>

namespace mapline {

Status MaplineCsvReader::open(const QString &path)
{
    QByteArrayList header;
    if (Status s = openWithHeader(path, header); !s)
        return s;
    for (int i = 0; i < header.size(); ++i) {
        const QString name = ExportFields::contractName(QString::fromUtf8(header[i]).trimmed());
        if (!name.isEmpty() && !mColumns.contains(name))
            mColumns.insert(name, i);
    }
    for (const char *required : {"date", "type", "lat", "lon"}) {
        if (!mColumns.contains(QString::fromLatin1(required)))
            return Status::failure(QStringLiteral("%1: not a Mapline export: the column %2 is missing")
                                       .arg(path, QString::fromLatin1(required)));
    }
    return {};
}

EventFileReader::Next MaplineCsvReader::next(DatasetRow &row, QString &problem)
{
    QByteArrayList fields;
    if (const std::optional<Next> done = readRecord(fields, row, problem))
        return *done;
    // Texts as Mapline wrote them for spreadsheets: one leading ' taken off a formula-like text.
    static const QSet<QString> texts = [] {
        QSet<QString> names;
        for (const ExportField &f : ExportFields::all())
            if (f.type == ExportField::Type::Text)
                names.insert(f.name);
        return names;
    }();
    const auto value = [&](const QString &name) {
        const int column = mColumns.value(name, -1);
        if (column < 0)
            return QString();
        const QString text = QString::fromUtf8(fields[column]);
        return texts.contains(name) ? CsvFormulaGuard::decode(text) : text;
    };
    if (!MaplineRecord::toRow(value, row, problem))
        return Next::BadRow;
    // The area of interest does not apply: the file holds what the analyst chose to export.
    return Next::Row;
}

} // namespace mapline
