// parseSidecar: the "key: value" metadata file beside an article. A malformed sidecar is an
// error naming the file and line; a date that is accepted is a real calendar date.
#include "extract/sidecar.h"
#include "extract/textdecoder.h"
#include "fuzzsupport.h"

using namespace mapline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::init();
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString text = decodeText(bytes).text;
    const QString fileName = QStringLiteral("story.txt.meta");
    ArticleMeta meta;
    const Status status = parseSidecar(text, fileName, meta);
    if (!status.ok()) {
        FUZZ_CHECK(status.error().startsWith(fileName + QLatin1Char(':')));
    } else {
        FUZZ_CHECK(meta.published.isNull() || meta.published.isValid());
        FUZZ_CHECK(meta.title == meta.title.trimmed());
    }
    FUZZ_CHECK(isSidecarPath(sidecarPathFor(QStringLiteral("a.txt"))));
    return 0;
}
