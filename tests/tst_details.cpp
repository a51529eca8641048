// The details panel: how dates and places were resolved (pure functions), the highlighted
// sentence (escaped, never markup), the view's wiring (article on demand as plain text,
// correction requests), and for events from dataset files (ACLED, GDELT) the row they came from,
// read from a real store the fixtures were imported into.
#include "eventdetailsview.h"
#include "eventexplanation.h"
#include "interop/cameocodes.h"
#include "interop/datasetimporter.h"
#include "qt/placecompletionmodel.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QAction>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QToolButton>
#include <QtTest>

using namespace mapline;

namespace {
// "Northern Alliance and Taliban negotiators met on Wednesday in Konduz." with spans.
Event konduzEvent()
{
    Event e;
    e.id = 42;
    e.articleId = 7;
    e.sentenceIndex = 1;
    e.sentence = QStringLiteral("Northern Alliance and Taliban negotiators met on Wednesday in Konduz.");
    e.type = QStringLiteral("talks");
    e.acledEventType = QStringLiteral("Strategic developments");
    e.acledSubEventType = QStringLiteral("Agreement");
    e.cameoRoot = QStringLiteral("04");
    e.time = TimeRange::day(QDate(2001, 11, 21));
    e.timeText = QStringLiteral("Wednesday");
    e.timeRule = QStringLiteral("weekday:3");
    e.place.name = QStringLiteral("Kunduz");
    e.place.precision = GeoPrecision::City;
    e.place.coordinate = QGeoCoordinate(36.728, 68.857);
    e.place.admin1 = QStringLiteral("Kunduz");
    e.place.source = QStringLiteral("GeoNames");
    e.placeText = QStringLiteral("Konduz");
    e.trigger = {42, 45};   // "met"
    e.timeSpan = {49, 58};  // "Wednesday"
    e.placeSpan = {62, 68}; // "Konduz"
    e.actors = {{Actor{QStringLiteral("Northern Alliance"), {}, QStringLiteral("group")}, Span{0, 17}},
                {Actor{QStringLiteral("Taliban"), {}, QStringLiteral("group")}, Span{22, 29}}};
    e.confidence = 0.8;
    return e;
}

Article konduzArticle()
{
    Article a;
    a.id = 7;
    a.meta.title = QStringLiteral("Alliance, Taliban end new talks on Konduz");
    a.meta.source = QStringLiteral("CNN");
    a.meta.published = QDate(2001, 11, 22);
    a.body = QStringLiteral("First sentence <b>not bold</b>. Northern Alliance and Taliban negotiators met on Wednesday "
                            "in Konduz. Last one.");
    a.sentences = {{0, 0, 30, QStringLiteral("First sentence <b>not bold</b>.")},
                   {1, 31, 100, konduzEvent().sentence}};
    return a;
}

const QString kAcled = QStringLiteral("acled-afghanistan-2020.csv");
const QString kGdelt2 = QStringLiteral("gdelt2-20191024143000.export.CSV");

// What the view is given for one stored event, as the workspace reads it.
struct Shown {
    Event event;
    Article article;
    std::optional<DatasetRecord> record;
};
} // namespace

class TestDetails : public QObject {
    Q_OBJECT
private slots:
    void explainsTime_data();
    void explainsTime();
    void explainsPlace();
    void highlightsAndEscapes();
    void viewShowsEventAndArticle();
    void viewAsksForCorrections();
    void correctedFieldsAreTheAnalysts();
    void storeReadsDatasetRecords();
    void viewShowsAcledRow();
    void viewShowsGdeltRow();
    void viewShowsNoRowForArticleEvents();
    void viewNamesMaplineExportsAndEscapes();
    void viewShowsWhoElseSaysSo();

private:
    void initStore();
    qint64 eventIdOf(const QString &externalId) const; // 0 when absent
    qint64 articleEventId() const;
    Shown shown(qint64 eventId) const;
    QString renderedText(EventDetailsView &view, const Shown &s) const;

    QTemporaryDir mDir;
    std::unique_ptr<EventStore> mStore;
};

