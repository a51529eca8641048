// The text stage: decoding, HTML cleaning, paragraphs and furniture removal, on synthetic
// cases, on the real CNN sample and on the wire and web articles in tests/data/articles.
#include "extract/articleparser.h"
#include "extract/furniture.h"
#include "extract/htmlcleaner.h"
#include "extract/sidecar.h"
#include "extract/textdecoder.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;

namespace {

// The sample without its sidecar: metadata must come from the text itself.
QString cnnSamplePath()
{
    static QTemporaryDir dir;
    return test::sampleArticleWithoutSidecar(dir.path());
}

QString articlePath(const QString &name)
{
    return test::testData(QStringLiteral("articles/") + name);
}

TextStage stageFor(const QString &path)
{
    ArticleMeta meta;
    meta.path = path;
    if (Status s = readSidecar(path, meta); !s)
        qWarning("%s", qPrintable(s.error()));
    return prepareArticle(decodeText(test::readFile(path)).text, meta);
}

} // namespace

class TestTextClean : public QObject {
    Q_OBJECT

private slots:
    void decoding_data();
    void decoding();
    void decodingNeverFails();
    void html_data();
    void html();
    void htmlHead();
    void htmlCaptions();
    void htmlRobustness_data();
    void htmlRobustness();
    void paragraphs_data();
    void paragraphs();
    void furnitureLines_data();
    void furnitureLines();
    void keepsStoryLines_data();
    void keepsStoryLines();
    void cnnSample_data();
    void cnnSample();
    void articles_data();
    void articles();
    void titles_data();
    void titles();
};

void TestTextClean::decoding_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("encoding");
    auto row = [](const char *name, const QByteArray &bytes, const QString &text, TextEncoding e) {
        QTest::newRow(name) << bytes << text << int(e);
    };
    row("ascii", "Kabul fell.", QStringLiteral("Kabul fell."), TextEncoding::Utf8);
    row("utf-8", "Caf\xC3\xA9 \xE2\x80\x94 Kunduz", QStringLiteral(u"Café — Kunduz"), TextEncoding::Utf8);
    row("utf-8 with BOM", "\xEF\xBB\xBFKabul", QStringLiteral("Kabul"), TextEncoding::Utf8);
    row("utf-8 four-byte", "a\xF0\x9F\x98\x80z", QString::fromUtf8("a\xF0\x9F\x98\x80z"), TextEncoding::Utf8);
    row("utf-16le with BOM", QByteArray("\xFF\xFEK\0a\0b\0u\0l\0", 12), QStringLiteral("Kabul"), TextEncoding::Utf16LE);
    row("utf-16be with BOM", QByteArray("\xFE\xFF\0K\0a\0b\0u\0l", 12), QStringLiteral("Kabul"), TextEncoding::Utf16BE);
    row("utf-16le without BOM", QByteArray("K\0a\0b\0u\0l\0 \0f\0e\0l\0l\0", 20), QStringLiteral("Kabul fell"),
        TextEncoding::Utf16LE);
    row("utf-16 odd trailing byte", QByteArray("\xFF\xFEK\0a\0X", 7), QStringLiteral(u"Ka\uFFFD"), TextEncoding::Utf16LE);
    row("windows-1252 quotes and dash", "\x93Go\x94 \x96 caf\xE9", QStringLiteral(u"“Go” – café"), TextEncoding::Windows1252);
    row("windows-1252 undefined byte", "a\x81z", QStringLiteral(u"a\uFFFDz"), TextEncoding::Windows1252);
    row("invalid utf-8 mid-file", "Caf\xC3\xA9 said \x93no\x94 in Kunduz \xE2\x80\x94 ok",
        QStringLiteral(u"Café said “no” in Kunduz — ok"), TextEncoding::Utf8WithRepairs);
    row("truncated utf-8 at end", "Caf\xC3\xA9 \xC3\xA9 \xE2\x80", QStringLiteral(u"Café é â€"), TextEncoding::Utf8WithRepairs);
    row("overlong utf-8", "a\xC0\xAF\xC3\xA9\xC3\xA9\xC3\xA9", QStringLiteral(u"aÀ¯ééé"), TextEncoding::Utf8WithRepairs);
    row("encoded surrogate", "\xED\xA0\x80\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", QStringLiteral(u"í\u00A0€éééé"),
        TextEncoding::Utf8WithRepairs);
    row("crlf", "one\r\ntwo\r\n", QStringLiteral("one\ntwo\n"), TextEncoding::Utf8);
    row("lone cr", "one\rtwo", QStringLiteral("one\ntwo"), TextEncoding::Utf8);
    row("crlf in utf-16", QByteArray("\xFF\xFE" "a\0\r\0\n\0b\0", 10), QStringLiteral("a\nb"), TextEncoding::Utf16LE);
    row("controls dropped", QByteArray("a\0b\x0C" "c\x1B" "d\te", 9), QStringLiteral("abcd\te"), TextEncoding::Utf8);
    row("unicode line separator", "a\xE2\x80\xA8" "b", QStringLiteral("a\nb"), TextEncoding::Utf8);
}

