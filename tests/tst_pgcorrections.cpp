// Who corrected what on a PostgreSQL store (issue 19; a real server: tests/support/pgserver.*):
// two analysts (two PgCorrectionWriter connections with two names) correct the same event and the
// same place's control; the later write wins in `events` (and `mapline events` shows it), the
// history keeps the earlier with its author and time, the later writer is told whose change it
// replaced; a revert is a change too. `mapline copy` to SQLite keeps the authors and the history,
// and the SQLite store reverts a correction written on the server (the same machine row). The
// viewer's CorrectionEditor writes through PgCorrectionStore, undo included; a discard, a merge and
// a split run the fusion on the server and give the happenings a SQLite file gives.
#include "control/controlcorrection.h"
#include "corrections/correction.h"
#include "corrections/correctioneditor.h"
#include "corrections/correctionhistory.h"
#include "corrections/sqlitecorrectionstore.h"
#include "gdeltfiles.h"
#include "pgimports.h"
#include "pgserver.h"
#include "store/eventstore.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgcorrectionstore.h"
#include "store/pg/pgcorrectionwriter.h"
#include "store/pg/pgeventreader.h"
#include "testsupport.h"

#include <QFile>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using test::runMapline;

namespace {

Correction pgDated(const QDate &day)
{
    Correction c;
    c.time = TimeRange::day(day);
    return c;
}

ControlCorrection pgHerat(const QString &side)
{
    ControlCorrection c;
    c.place = QStringLiteral("Herat");
    c.admin1 = QStringLiteral("Herat");
    c.country = QStringLiteral("AF");
    c.coordinate = QGeoCoordinate(34.348, 62.199);
    c.from = QDate(2001, 11, 12);
    c.side = side;
    return c;
}

} // namespace

class TestPgCorrections : public QObject {
    Q_OBJECT

private:
    test::PgServer mServer;
    QTemporaryDir mDir;
    QString mUrl;
    qint64 mEventId = 0;
    QString mMachineDate;

    QString scalar(const QString &sql)
    {
        auto c = pg::PgConnection::open(mUrl);
        if (!c || !c.value()->exec(QStringLiteral("SET search_path = mapline, public"), QString()))
            return QStringLiteral("no connection");
        const auto r = c.value()->query(sql, QString());
        return r && r->rows() == 1 ? r->string(0, 0) : QStringLiteral("failed");
    }
    std::unique_ptr<pg::PgCorrectionWriter> analyst(const QString &name)
    {
        auto w = pg::PgCorrectionWriter::open(mUrl, name);
        if (!w)
            qWarning().noquote() << w.error();
        return w ? std::move(w).value() : nullptr;
    }

private slots:
    void initTestCase()
    {
        MAPLINE_START_PG_SERVER(mServer);
        QVERIFY(mDir.isValid());
        mUrl = mServer.createDatabase();
        QVERIFY(!mUrl.isEmpty());
        const auto imported = runMapline({QStringLiteral("import"), QStringLiteral("--db"), mUrl,
                                          test::testData(QStringLiteral("articles/reuters-2001-11-24-konduz-surrender.txt"))});
        QVERIFY2(imported.exitCode == 0 && !imported.crashed, imported.err.constData());
        mEventId = scalar(QStringLiteral("SELECT min(id) FROM events WHERE date IS NOT NULL")).toLongLong();
        QVERIFY(mEventId > 0);
        mMachineDate = scalar(QStringLiteral("SELECT date::text FROM events WHERE id = %1").arg(mEventId));
        QCOMPARE(mMachineDate.size(), 10);
    }