// One store with the ACLED and GDELT 2.0 fixtures (through DatasetImporter, everything kept) and
// the sample article; made once, on first use.
void TestDetails::initStore()
{
    if (mStore)
        return;
    QVERIFY(mDir.isValid());
    mStore = test::openStore(mDir.filePath(QStringLiteral("details.sqlite")));
    QVERIFY(mStore);
    DatasetImporter importer(*mStore, /*keepOutside*/ true);
    for (const QString &name : {kAcled, kGdelt2}) {
        const auto r = importer.importFile(test::testData(QStringLiteral("datasets/") + name));
        QVERIFY2(r.status == DatasetImporter::FileResult::Status::Imported, qPrintable(r.error));
        QVERIFY(r.events > 0);
    }
    ArticleImporter articles(*mStore, {});
    const auto r = articles.importFile(test::sampleArticle());
    QVERIFY2(r.status == ArticleImporter::FileResult::Status::Imported, qPrintable(r.error));
    QVERIFY(r.events > 0);
}

qint64 TestDetails::eventIdOf(const QString &externalId) const
{
    QSqlQuery q(mStore->database());
    q.prepare(QStringLiteral("SELECT id FROM events WHERE external_id = ? AND dataset_id IS NOT NULL"));
    q.addBindValue(externalId);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

qint64 TestDetails::articleEventId() const
{
    QSqlQuery q(mStore->database());
    return q.exec(QStringLiteral("SELECT min(id) FROM events WHERE dataset_id IS NULL")) && q.next()
               ? q.value(0).toLongLong()
               : 0;
}

Shown TestDetails::shown(qint64 eventId) const
{
    Shown s;
    const auto events = mStore->events();
    if (!events)
        qWarning() << events.error();
    for (const Event &e : events ? *events : QList<Event>())
        if (e.id == eventId)
            s.event = e;
    const auto article = mStore->article(s.event.articleId);
    if (article)
        s.article = *article;
    const auto record = mStore->datasetRecord(eventId);
    if (record)
        s.record = *record;
    else
        qWarning() << record.error();
    return s;
}

QString TestDetails::renderedText(EventDetailsView &view, const Shown &s) const
{
    view.setEvent(s.event, s.article, {}, s.record);
    auto *text = view.findChild<QTextBrowser *>(QStringLiteral("detailsText"));
    return text ? text->toPlainText() : QString();
}

void TestDetails::storeReadsDatasetRecords()
{
    initStore();
    const qint64 acled = eventIdOf(QStringLiteral("AFG90001"));
    QVERIFY(acled > 0);
    auto r = mStore->datasetRecord(acled);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QVERIFY(r->has_value());
    DatasetRecord d = **r;
    QCOMPARE(d.kind, QStringLiteral("acled"));
    QCOMPARE(d.externalId, QStringLiteral("AFG90001"));
    QCOMPARE(d.source, QStringLiteral("Pajhwok Afghan News; Tolo News"));
    QCOMPARE(d.fatalities, 3);
    QCOMPARE(d.cameoCode, QString());
    QCOMPARE(QFileInfo(d.path).fileName(), kAcled);
    QVERIFY(d.datasetId > 0);
    QVERIFY(d.importedAt.isValid());
    QCOMPARE(d.importedAt.timeSpec(), Qt::UTC);

    // Zero fatalities is a number, not "not given".
    r = mStore->datasetRecord(eventIdOf(QStringLiteral("AFG90003")));
    QVERIFY(r.ok() && r->has_value());
    QCOMPARE((*r)->fatalities, 0);

    const qint64 gdelt = eventIdOf(QStringLiteral("2001"));
    QVERIFY(gdelt > 0);
    r = mStore->datasetRecord(gdelt);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QVERIFY(r->has_value());
    d = **r;
    QCOMPARE(d.kind, QStringLiteral("gdelt2"));
    QCOMPARE(d.externalId, QStringLiteral("2001"));
    QCOMPARE(d.source, QStringLiteral("http://example.org/editorial-peace/"));
    QCOMPARE(d.cameoCode, QStringLiteral("0256"));
    QCOMPARE(d.fatalities, -1);
    QCOMPARE(QFileInfo(d.path).fileName(), kGdelt2);
    QVERIFY(d.datasetId != (*mStore->datasetRecord(acled))->datasetId);

    // An article's event has no dataset row; an event that does not exist is an error naming it.
    const qint64 fromArticle = articleEventId();
    QVERIFY(fromArticle > 0);
    r = mStore->datasetRecord(fromArticle);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QVERIFY(!r->has_value());
    r = mStore->datasetRecord(987654);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(QStringLiteral("no event 987654")), qPrintable(r.error()));
}