void TestTextClean::decoding()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    QFETCH(int, encoding);
    const DecodedText d = decodeText(bytes);
    QCOMPARE(d.text, text);
    QCOMPARE(int(d.encoding), encoding);
}

void TestTextClean::decodingNeverFails()
{
    // Every byte value in every position: no crash, no NUL, nothing lost silently.
    QByteArray all;
    for (int rep = 0; rep < 3; ++rep)
        for (int b = 0; b < 256; ++b)
            all.append(char(b));
    const DecodedText d = decodeText(all);
    QVERIFY(!d.text.isEmpty());
    QVERIFY(!d.text.contains(QChar(0)));
    QVERIFY(!d.text.contains(QLatin1Char('\r')));
}

void TestTextClean::html_data()
{
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("text");
    auto row = [](const char *name, const char *html, const QString &text) {
        QTest::newRow(name) << QString::fromUtf8(html) << text;
    };
    row("paragraphs", "<p>One.</p><p>Two.</p>", QStringLiteral("One.\nTwo."));
    row("unclosed paragraphs", "<P>One.<P>Two.", QStringLiteral("One.\nTwo."));
    row("br and div", "a<br>b<br/>c<div>d</div>e", QStringLiteral("a\nb\nc\nd\ne"));
    row("inline elements stay inline", "<p>The <b>Taliban</b> <a href='x'>fled</a>.</p>", QStringLiteral("The Taliban fled."));
    row("white space collapsed", "<p>  a \n\t b  </p>", QStringLiteral("a b"));
    row("headings and lists", "<h1>Title</h1><ul><li>one<li>two</ul>", QStringLiteral("Title\none\ntwo"));
    row("table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", QStringLiteral("a\nb\nc"));
    row("script dropped", "<p>a</p><script>var s = '<p>no</p>'; if (a < b) x();</script><p>b</p>", QStringLiteral("a\nb"));
    row("script with end tag in upper case", "<SCRIPT>x = 1;</SCRIPT>ok", QStringLiteral("ok"));
    row("unclosed script drops the rest", "<p>a</p><script>var x = 1;", QStringLiteral("a"));
    row("style dropped", "<style>p { color: red }</style><p>a</p>", QStringLiteral("a"));
    row("comment dropped", "a<!-- <p>hidden</p> -->b", QStringLiteral("ab"));
    row("unclosed comment", "a<!-- never closed <p>b</p>", QStringLiteral("a"));
    row("conditional comment", "<!--[if IE]><p>old</p><![endif]-->new", QStringLiteral("new"));
    row("doctype and processing instruction", "<!DOCTYPE html><?xml version='1.0'?>a", QStringLiteral("a"));
    row("cdata", "a<![CDATA[ x < y ]]>b", QStringLiteral("ab"));
    row("noscript dropped", "<noscript><img src='http://stats/x.gif'>Enable JS</noscript>a", QStringLiteral("a"));
    row("iframe dropped", "<iframe src='http://ads/'><p>Your browser</p></iframe>a", QStringLiteral("a"));
    row("frameset", "<frameset><frame src='nav.html'><frame src='story.html'></frameset><noframes>No frames</noframes>a",
        QStringLiteral("a"));
    row("object and embed", "<object data='x.swf'><param name='a' value='b'><embed src='x.swf'>Flash</object>a",
        QStringLiteral("a"));
    row("svg dropped", "<svg><title>icon</title><text>svg text</text><svg>inner</svg></svg>a", QStringLiteral("a"));
    row("template dropped", "<template><p>{{x}}</p></template>a", QStringLiteral("a"));
    row("select and button dropped", "<select><option>World</option></select><button>Go</button>a", QStringLiteral("a"));
    row("nav dropped", "<nav><a href='/'>Home</a> | <a>World</a></nav><p>a</p>", QStringLiteral("a"));
    row("remote images leave nothing", "<p>a <img src='http://i.cnn.net/x.jpg' alt='A tank'> b</p>", QStringLiteral("a b"));
    row("named entities", "&amp; &lt; &gt; &quot; &apos; &mdash; &ndash; &hellip; &lsquo;&rsquo;&ldquo;&rdquo; &eacute;&uuml;&ccedil;",
        QStringLiteral(u"& < > \" ' — – … ‘’“” éüç"));
    row("nbsp becomes a space", "a&nbsp;&nbsp;b", QStringLiteral("a b"));
    row("numeric entities", "&#65;&#x42;&#X43;&#8212;&#x2014;", QStringLiteral(u"ABC——"));
    row("numeric windows-1252 range", "&#150; &#147;x&#148;", QStringLiteral(u"– “x”"));
    row("invalid numeric entities", "&#0;&#xD800;&#99999999;", QStringLiteral(u"\uFFFD\uFFFD\uFFFD"));
    row("unknown entity kept", "&bogus; &amp", QStringLiteral("&bogus; &"));
    row("legacy entity without semicolon", "AT&T and &nbspx", QStringLiteral("AT&T and x"));
    row("entity in attribute does not leak", "<a title='&lt;b&gt;'>x</a>", QStringLiteral("x"));
    row("literal less-than", "<p>a < b and c < d, x<3</p>", QStringLiteral("a < b and c < d, x<3"));
    row("stray end tags", "</div></p>a</div>b</span>c</td>", QStringLiteral("a\nbc"));
    row("unclosed attribute quote", "<div id=\"story>\n<p>Kabul fell.</p><div class=\"x\">b</div>", QStringLiteral("Kabul fell.\nb"));
    row("unquoted attributes", "<FONT SIZE=1 FACE=arial>a</FONT>", QStringLiteral("a"));
    // Tag names are classified by one look-up of their lower-case form (any case as written).
    row("tags in upper and mixed case", "<DIV>a</DIV><Br>b<NoScript>x</NOSCRIPT><Style>p{}</sTyle>c<Pre>d\ne</PRE>",
        QStringLiteral("a\nb\nc\nd\ne"));
    row("tag name outside ASCII stays inline", "<d\xC3\xADv>a</d\xC3\xADv>b<SCR\xC3\x8DPT>c</SCR\xC3\x8DPT>",
        QStringLiteral("abc"));
    row("attribute values skipped undecoded", "<p style='&bogus;&#0;' data-x=\"&lt;p&gt;\" alt=&amp;>a</p>",
        QStringLiteral("a"));
    row("pre keeps lines", "<pre>one\ntwo</pre>", QStringLiteral("one\ntwo"));
    row("title not in text", "<title>Page</title><p>a</p>", QStringLiteral("a"));
    row("soft hyphen and zero width", "Kan&shy;da\xC2\xADhar\xE2\x80\x8B", QStringLiteral("Kandahar"));
}

