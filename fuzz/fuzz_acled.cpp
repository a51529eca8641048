// AcledReader (ACLED CSV exports, columns found by name) on any bytes, and its date parser.
#include "datasetcheck.h"
#include "interop/acledreader.h"

using namespace mapline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::init();
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QDate date = AcledReader::parseDate(QString::fromUtf8(bytes.left(64)));
    FUZZ_CHECK(date.isNull() || date.isValid());
    AcledReader reader;
    fuzz::drain(reader, fuzz::scratchFile(bytes, ".csv"));
    return 0;
}
