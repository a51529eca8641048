// splitSentences: every sentence is a non-empty, trimmed, in-order slice of the text with the
// right offsets, no sentence crosses a line break or the skipped range (a dateline), and no
// visible character outside that range is lost. First byte: no skip (0xFF) or the length of a
// skipped range at the start of the text, as the article parser passes the dateline.
#include "extract/sentencesplitter.h"
#include "extract/textdecoder.h"
#include "fuzzsupport.h"

using namespace mapline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::init();
    if (size < 1)
        return 0;
    const QString text = decodeText(QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1))).text;
    Span skip;
    if (data[0] != 0xFF && text.size() > 0)
        skip = {0, std::max(1, std::min(int(data[0] % 64), int(text.size())))};
    const QList<Sentence> sentences = splitSentences(text, skip);
    int previousEnd = 0;
    qsizetype covered = 0;
    for (int i = 0; i < sentences.size(); ++i) {
        const Sentence &s = sentences[i];
        FUZZ_CHECK(s.index == i);
        FUZZ_CHECK(s.start >= previousEnd);
        FUZZ_CHECK(s.start < s.end);
        FUZZ_CHECK(s.end <= text.size());
        FUZZ_CHECK(s.text == text.mid(s.start, s.end - s.start));
        FUZZ_CHECK(!s.text.front().isSpace() && !s.text.back().isSpace());
        FUZZ_CHECK(!s.text.contains(QLatin1Char('\n')));
        if (skip.isValid())
            FUZZ_CHECK(s.start >= skip.end || s.end <= skip.start);
        for (const QChar c : s.text)
            covered += !c.isSpace();
        previousEnd = s.end;
    }
    qsizetype visible = 0;
    for (qsizetype i = 0; i < text.size(); ++i)
        visible += !text[i].isSpace() && !(skip.isValid() && i >= skip.start && i < skip.end);
    FUZZ_CHECK(covered == visible);
    return 0;
}