void TestTextClean::html()
{
    QFETCH(QString, html);
    QFETCH(QString, text);
    QCOMPARE(cleanHtml(html).text, text);
}

void TestTextClean::htmlHead()
{
    const QString html = QStringLiteral(
        "<html><head><title>CNN.com - Talks end - November 22, 2001</title>"
        "<meta name=\"Date\" content=\"2001-11-22\"><META PROPERTY='og:title' CONTENT='Talks &amp; truce'>"
        "<meta property=\"og:site_name\" content=\"CNN\"><meta charset=utf-8>"
        "<link rel=\"stylesheet\" href=\"a.css\"><link rel=\"canonical\" href=\"http://cnn.com/2001/x/\">"
        "</head><body><h1>Talks <i>end</i></h1><p>Story.</p></body></html>");
    QVERIFY(looksLikeHtml(html));
    const HtmlDocument doc = cleanHtml(html);
    QCOMPARE(doc.title, QStringLiteral("CNN.com - Talks end - November 22, 2001"));
    QCOMPARE(doc.headline, QStringLiteral("Talks end"));
    QCOMPARE(doc.canonicalUrl, QStringLiteral("http://cnn.com/2001/x/"));
    QCOMPARE(doc.metaContent(u"date"), QStringLiteral("2001-11-22"));
    QCOMPARE(doc.metaContent(u"og:title"), QStringLiteral("Talks & truce"));
    QCOMPARE(doc.metaContent(u"og:site_name"), QStringLiteral("CNN"));
    QCOMPARE(doc.text, QStringLiteral("Talks end\nStory."));
    QVERIFY(!looksLikeHtml(QStringLiteral("KABUL (AP) -- a < b, and 3 > 2.")));
}

