#include "fusiongold.h"

#include "store/eventstore.h"

#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

namespace mapline::fusiontest {

Result<Gold> Gold::read(const QString &path)
{
    using R = Result<Gold>;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return R::failure(QStringLiteral("%1: %2").arg(path, file.errorString()));
    Gold gold;
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        ++lineNumber;
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList f = line.split(QLatin1Char('\t'));
        const auto bad = [&](const QString &why) { return R::failure(QStringLiteral("%1:%2: %3").arg(path).arg(lineNumber).arg(why)); };
        if (f[0] == u"happening") {
            if (f.size() != 3)
                return bad(QStringLiteral("a happening has an id and a description"));
            if (gold.happenings.contains(f[1]))
                return bad(QStringLiteral("happening %1 twice").arg(f[1]));
            gold.happenings << f[1];
            gold.descriptions.insert(f[1], f[2]);
        } else if (f[0] == u"report") {
            if (f.size() != 5)
                return bad(QStringLiteral("a report has a happening, a document, a locator and types"));
            if (!gold.happenings.contains(f[1]))
                return bad(QStringLiteral("no happening %1 above").arg(f[1]));
            GoldReport r{f[1], f[2], f[3], {}, lineNumber};
            if (f[4] != u"*")
                r.types = f[4].split(QLatin1Char('|'));
            gold.reports << r;
        } else if (f[0] == u"nearmiss") {
            if (f.size() != 4)
                return bad(QStringLiteral("a near miss has two happenings and a reason"));
            if (!gold.happenings.contains(f[1]) || !gold.happenings.contains(f[2]))
                return bad(QStringLiteral("unknown happening in a near miss"));
            gold.nearMisses << NearMiss{f[1], f[2], f[3]};
        } else {
            return bad(QStringLiteral("unknown record \"%1\"").arg(f[0]));
        }
    }
    return gold;
}

Result<QList<StoredReport>> readReports(EventStore &store, bool withHappenings)
{
    using R = Result<QList<StoredReport>>;
    QSqlQuery q(store.database());
    const QString text = QStringLiteral(
        "SELECT e.id, a.path, e.dataset_id IS NOT NULL, s.text, e.type, e.external_id, e.date, e.date_end, "
        "p.name, p.admin1, p.country, "
        "(SELECT group_concat(x.name, char(31)) FROM (SELECT ac.name FROM event_actors ea JOIN actors ac "
        "ON ac.id = ea.actor_id WHERE ea.event_id = e.id ORDER BY ac.name) x), %1 "
        "FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN sentences s ON s.id = e.sentence_id "
        "LEFT JOIN places p ON p.id = e.place_id ORDER BY e.id")
                             .arg(withHappenings ? QStringLiteral("e.happening_id, "
                                                                  "(SELECT h.sources FROM happenings h WHERE h.id = e.happening_id)")
                                                 : QStringLiteral("0, 0"));
    if (!q.exec(text))
        return R::failure(q.lastError().text());
    QList<StoredReport> out;
    while (q.next()) {
        StoredReport r;
        int i = 0;
        r.id = q.value(i++).toLongLong();
        r.document = QFileInfo(q.value(i++).toString()).fileName();
        r.dataset = q.value(i++).toBool();
        r.sentence = q.value(i++).toString();
        r.type = q.value(i++).toString();
        r.externalId = q.value(i++).toString();
        r.date = QDate::fromString(q.value(i++).toString(), Qt::ISODate);
        r.dateEnd = QDate::fromString(q.value(i++).toString(), Qt::ISODate);
        r.place = q.value(i++).toString();
        r.admin1 = q.value(i++).toString();
        r.country = q.value(i++).toString();
        r.actors = q.value(i++).toString().split(QChar(31), Qt::SkipEmptyParts);
        r.happening = q.value(i++).toLongLong();
        r.sources = q.value(i++).toInt();
        out << r;
    }
    return out;
}

Matching match(const Gold &gold, const QList<StoredReport> &reports)
{
    Matching m;
    QList<bool> reportFound(gold.reports.size(), false);
    for (int e = 0; e < reports.size(); ++e) {
        const StoredReport &r = reports[e];
        QList<int> claims;
        for (int g = 0; g < gold.reports.size(); ++g) {
            const GoldReport &gr = gold.reports[g];
            if (gr.document != r.document)
                continue;
            const bool located = r.dataset ? r.externalId == gr.locator : r.sentence.contains(gr.locator);
            if (located && (gr.types.isEmpty() || gr.types.contains(r.type)))
                claims << g;
        }
        if (claims.isEmpty()) {
            m.unmatchedEvents << e;
            continue;
        }
        bool oneHappening = true;
        for (int g : claims)
            oneHappening = oneHappening && gold.reports[g].happening == gold.reports[claims.first()].happening;
        if (!oneHappening) {
            m.ambiguousEvents << e;
            continue;
        }
        for (int g : claims)
            reportFound[g] = true;
        m.items << Matching::Item{e, gold.happeningIndex(gold.reports[claims.first()].happening), claims.first()};
    }
    for (int g = 0; g < gold.reports.size(); ++g)
        if (!reportFound[g])
            m.missedReports << g;
    return m;
}

