// Sentence splitting: abbreviations, initials, quotes, dashes, ellipses, datelines, and exact
// offsets into the body for every sentence.
#include "extract/articleparser.h"
#include "extract/sentencesplitter.h"
#include "extract/sidecar.h"
#include "extract/textdecoder.h"
#include "testsupport.h"

#include <QDir>
#include <QtTest>

using namespace mapline;

namespace {

QStringList texts(const QList<Sentence> &sentences)
{
    QStringList out;
    for (const Sentence &s : sentences)
        out << s.text;
    return out;
}

void verifyOffsets(const QString &body, const QList<Sentence> &sentences)
{
    int previousEnd = 0;
    for (int i = 0; i < sentences.size(); ++i) {
        const Sentence &s = sentences[i];
        QCOMPARE(s.index, i);
        QVERIFY(s.start >= previousEnd);
        QVERIFY(s.end > s.start);
        QCOMPARE(body.mid(s.start, s.end - s.start), s.text);
        QCOMPARE(s.text.trimmed(), s.text);
        previousEnd = s.end;
    }
}

} // namespace

class TestSentences : public QObject {
    Q_OBJECT

private slots:
    void split_data();
    void split();
    void skipsDateline_data();
    void skipsDateline();
    void articleOffsets_data();
    void articleOffsets();
    void hugeParagraph();
};

void TestSentences::split_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("sentences");
    auto row = [](const char *name, const QString &text, const QStringList &sentences) {
        QTest::newRow(name) << text << sentences;
    };
    row("two sentences", QStringLiteral("Kabul fell. The Taliban fled."), {QStringLiteral("Kabul fell."), QStringLiteral("The Taliban fled.")});
    row("line break ends a sentence", QStringLiteral("No period here\nNext line."), {QStringLiteral("No period here"), QStringLiteral("Next line.")});
    row("ranks", QStringLiteral("Gen. Abdul Rashid Dostum met Lt. Col. Smith and Maj. Gen. Jones. They talked."),
        {QStringLiteral("Gen. Abdul Rashid Dostum met Lt. Col. Smith and Maj. Gen. Jones."), QStringLiteral("They talked.")});
    row("titles", QStringLiteral("Mr. Karzai and Dr. Abdullah spoke. Sen. Biden listened."),
        {QStringLiteral("Mr. Karzai and Dr. Abdullah spoke."), QStringLiteral("Sen. Biden listened.")});
    row("U.S. and U.N.", QStringLiteral("U.S. jets and U.N. envoys arrived. Aid followed."),
        {QStringLiteral("U.S. jets and U.N. envoys arrived."), QStringLiteral("Aid followed.")});
    row("month abbreviations", QStringLiteral("On Nov. 21 the talks began. On Jan. 5 they ended."),
        {QStringLiteral("On Nov. 21 the talks began."), QStringLiteral("On Jan. 5 they ended.")});
    row("Sept. before a number", QStringLiteral("Since Sept. 11 the city has changed. Few remain."),
        {QStringLiteral("Since Sept. 11 the city has changed."), QStringLiteral("Few remain.")});
    row("St. and No.", QStringLiteral("He lives on St. James St. near No. 10 Downing St. in London. Really."),
        {QStringLiteral("He lives on St. James St. near No. 10 Downing St. in London."), QStringLiteral("Really.")});
    row("no. at sentence end", QStringLiteral("The answer was no. The talks ended."),
        {QStringLiteral("The answer was no."), QStringLiteral("The talks ended.")});
    row("initials", QStringLiteral("George W. Bush spoke. J.R.R. Tolkien did not."),
        {QStringLiteral("George W. Bush spoke."), QStringLiteral("J.R.R. Tolkien did not.")});
    row("a.m. before a weekday", QStringLiteral("It began at 10 a.m. Thursday in Kabul. Then it rained."),
        {QStringLiteral("It began at 10 a.m. Thursday in Kabul."), QStringLiteral("Then it rained.")});
    row("a.m. ending a sentence", QStringLiteral("It began at 10 a.m. The guards fled."),
        {QStringLiteral("It began at 10 a.m."), QStringLiteral("The guards fled.")});
    row("quoted sentence", QStringLiteral("\"We are free,\" he said. \"Nobody will stop us.\" The crowd cheered."),
        {QStringLiteral("\"We are free,\" he said."), QStringLiteral("\"Nobody will stop us.\""), QStringLiteral("The crowd cheered.")});
    row("curly quotes", QStringLiteral(u"“We will fight.” The spokesman hung up."),
        {QStringLiteral(u"“We will fight.”"), QStringLiteral("The spokesman hung up.")});
    row("question inside a quote", QStringLiteral("\"Who will pay?\" asked one man. Nobody answered."),
        {QStringLiteral("\"Who will pay?\" asked one man."), QStringLiteral("Nobody answered.")});
    row("double dashes", QStringLiteral("The fighters -- including \"foreign fighters\" -- would stop. Talks went on."),
        {QStringLiteral("The fighters -- including \"foreign fighters\" -- would stop."), QStringLiteral("Talks went on.")});
    row("ellipsis in a quotation", QStringLiteral("\"We will fight ... Kandahar is ours,\" he said. Then he left."),
        {QStringLiteral("\"We will fight ... Kandahar is ours,\" he said."), QStringLiteral("Then he left.")});
    row("ellipsis dots", QStringLiteral("He paused... Then he spoke. Done."),
        {QStringLiteral("He paused... Then he spoke."), QStringLiteral("Done.")});
    row("decimal numbers", QStringLiteral("Prices rose 3.5 percent. Bread cost 2.50 afghanis."),
        {QStringLiteral("Prices rose 3.5 percent."), QStringLiteral("Bread cost 2.50 afghanis.")});
    row("sentence starting with a number", QStringLiteral("The city fell in 1989. 400 troops left."),
        {QStringLiteral("The city fell in 1989."), QStringLiteral("400 troops left.")});
    row("lower case after period", QStringLiteral("They fled to the hills. al Qaeda fighters stayed."),
        {QStringLiteral("They fled to the hills. al Qaeda fighters stayed.")});
    row("parenthesis", QStringLiteral("The deal held (for now.) Fighting resumed."),
        {QStringLiteral("The deal held (for now.)"), QStringLiteral("Fighting resumed.")});
    row("exclamation and question", QStringLiteral("Stop! Why? Because."),
        {QStringLiteral("Stop!"), QStringLiteral("Why?"), QStringLiteral("Because.")});
    row("company abbreviation", QStringLiteral("Halliburton Co. won the contract. Others lost."),
        {QStringLiteral("Halliburton Co. won the contract."), QStringLiteral("Others lost.")});
    row("empty", QString(), {});
    row("spaces only", QStringLiteral("   \n  "), {});
}

