#pragma once

#include "interop/csvreader.h"
#include "interop/eventfilereader.h"

#include <QHash>

namespace mapline {

// CSV files with the contract's header: what `mapline export --format csv` and
// `mapline events --format csv` write. Columns are found by name; extra columns are ignored.
class MaplineCsvReader : public EventFileReader {
public:
    Status open(const QString &path) override;
    Next next(DatasetRow &row, QString &problem) override;
    QString error() const override { return mCsv.error(); }
    qint64 progressDone() const override { return mCsv.file().bytesRead(); }
    qint64 progressTotal() const override { return mCsv.file().size(); }
    QString contentHash() const override { return mCsv.file().contentHash(); }
    QString kind() const override { return QStringLiteral("mapline"); }
    QString format() const override { return QStringLiteral("csv"); }

private:
    CsvReader mCsv;
    QHash<QString, int> mColumns; // contract name -> column
    qsizetype mColumnCount = 0;
    bool mStopped = false;
};

} // namespace mapline