void TestDetails::viewShowsAcledRow()
{
    initStore();
    const Shown s = shown(eventIdOf(QStringLiteral("AFG90001")));
    QVERIFY(s.record);
    EventDetailsView view;
    view.show();
    // The article was open for the previous event: a dataset row has none to show.
    view.setEvent(konduzEvent(), konduzArticle());
    auto *button = view.findChild<QToolButton *>(QStringLiteral("showArticleButton"));
    auto *article = view.findChild<QPlainTextEdit *>(QStringLiteral("articleText"));
    QVERIFY(button && article);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(article->isVisible());

    const QString text = renderedText(view, s);
    QVERIFY2(text.contains(QStringLiteral("ACLED event AFG90001")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Fatalities: 3")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Source: Pajhwok Afghan News; Tolo News")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("From %1, imported %2")
                               .arg(kAcled, s.record->importedAt.toLocalTime().date().toString(Qt::ISODate))),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Taliban attacked a checkpoint in Kunduz city")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("CAMEO 0")), qPrintable(text)); // ACLED has no CAMEO code
    // The file is not presented as an article.
    QVERIFY2(!text.contains(QStringLiteral("no publication date")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("ACLED export")), qPrintable(text));

    QVERIFY(!button->isEnabled());
    QVERIFY(!view.isArticleShown());
    QVERIFY(!article->isVisible());
    QVERIFY2(button->toolTip().contains(QStringLiteral("no article")), qPrintable(button->toolTip()));
}

