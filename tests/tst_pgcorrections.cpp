// Who corrected what on a PostgreSQL store (issue 19; a real server: tests/support/pgserver.*):
// two analysts (two PgCorrectionWriter connections with two names) correct the same event and the
// same place's control; the later write wins in `events` (and `mapline events` shows it), the
// history keeps the earlier with its author and time, the later writer is told whose change it
// replaced; a revert is a change too. `mapline copy` to SQLite keeps the authors and the history,
// and the SQLite store reverts a correction written on the server (the same machine row). The
// viewer's CorrectionEditor writes through PgCorrectionStore, undo included.
#include "control/controlcorrection.h"
#include "corrections/correction.h"
#include "corrections/correctioneditor.h"
#include "corrections/correctionhistory.h"
#include "pgserver.h"
#include "store/eventstore.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgcorrectionstore.h"
#include "store/pg/pgcorrectionwriter.h"
#include "store/pg/pgeventreader.h"
#include "testsupport.h"

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
        // Discarding needs the fusion: refused with a reason, nothing written.
        Correction discard;
        discard.discarded = true;
        const auto refused = nadia->setCorrection(*key, discard);
        QVERIFY(!refused);
        QVERIFY(refused.error().contains(QStringLiteral("shared database")));
        QCOMPARE(nadia->history({history::subject(*key)})->size(), 3);
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
        // What needs the fusion on the server is refused whole, with the reason.
        const Status discard = editor.discard(mEventId);
        QVERIFY(!discard);
        QVERIFY2(discard.error().contains(QStringLiteral("shared")), qPrintable(discard.error()));
        const Status split = editor.splitReport(mEventId);
        QVERIFY(!split);
        QCOMPARE(editor.undoStack()->count(), 1);
        editor.setStore(nullptr);
    }
};

QTEST_GUILESS_MAIN(TestPgCorrections)
#include "tst_pgcorrections.moc"
