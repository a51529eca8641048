// cleanHtml, decodeHtmlEntities and looksLikeHtml on any page: no crash, no hang (the cleaner
// promises linear time, 10,000-deep nesting and broken markup included), text one paragraph per
// line without empty lines, and a script element never reaches the story text.
#include "extract/htmlcleaner.h"
#include "extract/textdecoder.h"
#include "fuzzsupport.h"

using namespace mapline;

namespace {

void checkText(const QString &text)
{
    FUZZ_CHECK(!text.contains(QStringLiteral("\n\n")));
    FUZZ_CHECK(!text.startsWith(QLatin1Char('\n')) && !text.endsWith(QLatin1Char('\n')));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::init();
    const QString html = decodeText(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size))).text;

    const HtmlDocument doc = cleanHtml(html);
    checkText(doc.text);
    FUZZ_CHECK(!doc.title.contains(QLatin1Char('\n')));
    for (const HtmlMeta &m : doc.meta)
        FUZZ_CHECK(m.name == m.name.toLower());
    (void)doc.metaContent(u"description");
    (void)looksLikeHtml(html);

    // Entities: text without '&' is unchanged.
    const QString decoded = decodeHtmlEntities(html);
    if (!html.contains(QLatin1Char('&')))
        FUZZ_CHECK(decoded == html);

    // A script element the tokenizer reads in full is never story text, whatever follows it.
    // (A script after the page is not checked: a page that ends inside a tag makes the script an
    // attribute, as in a browser, and its text then is page text.)
    static const QString marker = QStringLiteral("zqxjmarkerscript");
    const QString withScript = QStringLiteral("<p>Intro.</p><script>var ") + marker +
                               QStringLiteral(" = '<p>http://example.invalid/x.js</p>';</script>\n") + html;
    const HtmlDocument scripted = cleanHtml(withScript);
    if (!html.contains(marker, Qt::CaseInsensitive) && scripted.text.contains(marker, Qt::CaseInsensitive)) {
        std::fprintf(stderr, "page (decoded):\n%s\n\nstory text:\n%s\n", qPrintable(withScript),
                     qPrintable(scripted.text));
        FUZZ_CHECK(!"script text reached the story text");
    }
    return 0;
}
