// CsvReader (RFC 4180, streamed) and the Mapline CSV export reader on any bytes: records end,
// line numbers only grow, a malformed file is reported with its file name and line.
#include "datasetcheck.h"
#include "interop/csvreader.h"
#include "interop/maplinecsvreader.h"

using namespace mapline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::init();
    const QString path = fuzz::scratchFile(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)), ".csv");
    {
        CsvReader csv;
        if (csv.open(path).ok()) {
            QByteArrayList fields;
            qint64 lastLine = 0;
            qsizetype total = 0;
            for (;;) {
                const CsvReader::Next next = csv.next(fields);
                if (next == CsvReader::Next::End || next == CsvReader::Next::Failed)
                    break;
                FUZZ_CHECK(csv.recordLine() >= lastLine);
                lastLine = csv.recordLine();
                for (const QByteArray &f : fields)
                    total += f.size();
                FUZZ_CHECK(total <= qsizetype(size)); // fields never hold more than the file
                if (next == CsvReader::Next::Malformed) {
                    FUZZ_CHECK(csv.error().contains(path));
                    break;
                }
                FUZZ_CHECK(!fields.isEmpty());
            }
        }
    }
    MaplineCsvReader reader;
    fuzz::drain(reader, path);
    return 0;
}
