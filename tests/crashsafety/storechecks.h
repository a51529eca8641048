#pragma once

// Checks of a database that a killed, failed or concurrent import left behind: it opens, PRAGMA
// integrity_check and foreign_key_check pass, the FTS5 indexes and the R*Tree agree with their
// tables, and every stored article is whole (as many sentences and events as a complete,
// uninterrupted import of its file stores). Header-only so that several test executables can use
// it. The check functions return an empty string when all is well, else what is wrong.
//
// Every `mapline` these tests start runs with QT_HASH_SEED=0: the event extraction currently
// depends on QHash iteration order (see importIsReproducible in tst_crashsafety.cpp), and the
// reference counts must come from the same order as the runs they are compared with.
#include "store/eventstore.h"

#include <QHash>
#include <QPair>
#include <QProcess>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

namespace mapline::test {

// file -> (sentences, events) of a complete import
using ExpectedArticles = QHash<QString, QPair<int, int>>;

// The environment of every `mapline` started by these tests.
inline QProcessEnvironment importEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("MAPLINE_DB"));
    env.insert(QStringLiteral("QT_HASH_SEED"), QStringLiteral("0"));
    return env;
}

// Per article path: its sentences and events, as stored in `db`.
inline ExpectedArticles storedArticles(const QString &db, QString *error)
{
    ExpectedArticles stored;
    auto store = EventStore::open(db, EventStore::Mode::ReadOnly);
    if (!store.ok()) {
        *error = store.error();
        return {};
    }
    QSqlQuery q(store.value()->database());
    if (!q.exec(QStringLiteral("SELECT a.path, (SELECT count(*) FROM sentences s WHERE s.article_id = a.id), "
                               "(SELECT count(*) FROM events e WHERE e.article_id = a.id) FROM articles a "
                               "WHERE a.path != ''"))) {
        *error = q.lastError().text();
        return {};
    }
    while (q.next())
        stored.insert(q.value(0).toString(), {q.value(1).toInt(), q.value(2).toInt()});
    return stored;
}

// What a complete, uninterrupted `mapline import` of `folder` stores for each of `files`,
// imported into `referenceDb` (which must not exist yet).
inline ExpectedArticles referenceImport(const QString &folder, const QStringList &files, const QString &referenceDb,
                                        QString *error)
{
    QProcess p;
    p.setProcessEnvironment(importEnvironment());
    p.start(QStringLiteral(MAPLINE_EXE), {QStringLiteral("import"), QStringLiteral("--db"), referenceDb, folder});
    if (!p.waitForFinished(300000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("the reference import failed: %1").arg(QString::fromUtf8(p.readAllStandardError()));
        return {};
    }
    ExpectedArticles expected = storedArticles(referenceDb, error);
    if (error->isEmpty() && expected.size() != files.size())
        *error = QStringLiteral("the reference import stored %1 articles of %2").arg(expected.size()).arg(files.size());
    return expected;
}

// `articles` (optional) receives the number of articles stored.
// The indexes agree with their tables: the full-text indexes pass FTS5's integrity check, the
// R*Tree passes rtreecheck and holds every located event, every event's sentence is its
// article's, and the per-row index triggers are all there (bulk writes drop them inside their
// transaction). Empty when all is well.
inline QString checkIndexes(EventStore &s)
{
    QSqlQuery q(s.database());
    auto failed = [&q](const char *what) { return QStringLiteral("%1: %2").arg(QLatin1String(what), q.lastError().text()); };
    for (const char *check : {"INSERT INTO sentences_fts(sentences_fts) VALUES('integrity-check')",
                              "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')"}) {
        if (!q.exec(QString::fromLatin1(check)))
            return failed(check);
    }
    if (!q.exec(QStringLiteral("SELECT rtreecheck('events_rtree')")) || !q.next())
        return failed("rtreecheck");
    if (q.value(0).toString() != u"ok")
        return QStringLiteral("events_rtree: %1").arg(q.value(0).toString());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM events WHERE lon IS NOT NULL AND lat IS NOT NULL "
                               "AND id NOT IN (SELECT id FROM events_rtree)")) || !q.next())
        return failed("events without their R*Tree entry");
    if (q.value(0).toInt() != 0)
        return QStringLiteral("%1 located events are missing from events_rtree").arg(q.value(0).toInt());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM events e JOIN sentences s ON s.id = e.sentence_id "
                               "WHERE s.article_id != e.article_id")) || !q.next())
        return failed("events and sentences");
    if (q.value(0).toInt() != 0)
        return QStringLiteral("%1 events point at another article's sentence").arg(q.value(0).toInt());

    for (const char *trigger : {"sentences_ai", "articles_ai", "events_rtree_ai"}) {
        if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = '%1'")
                        .arg(QLatin1String(trigger))) ||
            !q.next())
            return failed("triggers");
        if (q.value(0).toInt() != 1)
            return QStringLiteral("the trigger %1 is missing").arg(QLatin1String(trigger));
    }
    return {};
}

inline QString checkStoreWhole(const QString &db, const ExpectedArticles &expected, qint64 *articles = nullptr)
{
    if (articles)
        *articles = 0;
    auto store = EventStore::open(db);
    if (!store.ok())
        return QStringLiteral("does not open: %1").arg(store.error());
    EventStore &s = *store.value();
    if (const Status consistent = s.checkConsistency(); !consistent.ok())
        return consistent.error();

    if (const QString problem = checkIndexes(s); !problem.isEmpty())
        return problem;
    QSqlQuery q(s.database());
    auto failed = [&q](const char *what) { return QStringLiteral("%1: %2").arg(QLatin1String(what), q.lastError().text()); };
    if (!q.exec(QStringLiteral("SELECT a.path, (SELECT count(*) FROM sentences s WHERE s.article_id = a.id), "
                               "(SELECT count(*) FROM events e WHERE e.article_id = a.id) FROM articles a "
                               "WHERE a.path != ''")))
        return failed("articles");
    QSet<QString> seen;
    while (q.next()) {
        const QString path = q.value(0).toString();
        if (!expected.contains(path))
            return QStringLiteral("an article that was never imported: %1").arg(path);
        if (seen.contains(path))
            return QStringLiteral("%1 is stored twice").arg(path);
        seen.insert(path);
        const QPair<int, int> e = expected.value(path);
        const int sentences = q.value(1).toInt();
        const int events = q.value(2).toInt();
        if (sentences != e.first || events != e.second)
            return QStringLiteral("%1 is partly stored: %2 sentences and %3 events where a full import gives %4 and %5")
                .arg(path).arg(sentences).arg(events).arg(e.first).arg(e.second);
    }
    if (articles)
        *articles = seen.size();
    return {};
}

} // namespace mapline::test
