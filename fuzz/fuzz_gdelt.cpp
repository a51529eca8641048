// GdeltReader (GDELT 1.0 and 2.0 tab-separated event files) on any bytes.
// First byte: even GDELT 1.0, odd GDELT 2.0; the rest is the file.
#include "datasetcheck.h"
#include "interop/gdeltreader.h"

using namespace mapline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::init();
    if (size < 1)
        return 0;
    const QString path = fuzz::scratchFile(QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1)), ".tsv");
    GdeltReader reader(data[0] & 1 ? GdeltReader::Version::V2 : GdeltReader::Version::V1);
    if (data[0] & 2)
        reader.setAreaFilter({QStringLiteral("AF")});
    fuzz::drain(reader, path);
    return 0;
}
