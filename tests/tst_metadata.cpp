// Metadata: HTML meta tags, dates in URLs and page stamps, datelines, page titles, and the
// precedence sidecar > command line > HTML meta > page stamp > URL > dateline > text.
#include "extract/articleparser.h"
#include "extract/dateline.h"
#include "extract/htmlcleaner.h"
#include "extract/metadata.h"
#include "extract/sidecar.h"
#include "extract/textdecoder.h"
#include "testsupport.h"

#include <QtTest>

using namespace mapline;

class TestMetadata : public QObject {
    Q_OBJECT

private slots:
    void metaTags_data();
    void metaTags();
    void urlDates_data();
    void urlDates();
    void dateStamps_data();
    void dateStamps();
    void stampLines_data();
    void stampLines();
    void pageTitles_data();
    void pageTitles();
    void datelines_data();
    void datelines();
    void notDatelines_data();
    void notDatelines();
    void precedence_data();
    void precedence();
    void articles_data();
    void articles();
    void sidecars_data();
    void sidecars();
};

void TestMetadata::metaTags_data()
{
    QTest::addColumn<QString>("head");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QDate>("published");
    QTest::addColumn<QString>("url");
    QTest::newRow("open graph") << QStringLiteral("<meta property=\"og:title\" content=\"Kabul falls\"><meta property=\"og:site_name\" content=\"Reuters\">"
                                                  "<meta property=\"article:published_time\" content=\"2001-11-13T08:00:00Z\"><meta property=\"og:url\" content=\"http://r.com/a\">")
                                << QStringLiteral("Kabul falls") << QStringLiteral("Reuters") << QDate(2001, 11, 13) << QStringLiteral("http://r.com/a");
    QTest::newRow("date and canonical") << QStringLiteral("<title>CNN.com - Kabul falls - November 13, 2001</title><meta name=\"date\" content=\"2001-11-13\">"
                                                          "<link rel=\"canonical\" href=\"http://cnn.com/x\">")
                                        << QStringLiteral("Kabul falls") << QString() << QDate(2001, 11, 13) << QStringLiteral("http://cnn.com/x");
    QTest::newRow("pubdate compact") << QStringLiteral("<meta name=\"pubdate\" content=\"20090820\">")
                                     << QString() << QString() << QDate(2009, 8, 20) << QString();
    QTest::newRow("Dublin Core") << QStringLiteral("<META NAME=\"DC.date\" CONTENT=\"2002-03-04\"><META NAME=\"DC.title\" CONTENT=\"Anaconda\">"
                                                   "<META NAME=\"DC.publisher\" CONTENT=\"AFP\">")
                                 << QStringLiteral("Anaconda") << QStringLiteral("AFP") << QDate(2002, 3, 4) << QString();
    QTest::newRow("BBC original publication date") << QStringLiteral("<meta name=\"OriginalPublicationDate\" content=\"2001/11/13 18:05:12\">")
                                                   << QString() << QString() << QDate(2001, 11, 13) << QString();
    QTest::newRow("RFC 822 date") << QStringLiteral("<meta name=\"date\" content=\"Thu, 22 Nov 2001 14:37:00 GMT\">")
                                  << QString() << QString() << QDate(2001, 11, 22) << QString();
    QTest::newRow("US numeric date") << QStringLiteral("<meta name=\"publishdate\" content=\"11/22/2001\">")
                                     << QString() << QString() << QDate(2001, 11, 22) << QString();
    QTest::newRow("unparsable date skipped") << QStringLiteral("<meta name=\"date\" content=\"yesterday-ish\"><meta name=\"dc.date\" content=\"2001-11-22\">")
                                             << QString() << QString() << QDate(2001, 11, 22) << QString();
    QTest::newRow("title from h1") << QStringLiteral("<title>Site | Section | Story</title></head><body><h1>The headline</h1>")
                                   << QStringLiteral("The headline") << QString() << QDate() << QString();
}

void TestMetadata::metaTags()
{
    QFETCH(QString, head);
    QFETCH(QString, title);
    QFETCH(QString, source);
    QFETCH(QDate, published);
    QFETCH(QString, url);
    const PageMetadata p = metadataFromHtml(cleanHtml(QStringLiteral("<html><head>") + head + QStringLiteral("</body></html>")));
    QCOMPARE(p.title, title);
    QCOMPARE(p.source, source);
    QCOMPARE(p.published, published);
    QCOMPARE(p.url, url);
}

