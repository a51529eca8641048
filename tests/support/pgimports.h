#pragma once

// What the tests of imports into PostgreSQL share (tst_pgimport, tst_pgcrashsafety): `mapline
// events` as compared between stores, test articles made distinct, counts read from a store.
#include "store/pg/pgconnection.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace mapline::test {

inline QStringList testInputs()
{
    return {testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV")),
            testData(QStringLiteral("datasets/gdelt2-20191024143000.export.CSV")),
            testData(QStringLiteral("datasets/acled-afghanistan-2020.csv")), testData(QStringLiteral("articles"))};
}

// `mapline events --format json`, `withFusion` or with the fields the fusion fills left out
// (happening_id, sources). Everything else, ids included, must be the same; `withoutIds`: but
// the ids (a killed import's rolled-back rows have used some of PostgreSQL's), the events then
// sorted by what they hold.
inline QByteArray eventsOf(const QString &database, bool withFusion, bool withoutIds = false)
{
    const ProcessResult r = runMapline({QStringLiteral("events"), QStringLiteral("--db"), database});
    if (r.exitCode != 0)
        return "failed: " + r.err;
    QJsonArray events = QJsonDocument::fromJson(r.out).array();
    for (qsizetype i = 0; i < events.size(); ++i) {
        QJsonObject e = events[i].toObject();
        if (!withFusion) {
            e.remove(QStringLiteral("happening_id"));
            e.remove(QStringLiteral("sources"));
        }
        if (withoutIds) {
            e.remove(QStringLiteral("id"));
            e.remove(QStringLiteral("article_id"));
        }
        events[i] = e;
    }
    if (withoutIds) {
        QList<QByteArray> lines;
        for (const QJsonValue &v : events)
            lines << QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
        std::sort(lines.begin(), lines.end());
        return lines.join('\n');
    }
    return QJsonDocument(events).toJson();
}

// `mapline happenings --format json` (every happening, its id, members and sources).
inline QByteArray happeningsOf(const QString &database)
{
    const ProcessResult r = runMapline({QStringLiteral("happenings"), QStringLiteral("--format"), QStringLiteral("json"),
                                        QStringLiteral("--db"), database});
    if (r.exitCode != 0)
        return "failed: " + r.err;
    return r.out;
}

// `count` distinct articles in `dir` (their content hashes differ), made from the test articles.
inline QStringList writeArticles(const QString &dir, int count)
{
    QStringList sources;
    const QDir articles(testData(QStringLiteral("articles")));
    // (Not the AFP story: its last paragraph is read as the agency's furniture, and with it the
    // sentence added below, so its copies would all be one article.)
    for (const QString &name : articles.entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name))
        if (!name.startsWith(QLatin1String("afp-")))
            sources << articles.filePath(name);
    QStringList written;
    for (int i = 0; i < count; ++i) {
        const QString from = sources[i % sources.size()];
        const QString to = QStringLiteral("%1/a%2-%3").arg(dir).arg(i, 3, 10, QLatin1Char('0')).arg(QFileInfo(from).fileName());
        QByteArray body = readFile(from);
        body += "\n\nResidents said the market reopened for the " + QByteArray::number(i + 2) +
                "th time since the fighting began.\n";
        if (!writeFile(to, body))
            return {};
        if (QFileInfo::exists(from + QStringLiteral(".meta")))
            QFile::copy(from + QStringLiteral(".meta"), to + QStringLiteral(".meta"));
        written << to;
    }
    return written;
}


// The single number `sql` gives on the store at `url` (search_path set to its schema); -1 when it
// cannot be read.
// Runs `sql` on the store's schema on a connection of its own (another analyst, or a person in
// psql), committed; a failure is printed.
inline bool pgExec(const QString &url, const QString &sql)
{
    auto c = pg::PgConnection::open(url);
    if (!c) {
        qWarning().noquote() << c.error();
        return false;
    }
    const Status s = (*c)->exec(QStringLiteral("SET search_path = mapline, public; ") + sql, QStringLiteral("test"));
    if (!s)
        qWarning().noquote() << s.error();
    return s.ok();
}

inline qint64 pgCount(const QString &url, const QString &sql)
{
    auto c = pg::PgConnection::open(url);
    if (!c)
        return -1;
    if (!(*c)->exec(QStringLiteral("SET search_path = mapline, public"), QStringLiteral("test")))
        return -1;
    auto r = (*c)->query(sql, QStringLiteral("test"));
    if (!r) {
        qWarning().noquote() << r.error();
        return -1;
    }
    return r->int64(0, 0);
}

} // namespace mapline::test