void TestTextClean::htmlCaptions()
{
    const HtmlDocument doc = cleanHtml(
        QStringLiteral("<p>Story one.</p><figure><img src='x.jpg'><figcaption>A tank near Bangi.</figcaption></figure>"
                       "<div class=\"cnnStoryPhotoCaption\">Smoke over Tora Bora.</div><span id=photo-caption>Refugees.</span>"
                       "<p>Story two.</p><div class=\"caption-wrapper\">") +
        QString(700, QLatin1Char('x')) + QStringLiteral("</div>"));
    QCOMPARE(doc.captions, (QStringList{QStringLiteral("A tank near Bangi."), QStringLiteral("Smoke over Tora Bora."),
                                        QStringLiteral("Refugees.")}));
    // Captions are not story text; an over-long "caption" is layout and stays in the text.
    QVERIFY(doc.text.startsWith(QStringLiteral("Story one.\nStory two.\nxxx")));
}

void TestTextClean::htmlRobustness_data()
{
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("mustContain");
    const int deep = 10000;
    QTest::newRow("10,000 nested divs") << QString(QStringLiteral("<div>").repeated(deep) + QStringLiteral("deep text") +
                                                   QStringLiteral("</div>").repeated(deep))
                                        << QStringLiteral("deep text");
    QTest::newRow("10,000 unclosed nested elements") << QString(QStringLiteral("<span><b><i>").repeated(deep) + QStringLiteral("x"))
                                                     << QStringLiteral("x");
    QTest::newRow("10,000 mismatched end tags") << QString(QStringLiteral("<div>").repeated(deep) + QStringLiteral("y") +
                                                           QStringLiteral("</p>").repeated(deep))
                                                << QStringLiteral("y");
    QTest::newRow("10,000-character line") << QString(QStringLiteral("<p>") + QStringLiteral("word ").repeated(2000) + QStringLiteral("end"))
                                           << QStringLiteral("word word end");
    QTest::newRow("100,000 stray less-than signs") << QString(QStringLiteral("<").repeated(100000) + QStringLiteral("z"))
                                                   << QStringLiteral("z");
    QTest::newRow("many unclosed quotes") << QString(QStringLiteral("<a href=\"x>t</a> ").repeated(5000) + QStringLiteral("q"))
                                          << QStringLiteral("q");
    QTest::newRow("tag that never closes") << QString(QStringLiteral("ok <div ") + QString(20000, QLatin1Char('a')))
                                           << QStringLiteral("ok");
    QTest::newRow("10,000 nested captions") << QString(QStringLiteral("<figcaption>").repeated(deep) + QStringLiteral("c"))
                                            << QString();
    QTest::newRow("10,000 nested svgs") << QString(QStringLiteral("<svg>").repeated(deep) + QStringLiteral("s") +
                                                   QStringLiteral("</svg>").repeated(deep) + QStringLiteral("after"))
                                        << QStringLiteral("after");
}

void TestTextClean::htmlRobustness()
{
    QFETCH(QString, html);
    QFETCH(QString, mustContain);
    const HtmlDocument doc = cleanHtml(html);
    if (!mustContain.isEmpty())
        QVERIFY2(doc.text.contains(mustContain), qPrintable(doc.text.left(200)));
    // The rest of the stage copes too.
    const TextStage stage = prepareArticle(html, ArticleMeta{});
    QVERIFY(stage.article.body.size() <= html.size());
}