void TestMetadata::urlDates_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QDate>("date");
    QTest::newRow("CNN section path") << QStringLiteral("http://edition.cnn.com/2001/WORLD/asiapcf/central/11/22/ret.afghan.meeting/index.html") << QDate(2001, 11, 22);
    QTest::newRow("without scheme") << QStringLiteral("edition.cnn.com/2001/WORLD/asiapcf/central/11/22/ret.afghan.meeting/index.html") << QDate(2001, 11, 22);
    QTest::newRow("year month day") << QStringLiteral("http://www.example.com/2001/11/22/world/story.html") << QDate(2001, 11, 22);
    QTest::newRow("month name") << QStringLiteral("http://www.guardian.co.uk/world/2008/jun/14/afghanistan.taliban") << QDate(2008, 6, 14);
    QTest::newRow("compact") << QStringLiteral("http://news.example.com/stories/20011122/afghan.html") << QDate(2001, 11, 22);
    QTest::newRow("iso in file name") << QStringLiteral("http://example.org/news/2001-11-22-konduz.html") << QDate(2001, 11, 22);
    QTest::newRow("underscores") << QStringLiteral("http://example.org/news/story_2001_11_22.html") << QDate(2001, 11, 22);
    QTest::newRow("no date") << QStringLiteral("http://news.bbc.co.uk/1/hi/world/south_asia/1654321.stm") << QDate();
    QTest::newRow("impossible date") << QStringLiteral("http://example.com/2001/13/45/x.html") << QDate();
    QTest::newRow("story id is not a date") << QStringLiteral("http://example.com/story/12345678.html") << QDate();
    QTest::newRow("empty") << QString() << QDate();
}

void TestMetadata::urlDates()
{
    QFETCH(QString, url);
    QFETCH(QDate, date);
    QCOMPARE(dateFromUrl(url), date);
}

void TestMetadata::dateStamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDate>("date");
    QTest::newRow("iso") << QStringLiteral("2001-11-22") << QDate(2001, 11, 22);
    QTest::newRow("iso date-time") << QStringLiteral("2001-11-22T14:37:00+05:00") << QDate(2001, 11, 22);
    QTest::newRow("compact") << QStringLiteral("20011122") << QDate(2001, 11, 22);
    QTest::newRow("slashes") << QStringLiteral("2001/11/22 14:37") << QDate(2001, 11, 22);
    QTest::newRow("US numeric") << QStringLiteral("11/22/2001") << QDate(2001, 11, 22);
    QTest::newRow("day first numeric") << QStringLiteral("22/11/2001") << QDate(2001, 11, 22);
    QTest::newRow("RFC 822") << QStringLiteral("Thu, 22 Nov 2001 14:37:00 GMT") << QDate(2001, 11, 22);
    QTest::newRow("BBC stamp") << QStringLiteral("Thursday, 22 November, 2001, 14:37 GMT") << QDate(2001, 11, 22);
    QTest::newRow("US prose") << QStringLiteral("November 22, 2001") << QDate(2001, 11, 22);
    QTest::newRow("no year") << QStringLiteral("November 22") << QDate();
    QTest::newRow("garbage") << QStringLiteral("soon") << QDate();
}

void TestMetadata::dateStamps()
{
    QFETCH(QString, text);
    QFETCH(QDate, date);
    QCOMPARE(parseDateStamp(text), date);
}

void TestMetadata::stampLines_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QDate>("date"); // null: not a stamp line
    QTest::newRow("CNN posted") << QStringLiteral("November 22, 2001 Posted: 3:24 PM EST (2024 GMT)") << QDate(2001, 11, 22);
    QTest::newRow("BBC") << QStringLiteral("Thursday, 22 November, 2001, 14:37 GMT") << QDate(2001, 11, 22);
    QTest::newRow("updated") << QStringLiteral("Updated 1:12 p.m. EST, Thu November 22, 2001") << QDate(2001, 11, 22);
    QTest::newRow("Guardian") << QStringLiteral("Sat 14 Jun 2008 09.31 BST") << QDate(2008, 6, 14);
    QTest::newRow("story sentence with a date") << QStringLiteral("The talks began on November 22, 2001, in Bonn.") << QDate();
    QTest::newRow("no date") << QStringLiteral("Posted: 3:24 PM EST") << QDate();
    QTest::newRow("numeric date") << QStringLiteral("Posted 11/22/2001 14:37 GMT") << QDate(2001, 11, 22);
    QTest::newRow("compact date") << QStringLiteral("Updated 20011122") << QDate(2001, 11, 22);
    QTest::newRow("no digit") << QStringLiteral("Posted Thursday, November") << QDate();
}

