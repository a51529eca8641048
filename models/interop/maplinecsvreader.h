#pragma once

#include "interop/csveventreader.h"

#include <QHash>

namespace mapline {

// CSV files with the contract's header: what `mapline export --format csv` and
// `mapline events --format csv` write. Columns are found by name; extra columns are ignored.
class MaplineCsvReader : public CsvEventReader {
public:
    Status openInput(InputFile file) override;
    Next next(DatasetRow &row, QString &problem) override;
    QString kind() const override { return QStringLiteral("mapline"); }

private:
    QHash<QString, int> mColumns; // contract name -> column
};

} // namespace mapline