void TestTextClean::paragraphs_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("paragraphs");
    const QString wrapped = QStringLiteral(
        "KABUL, Afghanistan (AP) -- Northern Alliance fighters rolled into\n"
        "Kabul on Tuesday after Taliban forces abandoned the capital\n"
        "overnight, ending five years of rule by the militia.\n"
        "\n"
        "Thousands of residents lined the streets as tanks and pickup trucks\n"
        "carrying alliance soldiers moved past the ruined presidential\n"
        "palace. Some men shaved their beards and others played music\n"
        "publicly for the first time since 1996.\n");
    QTest::newRow("hard-wrapped wire copy is joined")
        << wrapped
        << QStringList{QStringLiteral("KABUL, Afghanistan (AP) -- Northern Alliance fighters rolled into Kabul on Tuesday after "
                                      "Taliban forces abandoned the capital overnight, ending five years of rule by the militia."),
                       QStringLiteral("Thousands of residents lined the streets as tanks and pickup trucks carrying alliance "
                                      "soldiers moved past the ruined presidential palace. Some men shaved their beards and "
                                      "others played music publicly for the first time since 1996.")};
    QTest::newRow("one paragraph per line stays")
        << QStringLiteral("Title line\n\nFirst paragraph is a long line that is not wrapped at any width at all, it just goes on "
                          "and on past eighty columns.\nSecond.\n")
        << QStringList{QStringLiteral("Title line"),
                       QStringLiteral("First paragraph is a long line that is not wrapped at any width at all, it just goes on "
                                      "and on past eighty columns."),
                       QStringLiteral("Second.")};
    QTest::newRow("white space normalised")
        << QStringLiteral(u"  a\u00A0\u00A0b\t c\u200B \n")
        << QStringList{QStringLiteral("a b c")};
    QTest::newRow("indented paragraphs without blank lines")
        << QStringLiteral("  The first paragraph of a wire story wrapped at a narrow width\n"
                          "continues here and ends here at the last line.\n"
                          "  The second paragraph starts indented and is wrapped at the\n"
                          "same width as the first paragraph of this wire story is.\n"
                          "  A third paragraph, indented too, wrapped at the same width\n"
                          "as the others, to make the width clear to the splitter.\n")
        << QStringList{QStringLiteral("The first paragraph of a wire story wrapped at a narrow width continues here and ends here at the last line."),
                       QStringLiteral("The second paragraph starts indented and is wrapped at the same width as the first paragraph of this wire story is."),
                       QStringLiteral("A third paragraph, indented too, wrapped at the same width as the others, to make the width clear to the splitter.")};
}

void TestTextClean::paragraphs()
{
    QFETCH(QString, text);
    QFETCH(QStringList, paragraphs);
    QCOMPARE(splitParagraphs(text), paragraphs);
}

void TestTextClean::furnitureLines_data()
{
    QTest::addColumn<QString>("line");
    for (const char *line : {"Skip to main content /WORLD /WORLD", "See related sites about World",
                             "Note: Pages will open in a new browser window", "External sites are not endorsed by CNN Interactive.",
                             "Back to the top", "  BACK TO TOP  ", "Play video", "Click here to see the gallery.",
                             "Advertisement", "Story Tools", "RELATED STORIES:", "Copyright 2001 The Associated Press.",
                             "(c) 2001 Reuters Limited", "All Rights Reserved.", "Print this", "E-mail this story to a friend",
                             "Watch: Afghans head to the polls", "• Related links", "(Reporting by Sayed Salahuddin)"}) {
        QTest::newRow(line) << QString::fromUtf8(line);
    }
}

void TestTextClean::furnitureLines()
{
    QFETCH(QString, line);
    QVERIFY(FurnitureLexicon::shared().matches(line));
    // A lexicon made of other phrases does not match: the file drives the rule.
    QVERIFY(!FurnitureLexicon::fromText(u"=nothing like it\n~zzz\n").matches(line));
}

void TestTextClean::keepsStoryLines_data()
{
    QTest::addColumn<QString>("line");
    for (const char *line : {"Advertisements for the loya jirga appeared in Kabul on Monday.",
                             "Copyrighted maps of the front were seized, officials said.",
                             "Subscribers to the service in Peshawar lost access on Friday.",
                             "Back in Kandahar, fighting resumed.", "Printing presses were destroyed in the raid.",
                             "Watching the convoy, villagers cheered."}) {
        QTest::newRow(line) << QString::fromUtf8(line);
    }
}

void TestTextClean::keepsStoryLines()
{
    QFETCH(QString, line);
    QVERIFY(!FurnitureLexicon::shared().matches(line));
    const CleanedText cleaned = removeFurniture({QStringLiteral("WASHINGTON (AP) -- The first paragraph of the story is here."),
                                                 line, QStringLiteral("The last paragraph of the story is here, too.")});
    QVERIFY2(cleaned.paragraphs.contains(line), qPrintable(cleaned.removed.join(QLatin1Char('|'))));
}

void TestTextClean::cnnSample_data()
{
    QTest::addColumn<bool>("withSidecar");
    QTest::newRow("sample, no sidecar") << false;
    QTest::newRow("resources sample, with sidecar") << true;
}

