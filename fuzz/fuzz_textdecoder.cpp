// decodeText: any bytes an article file may hold (UTF-8, UTF-16 with or without BOM,
// Windows-1252, binary noise). It never fails, and its output is normalised as documented.
#include "extract/textdecoder.h"
#include "fuzzsupport.h"

#include <QByteArrayView>

using namespace mapline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::init();
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const DecodedText decoded = decodeText(bytes);

    // Line endings normalised; NUL, other C0 controls and stray BOMs dropped.
    for (const QChar c : decoded.text) {
        const char16_t u = c.unicode();
        FUZZ_CHECK(u != u'\r' && u != 0x2028 && u != 0x2029 && u != 0xFEFF);
        FUZZ_CHECK(u >= 0x20 || u == u'\n' || u == u'\t');
    }
    FUZZ_CHECK(!toString(decoded.encoding).isEmpty());
    FUZZ_CHECK(decoded.invalidSequences >= 0);
    FUZZ_CHECK((decoded.invalidSequences > 0) == (decoded.encoding == TextEncoding::Utf8WithRepairs));

    // Valid UTF-8 without a UTF-16 look is read as UTF-8, never as Windows-1252.
    const bool bom16 = bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF");
    if (!bom16 && !looksLikeBomlessUtf16(bytes) && QByteArrayView(bytes).isValidUtf8())
        FUZZ_CHECK(decoded.encoding == TextEncoding::Utf8);

    // Printable ASCII with \n line ends comes out unchanged.
    bool plain = !looksLikeBomlessUtf16(bytes);
    for (char c : bytes)
        plain = plain && ((c >= 0x20 && c < 0x7F) || c == '\n');
    if (plain)
        FUZZ_CHECK(decoded.text == QString::fromLatin1(bytes));
    return 0;
}