void TestDetails::viewShowsGdeltRow()
{
    initStore();
    const Shown s = shown(eventIdOf(QStringLiteral("2001")));
    QVERIFY(s.record);
    EventDetailsView view;
    const QString text = renderedText(view, s);
    QVERIFY2(text.contains(QStringLiteral("GDELT 2.0 event 2001")), qPrintable(text));
    const QString description = CameoCodes::description(u"0256");
    QVERIFY(!description.isEmpty());
    QVERIFY2(text.contains(QStringLiteral("CAMEO 0256: ") + description), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Source: http://example.org/editorial-peace/")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("From ") + kGdelt2), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("Fatalities")), qPrintable(text)); // GDELT does not count them
    // The URL is text, not a link.
    const QString html = view.findChild<QTextBrowser *>(QStringLiteral("detailsText"))->toHtml();
    QVERIFY(!html.contains(QStringLiteral("href")));
    QVERIFY(!view.findChild<QToolButton *>(QStringLiteral("showArticleButton"))->isEnabled());
}

void TestDetails::viewShowsNoRowForArticleEvents()
{
    initStore();
    EventDetailsView view;
    // A dataset event first: nothing of its row may stay behind.
    renderedText(view, shown(eventIdOf(QStringLiteral("AFG90001"))));
    const Shown s = shown(articleEventId());
    QVERIFY(!s.record);
    QVERIFY(!s.article.body.isEmpty());
    const QString text = renderedText(view, s);
    QVERIFY2(text.contains(QStringLiteral("Alliance, Taliban end new talks on Konduz")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("published 2001-11-22")), qPrintable(text));
    for (const char *absent : {" event AFG", "Fatalities", "Source:", "CAMEO 0256", "imported ", "Pajhwok"})
        QVERIFY2(!text.contains(QLatin1String(absent)), absent);
    auto *button = view.findChild<QToolButton *>(QStringLiteral("showArticleButton"));
    QVERIFY(button->isEnabled());
    QVERIFY(!button->toolTip().contains(QStringLiteral("no article")));
}

void TestDetails::viewNamesMaplineExportsAndEscapes()
{
    DatasetRecord r;
    r.datasetId = 3;
    r.kind = QStringLiteral("mapline");
    r.path = QStringLiteral("/data/exports/kunduz.geojson");
    r.externalId = QStringLiteral("42");
    r.source = QStringLiteral("<a href=\"http://example.org/\">Wire</a>");
    EventDetailsView view;
    const QString text = renderedText(view, {konduzEvent(), Article{}, r});
    QVERIFY2(text.contains(QStringLiteral("Mapline export, event 42")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("From kunduz.geojson")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("imported")), qPrintable(text)); // no date known
    // Markup in a source is text.
    QVERIFY2(text.contains(QStringLiteral("Source: <a href=\"http://example.org/\">Wire</a>")), qPrintable(text));
    QVERIFY(!view.findChild<QTextBrowser *>(QStringLiteral("detailsText"))->toHtml().contains(QStringLiteral("<a ")));
}

// The happening of the event: how many sources and who, where they disagree, the other reports
// with their sources; cleared by the next event.
void TestDetails::viewShowsWhoElseSaysSo()
{
    EventDetailsView view;
    const Event event = konduzEvent();
    renderedText(view, {event, Article{}, {}});
    Happening h;
    h.id = 7;
    h.reports = 3;
    h.sourceNames = {QStringLiteral("AP"), QStringLiteral("Reuters"), QStringLiteral("<b>VOA</b>")};
    h.confidence = 0.97;
    h.disagreements << Disagreement{QStringLiteral("date"),
                                    {{QStringLiteral("2001-11-21"), 2, {QStringLiteral("AP"), QStringLiteral("Reuters")}},
                                     {QStringLiteral("2001-11-20"), 1, {QStringLiteral("<b>VOA</b>")}}}};
    Event other = event;
    other.id = event.id + 1;
    other.sentence = QStringLiteral("Alliance troops fought the Taliban near Kunduz on Wednesday.");
    view.setHappening(h, {HappeningReport{event, QStringLiteral("AP"), QStringLiteral("Kunduz clash")},
                          HappeningReport{other, QStringLiteral("Reuters"), QStringLiteral("Fighting near Kunduz")}});
    auto *browser = view.findChild<QTextBrowser *>(QStringLiteral("detailsText"));
    const QString text = browser->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Told by 3 sources AP, Reuters, <b>VOA</b>")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("3 reports · happening no. 7 · confidence 0.97")), qPrintable(text));
    // The disagreement in words.
    QVERIFY2(text.contains(QStringLiteral("The sources disagree on the date: AP and Reuters say 2001-11-21 (2 reports); "
                                          "<b>VOA</b> says 2001-11-20 (1 report).")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("The 3 reports, side by side")), qPrintable(text));
    // Side by side: each report's source, date and place beside its sentence and document.
    QVERIFY2(text.contains(QStringLiteral("Reuters\n2001-11-21\nKunduz\nshow")), qPrintable(text));
    QVERIFY2(text.contains(other.sentence + QStringLiteral("\nFighting near Kunduz")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("AP\n2001-11-21\nKunduz\nshown above")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("and 1 more")), qPrintable(text));
    QVERIFY(!browser->toHtml().contains(QStringLiteral("<b>VOA")));
    // One report: said in the singular, no list.
    h.reports = 1;
    h.sourceNames = {QStringLiteral("AFP")};
    h.disagreements.clear();
    view.setHappening(h, {});
    const QString alone = browser->toPlainText();
    QVERIFY2(alone.contains(QStringLiteral("Told by 1 source AFP")), qPrintable(alone));
    QVERIFY2(alone.contains(QStringLiteral("1 report · happening no. 7 · confidence 0.97")), qPrintable(alone));
    QVERIFY2(alone.contains(QStringLiteral("No other report tells it.")), qPrintable(alone));
    // The next event has no happening until the workspace gives one.
    const QString next = renderedText(view, {event, Article{}, {}});
    QVERIFY2(!next.contains(QStringLiteral("Told by")), qPrintable(next));
}

void TestDetails::explainsTime_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("published");
    QTest::addColumn<QString>("expected");
    QTest::newRow("weekday") << "weekday:3" << "Wednesday" << true
                             << "Wednesday → 2001-11-21, from publication date 2001-11-22 "
                                "(the Wednesday on or before the publication date)";
    QTest::newRow("absolute") << "" << "Nov. 21" << true << "Nov. 21 → 2001-11-21, a date as written";
    QTest::newRow("inherited") << "inherit" << "" << true
                               << "No time in the sentence → 2001-11-21, the article's publication date";
    QTest::newRow("the next day") << "shift:1:weekday:2" << "the next day" << true
                                  << "the next day → 2001-11-21, from publication date 2001-11-22 (1 day after "
                                     "the Tuesday on or before the publication date)";
    QTest::newRow("this month, so far") << "upto:month:0" << "this month" << true
                                        << "this month → 2001-11-21, from publication date 2001-11-22 (the month of the publication date, "
                                           "ending no later than the publication date)";
    QTest::newRow("in the past two weeks") << "since:past:14" << "in the past two weeks" << true
                                           << "in the past two weeks → 2001-11-21, from publication date 2001-11-22 "
                                              "(the 14 days up to the publication date)";
    QTest::newRow("for more than a week") << "morethan:1w" << "for more than a week" << true
                                          << "for more than a week → 2001-11-21, from publication date 2001-11-22 "
                                             "(more than 1 week up to the publication date)";
    QTest::newRow("unresolved") << "weekday:3" << "Wednesday" << false
                                << "Wednesday → unresolved: it is the Wednesday on or before the publication date, "
                                   "and the article has no publication date";
}

