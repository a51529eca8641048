// What `mapline import` does with a file that may be a dataset: DatasetFormat::detect from the
// first bytes (GDELT 1/2, ACLED, Mapline CSV, GeoJSON, KML, GeoPackage, GeoNames, a database),
// then the reader for what was detected, on any bytes.
#include "datasetcheck.h"
#include "interop/datasetformat.h"

using namespace mapline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::init();
    const QString path = fuzz::scratchFile(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)), ".dat");
    const DatasetFormat::Kind kind = DatasetFormat::detect(path);
    FUZZ_CHECK(!DatasetFormat::label(kind).isEmpty() || kind == DatasetFormat::Kind::Unknown);
    if (!DatasetFormat::isEventDataset(kind))
        return 0;
    std::unique_ptr<EventFileReader> reader = DatasetFormat::createReader(kind);
    FUZZ_CHECK(reader != nullptr);
    fuzz::drain(*reader, path);
    return 0;
}