void TestMetadata::stampLines()
{
    QFETCH(QString, line);
    QFETCH(QDate, date);
    QDate found;
    QCOMPARE(isDateStampLine(line, &found), date.isValid());
    if (date.isValid())
        QCOMPARE(found, date);
}

void TestMetadata::pageTitles_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("clean");
    QTest::newRow("CNN") << QStringLiteral("CNN.com - Alliance, Taliban end new talks on Konduz - November 22, 2001")
                         << QStringLiteral("Alliance, Taliban end new talks on Konduz");
    QTest::newRow("BBC") << QStringLiteral("BBC News | SOUTH ASIA | Alliance pushes south after capturing Kabul")
                         << QStringLiteral("Alliance pushes south after capturing Kabul");
    QTest::newRow("newspaper") << QStringLiteral("Attacks, low turnout mar Afghan election - The Seattle Times")
                               << QStringLiteral("Attacks, low turnout mar Afghan election");
    QTest::newRow("plain") << QStringLiteral("Kabul falls") << QStringLiteral("Kabul falls");
}

void TestMetadata::pageTitles()
{
    QFETCH(QString, title);
    QFETCH(QString, clean);
    QCOMPARE(cleanPageTitle(title), clean);
}

void TestMetadata::datelines_data()
{
    QTest::addColumn<QString>("paragraph");
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("country");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("date");
    QTest::addColumn<QString>("rest"); // the text after the dateline
    auto row = [](const char *name, const QString &p, const char *place, const char *country, const char *source,
                  const char *date, const char *rest) {
        QTest::newRow(name) << p << QString::fromUtf8(place) << QString::fromUtf8(country) << QString::fromUtf8(source)
                            << QString::fromUtf8(date) << QString::fromUtf8(rest);
    };
    row("CNN", QStringLiteral("MAZAR-E SHARIF, Afghanistan (CNN) -- Northern Alliance commanders met."), "MAZAR-E SHARIF", "Afghanistan", "CNN", "", "Northern Alliance commanders met.");
    row("AP em dash", QStringLiteral(u"KABUL, Afghanistan (AP) — Fighting erupted."), "KABUL", "Afghanistan", "AP", "", "Fighting erupted.");
    row("Reuters with date", QStringLiteral("ISLAMABAD, Pakistan, Nov. 22 (Reuters) - Pakistan said."), "ISLAMABAD", "Pakistan", "Reuters", "Nov. 22", "Pakistan said.");
    row("AFP", QStringLiteral("KANDAHAR (AFP) - Bombs fell."), "KANDAHAR", "", "AFP", "", "Bombs fell.");
    row("AFP with date, mixed case", QStringLiteral("Kabul, Dec 7 (AFP) - Bombs fell."), "Kabul", "", "AFP", "Dec 7", "Bombs fell.");
    row("no source", QStringLiteral("QUETTA, Pakistan -- Refugees arrived."), "QUETTA", "Pakistan", "", "", "Refugees arrived.");
    row("place only", QStringLiteral("WASHINGTON -- The Pentagon said."), "WASHINGTON", "", "", "", "The Pentagon said.");
    row("en dash", QStringLiteral(u"KABUL – Militants fired rockets."), "KABUL", "", "", "", "Militants fired rockets.");
    row("source only", QStringLiteral("(CNN) -- The Taliban said."), "", "", "CNN", "", "The Taliban said.");
    row("US state", QStringLiteral("FORT CAMPBELL, Ky. (AP) -- Troops left."), "FORT CAMPBELL", "Ky.", "AP", "", "Troops left.");
    row("two words source", QStringLiteral("PESHAWAR, Pakistan (Agence France-Presse) -- Talks began."), "PESHAWAR", "Pakistan", "Agence France-Presse", "", "Talks began.");
    row("colon", QStringLiteral("KABUL: Shops reopened."), "KABUL", "", "", "", "Shops reopened.");
}

void TestMetadata::datelines()
{
    QFETCH(QString, paragraph);
    QFETCH(QString, place);
    QFETCH(QString, country);
    QFETCH(QString, source);
    QFETCH(QString, date);
    QFETCH(QString, rest);
    const Dateline d = findDateline(paragraph);
    QVERIFY(d.isValid());
    QCOMPARE(d.place, place);
    QCOMPARE(d.country, country);
    QCOMPARE(d.source, source);
    QCOMPARE(d.dateText, date);
    QCOMPARE(paragraph.mid(d.span.end), rest);
}