void TestDetails::explainsTime()
{
    QFETCH(QString, rule);
    QFETCH(QString, text);
    QFETCH(bool, published);
    QFETCH(QString, expected);
    Event e = konduzEvent();
    e.timeRule = rule;
    e.timeText = text;
    ArticleMeta meta;
    if (published)
        meta.published = QDate(2001, 11, 22);
    else
        e.time = {};
    QCOMPARE(EventExplanation::time(e, meta), expected);
}

void TestDetails::explainsPlace()
{
    Event e = konduzEvent();
    QCOMPARE(EventExplanation::place(e), QStringLiteral("Konduz → Kunduz, city, GeoNames"));
    e.flags |= Event::InheritedPlace;
    e.placeText.clear();
    QVERIFY(EventExplanation::place(e, QStringLiteral("MAZAR-E SHARIF")).contains(QStringLiteral("MAZAR-E SHARIF")));
    e.place = {};
    e.placeText = QStringLiteral("Takhor");
    QCOMPARE(EventExplanation::place(e), QStringLiteral("Takhor → not found in the gazetteer"));
}

void TestDetails::highlightsAndEscapes()
{
    Event e = konduzEvent();
    const QString html = EventExplanation::highlightedSentence(e);
    QVERIFY(html.contains(QStringLiteral("<span class=\"trigger\" title=\"event\">met</span>")));
    QVERIFY(html.contains(QStringLiteral("<span class=\"time\" title=\"time\">Wednesday</span>")));
    QVERIFY(html.contains(QStringLiteral("<span class=\"place\" title=\"place\">Konduz</span>")));
    QVERIFY(html.contains(QStringLiteral(">Northern Alliance</span>")));
    // Markup in a sentence is text; a span past the end is skipped, not a crash.
    e.sentence = QStringLiteral("<script>alert(1)</script> <img src=http://x/y.png> attack");
    e.trigger = {int(e.sentence.size()) - 6, int(e.sentence.size())};
    e.timeSpan = {500, 510};
    e.placeSpan = {};
    e.actors.clear();
    const QString escaped = EventExplanation::highlightedSentence(e);
    QVERIFY(!escaped.contains(QStringLiteral("<script")));
    QVERIFY(!escaped.contains(QStringLiteral("<img")));
    QVERIFY(escaped.contains(QStringLiteral("&lt;script&gt;")));
    QVERIFY(escaped.contains(QStringLiteral(">attack</span>")));
}

