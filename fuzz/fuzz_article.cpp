// The whole article path the importer takes: decodeText, then ArticleParser::parse (HTML
// cleaning, metadata, dateline, sentences, times, places, actors, events). Besides crashes and
// sanitizer reports, it checks what the store would otherwise refuse or store wrongly: every
// offset inside its text, confidences in 0..1, coordinates in range, dates ordered and
// representable as ISO 8601 (the schema's CHECK constraints, and the contract of `events`).
#include "extract/articleparser.h"
#include "extract/textdecoder.h"
#include "fuzzsupport.h"

using namespace mapline;

namespace {

bool storable(QDate d)
{
    return d.isValid() && d.year() >= 1 && d.year() <= 9999;
}

void checkSpan(const Span &span, const QString &sentence)
{
    if (span.start < 0 && span.end < 0)
        return; // not set
    FUZZ_CHECK(span.isValid());
    FUZZ_CHECK(span.end <= sentence.size());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::init();
    if (size < 1)
        return 0;
    // First byte: bit 0 a publication date or none, bit 1 an .html or a .txt name.
    ArticleMeta meta;
    if (data[0] & 1)
        meta.published = QDate(2001, 11, 22);
    meta.path = (data[0] & 2) ? QStringLiteral("story.html") : QStringLiteral("story.txt");
    const QString text = decodeText(QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1))).text;

    static const ArticleParser parser;
    const ParsedArticle parsed = parser.parse(text, meta);
    const Article &a = parsed.article;

    FUZZ_CHECK(a.contentHash.size() == 64);
    for (int i = 0; i < a.sentences.size(); ++i) {
        const Sentence &s = a.sentences[i];
        FUZZ_CHECK(s.index == i);
        FUZZ_CHECK(s.start >= 0 && s.start < s.end && s.end <= a.body.size());
        FUZZ_CHECK(s.text == a.body.mid(s.start, s.end - s.start));
    }
    FUZZ_CHECK(parsed.outsideArea >= 0);
    for (const Event &e : parsed.events) {
        FUZZ_CHECK(e.sentenceIndex >= 0 && e.sentenceIndex < a.sentences.size());
        const QString &sentence = a.sentences[e.sentenceIndex].text;
        checkSpan(e.trigger, sentence);
        checkSpan(e.timeSpan, sentence);
        checkSpan(e.placeSpan, sentence);
        for (const ActorMention &m : e.actors)
            checkSpan(m.span, sentence);
        FUZZ_CHECK(!e.type.isEmpty());
        FUZZ_CHECK(e.confidence >= 0.0 && e.confidence <= 1.0);
        if (e.time.start.isValid() || e.time.end.isValid()) {
            FUZZ_CHECK(e.time.isValid());
            FUZZ_CHECK(storable(e.time.start) && storable(e.time.end));
        }
        if (e.place.coordinate.isValid()) {
            FUZZ_CHECK(e.place.coordinate.longitude() >= -180 && e.place.coordinate.longitude() <= 180);
            FUZZ_CHECK(e.place.coordinate.latitude() >= -90 && e.place.coordinate.latitude() <= 90);
        }
    }
    return 0;
}