void TestMetadata::notDatelines_data()
{
    QTest::addColumn<QString>("paragraph");
    QTest::newRow("sentence") << QStringLiteral("Northern Alliance commanders met in Kabul.");
    QTest::newRow("title case with a dash") << QStringLiteral("Taliban leaders - the hard-liners - refused.");
    QTest::newRow("quote") << QStringLiteral("\"We will fight,\" he said -- and left.");
    QTest::newRow("speaker with colon") << QStringLiteral("Officials said: the road is closed.");
    QTest::newRow("hyphenated word") << QStringLiteral("U.S.-led forces advanced.");
    QTest::newRow("parenthesis with a number") << QStringLiteral("(2001) -- a year of war.");
    QTest::newRow("long capitals") << QStringLiteral("THIS IS A VERY LONG LINE OF CAPITALS THAT GOES ON AND ON AND ON -- then text.");
    QTest::newRow("empty") << QString();
}

void TestMetadata::notDatelines()
{
    QFETCH(QString, paragraph);
    QVERIFY(!findDateline(paragraph).isValid());
}

void TestMetadata::precedence_data()
{
    QTest::addColumn<QDate>("sidecar");
    QTest::addColumn<QDate>("option");
    QTest::addColumn<QDate>("html");
    QTest::addColumn<QDate>("stamp");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QDate>("expected");
    QTest::addColumn<QString>("origin");
    const QDate a(2001, 11, 1), b(2001, 11, 2), c(2001, 11, 3), d(2001, 11, 4);
    const QString url = QStringLiteral("http://x.com/2001/11/05/story.html");
    QTest::newRow("sidecar wins") << a << b << c << d << url << a << QStringLiteral("sidecar");
    QTest::newRow("command line next") << QDate() << b << c << d << url << b << QStringLiteral("options");
    QTest::newRow("HTML meta next") << QDate() << QDate() << c << d << url << c << QStringLiteral("html");
    QTest::newRow("page stamp next") << QDate() << QDate() << QDate() << d << url << d << QStringLiteral("page stamp");
    QTest::newRow("URL last") << QDate() << QDate() << QDate() << QDate() << url << QDate(2001, 11, 5) << QStringLiteral("url");
    QTest::newRow("nothing") << QDate() << QDate() << QDate() << QDate() << QString() << QDate() << QStringLiteral("none");
}

void TestMetadata::precedence()
{
    QFETCH(QDate, sidecar);
    QFETCH(QDate, option);
    QFETCH(QDate, html);
    QFETCH(QDate, stamp);
    QFETCH(QString, url);
    QFETCH(QDate, expected);
    QFETCH(QString, origin);
    MetadataInputs in;
    in.sidecar.published = sidecar;
    in.optionDate = option;
    in.page.published = html;
    in.page.url = url;
    in.stampDate = stamp;
    const ResolvedMetadata r = resolveMetadata(in);
    QCOMPARE(r.meta.published, expected);
    QCOMPARE(toString(r.dateOrigin), origin);

    // Source and title follow the same order.
    in.sidecar.source = QStringLiteral("Sidecar Wire");
    in.optionSource = QStringLiteral("Option Wire");
    in.page.source = QStringLiteral("Page Wire");
    in.datelineSource = QStringLiteral("CNN");
    QCOMPARE(resolveMetadata(in).meta.source, QStringLiteral("Sidecar Wire"));
    in.sidecar.source.clear();
    QCOMPARE(resolveMetadata(in).meta.source, QStringLiteral("Option Wire"));
    in.optionSource.clear();
    QCOMPARE(resolveMetadata(in).meta.source, QStringLiteral("Page Wire"));
    in.page.source.clear();
    QCOMPARE(resolveMetadata(in).meta.source, QStringLiteral("CNN"));
    in.titleLine = QStringLiteral("Line title");
    in.page.title = QStringLiteral("Page title");
    QCOMPARE(resolveMetadata(in).meta.title, QStringLiteral("Page title"));
    in.page.title.clear();
    QCOMPARE(resolveMetadata(in).meta.title, QStringLiteral("Line title"));
}

