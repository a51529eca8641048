#include "interop/datasetimporter.h"

#include "interop/dataset.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace mapline {
namespace {

// Pulls rows from a reader for the store, counting, collecting bad rows and asking the caller
// whether to go on.
class ReaderSource : public DatasetRowSource {
public:
    ReaderSource(EventFileReader &reader, const DatasetImporter::Progress &progress,
                 DatasetImporter::FileResult &result)
        : mReader(reader)
        , mProgress(progress)
        , mResult(result)
    {
    }

    bool next(DatasetRow &row) override
    {
        for (;;) {
            // Asking every 4096 rows keeps the callback's cost out of the figures and still
            // answers a cancel within milliseconds.
            if (mProgress && (++mCalls & 4095) == 0 &&
                !mProgress(mReader.progressDone(), mReader.progressTotal())) {
                mCancelled = true;
                return false;
            }
            QString problem;
            switch (mReader.next(row, problem)) {
            case EventFileReader::Next::Row: ++mResult.rows; return true;
            case EventFileReader::Next::BadRow:
                ++mResult.rows;
                ++mResult.skipped;
                if (mResult.issues.size() < DatasetImporter::kMaxIssues)
                    mResult.issues.append({row.line, problem});
                continue;
            case EventFileReader::Next::Outside:
                ++mResult.rows;
                ++mResult.outside;
                continue;
            case EventFileReader::Next::End:
                if (mProgress)
                    mProgress(mReader.progressTotal(), mReader.progressTotal());
                return false;
            case EventFileReader::Next::Failed: mFailure = mReader.error(); return false;
            }
        }
    }
    QString failure() const override { return mFailure; }
    bool cancelled() const override { return mCancelled; }
    QString contentHash() const override { return mReader.contentHash(); }
    qint64 rowsRead() const override { return mResult.rows; }
    qint64 rowsSkipped() const override { return mResult.skipped; }
    qint64 rowsOutside() const override { return mResult.outside; }

private:
    EventFileReader &mReader;
    const DatasetImporter::Progress &mProgress;
    DatasetImporter::FileResult &mResult;
    quint64 mCalls = 0;
    bool mCancelled = false;
    QString mFailure;
};

QString sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return {};
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

DatasetImporter::DatasetImporter(EventStore &store, bool keepOutside)
    : mStore(store)
    , mKeepOutside(keepOutside)
{
    const Result<QString> area = mStore.setting(QStringLiteral("area_of_interest"));
    if (area.ok())
        for (const QString &code : area->split(QLatin1Char(','), Qt::SkipEmptyParts))
            mArea << code.trimmed().toUpper();
}

DatasetImporter::FileResult DatasetImporter::importFile(const QString &path, const Progress &progress)
{
    return importFile(path, DatasetFormat::detect(path), progress);
}

DatasetImporter::FileResult DatasetImporter::importFile(const QString &path, DatasetFormat::Kind kind,
                                                        const Progress &progress)
{
    FileResult result;
    result.path = path;
    result.label = DatasetFormat::label(kind);
    std::unique_ptr<EventFileReader> reader = DatasetFormat::createReader(kind);
    if (!reader) {
        result.error =
            kind == DatasetFormat::Kind::MaplineDatabase
                ? QStringLiteral("%1: a Mapline database, not a file to import; open it with --db").arg(path)
                : QStringLiteral("%1: not a file Mapline imports (GDELT 1.0 or 2.0 events, an ACLED "
                                 "export, a Mapline export or a GeoNames dump)")
                      .arg(path);
        return result;
    }
    if (Status s = reader->open(path); !s) {
        result.error = s.error();
        return result;
    }
    const qint64 bytes = QFileInfo(path).size();

    // The same file again changes nothing. A file can only be a stored one if a stored one has its
    // size, so only then is it read twice (once here for the hash).
    const Result<QList<DatasetInfo>> stored = mStore.datasets();
    if (!stored) {
        result.error = stored.error();
        return result;
    }
    QString hash =
        reader->kind() == u"mapline" && reader->format() != u"csv" ? reader->contentHash() : QString();
    for (const DatasetInfo &d : *stored) {
        if (d.bytes != bytes)
            continue;
        if (hash.isEmpty())
            hash = sha256Of(path);
        if (d.contentHash == hash) {
            result.status = FileResult::Status::Duplicate;
            result.datasetId = d.id;
            return result;
        }
    }

    if (!mKeepOutside && reader->kind() != u"mapline")
        reader->setAreaFilter(mArea);
    DatasetInfo info;
    info.kind = reader->kind();
    info.format = reader->format();
    info.path = QFileInfo(path).absoluteFilePath();
    info.bytes = bytes;
    ReaderSource source(*reader, progress, result);
    const Result<DatasetImportOutcome> outcome = mStore.importDataset(info, source);
    if (!outcome) {
        result.error = outcome.error();
        return result;
    }
    if (outcome->cancelled) {
        result.status = FileResult::Status::Cancelled;
    } else if (outcome->duplicate) {
        result.status = FileResult::Status::Duplicate;
        result.datasetId = outcome->datasetId;
    } else {
        result.status = FileResult::Status::Imported;
        result.datasetId = outcome->datasetId;
        result.events = outcome->events;
    }
    return result;
}

} // namespace mapline