void TestTextClean::cnnSample()
{
    QFETCH(bool, withSidecar);
    const QString path = withSidecar ? test::sampleArticle()
                                     : cnnSamplePath();
    QVERIFY(QFileInfo::exists(path));
    const TextStage stage = stageFor(path);
    const QString &body = stage.article.body;
    for (const char *furniture : {"Skip to main content", "See related sites", "Note: Pages will open",
                                  "External sites are not endorsed", "Back to the top", "/WORLD"})
        QVERIFY2(!body.contains(QLatin1String(furniture)), furniture);
    const QString caption = QStringLiteral("A Northern Alliance tank guards Bangi Bridge between Takhor and Konduz "
                                           "provinces on Wednesday.");
    QVERIFY(!body.contains(QStringLiteral("Bangi Bridge")));
    QCOMPARE(stage.captions, QStringList{caption});
    QCOMPARE(stage.article.meta.title, QStringLiteral("Alliance, Taliban end new talks on Konduz"));
    QVERIFY(!body.contains(QStringLiteral("end new talks")));
    QVERIFY(body.startsWith(QStringLiteral("MAZAR-E SHARIF, Afghanistan (CNN) -- Northern Alliance commanders")));
    QVERIFY(body.endsWith(QStringLiteral("with the assistance of elders in the town.")));
    QCOMPARE(stage.article.datelinePlace, QStringLiteral("MAZAR-E SHARIF"));
    QCOMPARE(stage.article.meta.source, QStringLiteral("CNN"));
    QCOMPARE(stage.article.meta.published, withSidecar ? QDate(2001, 11, 22) : QDate());
    QCOMPARE(stage.warnings.isEmpty(), withSidecar); // no date: the import report says so
    // Every story paragraph survives: 16 paragraphs, none lost.
    QCOMPARE(body.count(QLatin1Char('\n')) + 1, 16);
    QCOMPARE(stage.article.sentences.first().text,
             QStringLiteral("Northern Alliance commanders and Taliban leaders ended a second round of talks here Thursday."));
}

