#pragma once

#include "interop/eventfilereader.h"
#include "interop/linereader.h"

namespace mapline {

// GDELT event files: tab-separated, no header, one event per line.
//   GDELT 1.0: 57 columns (the 1979-2013 back files) or 58 (daily files, SOURCEURL last); a file
//              may mix both.
//   GDELT 2.0: 61 columns (ADM2 codes added to each geography block).
// Mapping (docs/SCHEMA.md): SQLDATE -> a day; ActionGeo_* -> the place (FIPS country codes to
// ISO alpha-2, ActionGeo_Type to geo precision); EventCode -> our type, cameo_code and cameo_root;
// Actor1Name / Actor2Name -> actors; SOURCEURL -> source; a generated description -> sentence.
class GdeltReader : public EventFileReader {
public:
    enum class Version { V1, V2 };
    static constexpr double kConfidence = 0.5; // machine-coded from news: documented in docs/SCHEMA.md

    explicit GdeltReader(Version version)
        : mVersion(version)
    {
    }

    Status openInput(InputFile file) override { return mLines.open(std::move(file)); }
    Next next(DatasetRow &row, QString &problem) override;
    QString error() const override { return mLines.error(); }
    qint64 progressDone() const override { return mLines.file().bytesRead(); }
    qint64 progressTotal() const override { return mLines.file().size(); }
    QString contentHash() const override { return mLines.file().contentHash(); }
    QString kind() const override
    {
        return mVersion == Version::V1 ? QStringLiteral("gdelt1") : QStringLiteral("gdelt2");
    }
    QString format() const override { return QStringLiteral("tsv"); }

private:
    Version mVersion;
    LineReader mLines;
};

} // namespace mapline
