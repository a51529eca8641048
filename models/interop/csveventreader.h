#pragma once

// The common part of the dataset readers of CSV files with a header (ACLED exports, Mapline's
// own CSV): the file, its header, progress and hash, and each record checked for its shape
// before the reader maps its fields. Internal to models/interop.
#include "interop/csvreader.h"
#include "interop/eventfilereader.h"

#include <optional>

namespace mapline {

class CsvEventReader : public EventFileReader {
public:
    QString error() const override { return mCsv.error(); }
    qint64 progressDone() const override { return mCsv.file().bytesRead(); }
    qint64 progressTotal() const override { return mCsv.file().size(); }
    QString contentHash() const override { return mCsv.file().contentHash(); }
    QString format() const override { return QStringLiteral("csv"); }

protected:
    // Reads from `file` and its header line into `header`.
    Status openWithHeader(InputFile file, QByteArrayList &header)
    {
        const QString path = file.path();
        if (Status s = mCsv.open(std::move(file)); !s)
            return s;
        if (mCsv.next(header) != CsvReader::Next::Record)
            return Status::failure(QStringLiteral("%1: no header line").arg(path));
        mColumnCount = header.size();
        return {};
    }

    // The next record's fields, with `row` reset and its line set: nullopt when the fields are
    // there to map, otherwise what next() returns (the end, a failure, or a bad row, `problem`
    // saying why).
    std::optional<Next> readRecord(QByteArrayList &fields, DatasetRow &row, QString &problem)
    {
        if (mStopped)
            return Next::End;
        const CsvReader::Next n = mCsv.next(fields);
        row = DatasetRow();
        row.line = mCsv.recordLine();
        switch (n) {
        case CsvReader::Next::End: return Next::End;
        case CsvReader::Next::Failed: return Next::Failed;
        case CsvReader::Next::Malformed:
            // The unclosed quote swallowed the rest of the file: this row is bad, and the last.
            mStopped = true;
            problem = QStringLiteral("a quoted field is never closed (the rest of the file is part of it)");
            return Next::BadRow;
        case CsvReader::Next::Record: break;
        }
        if (fields.size() != mColumnCount) {
            problem = QStringLiteral("%1 fields, but the header has %2").arg(fields.size()).arg(mColumnCount);
            return Next::BadRow;
        }
        return std::nullopt;
    }

private:
    CsvReader mCsv;
    qsizetype mColumnCount = 0;
    bool mStopped = false;
};

} // namespace mapline
