#pragma once

#include "io/inputfile.h"
#include "interop/dataset.h"
#include "result.h"

#include <QSet>
#include <QString>
#include <QStringList>

namespace mapline {

// A dataset file read row by row: the common face of the GDELT, ACLED and Mapline-export
// readers, so the importer, the tests and the benchmarks drive them all the same way.
class EventFileReader {
public:
    enum class Next {
        Row,     // `row` holds the next event
        BadRow,  // the row at row.line cannot be read; `problem` says why (without the file name)
        Outside, // the row at row.line is fine but its country is outside the area filter
        End,     // no more rows
        Failed,  // the file cannot be read on; error() says why
    };

    virtual ~EventFileReader() = default;
    // Opens `path` (InputFile) and reads its header, if any.
    Status open(const QString &path)
    {
        InputFile file;
        if (Status s = file.open(path); !s)
            return s;
        return openInput(std::move(file));
    }
    // Reads from `file`, opened already (what was peeked at to detect the format is read again).
    virtual Status openInput(InputFile file) = 0;
    virtual Next next(DatasetRow &row, QString &problem) = 0;
    virtual QString error() const = 0;
    // Progress in units of the reader's choosing (bytes for text files, features for OGR).
    virtual qint64 progressDone() const = 0;
    virtual qint64 progressTotal() const = 0;
    // SHA-256 (hex) of the file; complete once next() has returned End.
    virtual QString contentHash() const = 0;
    // Dataset kind ("gdelt1", "gdelt2", "acled", "mapline") and file format ("tsv", "csv", ...).
    virtual QString kind() const = 0;
    virtual QString format() const = 0;

    // Rows whose country (ISO alpha-2) is not among `countries` come back as Outside, unparsed
    // beyond what deciding takes; an empty list keeps everything.
    void setAreaFilter(const QStringList &countries)
    {
        mArea = QSet<QString>(countries.begin(), countries.end());
    }

protected:
    bool inArea(const QString &country) const { return mArea.isEmpty() || mArea.contains(country); }

private:
    QSet<QString> mArea;
};

} // namespace mapline
