#include "interop/maplinecsvreader.h"

#include "interop/exportfields.h"
#include "interop/maplinerecord.h"

namespace mapline {

Status MaplineCsvReader::openInput(InputFile file)
{
    const QString path = file.path();
    QByteArrayList header;
    if (Status s = openWithHeader(std::move(file), header); !s)
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
    const auto value = [&](const QString &name) {
        const int column = mColumns.value(name, -1);
        return column >= 0 ? QString::fromUtf8(fields[column]) : QString();
    };
    if (!MaplineRecord::toRow(value, row, problem))
        return Next::BadRow;
    // The area of interest does not apply: the file holds what the analyst chose to export.
    return Next::Row;
}

} // namespace mapline
