#include "goldscore.h"

#include "extract/articleparser.h"
#include "geo/placenames.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace mapline::gold {

QString placeKey(const QString &name)
{
    const QList<NameToken> t = tokenizeNames(name);
    QString key;
    for (int i = 0; i < t.size(); ++i)
        appendSkeletonPiece(key, t[i].norm, wordSkeleton(t[i].norm), i, int(t.size()));
    return key;
}

namespace {

// "15 km SW of Kandahar" is placed by Kandahar: it matches a gold row naming Kandahar.
QString eventPlaceKey(const Event &e)
{
    static const QRegularExpression offset(QStringLiteral("^\\d+ km [NSEW]{1,3} of "));
    QString name = e.place.name;
    name.remove(offset);
    return placeKey(name);
}

} // namespace

Gold readGold(const QString &path)
{
    Gold gold;
    const QStringList lines = QString::fromUtf8(test::readFile(path)).split(QLatin1Char('\n'));
    bool header = false;
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1String("# batch ")))
            gold.batch = line.mid(8).trimmed();
        if (line.trimmed().isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (!header) {
            header = true;
            continue;
        }
        const QStringList c = line.split(QLatin1Char('\t'));
        Row r;
        r.text = line;
        r.kind = c.value(0);
        if (r.kind == u"title") {
            r.title = c.value(1).trimmed();
            gold.rows.append(r);
            continue;
        }
        const auto list = [](const QString &cell) {
            return cell.isEmpty() || cell == u"*" ? QStringList() : cell.split(QLatin1Char('|'));
        };
        r.types = list(c.value(1));
        const QString date = c.value(2);
        if (date.contains(QLatin1Char('/'))) {
            r.from = QDate::fromString(date.section(QLatin1Char('/'), 0, 0), Qt::ISODate);
            r.to = QDate::fromString(date.section(QLatin1Char('/'), 1, 1), Qt::ISODate);
        } else if (date != u"*" && !date.isEmpty()) {
            r.from = r.to = QDate::fromString(date, Qt::ISODate);
            r.exactDay = true;
        }
        for (const QString &p : list(c.value(3)))
            r.places << (r.kind == u"forbid_country" ? p : placeKey(p));
        r.actor = c.value(4).trimmed();
        gold.rows.append(r);
    }
    return gold;
}

bool matches(const Row &r, const Event &e)
{
    if (!r.types.isEmpty() && !r.types.contains(e.type))
        return false;
    if (r.from.isValid()) {
        if (!e.time.isValid())
            return false;
        if (r.exactDay ? (e.time.start != r.from || e.time.end != r.to) : !e.time.overlaps(TimeRange::range(r.from, r.to)))
            return false;
    }
    if (!r.places.isEmpty() && !r.places.contains(eventPlaceKey(e)))
        return false;
    if (!r.actor.isEmpty()) {
        const bool exact = r.actor.startsWith(QLatin1Char('='));
        const QString actor = exact ? r.actor.mid(1) : r.actor;
        bool found = false;
        for (const ActorMention &a : e.actors)
            found = found || (exact ? a.actor.name == actor
                                    : a.actor.name.contains(actor, Qt::CaseInsensitive) ||
                                          a.actor.affiliation.contains(actor, Qt::CaseInsensitive));
        if (!found)
            return false;
    }
    return true;
}

QString forbidden(const QList<Row> &rows, const Event &e)
{
    for (const Row &r : rows) {
        if (r.kind == u"forbid" && matches(r, e))
            return QStringLiteral("forbidden by \"%1\"").arg(r.text);
        if (r.kind == u"forbid_country" && r.places.contains(e.place.country))
            return QStringLiteral("placed in %1").arg(e.place.country);
        if (r.kind == u"forbid_place" && r.places.contains(eventPlaceKey(e)))
            return QStringLiteral("placed at %1").arg(e.place.name);
        if (r.kind == u"forbid_after" && e.time.isValid() && e.time.end > r.to)
            return QStringLiteral("dated %1, after %2").arg(e.time.end.toString(Qt::ISODate), r.to.toString(Qt::ISODate));
        if (r.kind == u"forbid_before" && e.time.isValid() && e.time.end < r.from)
            return QStringLiteral("dated %1, before %2: background").arg(e.time.end.toString(Qt::ISODate), r.from.toString(Qt::ISODate));
        if (r.kind == u"forbid_type" && r.types.contains(e.type))
            return QStringLiteral("of type %1").arg(e.type);
    }
    return {};
}

QString describe(const Event &e)
{
    QStringList actors;
    for (const ActorMention &a : e.actors)
        actors << a.actor.name;
    return QStringLiteral("%1 %2/%3 %4 [%5] %6").arg(e.type, e.time.start.toString(Qt::ISODate),
                                                     e.time.end.toString(Qt::ISODate), e.place.name,
                                                     actors.join(QStringLiteral(", ")))
        .arg(e.confidence, 0, 'f', 2);
}