void TestSentences::split()
{
    QFETCH(QString, text);
    QFETCH(QStringList, sentences);
    const QList<Sentence> out = splitSentences(text);
    QCOMPARE(texts(out), sentences);
    verifyOffsets(text, out);
}

void TestSentences::skipsDateline_data()
{
    QTest::addColumn<QString>("paragraph");
    QTest::addColumn<QString>("first");
    QTest::newRow("CNN") << QStringLiteral("MAZAR-E SHARIF, Afghanistan (CNN) -- Talks ended here Thursday. More.")
                         << QStringLiteral("Talks ended here Thursday.");
    QTest::newRow("Reuters with a date") << QStringLiteral("ISLAMABAD, Pakistan, Nov. 22 (Reuters) - Pakistan said. More.")
                                         << QStringLiteral("Pakistan said.");
    QTest::newRow("abbreviated place") << QStringLiteral("ST. LOUIS (AP) -- A plane landed. More.")
                                       << QStringLiteral("A plane landed.");
    QTest::newRow("source only") << QStringLiteral("(CNN) -- The Taliban said. More.") << QStringLiteral("The Taliban said.");
}

void TestSentences::skipsDateline()
{
    QFETCH(QString, paragraph);
    QFETCH(QString, first);
    const TextStage stage = prepareArticle(paragraph, ArticleMeta{});
    QVERIFY(stage.dateline.isValid());
    QCOMPARE(stage.article.sentences.size(), 2);
    QCOMPARE(stage.article.sentences.first().text, first);
    verifyOffsets(stage.article.body, stage.article.sentences);
    // Without the dateline span the first sentence would start with the place.
    QVERIFY(!splitSentences(paragraph).first().text.startsWith(first));
}

void TestSentences::articleOffsets_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("CNN sample") << test::sampleArticle();
    const QDir dir(test::testData(QStringLiteral("articles")));
    for (const QString &name : dir.entryList({QStringLiteral("*.txt"), QStringLiteral("*.html")}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(name)) << dir.filePath(name);
}

void TestSentences::articleOffsets()
{
    QFETCH(QString, path);
    ArticleMeta meta;
    meta.path = path;
    QVERIFY(readSidecar(path, meta).ok());
    const TextStage stage = prepareArticle(decodeText(test::readFile(path)).text, meta);
    QVERIFY(stage.article.sentences.size() >= 5);
    verifyOffsets(stage.article.body, stage.article.sentences);
    for (const Sentence &s : stage.article.sentences) {
        // No sentence starts inside the dateline or ends on an abbreviation.
        QVERIFY(!stage.dateline.isValid() || s.start >= stage.dateline.span.end || s.end <= stage.dateline.span.start);
        for (const char *abbrev : {" Gen.", " Lt.", " Mr.", " Nov.", " Dec.", " U.S.", " U.N.", " St."})
            QVERIFY2(!s.text.endsWith(QLatin1String(abbrev)), qPrintable(s.text));
    }
}

void TestSentences::hugeParagraph()
{
    // One 60,000-character paragraph of abbreviations and sentences: linear, offsets exact.
    QString text;
    for (int i = 0; i < 1000; ++i)
        text += QStringLiteral("Gen. Dostum met U.S. envoys on Nov. %1. ").arg(i % 28 + 1);
    const QList<Sentence> out = splitSentences(text);
    QCOMPARE(out.size(), 1000);
    verifyOffsets(text, out);
}

QTEST_GUILESS_MAIN(TestSentences)
#include "tst_sentences.moc"
