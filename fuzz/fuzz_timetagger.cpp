// tagTimes on any sentence and publication date: spans inside the sentence and matching the
// text, resolved ranges that are real, ordered ISO 8601 days, and the documented promise that
// resolveTimeRule(m.rule, d) gives back m.range (re-dating an article without re-reading it).
#include "extract/textdecoder.h"
#include "extract/timetagger.h"
#include "fuzzsupport.h"

using namespace mapline;

namespace {

// Input: 3 bytes choose the publication date (or none), the rest is the sentence.
QDate publicationDate(const uint8_t *data)
{
    if (data[0] == 0xFF)
        return {};
    return QDate(1950 + data[0] % 100, 1 + data[1] % 12, 1 + data[2] % 31); // invalid days stay invalid
}

bool storable(QDate d)
{
    return d.isValid() && d.year() >= 1 && d.year() <= 9999;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::init();
    if (size < 3)
        return 0;
    const QDate published = publicationDate(data);
    const QString sentence =
        decodeText(QByteArray(reinterpret_cast<const char *>(data + 3), qsizetype(size - 3))).text;
    const QList<TimeMention> mentions = tagTimes(sentence, published);
    for (const TimeMention &m : mentions) {
        FUZZ_CHECK(m.span.isValid());
        FUZZ_CHECK(m.span.end <= sentence.size());
        FUZZ_CHECK(m.text == sentence.mid(m.span.start, m.span.end - m.span.start));
        FUZZ_CHECK(m.confidence >= 0.0 && m.confidence <= 1.0);
        if (m.range.start.isValid() || m.range.end.isValid()) {
            FUZZ_CHECK(m.range.isValid());
            FUZZ_CHECK(storable(m.range.start) && storable(m.range.end));
        }
        if (!m.rule.isEmpty() && published.isValid())
            FUZZ_CHECK(resolveTimeRule(m.rule, published) == m.range);
        if (!m.rule.isEmpty())
            (void)resolveTimeRule(m.rule, published.isValid() ? published.addYears(7) : QDate(2001, 11, 22));
    }
    // Rules come from stored rows too: any text must resolve or be refused, never crash.
    (void)resolveTimeRule(sentence.left(200), published.isValid() ? published : QDate(2001, 11, 22));
    return 0;
}