    void laterWinsEarlierKept()
    {
        auto farid = analyst(QStringLiteral("Farid"));
        auto nadia = analyst(QStringLiteral("Nadia"));
        QVERIFY(farid && nadia);
        const auto key = farid->eventKey(mEventId);
        QVERIFY2(key, qPrintable(key.error()));
        QCOMPARE(*nadia->eventKey(mEventId), *key);
        const QStringList subject{history::subject(*key)};
        const qint64 faridSaw = *farid->revision(subject);
        const qint64 nadiaSaw = *nadia->revision(subject);
        CorrectionConflict first;
        const auto a = farid->setCorrection(*key, pgDated(QDate(2001, 11, 26)), faridSaw, &first);
        QVERIFY2(a, qPrintable(a.error()));
        QVERIFY(first.isEmpty());
        CorrectionConflict second;
        const auto b = nadia->setCorrection(*key, pgDated(QDate(2001, 11, 27)), nadiaSaw, &second);
        QVERIFY2(b, qPrintable(b.error()));
        QCOMPARE(*b, mEventId);
        QCOMPARE(second.replaced.size(), 1);
        QCOMPARE(second.replaced.first().changed.by, QStringLiteral("Farid"));
        QVERIFY(history::conflictMessage(second).startsWith(QStringLiteral("Your correction replaced Farid's of ")));

        // The later one is the event's, for every reader.
        QCOMPARE(scalar(QStringLiteral("SELECT date::text FROM events WHERE id = %1").arg(mEventId)), QStringLiteral("2001-11-27"));
        QCOMPARE(scalar(QStringLiteral("SELECT (flags & 16)::text FROM events WHERE id = %1").arg(mEventId)), QStringLiteral("16"));
        const auto cli = runMapline({QStringLiteral("events"), QStringLiteral("--db"), mUrl});
        QCOMPARE(cli.exitCode, 0);
        QVERIFY2(cli.out.contains("2001-11-27"), cli.out.constData());
        QVERIFY(!cli.out.contains("2001-11-26"));

        const auto stamp = farid->stamp(*key);
        QVERIFY(stamp && stamp->has_value());
        QCOMPARE((*stamp)->by, QStringLiteral("Nadia"));
        const auto log = farid->history(subject);
        QVERIFY2(log, qPrintable(log.error()));
        QCOMPARE(log->size(), 2);
        QCOMPARE(log->at(0).changed.by, QStringLiteral("Farid"));
        QCOMPARE(log->at(1).old.by, QStringLiteral("Farid"));
        QCOMPARE(log->at(1).old.at, log->at(0).changed.at);
        QCOMPARE(history::correctionFromJson(*log->at(1).oldValue).time->start, QDate(2001, 11, 26));
        QCOMPARE(log->at(1).changed.by, QStringLiteral("Nadia"));
    }

    void controlOverControl()
    {
        auto farid = analyst(QStringLiteral("Farid"));
        auto nadia = analyst(QStringLiteral("Nadia"));
        const QStringList subject{history::subject(pgHerat({}))};
        const qint64 nadiaSaw = *nadia->revision(subject);
        QVERIFY(farid->changeControlCorrections({pgHerat(QStringLiteral("Taliban"))}, {}, nadiaSaw));
        CorrectionConflict conflict;
        const Status s = nadia->changeControlCorrections({pgHerat(QStringLiteral("Anti-Taliban"))}, {}, nadiaSaw, &conflict);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(conflict.replaced.size(), 1);
        QCOMPARE(conflict.replaced.first().changed.by, QStringLiteral("Farid"));
        QCOMPARE(scalar(QStringLiteral("SELECT side || ' by ' || corrected_by FROM control_corrections")),
                 QStringLiteral("Anti-Taliban by Nadia"));
        const auto log = farid->history(subject);
        QCOMPARE(log->size(), 2);
        QCOMPARE(log->at(1).old.by, QStringLiteral("Farid"));
        QCOMPARE(log->at(1).oldValue->value(QStringLiteral("side")).toString(), QStringLiteral("Taliban"));
    }

