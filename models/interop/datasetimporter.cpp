#include "interop/datasetimporter.h"

#include "interop/canonicalactorsreader.h"
#include "interop/dataset.h"
#include "interop/readahead.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace mapline {
namespace {

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
    // Actors as extracted events name them (one list for the filters); a Mapline export has them so.
    CanonicalActorsReader canonical(*reader);
    ReadAheadSource source(reader->kind() == u"mapline" ? *reader : canonical, progress, result);
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
        result.alreadyPresent = outcome->alreadyPresent;
    } else {
        result.status = FileResult::Status::Imported;
        result.datasetId = outcome->datasetId;
        result.events = outcome->events;
        result.alreadyPresent = outcome->alreadyPresent;
    }
    return result;
}

} // namespace mapline