void TestDetails::viewShowsEventAndArticle()
{
    EventDetailsView view;
    view.show();
    QCOMPARE(view.eventId(), 0);
    view.setEvent(konduzEvent(), konduzArticle());
    QCOMPARE(view.eventId(), 42);
    auto *text = view.findChild<QTextBrowser *>(QStringLiteral("detailsText"));
    QVERIFY(text);
    const QString shown = text->toPlainText();
    QVERIFY(shown.contains(QStringLiteral("Alliance, Taliban end new talks on Konduz")));
    QVERIFY(shown.contains(QStringLiteral("CNN")));
    QVERIFY(shown.contains(QStringLiteral("published 2001-11-22")));
    QVERIFY(shown.contains(QStringLiteral("Wednesday → 2001-11-21, from publication date 2001-11-22")));
    QVERIFY(shown.contains(QStringLiteral("Konduz → Kunduz, city, GeoNames")));

    auto *article = view.findChild<QPlainTextEdit *>(QStringLiteral("articleText"));
    auto *button = view.findChild<QToolButton *>(QStringLiteral("showArticleButton"));
    QVERIFY(article && button);
    QVERIFY(!article->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(view.isArticleShown());
    QVERIFY(article->isVisible());
    // Plain text: the markup in the story is shown as written.
    QCOMPARE(article->toPlainText(), konduzArticle().body);
    QCOMPARE(article->extraSelections().size(), 1);
    QCOMPARE(article->extraSelections().first().cursor.selectedText(), konduzArticle().body.mid(31, 69));
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!article->isVisible());

    view.clear();
    QCOMPARE(view.eventId(), 0);
}

void TestDetails::viewAsksForCorrections()
{
    EventDetailsView view;
    view.setEvent(konduzEvent(), konduzArticle());
    QSignalSpy date(&view, &EventDetailsView::correctDateRequested);
    QSignalSpy discard(&view, &EventDetailsView::discardRequested);
    auto *dateAction = view.findChild<QAction *>(QStringLiteral("correctDate"));
    auto *discardAction = view.findChild<QAction *>(QStringLiteral("discard"));
    QVERIFY(dateAction && discardAction);
    dateAction->trigger();
    discardAction->trigger();
    QCOMPARE(date.count(), 1);
    QCOMPARE(date.first().first().toLongLong(), 42);
    QCOMPARE(discard.count(), 1);
    view.setEditable(false);
    QVERIFY(!view.findChild<QToolButton *>(QStringLiteral("correctButton"))->isEnabled());
}

void TestDetails::correctedFieldsAreTheAnalysts()
{
    // A place picked on the map: the machine's "Konduz → Kunduz" no longer explains it.
    Event e = konduzEvent();
    e.flags |= Event::Corrected;
    e.place = PlaceCompletionModel::point(QGeoCoordinate(36.5, 68.7));
    Correction c;
    c.place = e.place;
    EventDetailsView view;
    view.setEvent(e, konduzArticle(), c);
    auto *text = view.findChild<QTextBrowser *>(QStringLiteral("detailsText"));
    QVERIFY(text);
    QString shown = text->toPlainText();
    QVERIFY2(shown.contains(QStringLiteral("Picked on the map by an analyst; the sentence says “Konduz”")), qPrintable(shown));
    QVERIFY(!shown.contains(QStringLiteral("Konduz → ")));
    QVERIFY(shown.contains(QStringLiteral("36.5000° N, 68.7000° E")));
    QVERIFY(shown.contains(QStringLiteral("Wednesday → 2001-11-21"))); // the date is still the machine's
    // A corrected date from the dialog; the place from the gazetteer.
    c.time = TimeRange::day(QDate(2001, 11, 20));
    c.place->source = QStringLiteral("GeoNames");
    e.time = *c.time;
    view.setEvent(e, konduzArticle(), c);
    shown = text->toPlainText();
    QVERIFY(shown.contains(QStringLiteral("Set by an analyst; the sentence says “Wednesday”")));
    QVERIFY(shown.contains(QStringLiteral("Set by an analyst from the gazetteer; the sentence says “Konduz”")));
    // Without the correction, as extracted.
    view.setEvent(konduzEvent(), konduzArticle());
    QVERIFY(text->toPlainText().contains(QStringLiteral("Konduz → Kunduz, city, GeoNames")));
}

QTEST_MAIN(TestDetails)
#include "tst_details.moc"
