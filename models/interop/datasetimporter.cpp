#include "interop/datasetimporter.h"

#include "interop/canonicalactorsreader.h"
#include "interop/dataset.h"
#include "interop/readahead.h"
#include "io/localpath.h"

#include <QCryptographicHash>

namespace mapline {
namespace {

QString sha256Of(const QString &path)
{
    InputFile file;
    if (!file.open(path))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (qint64 n; (n = file.read(buffer.data(), buffer.size())) != 0;) {
        if (n < 0)
            return {};
        hash.addData(QByteArrayView(buffer.constData(), n));
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

namespace {

DatasetImporter::Target targetOf(EventStore &store)
{
    DatasetImporter::Target target;
    target.datasets = [&store] { return store.datasets(); };
    target.importDataset = [&store](const DatasetInfo &info, DatasetRowSource &rows) {
        return store.importDataset(info, rows);
    };
    const Result<QString> area = store.setting(QStringLiteral("area_of_interest"));
    if (area.ok())
        target.area = *area;
    return target;
}

} // namespace

DatasetImporter::DatasetImporter(EventStore &store, bool keepOutside)
    : DatasetImporter(targetOf(store), keepOutside)
{
}

DatasetImporter::DatasetImporter(Target target, bool keepOutside)
    : mTarget(std::move(target))
    , mKeepOutside(keepOutside)
{
    for (const QString &code : mTarget.area.split(QLatin1Char(','), Qt::SkipEmptyParts))
        mArea << code.trimmed().toUpper();
}

DatasetImporter::FileResult DatasetImporter::importFile(const QString &path, const Progress &progress)
{
    return importFile(path, DatasetFormat::detect(path), progress);
}

DatasetImporter::FileResult DatasetImporter::importFile(const QString &path, DatasetFormat::Kind kind,
                                                        const Progress &progress)
{
    InputFile file;
    if (Status s = file.open(path); !s) {
        FileResult result;
        result.path = path;
        result.label = DatasetFormat::label(kind);
        result.error = s.error();
        return result;
    }
    return importFile(std::move(file), kind, progress);
}

DatasetImporter::FileResult DatasetImporter::importFile(InputFile file, DatasetFormat::Kind kind,
                                                        const Progress &progress)
{
    const QString path = file.path();
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
    // A pipe's size is known only once it has been read.
    const bool regular = file.isRegular();
    const qint64 bytes = regular ? file.size() : 0;
    if (Status s = reader->openInput(std::move(file)); !s) {
        result.error = s.error();
        return result;
    }

    // The same file again changes nothing. A file can only be a stored one if a stored one has its
    // size, so only then is it read twice (once here for the hash). A pipe cannot be read twice:
    // the store finds it a duplicate by its hash once read.
    const Result<QList<DatasetInfo>> stored = mTarget.datasets();
    if (!stored) {
        result.error = stored.error();
        return result;
    }
    QString hash =
        reader->kind() == u"mapline" && reader->format() != u"csv" ? reader->contentHash() : QString();
    for (const DatasetInfo &d : *stored) {
        if (!regular || d.bytes != bytes)
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
    info.path = fileNameAsText(absoluteFileName(path));
    info.bytes = bytes;
    // Actors as extracted events name them (one list for the filters); a Mapline export has them so.
    CanonicalActorsReader canonical(*reader);
    ReadAheadSource source(reader->kind() == u"mapline" ? *reader : canonical, progress, result);
    const Result<DatasetImportOutcome> outcome = mTarget.importDataset(info, source);
    if (!outcome) {
        result.error = outcome.error();
        return result;
    }
    if (outcome->cancelled) {
        result.status = FileResult::Status::Cancelled;
    } else if (outcome->duplicate) {
        result.status = FileResult::Status::Duplicate;
        result.datasetId = outcome->datasetId;
        result.alreadyPresent = outcome->alreadyPresent;
        result.discarded = outcome->discarded;
    } else {
        result.status = FileResult::Status::Imported;
        result.datasetId = outcome->datasetId;
        result.events = outcome->events;
        result.alreadyPresent = outcome->alreadyPresent;
        result.discarded = outcome->discarded;
    }
    return result;
}

} // namespace mapline
