#include "interop/maplinecsvreader.h"

#include "interop/exportfields.h"
#include "interop/maplinerecord.h"

namespace mapline {

Status MaplineCsvReader::open(const QString &path)
{
    if (Status s = mCsv.open(path); !s)
        return s;
    QByteArrayList header;
    if (mCsv.next(header) != CsvReader::Next::Record)
        return Status::failure(QStringLiteral("%1: no header line").arg(path));
    for (int i = 0; i < header.size(); ++i) {
        const QString name = ExportFields::contractName(QString::fromUtf8(header[i]).trimmed());
        if (!name.isEmpty() && !mColumns.contains(name))
            mColumns.insert(name, i);
    }
    mColumnCount = header.size();
    for (const char *required : {"date", "type", "lat", "lon"}) {
        if (!mColumns.contains(QString::fromLatin1(required)))
            return Status::failure(QStringLiteral("%1: not a Mapline export: the column %2 is missing")
                                       .arg(path, QString::fromLatin1(required)));
    }
    return {};
}

EventFileReader::Next MaplineCsvReader::next(DatasetRow &row, QString &problem)
{
    if (mStopped)
        return Next::End;
    QByteArrayList fields;
    const CsvReader::Next n = mCsv.next(fields);
    row = DatasetRow();
    row.line = mCsv.recordLine();
    switch (n) {
    case CsvReader::Next::End: return Next::End;
    case CsvReader::Next::Failed: return Next::Failed;
    case CsvReader::Next::Malformed:
        mStopped = true;
        problem = QStringLiteral("a quoted field is never closed (the rest of the file is part of it)");
        return Next::BadRow;
    case CsvReader::Next::Record: break;
    }
    if (fields.size() != mColumnCount) {
        problem = QStringLiteral("%1 fields, but the header has %2").arg(fields.size()).arg(mColumnCount);
        return Next::BadRow;
    }
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