void Score::add(const Score &s)
{
    articles += s.articles;
    required += s.required;
    found += s.found;
    events += s.events;
    correct += s.correct;
    forbidden += s.forbidden;
    unplaced += s.unplaced;
    titles += s.titles;
    titlesRight += s.titlesRight;
}

QString Score::summary() const
{
    return QStringLiteral("%1 articles, recall %2 (%3/%4 required events), precision %5 (%6/%7 events), forbidden %8, "
                          "without a position %9, titles %10/%11")
        .arg(articles).arg(recall(), 0, 'f', 2).arg(found).arg(required).arg(precision(), 0, 'f', 2).arg(correct)
        .arg(events).arg(forbidden).arg(unplaced).arg(titlesRight).arg(titles);
}

QStringList scoreArticle(const QString &path, const QString &goldPath, Score &total, QString *batch)
{
    const auto parsed = ArticleParser().parseFile(path);
    if (!parsed.ok())
        return {parsed.error()};
    const Gold gold = readGold(goldPath);
    if (batch)
        *batch = gold.batch;
    if (gold.rows.isEmpty())
        return {goldPath + QStringLiteral(": no gold rows")};
    Score s;
    s.articles = 1;
    QStringList missing, wrong, spurious;
    for (const Row &r : gold.rows) {
        if (r.kind == u"title") {
            ++s.titles;
            if (parsed->article.meta.title == r.title)
                ++s.titlesRight;
            else
                wrong << QStringLiteral("title \"%1\", expected \"%2\"").arg(parsed->article.meta.title, r.title);
        }
        if (r.kind != u"require")
            continue;
        ++s.required;
        const bool found = std::any_of(parsed->events.cbegin(), parsed->events.cend(), [&](const Event &e) { return matches(r, e); });
        if (found)
            ++s.found;
        else
            missing << r.text;
    }
    for (const Event &e : parsed->events) {
        ++s.events;
        const QString why = forbidden(gold.rows, e);
        if (!why.isEmpty()) {
            ++s.forbidden;
            wrong << describe(e) + QStringLiteral(": ") + why;
        }
        if (!e.place.coordinate.isValid()) {
            ++s.unplaced;
            wrong << describe(e) + QStringLiteral(": no position");
        }
        const bool correct = std::any_of(gold.rows.cbegin(), gold.rows.cend(), [&](const Row &r) {
            return (r.kind == u"require" || r.kind == u"allow") && matches(r, e);
        });
        if (correct)
            ++s.correct;
        else
            spurious << describe(e);
    }
    qInfo("%s: recall %d/%d, precision %d/%d, forbidden %d, without a position %d", qPrintable(QFileInfo(path).fileName()),
          s.found, s.required, s.correct, s.events, s.forbidden, s.unplaced);
    for (const QString &m : std::as_const(missing))
        qInfo("  missing:   %s", qPrintable(m));
    for (const QString &m : std::as_const(spurious))
        qInfo("  unmatched: %s", qPrintable(m));
    for (const QString &m : std::as_const(wrong))
        qInfo("  wrong:     %s", qPrintable(m));
    if (qEnvironmentVariableIsSet("MAPLINE_GOLD_VERBOSE")) { // every event, with its sentence
        qInfo("  title: %s", qPrintable(parsed->article.meta.title));
        for (const Event &e : parsed->events)
            qInfo("  event:     %s %s @%s (%s) | %s", qPrintable(describe(e)), qPrintable(e.timeRule),
                  qPrintable(e.placeText), qPrintable(toString(e.place.precision)), qPrintable(e.sentence));
    }
    total.add(s);
    return wrong;
}

QStringList developmentFiles()
{
    QStringList files;
    const QDir dir(test::testData(QStringLiteral("gold")));
    for (const QString &name : dir.entryList({QStringLiteral("*.gold.tsv")}, QDir::Files, QDir::Name))
        files << dir.filePath(name.chopped(int(qstrlen(".gold.tsv"))) + QStringLiteral(".txt"));
    return files;
}

QStringList heldOutFiles()
{
    QStringList files;
    const QDir dir(test::testData(QStringLiteral("gold/heldout")));
    const QDir articles(test::testData(QStringLiteral("articles")));
    for (const QString &name : dir.entryList({QStringLiteral("*.gold.tsv")}, QDir::Files, QDir::Name)) {
        const QString base = name.chopped(int(qstrlen(".gold.tsv")));
        for (const QDir &where : {dir, articles})
            for (const char *ext : {".txt", ".html", ".htm"})
                if (where.exists(base + QLatin1String(ext)))
                    files << where.filePath(base + QLatin1String(ext));
    }
    return files;
}

QString heldOutGold(const QString &articlePath)
{
    return test::testData(QStringLiteral("gold/heldout/")) + QFileInfo(articlePath).completeBaseName() +
           QStringLiteral(".gold.tsv");
}

} // namespace mapline::gold