Scores score(const Gold &gold, const Matching &matching, const QList<StoredReport> &reports, const ClusterKey &key)
{
    Scores s;
    const auto &items = matching.items;
    QList<QString> keys;
    for (const auto &item : items)
        keys << key(reports[item.event]);
    // A dataset row is a report of its own, as an article is; two rows of one file are two documents.
    const auto document = [&](const Matching::Item &item) {
        const StoredReport &r = reports[item.event];
        return r.dataset ? r.document + QLatin1Char(':') + r.externalId : r.document;
    };
    QSet<QString> nearMissJoins;
    for (int i = 0; i < items.size(); ++i) {
        for (int j = i + 1; j < items.size(); ++j) {
            const bool sameGold = items[i].happening == items[j].happening;
            const bool sameCluster = keys[i] == keys[j];
            const bool cross = document(items[i]) != document(items[j]);
            if (sameGold && sameCluster) {
                ++s.truePairs;
                s.crossTruePairs += cross;
            } else if (sameCluster) {
                ++s.falsePairs;
                s.crossFalsePairs += cross;
                for (const NearMiss &n : gold.nearMisses) {
                    const QString a = gold.happenings[items[i].happening];
                    const QString b = gold.happenings[items[j].happening];
                    if ((n.a == a && n.b == b) || (n.a == b && n.b == a))
                        nearMissJoins.insert(QStringLiteral("%1 + %2 (%3)").arg(n.a, n.b, n.why));
                }
            } else if (sameGold) {
                ++s.missedPairs;
                s.crossMissedPairs += cross;
            }
        }
    }
    // B-cubed over the items.
    double p = 0, r = 0;
    for (int i = 0; i < items.size(); ++i) {
        int cluster = 0, goldSize = 0, both = 0;
        for (int j = 0; j < items.size(); ++j) {
            const bool sameCluster = keys[i] == keys[j];
            const bool sameGold = items[i].happening == items[j].happening;
            cluster += sameCluster;
            goldSize += sameGold;
            both += sameCluster && sameGold;
        }
        p += double(both) / cluster;
        r += double(both) / goldSize;
    }
    if (!items.isEmpty()) {
        s.bcubedPrecision = p / items.size();
        s.bcubedRecall = r / items.size();
    }
    s.nearMissesJoined = QStringList(nearMissJoins.begin(), nearMissJoins.end());
    s.nearMissesJoined.sort();

    // Splits: a gold happening over several clusters; joins: a cluster over several gold happenings.
    QHash<int, QHash<QString, QStringList>> clustersOfGold;
    QHash<QString, QSet<int>> goldsOfCluster;
    for (int i = 0; i < items.size(); ++i) {
        const GoldReport &gr = gold.reports[items[i].report];
        const StoredReport &rep = reports[items[i].event];
        clustersOfGold[items[i].happening][keys[i]] << QStringLiteral("%1 \"%2\" (%3 %4)")
                                                             .arg(gr.document, gr.locator, rep.type,
                                                                  rep.date.toString(Qt::ISODate));
        goldsOfCluster[keys[i]].insert(items[i].happening);
    }
    for (auto it = clustersOfGold.cbegin(); it != clustersOfGold.cend(); ++it) {
        if (it->size() < 2)
            continue;
        QStringList parts;
        for (auto c = it->cbegin(); c != it->cend(); ++c)
            parts << QStringLiteral("[%1]").arg(c->join(QStringLiteral("; ")));
        parts.sort();
        s.splits << QStringLiteral("%1 split in %2: %3").arg(gold.happenings[it.key()]).arg(it->size()).arg(parts.join(u' '));
    }
    for (auto it = goldsOfCluster.cbegin(); it != goldsOfCluster.cend(); ++it) {
        if (it->size() < 2)
            continue;
        QStringList names;
        for (int g : *it)
            names << gold.happenings[g];
        names.sort();
        s.joins << names.join(QStringLiteral(" + "));
    }
    s.splits.sort();
    s.joins.sort();
    return s;
}

QString oneADayKey(const StoredReport &r)
{
    if (!r.date.isValid())
        return QStringLiteral("event:%1").arg(r.id);
    return QStringLiteral("%1|%2|%3").arg(r.date.toString(Qt::ISODate), r.actors.join(QLatin1Char(',')), r.type);
}

QString placeAndTypeKey(const StoredReport &r)
{
    if (r.place.isEmpty())
        return QStringLiteral("event:%1").arg(r.id);
    return QStringLiteral("%1|%2|%3|%4").arg(r.place, r.admin1, r.country, r.type);
}

QString figure(double value)
{
    return QString::number(value, 'f', 2);
}

} // namespace mapline::fusiontest