void TestTextClean::articles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("bodyStart");
    QTest::addColumn<QString>("bodyEnd");
    QTest::addColumn<QStringList>("notInBody");
    QTest::addColumn<int>("captions");
    QTest::addColumn<QString>("dateline");
    QTest::newRow("AP wire, hard-wrapped")
        << QStringLiteral("ap-2001-11-14-kabul-taliban-flee.txt") << QStringLiteral("Alliance Fighters Enter Kabul as Taliban Flee South")
        << QStringLiteral("KABUL, Afghanistan (AP) -- Northern Alliance fighters rolled into Kabul on Tuesday")
        << QStringLiteral("the last Taliban stronghold in the north.")
        << QStringList{QStringLiteral("KATHY"), QStringLiteral("Associated Press Writer"), QStringLiteral("Copyright"),
                       QStringLiteral("redistributed")}
        << 0 << QStringLiteral("KABUL");
    QTest::newRow("Reuters, Windows-1252, CRLF")
        << QStringLiteral("reuters-2001-11-24-konduz-surrender.txt") << QStringLiteral("Taliban in Konduz agree to surrender, alliance says")
        << QStringLiteral(u"ISLAMABAD, Pakistan, Nov. 24 (Reuters) – Taliban commanders besieged")
        << QStringLiteral("a claim that could not be independently verified.")
        << QStringList{QStringLiteral("Additional reporting"), QStringLiteral("Reuters Limited"), QStringLiteral("\r")}
        << 0 << QStringLiteral("ISLAMABAD");
    QTest::newRow("AFP, UTF-16, title from the text")
        << QStringLiteral("afp-2001-12-07-tora-bora.txt") << QStringLiteral("US jets pound Tora Bora as tribal fighters close in on bin Laden caves")
        << QStringLiteral("KANDAHAR, Afghanistan, Dec 7 (AFP) - US B-52 bombers") << QStringLiteral("on December 22.")
        << QStringList{QStringLiteral("burs/sct"), QStringLiteral("close in on bin Laden caves")} << 0 << QStringLiteral("KANDAHAR");
    QTest::newRow("undated plain text")
        << QStringLiteral("undated-kabul-aid-convoy.txt") << QStringLiteral("First aid convoy reaches Kabul by road from Pakistan")
        << QStringLiteral("KABUL -- A convoy of 20 trucks") << QStringLiteral("next week if security allows.")
        << QStringList{QStringLiteral("First aid convoy reaches")} << 0 << QStringLiteral("KABUL");
    QTest::newRow("BBC 2001 page")
        << QStringLiteral("bbc-2001-11-13-alliance-advance.html") << QStringLiteral("Alliance pushes south after capturing Kabul")
        << QStringLiteral("Northern Alliance forces are pressing south towards Kandahar")
        << QStringLiteral("including many foreigners, are surrounded.")
        << QStringList{QStringLiteral("Front Page"), QStringLiteral("You are in"), QStringLiteral("Americas"),
                       QStringLiteral("13 November, 2001"), QStringLiteral("upcoming"), QStringLiteral("Upgrade your browser"),
                       QStringLiteral("Visit our sponsor"), QStringLiteral("Sharp warning"), QStringLiteral("See also"),
                       QStringLiteral("Who are the Northern Alliance?"), QStringLiteral("not responsible"),
                       QStringLiteral("Pakistan closes Afghan consulates"), QStringLiteral("foot of the page"),
                       QStringLiteral("E-mail this"), QStringLiteral("MMI"), QStringLiteral("Alliance tanks took up"),
                       QStringLiteral("font-family"), QStringLiteral("bbcpage_section")}
        << 1 << QString();
    QTest::newRow("CNN 2001 page")
        << QStringLiteral("cnn-2001-12-06-tora-bora.html") << QStringLiteral("U.S. bombs pound Tora Bora; tribal forces advance")
        << QStringLiteral("TORA BORA, Afghanistan (CNN) -- U.S. warplanes dropped more bombs Thursday")
        << QStringLiteral("since the bombing campaign began on October 7.")
        << QStringList{QStringLiteral("Skip to main content"), QStringLiteral("/WORLD"), QStringLiteral("Home Page"),
                       QStringLiteral("Posted:"), QStringLiteral("Story Tools"), QStringLiteral("Print this"),
                       QStringLiteral("RELATED"), QStringLiteral("Karzai named interim"), QStringLiteral("Department of Defense"),
                       QStringLiteral("Note: Pages"), QStringLiteral("Back to the top"), QStringLiteral("AOL Time Warner"),
                       QStringLiteral("privacy"), QStringLiteral("Smoke rises"), QStringLiteral("cnnCurrTime"),
                       QStringLiteral("CNN.com"), QStringLiteral("Share")}
        << 1 << QStringLiteral("TORA BORA");
    QTest::newRow("Guardian 2008 page")
        << QStringLiteral("guardian-2008-06-14-kandahar-jailbreak.html") << QStringLiteral("Taliban free hundreds in Kandahar jail attack")
        << QStringLiteral("Taliban fighters blew open the gates of the main prison in Kandahar on Friday night")
        << QStringLiteral("Western donors are due to meet in Paris on Thursday to pledge new aid.")
        << QStringList{QStringLiteral("Sport"), QStringLiteral("UK edition"), QStringLiteral("Share on"),
                       QStringLiteral("Declan Walsh"), QStringLiteral("09.31"), QStringLiteral("Photograph"),
                       QStringLiteral("Related"), QStringLiteral("Helmand blast"), QStringLiteral("Advertisement"),
                       QStringLiteral("Privacy policy"), QStringLiteral("Guardian News and Media"), QStringLiteral("{{body}}"),
                       QStringLiteral("not text"), QStringLiteral("NewsArticle")}
        << 1 << QString();
    QTest::newRow("AP 2009 page, malformed")
        << QStringLiteral("ap-2009-08-20-afghan-election.html") << QStringLiteral("Attacks, low turnout mar Afghan election")
        << QStringLiteral(u"KABUL — Militants fired rockets and mortars at polling stations")
        << QStringLiteral("in the east on Wednesday, the military said.")
        << QStringList{QStringLiteral("Home | Local"), QStringLiteral("STRAZIUSO"), QStringLiteral("Advertisement"),
                       QStringLiteral("Watch:"), QStringLiteral("Click here"), QStringLiteral("contributed to this report"),
                       QStringLiteral("Copyright"), QStringLiteral("Most Read"), QStringLiteral("Mariners"),
                       QStringLiteral("Seattle Times")}
        << 0 << QStringLiteral("KABUL");
}

void TestTextClean::articles()
{
    QFETCH(QString, file);
    QFETCH(QString, title);
    QFETCH(QString, bodyStart);
    QFETCH(QString, bodyEnd);
    QFETCH(QStringList, notInBody);
    QFETCH(int, captions);
    QFETCH(QString, dateline);
    const TextStage stage = stageFor(articlePath(file));
    const QString &body = stage.article.body;
    QCOMPARE(stage.article.meta.title, title);
    QVERIFY2(body.startsWith(bodyStart), qPrintable(body.left(120)));
    QVERIFY2(body.endsWith(bodyEnd), qPrintable(body.right(120)));
    for (const QString &s : notInBody)
        QVERIFY2(!body.contains(s), qPrintable(s));
    QCOMPARE(stage.captions.size(), captions);
    QCOMPARE(stage.article.datelinePlace, dateline);
    QVERIFY(!body.contains(QStringLiteral("\n\n")));
    QVERIFY(!body.contains(QChar(0xA0)));
    for (const Sentence &s : stage.article.sentences)
        QCOMPARE(body.mid(s.start, s.end - s.start), s.text);
}