void TestMetadata::articles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QDate>("published");
    QTest::addColumn<QString>("dateOrigin");
    QTest::addColumn<QString>("source");
    QTest::newRow("AP wire") << QStringLiteral("ap-2001-11-14-kabul-taliban-flee.txt") << QDate(2001, 11, 14) << QStringLiteral("sidecar") << QStringLiteral("AP");
    QTest::newRow("Reuters") << QStringLiteral("reuters-2001-11-24-konduz-surrender.txt") << QDate(2001, 11, 24) << QStringLiteral("sidecar") << QStringLiteral("Reuters");
    QTest::newRow("AFP") << QStringLiteral("afp-2001-12-07-tora-bora.txt") << QDate(2001, 12, 7) << QStringLiteral("sidecar") << QStringLiteral("AFP");
    QTest::newRow("BBC: meta tag date, sidecar source") << QStringLiteral("bbc-2001-11-13-alliance-advance.html") << QDate(2001, 11, 13) << QStringLiteral("html") << QStringLiteral("BBC");
    QTest::newRow("CNN: page stamp, source from dateline") << QStringLiteral("cnn-2001-12-06-tora-bora.html") << QDate(2001, 12, 6) << QStringLiteral("page stamp") << QStringLiteral("CNN");
    QTest::newRow("Guardian: open graph") << QStringLiteral("guardian-2008-06-14-kandahar-jailbreak.html") << QDate(2008, 6, 14) << QStringLiteral("html") << QStringLiteral("the Guardian");
    QTest::newRow("AP 2009: pubdate") << QStringLiteral("ap-2009-08-20-afghan-election.html") << QDate(2009, 8, 20) << QStringLiteral("html") << QStringLiteral("The Associated Press");
    QTest::newRow("undated") << QStringLiteral("undated-kabul-aid-convoy.txt") << QDate() << QStringLiteral("none") << QString();
}

void TestMetadata::articles()
{
    QFETCH(QString, file);
    QFETCH(QDate, published);
    QFETCH(QString, dateOrigin);
    QFETCH(QString, source);
    const QString path = test::testData(QStringLiteral("articles/") + file);
    ArticleMeta meta;
    meta.path = path;
    QVERIFY(readSidecar(path, meta).ok());
    const TextStage stage = prepareArticle(decodeText(test::readFile(path)).text, meta);
    QCOMPARE(stage.article.meta.published, published);
    QCOMPARE(toString(stage.origins.dateOrigin), dateOrigin);
    QCOMPARE(stage.article.meta.source, source);
    QCOMPARE(stage.article.meta.path, path);

    // The command line's --date gives way only to a sidecar: it replaces a date found in the page.
    ParseOptions options;
    options.published = QDate(1999, 1, 1);
    const TextStage withOption = prepareArticle(decodeText(test::readFile(path)).text, meta, options);
    QCOMPARE(withOption.article.meta.published, dateOrigin == u"sidecar" ? published : QDate(1999, 1, 1));
}

void TestMetadata::sidecars_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QDate>("published");
    QTest::addColumn<QString>("error"); // empty: parses
    QTest::newRow("documented form") << QStringLiteral("# comment\ntitle: Talks: round two\nSOURCE: CNN\npublished: 2001-11-22\n")
                                     << QStringLiteral("Talks: round two") << QDate(2001, 11, 22) << QString();
    QTest::newRow("date-time") << QStringLiteral("published: 2001-11-22T10:00:00Z") << QString() << QDate(2001, 11, 22) << QString();
    QTest::newRow("prose date") << QStringLiteral("date: November 22, 2001") << QString() << QDate(2001, 11, 22) << QString();
    QTest::newRow("not a date") << QStringLiteral("title: x\npublished: not-a-date") << QString() << QDate()
                                << QStringLiteral("story.txt.meta:2: \"not-a-date\" is not a date");
    QTest::newRow("no colon") << QStringLiteral("just text") << QString() << QDate() << QStringLiteral("story.txt.meta:1: expected");
}

void TestMetadata::sidecars()
{
    QFETCH(QString, text);
    QFETCH(QString, title);
    QFETCH(QDate, published);
    QFETCH(QString, error);
    ArticleMeta meta;
    const Status s = parseSidecar(text, QStringLiteral("story.txt.meta"), meta);
    QCOMPARE(s.ok(), error.isEmpty());
    if (!error.isEmpty()) {
        QVERIFY2(s.error().startsWith(error), qPrintable(s.error()));
        return;
    }
    QCOMPARE(meta.title, title);
    QCOMPARE(meta.published, published);
}

QTEST_GUILESS_MAIN(TestMetadata)
#include "tst_metadata.moc"
