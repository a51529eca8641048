// GeoNamesReader (the 19 tab-separated columns of allCountries.txt, AF.txt, cities15000.txt) on
// any bytes: rows it accepts are usable gazetteer rows (a name, a known kind, a position on
// Earth), their TSV form has the gazetteer's 10 columns, a bad row says why, reading ends.
#include "fuzzsupport.h"
#include "interop/geonamesreader.h"

using namespace mapline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::init();
    if (size < 1)
        return 0;
    const QString path = fuzz::scratchFile(QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1)), ".txt");
    GeoNamesReader reader;
    if (!reader.open(path).ok())
        return 0;
    if (data[0] & 1)
        reader.setAreaFilter({QStringLiteral("AF")});
    GazetteerRow row;
    QString problem;
    for (int guard = 0;; ++guard) {
        FUZZ_CHECK(guard < 1000000);
        problem.clear();
        const GeoNamesReader::Next next = reader.next(row, problem);
        if (next == GeoNamesReader::Next::End)
            break;
        if (next == GeoNamesReader::Next::Failed) {
            FUZZ_CHECK(reader.error().contains(path));
            break;
        }
        if (next == GeoNamesReader::Next::BadRow) {
            FUZZ_CHECK(!problem.isEmpty());
            continue;
        }
        if (next != GeoNamesReader::Next::Row)
            continue;
        FUZZ_CHECK(!row.name.isEmpty());
        FUZZ_CHECK(!GeoNamesReader::kindFor(row.featureClass, row.featureCode).isEmpty());
        FUZZ_CHECK(row.lon >= -180 && row.lon <= 180 && row.lat >= -90 && row.lat <= 90);
        const QString tsv = row.toTsv();
        FUZZ_CHECK(!tsv.contains(QLatin1Char('\n')));
        FUZZ_CHECK(tsv.count(QLatin1Char('\t')) == 9);
    }
    return 0;
}