// The headline above its byline or date stamp, whatever furniture comes first (issue 18: RFE/RL
// pages came out titled "Accessibility links"); a <title> no line repeats is the site's name.
void TestTextClean::titles_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("notInBody");
    QTest::newRow("page copied as text")
        << QStringLiteral("Accessibility links\nSkip to main content\nSkip to main Navigation\nNext\nClose\n"
                          "Radio Free Europe / Radio Liberty\nMenu\nLanguages\n"
                          "Afghanistan: Rival Commanders Clash In North\nDecember 04, 2001 17:30 GMT\nBy Jan Cerny\nShare\nPrint\n\n"
                          "Prague, 4 December 2001 (RFE/RL) -- Northern Alliance troops and local fighters clashed near Kunduz, officials said.\n")
        << QStringLiteral("Afghanistan: Rival Commanders Clash In North") << QStringLiteral("Accessibility");
    QTest::newRow("local paper saved as text")
        << QStringLiteral("The Harbor Ledger\nFriday, December 14, 2001\nWorld\n\nRed Cross begins registering Taliban prisoners\n\n"
                          "By NINA ROSSI\nThe Associated Press\n\n"
                          "SHEBERGHAN, Afghanistan -- Red Cross workers on Thursday began registering some 3,000 prisoners held in the town.\n")
        << QStringLiteral("Red Cross begins registering Taliban prisoners") << QStringLiteral("Associated Press");
    QTest::newRow("wire slug, editors' note, hard-wrapped story")
        << QStringLiteral("AP-Afghanistan-Kandahar, 3rd Ld-Writethru\nTaliban agree to surrender Kandahar\n"
                          "Eds: UPDATES with Rumsfeld comment, fighting at airport.\nBy LAURA BECKETT\nAssociated Press Writer\n\n"
                          "KANDAHAR, Afghanistan (AP) -- Taliban leader Mullah Mohammed Omar\n"
                          "agreed Thursday to surrender Kandahar, the last city under the\n"
                          "militia's control, and the handover to tribal leaders is expected to\n"
                          "begin Friday, an aide to Hamid Karzai said on the telephone today.\n\n"
                          "Under the deal, Taliban fighters will hand over their weapons to\n"
                          "Mullah Naqibullah, a former mujahedeen commander, and will be allowed\n"
                          "to return to their homes, said the spokesman of the new governor.\n")
        << QStringLiteral("Taliban agree to surrender Kandahar") << QStringLiteral("Writethru");
    QTest::newRow("VOA wire header fields")
        << QStringLiteral("DATE=11/27/01\nTYPE=CORRESPONDENT REPORT\nTITLE=AFGHAN / MARINES (L-O)\nNUMBER=2-281456\n"
                          "BYLINE=PETER HALE\nDATELINE=ISLAMABAD\nCONTENT=\nVOICED AT:\n\n"
                          "INTRO: Marines in southern Afghanistan have gone into action for the first time on Monday.\n\nNNNN\n")
        << QString() << QStringLiteral("=");
    QTest::newRow("a <title> that is only the site's name")
        << QStringLiteral("<html><head><title>The Valley Courier Online - Nation/World</title></head><body>"
                          "<p><a href=\"/\">Home</a> | <a href=\"/local/\">Local News</a> | <a href=\"/nation/\">Nation/World</a></p>"
                          "<p>Sunday, December 2, 2001</p><p><font size=\"4\"><b>Holdouts give up after revolt at Afghan fort</b></font></p>"
                          "<p><b>By MARK STANLEY<br>The Associated Press</b></p>"
                          "<p>MAZAR-I-SHARIF, Afghanistan -- Eighty-six Taliban fighters emerged from the basement of a fortress "
                          "on Saturday and gave themselves up.</p></body></html>")
        << QStringLiteral("Holdouts give up after revolt at Afghan fort") << QStringLiteral("Valley Courier");
}

void TestTextClean::titles()
{
    QFETCH(QString, text);
    QFETCH(QString, title);
    QFETCH(QString, notInBody);
    const TextStage stage = prepareArticle(text, ArticleMeta{});
    if (!title.isEmpty())
        QCOMPARE(stage.article.meta.title, title);
    QVERIFY2(!stage.article.body.isEmpty(), "no story found");
    QVERIFY2(!stage.article.body.contains(notInBody), qPrintable(stage.article.body));
}

QTEST_GUILESS_MAIN(TestTextClean)
#include "tst_textclean.moc"