    void copiedToSqliteKeepsAuthorsAndHistory()
    {
        const QString file = mDir.filePath(QStringLiteral("copy.sqlite"));
        const auto copied = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mUrl, QStringLiteral("--to"), file});
        QVERIFY2(copied.exitCode == 0, copied.err.constData());
        auto store = test::openStore(file);
        QVERIFY(store);
        const auto key = store->eventKey(mEventId);
        QVERIFY2(key, qPrintable(key.error()));
        const auto stamp = store->correctionStamp(*key);
        QVERIFY(stamp && stamp->has_value());
        QCOMPARE((*stamp)->by, QStringLiteral("Nadia"));
        const auto log = store->correctionHistory({history::subject(*key)});
        QVERIFY(log);
        QCOMPARE(log->size(), 2);
        QCOMPARE(log->at(1).old.by, QStringLiteral("Farid"));
        // The machine's row the server kept is the SQLite store's to restore: a revert there gives
        // back the date the extraction found.
        store->setAnalyst(QStringLiteral("Laila"));
        const auto reverted = store->setCorrection(*key, std::nullopt);
        QVERIFY2(reverted, qPrintable(reverted.error()));
        const auto events = store->events();
        QVERIFY(events);
        bool found = false;
        for (const Event &e : *events)
            if (e.id == *reverted) {
                found = true;
                QCOMPARE(e.time.start.toString(Qt::ISODate), mMachineDate);
                QVERIFY(!e.hasFlag(Event::Corrected));
            }
        QVERIFY(found);
        QVERIFY(store->checkConsistency());
    }

    void revertingIsAChange()
    {
        auto nadia = analyst(QStringLiteral("Nadia"));
        const auto key = nadia->eventKey(mEventId);
        QVERIFY(key);
        const auto reverted = nadia->setCorrection(*key, std::nullopt);
        QVERIFY2(reverted, qPrintable(reverted.error()));
        QCOMPARE(scalar(QStringLiteral("SELECT date::text FROM events WHERE id = %1").arg(mEventId)), mMachineDate);
        QCOMPARE(scalar(QStringLiteral("SELECT (flags & 16)::text FROM events WHERE id = %1").arg(mEventId)), QStringLiteral("0"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM corrections")), QStringLiteral("0"));
        const auto log = nadia->history({history::subject(*key)});
        QCOMPARE(log->size(), 3);
        QVERIFY(!log->last().newValue.has_value());
        QCOMPARE(log->last().change, QStringLiteral("reverted to the machine's values"));
        // A discard deletes the event's row (its happening fused again without it) and keeps the
        // machine's row; a revert brings it back under its id, in a happening again.
        const QString happenings = scalar(QStringLiteral("SELECT count(*) FROM happenings"));
        Correction discard;
        discard.discarded = true;
        const auto discarded = nadia->setCorrection(*key, discard);
        QVERIFY2(discarded, qPrintable(discarded.error()));
        QCOMPARE(*discarded, qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM events WHERE id = %1").arg(mEventId)), QStringLiteral("0"));
        QCOMPARE(scalar(QStringLiteral("SELECT discarded || ' ' || (event_id IS NULL) || ' ' || corrected_by FROM corrections")),
                 QStringLiteral("1 true Nadia"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM happenings WHERE stale <> 0")), QStringLiteral("0"));
        QCOMPARE(*nadia->eventIdOf(*key), qint64(0));
        QCOMPARE(nadia->history({history::subject(*key)})->last().change, QStringLiteral("discarded"));
        const auto back = nadia->setCorrection(*key, std::nullopt);
        QVERIFY2(back, qPrintable(back.error()));
        QCOMPARE(*back, mEventId);
        QCOMPARE(scalar(QStringLiteral("SELECT date::text || ' ' || (happening_id IS NOT NULL) FROM events WHERE id = %1").arg(mEventId)),
                 mMachineDate + QStringLiteral(" true"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM happenings")), happenings);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM corrections")), QStringLiteral("0"));
        QCOMPARE(nadia->history({history::subject(*key)})->size(), 5);
    }

    // The viewer's CorrectionEditor writes through PgCorrectionStore as through a SQLite file's
    // store: a change of type lands with the analyst's name, its undo writes the machine's type
    // back, the key names the same event before and after, and the whole history's revision is
    // the last change's (what ControlEditor notes).
    void editorWritesThroughTheSharedStore()
    {
        auto reader = pg::PgEventReader::open(mUrl);
        QVERIFY2(reader, qPrintable(reader.error()));
        auto store = pg::PgCorrectionStore::open(**reader, {}, QStringLiteral("Laila"));
        QVERIFY2(store, qPrintable(store.error()));
        const QString machineType = scalar(QStringLiteral("SELECT type FROM events WHERE id = %1").arg(mEventId));
        const EventTypeCodes other{machineType == u"protest" ? QStringLiteral("riot") : QStringLiteral("protest"), {}, {}, {}};
        CorrectionEditor editor;
        editor.setStore(store->get());
        const auto key = (*store)->eventKey(mEventId);
        QVERIFY(key);
        QCOMPARE(*(*store)->eventIdOf(*key), mEventId);
        const Status s = editor.correctType(mEventId, other);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(scalar(QStringLiteral("SELECT e.type || ' by ' || c.corrected_by FROM events e JOIN corrections c ON "
                                       "c.event_id = e.id WHERE e.id = %1").arg(mEventId)),
                 other.type + QStringLiteral(" by Laila"));
        QCOMPARE(*(*store)->eventIdOf(*key), mEventId);
        QCOMPARE(QString::number(*(*store)->revision({})), scalar(QStringLiteral("SELECT max(id) FROM correction_history")));
        QCOMPARE(editor.stampOf(mEventId)->by, QStringLiteral("Laila"));
        QCOMPARE(editor.undoStack()->count(), 1);
        editor.undoStack()->undo();
        QCOMPARE(scalar(QStringLiteral("SELECT type FROM events WHERE id = %1").arg(mEventId)), machineType);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM corrections")), QStringLiteral("0"));
        // A discard and its undo: the event goes and comes back under its id.
        QSignalSpy changed(&editor, &CorrectionEditor::eventChanged);
        const Status discard = editor.discard(mEventId);
        QVERIFY2(discard, qPrintable(discard.error()));
        QCOMPARE(changed.last().at(1).toLongLong(), qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM events WHERE id = %1").arg(mEventId)), QStringLiteral("0"));
        editor.undoStack()->undo();
        QCOMPARE(changed.last().at(1).toLongLong(), mEventId);
        QCOMPARE(scalar(QStringLiteral("SELECT type FROM events WHERE id = %1").arg(mEventId)), machineType);
        editor.setStore(nullptr);
    }

    // Two analysts on one report's happening: Farid splits it out, then Nadia, who read it before,
    // merges it with another report. Hers wins (the merge is what the fusion applies), Farid's
    // split is named to her and kept in the history.
    void happeningConflictIsNamed()
    {
        auto farid = analyst(QStringLiteral("Farid"));
        auto nadia = analyst(QStringLiteral("Nadia"));
        QVERIFY(farid && nadia);
        const qint64 other = scalar(QStringLiteral("SELECT min(id) FROM events WHERE id <> %1").arg(mEventId)).toLongLong();
        QVERIFY(other > 0);
        const auto key = farid->eventKey(mEventId);
        const auto otherKey = farid->eventKey(other);
        QVERIFY(key && otherKey);
        const QStringList subjects{history::subject(*key), history::subject(*otherKey)};
        const qint64 nadiaSaw = *nadia->revision(subjects);
        const HappeningCorrection split{HappeningCorrection::Kind::Split, *key, {}};
        const Status first = farid->changeHappeningCorrections({split}, {}, *farid->revision(subjects));
        QVERIFY2(first, qPrintable(first.error()));
        CorrectionConflict conflict;
        const HappeningCorrection merge{HappeningCorrection::Kind::Merge, *key, *otherKey};
        const Status second = nadia->changeHappeningCorrections({merge}, {split}, nadiaSaw, &conflict);
        QVERIFY2(second, qPrintable(second.error()));
        QCOMPARE(conflict.replaced.size(), 1);
        QCOMPARE(conflict.replaced.first().changed.by, QStringLiteral("Farid"));
        QVERIFY2(history::conflictMessage(conflict).startsWith(QStringLiteral("Your correction replaced Farid's")),
                 qPrintable(history::conflictMessage(conflict)));
        QCOMPARE(scalar(QStringLiteral("SELECT string_agg(kind || ' by ' || corrected_by, ',') FROM happening_corrections")),
                 QStringLiteral("merge by Nadia"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT happening_id) FROM events WHERE id IN (%1, %2)").arg(mEventId).arg(other)),
                 QStringLiteral("1"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM happenings WHERE stale <> 0")), QStringLiteral("0"));
        // Taken back, for the cases after this one.
        QVERIFY(nadia->changeHappeningCorrections({}, {merge}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM happening_corrections")), QStringLiteral("0"));
    }

    // Discards, merges and splits on the server give what they give on a SQLite file: the same
    // events and happenings (`mapline events` and `mapline happenings`, ids included), made through
    // the viewer's CorrectionEditor on each store, undo and redo included; and they stay through a
    // reopen, a re-import of the same articles and the import of more articles fused with them.
    void happeningEditsAsOnSqlite()
    {
        const QString url = mServer.createDatabase();
        QVERIFY(!url.isEmpty());
        const QString file = mDir.filePath(QStringLiteral("edits.sqlite"));
        const QDir articles(test::testData(QStringLiteral("fusion/articles")));
        const QString first = mDir.filePath(QStringLiteral("first")), second = mDir.filePath(QStringLiteral("second"));
        QVERIFY(QDir().mkpath(first) && QDir().mkpath(second));
        for (const QString &name : articles.entryList(QDir::Files, QDir::Name)) {
            const bool early = name.startsWith(QLatin1String("a")) || name.startsWith(QLatin1String("b"));
            QVERIFY(QFile::copy(articles.filePath(name), (early ? first : second) + QLatin1Char('/') + name));
        }
        auto r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), file, first});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), file, QStringLiteral("--to"), url});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray initial = test::happeningsOf(file);
        QCOMPARE(test::happeningsOf(url), initial);

        // The best-told happening: its first report split out, its second merged with another
        // happening's report, a third happening's report discarded and a fourth's re-dated.
        const QJsonArray before = QJsonDocument::fromJson(initial).array();
        QVERIFY(before.size() >= 5);
        QJsonObject best;
        for (const QJsonValue &v : before)
            if (v[QStringLiteral("reports")].toInt() > best[QStringLiteral("reports")].toInt())
                best = v.toObject();
        QVERIFY(best[QStringLiteral("reports")].toInt() >= 3);
        const QJsonArray bestIds = best[QStringLiteral("event_ids")].toArray();
        const qint64 split = bestIds.at(0).toInteger();
        const qint64 mergeA = bestIds.at(1).toInteger();
        QList<qint64> others;
        for (const QJsonValue &v : before)
            if (v[QStringLiteral("id")] != best[QStringLiteral("id")] && others.size() < 3)
                others << v[QStringLiteral("event_ids")].toArray().last().toInteger();
        const qint64 mergeB = others[0], discarded = others[1], redated = others[2];

        // Each store's happenings with every edit undone: the same on both.
        QHash<QString, QByteArray> undone;
        const auto edit = [&](CorrectionStore &store) -> QString {
            store.setAnalyst(QStringLiteral("Laila"));
            CorrectionEditor editor;
            editor.setStore(&store);
            auto detach = qScopeGuard([&] { editor.setStore(nullptr); });
            const auto redatedEvent = store.event(redated);
            if (!redatedEvent || !*redatedEvent)
                return QStringLiteral("no event %1").arg(redated);
            for (const Status &s : {editor.splitReport(split), editor.mergeHappenings(mergeA, mergeB), editor.discard(discarded),
                                    editor.correctTime(redated, TimeRange::day((*redatedEvent)->time.start.addDays(40)))})
                if (!s)
                    return s.error();
            QUndoStack &stack = *editor.undoStack();
            if (stack.count() != 4)
                return QStringLiteral("%1 steps").arg(stack.count());
            while (stack.canUndo())
                stack.undo();
            undone.insert(store.name(), test::happeningsOf(store.name()));
            while (stack.canRedo())
                stack.redo();
            return {};
        };
        {
            auto sqlite = test::openStore(file);
            QVERIFY(sqlite);
            SqliteCorrectionStore store(*sqlite);
            const QString failed = edit(store);
            QVERIFY2(failed.isEmpty(), qPrintable(failed));
        }
        {
            auto reader = pg::PgEventReader::open(url);
            QVERIFY2(reader, qPrintable(reader.error()));
            auto store = pg::PgCorrectionStore::open(**reader, {}, {});
            QVERIFY2(store, qPrintable(store.error()));
            QVERIFY((*store)->isWritable() && (*store)->canChangeHappenings());
            const QString failed = edit(**store);
            QVERIFY2(failed.isEmpty(), qPrintable(failed));
        }
        QCOMPARE(undone.value(url), undone.value(file));
        QVERIFY(undone.value(file).startsWith('['));
        const auto same = [&] {
            const QByteArray expected = test::happeningsOf(file);
            QCOMPARE(test::happeningsOf(url), expected);
            QCOMPARE(test::eventsOf(url, true), test::eventsOf(file, true));
            // What was compared holds the edits: the split report alone, the merged pair one
            // happening, the discarded event gone, the re-dated one moved.
            QCOMPARE(test::pgCount(url, QStringLiteral("SELECT reports FROM happenings h JOIN events e ON e.happening_id = "
                                                       "h.id WHERE e.id = %1").arg(split)),
                     qint64(1));
            QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(DISTINCT happening_id) FROM events WHERE id IN (%1, %2)")
                                            .arg(mergeA).arg(mergeB)),
                     qint64(1));
            QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM events WHERE id = %1").arg(discarded)), qint64(0));
            QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM happenings WHERE stale <> 0")),
                     qint64(0));
            QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM happening_corrections WHERE corrected_by = 'Laila'")),
                     qint64(2));
        };
        same();
        if (QTest::currentTestFailed())
            return;
        // Reopened (new connections: what is stored, not what a writer kept), the same articles
        // imported again (unchanged), and the other half imported into both: fused with the first.
        for (const QString &db : {file, url}) {
            for (const QString &dir : {first, second}) {
                r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, dir});
                QVERIFY2(r.exitCode == 0, r.err.constData());
            }
        }
        same();
        QVERIFY(test::happeningsOf(url) != initial);
    }
    // The analyst deletes an article by hand and imports it again (new rows, new ids): her
    // corrections come back on the new rows, a discarded event stays discarded, as on a SQLite
    // file (EventStore::applyCorrections), and the events are those the file gives.
    void correctionsSurviveAHandDeletedArticle()
    {
        const QString url = mServer.createDatabase();
        QVERIFY(!url.isEmpty());
        const QString file = mDir.filePath(QStringLiteral("reimport.sqlite"));
        const QString story = test::testData(QStringLiteral("articles/reuters-2001-11-24-konduz-surrender.txt"));
        for (const QString &db : {file, url}) {
            const auto r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, story});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        const QByteArray asImported = test::eventsOf(url, false, true);
        QCOMPARE(asImported, test::eventsOf(file, false, true));
        const qint64 first = test::pgCount(url, QStringLiteral("SELECT min(id) FROM events WHERE date IS NOT NULL"));
        const qint64 last = test::pgCount(url, QStringLiteral("SELECT max(id) FROM events"));
        QVERIFY(first > 0 && last > first);
        const Place kabul = test::kabulPlace();
        const auto correct = [&](CorrectionStore &store) -> QString {
            store.setAnalyst(QStringLiteral("Laila"));
            CorrectionEditor editor;
            editor.setStore(&store);
            auto detach = qScopeGuard([&] { editor.setStore(nullptr); });
            for (const Status &s : {editor.correctPlace(first, kabul), editor.correctTime(first, TimeRange::day(QDate(2001, 11, 26))),
                                    editor.discard(last)})
                if (!s)
                    return s.error();
            return {};
        };
        {
            auto sqlite = test::openStore(file);
            QVERIFY(sqlite);
            SqliteCorrectionStore store(*sqlite);
            const QString failed = correct(store);
            QVERIFY2(failed.isEmpty(), qPrintable(failed));
        }
        {
            auto reader = pg::PgEventReader::open(url);
            QVERIFY2(reader, qPrintable(reader.error()));
            auto store = pg::PgCorrectionStore::open(**reader, {}, {});
            QVERIFY2(store, qPrintable(store.error()));
            const QString failed = correct(**store);
            QVERIFY2(failed.isEmpty(), qPrintable(failed));
        }
        const QByteArray corrected = test::eventsOf(url, false, true);
        QCOMPARE(corrected, test::eventsOf(file, false, true));
        QVERIFY(corrected != asImported);
        {
            auto sqlite = test::openStore(file);
            QVERIFY(sqlite);
            QSqlQuery del(sqlite->database());
            QVERIFY(del.exec(QStringLiteral("DELETE FROM articles")));
        }
        auto admin = pg::PgConnection::open(url);
        QVERIFY(admin && admin.value()->exec(QStringLiteral("SET search_path = mapline, public; DELETE FROM articles"),
                                             QStringLiteral("test")));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM events")), qint64(0));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM corrections WHERE event_id IS NULL")), qint64(2));

        for (const QString &db : {file, url}) {
            const auto r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, story});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        // Back on the new rows: the same events as the corrected ones, ids aside, on both stores.
        QCOMPARE(test::eventsOf(url, false, true), corrected);
        QCOMPARE(test::eventsOf(file, false, true), corrected);
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM events WHERE place_text IS NOT NULL AND "
                                                   "date = '2001-11-26' AND flags & 16 <> 0 AND lat BETWEEN 34.5 AND 34.6")),
                 qint64(1));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM corrections WHERE event_id IS NULL")), qint64(1));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM happenings WHERE stale <> 0")), qint64(0));
    }

    // An article imported without a publication date, then again with one (`--date`): dated on
    // the server, its relative times resolved again, fused, as on a SQLite file (tst_redate).
    void datesAnUndatedArticleAsOnSqlite()
    {
        const QString url = mServer.createDatabase();
        QVERIFY(!url.isEmpty());
        const QString file = mDir.filePath(QStringLiteral("redate.sqlite"));
        const QString story = mDir.filePath(QStringLiteral("undated-kabul-aid-convoy.txt"));
        QVERIFY(QFile::exists(story) || QFile::copy(test::testData(QStringLiteral("articles/undated-kabul-aid-convoy.txt")), story));
        for (const QString &db : {file, url}) {
            const auto r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, story});
            QVERIFY2(r.exitCode == 0 && r.out.contains("imported   "), r.out.constData());
        }
        const QByteArray undated = test::eventsOf(url, false, true);
        QCOMPARE(undated, test::eventsOf(file, false, true));
        for (const QString &db : {file, url}) {
            const auto r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--date"),
                                       QStringLiteral("2001-11-21"), story});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QVERIFY2(r.out.contains("dated      ") && r.out.contains(" events re-resolved)"), r.out.constData());
        }
        const QByteArray dated = test::eventsOf(url, false, true);
        QCOMPARE(dated, test::eventsOf(file, false, true));
        QVERIFY(dated != undated);
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM articles WHERE published = '2001-11-21'")), qint64(1));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM happenings WHERE stale <> 0")), qint64(0));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM events WHERE date IS NOT NULL AND happening_id IS NULL")),
                 qint64(0));
        // Dated already: unchanged.
        const auto again = runMapline({QStringLiteral("import"), QStringLiteral("--db"), url, QStringLiteral("--date"),
                                       QStringLiteral("2001-12-01"), story});
        QVERIFY2(again.out.contains("unchanged  "), again.out.constData());
        QCOMPARE(test::eventsOf(url, false, true), dated);
    }

    // A dataset file's rows with the same text share one sentence: their keys differ by rank
    // alone. Discarding rows keeps the others' keys (the discarded ranks stay taken), and a
    // correction of one row leaves the others as they were, as in SQLite (tst_bulkimport).
    void sharedSentenceKeepsCorrectionsApart()
    {
        const QString url = mServer.createDatabase();
        QVERIFY(!url.isEmpty());
        const QString file = mDir.filePath(QStringLiteral("same.export.CSV"));
        test::writeGdeltFile(file, 5, 0);
        const auto imported = runMapline({QStringLiteral("import"), QStringLiteral("--keep-outside"), QStringLiteral("--db"), url, file});
        QVERIFY2(imported.exitCode == 0 && !imported.crashed, imported.err.constData());
        auto w = pg::PgCorrectionWriter::open(url, QStringLiteral("Farid"));
        QVERIFY2(w, qPrintable(w.error()));
        auto &writer = *w.value();
        const QString before = mUrl;
        mUrl = url;
        const auto back = qScopeGuard([&] { mUrl = before; });
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM sentences")), QStringLiteral("1"));
        QList<qint64> ids;
        for (int i = 0; i < 5; ++i)
            ids << scalar(QStringLiteral("SELECT id FROM events ORDER BY id OFFSET %1 LIMIT 1").arg(i)).toLongLong();
        QList<EventKey> keys;
        for (qint64 id : ids) {
            const auto key = writer.eventKey(id);
            QVERIFY2(key, qPrintable(key.error()));
            keys << *key;
        }
        for (int i = 0; i < 5; ++i)
            QCOMPARE(keys[i].ordinal, i);
        Correction talks;
        talks.type = EventTypeCodes{QStringLiteral("talks"), QString(), QString(), QStringLiteral("04")};
        QVERIFY(writer.setCorrection(keys[1], talks));
        Correction discard;
        discard.discarded = true;
        QVERIFY(writer.setCorrection(keys[0], discard));
        QVERIFY(writer.setCorrection(keys[3], discard));
        for (int i : {1, 2, 4}) {
            const auto key = writer.eventKey(ids[i]);
            QVERIFY2(key, qPrintable(key.error()));
            QCOMPARE(key->ordinal, keys[i].ordinal);
            QCOMPARE(writer.eventIdOf(keys[i]).value(), ids[i]);
        }
        QCOMPARE(writer.eventIdOf(keys[0]).value(), qint64(0));
        QCOMPARE(writer.eventIdOf(keys[3]).value(), qint64(0));
        const QString machineType = scalar(QStringLiteral("SELECT type FROM events WHERE id = %1").arg(ids[4]));
        Correction protest;
        protest.type = EventTypeCodes{QStringLiteral("protest"), QString(), QString(), QStringLiteral("14")};
        QVERIFY(writer.setCorrection(keys[2], protest));
        QCOMPARE(scalar(QStringLiteral("SELECT type FROM events WHERE id = %1").arg(ids[1])), QStringLiteral("talks"));
        QCOMPARE(scalar(QStringLiteral("SELECT type FROM events WHERE id = %1").arg(ids[2])), QStringLiteral("protest"));
        QCOMPARE(scalar(QStringLiteral("SELECT type FROM events WHERE id = %1").arg(ids[4])), machineType);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM events")), QStringLiteral("3"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM sentences")), QStringLiteral("1"));
        const test::ProcessResult check = runMapline({QStringLiteral("check"), QStringLiteral("--db"), url});
        QVERIFY2(check.exitCode == 0, (check.out + check.err).constData());

        // A happening correction names a row by the same key. The third row (now a protest) and the
        // last are in happenings of their own; the analyst merges them.
        // The fusion reads the keys (PgFusion::resolveCorrections) with the discarded ranks below
        // them taken: the merge holds those two rows, not the rows the discards moved onto their
        // ranks.
        const auto happeningOf = [&](qint64 id) { return scalar(QStringLiteral("SELECT happening_id FROM events WHERE id = %1").arg(id)); };
        QVERIFY(happeningOf(ids[2]) != happeningOf(ids[4]));
        const QStringList subjects{history::subject(keys[2]), history::subject(keys[4])};
        const auto seen = writer.revision(subjects);
        QVERIFY2(seen, qPrintable(seen.error()));
        const HappeningCorrection merge{HappeningCorrection::Kind::Merge, keys[2], keys[4]};
        const Status merged = writer.changeHappeningCorrections({merge}, {}, *seen);
        QVERIFY2(merged, qPrintable(merged.error()));
        QCOMPARE(happeningOf(ids[2]), happeningOf(ids[4]));
        QVERIFY(happeningOf(ids[1]) != happeningOf(ids[4]));
        QCOMPARE(scalar(QStringLiteral("SELECT reports FROM happenings WHERE id = %1").arg(happeningOf(ids[4]))), QStringLiteral("2"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM happenings WHERE stale <> 0")), QStringLiteral("0"));

        // A later file that repeats the rows: the discarded ones stay out, as the stored ones do
        // (tst_bulkimport discardedRowStaysOutOfALaterFile on SQLite); its two new rows go in.
        const QString later = mDir.filePath(QStringLiteral("same.later.export.CSV"));
        test::writeGdeltFile(later, 7, 0);
        const auto again = runMapline({QStringLiteral("import"), QStringLiteral("--keep-outside"), QStringLiteral("--db"), url, later});
        QVERIFY2(again.exitCode == 0 && !again.crashed, again.err.constData());
        QVERIFY2(again.out.contains("2 events, 5 rows already in the database (2 of them discarded by an analyst)"),
                 again.out.constData());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM events")), QStringLiteral("5"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM events WHERE external_id IN ('700001', '700004')")), QStringLiteral("0"));
    }

    // The writer's connection cut (a server restart, an idle connection dropped by a firewall): the
    // next read and the next write connect again by themselves, as the analyst's password allows.
    void lostConnectionIsOpenedAgain()
    {
        auto reader = pg::PgEventReader::open(mUrl);
        QVERIFY2(reader, qPrintable(reader.error()));
        auto store = pg::PgCorrectionStore::open(**reader, {}, QStringLiteral("Laila"));
        QVERIFY2(store, qPrintable(store.error()));
        auto admin = pg::PgConnection::open(mUrl);
        QVERIFY(admin);
        const auto cut = [&] {
            const auto r = (*admin)->query(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                                                          "datname = current_database() AND pid <> pg_backend_pid() AND "
                                                          "backend_type = 'client backend'"),
                                           QString());
            return r && r->int64(0, 0) >= 1;
        };
        QVERIFY(cut());
        const auto key = (*store)->eventKey(mEventId); // a read first
        QVERIFY2(key, qPrintable(key.error()));
        QVERIFY(cut());
        const auto written = (*store)->setCorrection(*key, pgDated(QDate(2001, 11, 28)), -1, nullptr); // a write first
        QVERIFY2(written, qPrintable(written.error()));
        QCOMPARE(scalar(QStringLiteral("SELECT e.date::text || ' ' || c.corrected_by FROM events e JOIN corrections c ON "
                                       "c.event_id = e.id WHERE e.id = %1").arg(mEventId)),
                 QStringLiteral("2001-11-28 Laila"));
        const auto reverted = (*store)->setCorrection(*key, std::nullopt, -1, nullptr);
        QVERIFY2(reverted, qPrintable(reverted.error()));
    }
};

QTEST_GUILESS_MAIN(TestPgCorrections)
#include "tst_pgcorrections.moc"
