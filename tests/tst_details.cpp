// The details panel: how dates and places were resolved (pure functions), the highlighted
// sentence (escaped, never markup), and the view's wiring (article on demand as plain text,
// correction requests).
#include "eventdetailsview.h"
#include "eventexplanation.h"
#include "qt/placecompletionmodel.h"

#include <QAction>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSignalSpy>
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
};

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
