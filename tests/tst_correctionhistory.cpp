// Who corrected what (issue 19) on a real SQLite file: two analysts (two connections with two
// names) correct the same event, the same report's happening and the same place's control; the
// later write wins, the earlier is kept in `correction_history` with its author and time, and the
// later writer is told whose change it replaced. A version-7 file keeps its corrections (author
// unknown) when migrated. The PostgreSQL store's writer: tst_pgcorrections.
#include "control/controlcorrection.h"
#include "corrections/controleditor.h"
#include "corrections/correction.h"
#include "corrections/correctioneditor.h"
#include "corrections/correctionhistory.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "store/schema.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace mapline;

namespace {
const QString kArticle = QStringLiteral("articles/reuters-2001-11-24-konduz-surrender.txt");

Correction dated(const QDate &day)
{
    Correction c;
    c.time = TimeRange::day(day);
    return c;
}

ControlCorrection heratHeldBy(const QString &side)
{
    ControlCorrection c;
    c.place = QStringLiteral("Herat");
    c.admin1 = QStringLiteral("Herat");
    c.country = QStringLiteral("AF");
    c.from = QDate(2001, 11, 12);
    c.side = side;
    return c;
}
} // namespace

class TestCorrectionHistory : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void laterWinsEarlierKept();
    void noConflictWhenNothingChangedSince();
    void revertingIsAChange();
    void happeningMergeOverASplit();
    void controlOverControl();
    void editorReportsTheConflict();
    void controlEditorReportsTheConflict();
    void migrationFromVersion7KeepsCorrections();
    void wordsOfAConflict();
    void analystNamedWithoutEnvironment();

private:
    std::unique_ptr<EventStore> analyst(const QString &name) const;

    std::unique_ptr<QTemporaryDir> mDir;
    QString mPath;
    QList<qint64> mEvents;
};

void TestCorrectionHistory::init()
{
    mDir = std::make_unique<QTemporaryDir>();
    QVERIFY(mDir->isValid());
    QVERIFY(QFile::copy(test::testData(kArticle), mDir->filePath(QStringLiteral("a.txt"))));
    QVERIFY(QFile::copy(test::testData(kArticle + QStringLiteral(".meta")), mDir->filePath(QStringLiteral("a.txt.meta"))));
    mPath = mDir->filePath(QStringLiteral("events.sqlite"));
    auto store = test::openStore(mPath);
    QVERIFY(store);
    ArticleImporter importer(*store, {});
    const auto r = importer.importFile(mDir->filePath(QStringLiteral("a.txt")));
    QVERIFY2(r.articleId > 0, qPrintable(r.error));
    const auto events = store->events();
    QVERIFY(events && events->size() >= 2);
    mEvents.clear();
    for (const Event &e : *events)
        mEvents << e.id;
}

void TestCorrectionHistory::cleanup()
{
    mDir.reset();
}

std::unique_ptr<EventStore> TestCorrectionHistory::analyst(const QString &name) const
{
    auto store = test::openStore(mPath);
    if (store)
        store->setAnalyst(name);
    return store;
}

void TestCorrectionHistory::laterWinsEarlierKept()
{
    auto farid = analyst(QStringLiteral("Farid"));
    auto nadia = analyst(QStringLiteral("Nadia"));
    QVERIFY(farid && nadia);
    const auto key = farid->eventKey(mEvents.first());
    QVERIFY2(key, qPrintable(key.error()));
    const QStringList subject{history::subject(*key)};
    // Both read the event as the machine left it.
    const qint64 faridSaw = *farid->correctionRevision(subject);
    const qint64 nadiaSaw = *nadia->correctionRevision(subject);
    QCOMPARE(faridSaw, 0);
    QCOMPARE(nadiaSaw, 0);

    CorrectionConflict first;
    QVERIFY(farid->setCorrection(*key, dated(QDate(2001, 11, 26)), faridSaw, &first));
    QVERIFY(first.isEmpty());
    CorrectionConflict second;
    const auto written = nadia->setCorrection(*key, dated(QDate(2001, 11, 27)), nadiaSaw, &second);
    QVERIFY2(written, qPrintable(written.error()));

    // Nadia is told whose correction hers replaced, and what it was.
    QCOMPARE(second.replaced.size(), 1);
    QCOMPARE(second.replaced.first().changed.by, QStringLiteral("Farid"));
    QVERIFY(second.replaced.first().changed.at.isValid());
    QVERIFY2(second.replaced.first().change.contains(QStringLiteral("2001-11-26")), qPrintable(second.replaced.first().change));
    QVERIFY(history::conflictMessage(second).startsWith(QStringLiteral("Your correction replaced Farid's of ")));

    // The later one is in `events`, for every reader, the command line included.
    const auto events = farid->events();
    QVERIFY(events);
    bool found = false;
    for (const Event &e : *events)
        if (e.id == *written) {
            found = true;
            QCOMPARE(e.time.start, QDate(2001, 11, 27));
        }
    QVERIFY(found);
    const auto cli = test::runMapline({QStringLiteral("events"), QStringLiteral("--db"), mPath});
    QCOMPARE(cli.exitCode, 0);
    QVERIFY2(cli.out.contains("2001-11-27"), cli.out.constData());
    QVERIFY(!cli.out.contains("2001-11-26"));

    // Who and when of the correction in force; the history keeps Farid's, with his name and time.
    const auto stamp = farid->correctionStamp(*key);
    QVERIFY(stamp && stamp->has_value());
    QCOMPARE((*stamp)->by, QStringLiteral("Nadia"));
    const auto log = farid->correctionHistory(subject);
    QVERIFY2(log, qPrintable(log.error()));
    QCOMPARE(log->size(), 2);
    QVERIFY(!log->at(0).oldValue.has_value());
    QCOMPARE(log->at(0).changed.by, QStringLiteral("Farid"));
    QCOMPARE(log->at(1).old.by, QStringLiteral("Farid"));
    QCOMPARE(log->at(1).old.at, log->at(0).changed.at);
    QCOMPARE(history::correctionFromJson(*log->at(1).oldValue).time->start, QDate(2001, 11, 26));
    QCOMPARE(log->at(1).changed.by, QStringLiteral("Nadia"));
    QVERIFY(farid->checkConsistency());
}

void TestCorrectionHistory::noConflictWhenNothingChangedSince()
{
    auto farid = analyst(QStringLiteral("Farid"));
    auto nadia = analyst(QStringLiteral("Nadia"));
    const auto key = farid->eventKey(mEvents.first());
    QVERIFY(key);
    const QStringList subject{history::subject(*key)};
    QVERIFY(farid->setCorrection(*key, dated(QDate(2001, 11, 26)), 0));
    // Nadia read the event after Farid's correction: hers replaces it without a conflict.
    const qint64 saw = *nadia->correctionRevision(subject);
    QVERIFY(saw > 0);
    CorrectionConflict conflict;
    QVERIFY(nadia->setCorrection(*key, dated(QDate(2001, 11, 27)), saw, &conflict));
    QVERIFY(conflict.isEmpty());
    QCOMPARE(nadia->correctionHistory(subject)->size(), 2);
}

void TestCorrectionHistory::revertingIsAChange()
{
    auto farid = analyst(QStringLiteral("Farid"));
    auto nadia = analyst(QStringLiteral("Nadia"));
    const auto key = farid->eventKey(mEvents.first());
    QVERIFY(key);
    const QStringList subject{history::subject(*key)};
    QVERIFY(farid->setCorrection(*key, dated(QDate(2001, 11, 26)), 0));
    CorrectionConflict conflict;
    QVERIFY(nadia->setCorrection(*key, std::nullopt, 0, &conflict)); // she saw the machine's values
    QCOMPARE(conflict.replaced.size(), 1);
    QVERIFY(!farid->correction(*key)->has_value());
    const auto log = farid->correctionHistory(subject);
    QCOMPARE(log->size(), 2);
    QVERIFY(log->at(1).oldValue.has_value());
    QVERIFY(!log->at(1).newValue.has_value());
    QCOMPARE(log->at(1).change, QStringLiteral("reverted to the machine's values"));
    QCOMPARE(log->at(1).changed.by, QStringLiteral("Nadia"));
}

void TestCorrectionHistory::happeningMergeOverASplit()
{
    auto farid = analyst(QStringLiteral("Farid"));
    auto nadia = analyst(QStringLiteral("Nadia"));
    const auto a = farid->eventKey(mEvents.at(0));
    const auto b = farid->eventKey(mEvents.at(1));
    QVERIFY(a && b);
    const QStringList subjects{history::subject(*a), history::subject(*b)};
    const qint64 nadiaSaw = *nadia->correctionRevision(subjects);
    HappeningCorrection split;
    split.kind = HappeningCorrection::Kind::Split;
    split.report = *a;
    QVERIFY(farid->changeHappeningCorrections({split}, {}, *farid->correctionRevision(subjects)));
    HappeningCorrection merge;
    merge.kind = HappeningCorrection::Kind::Merge;
    merge.report = *a;
    merge.other = *b;
    CorrectionConflict conflict;
    QVERIFY(nadia->changeHappeningCorrections({merge}, {split}, nadiaSaw, &conflict));
    QCOMPARE(conflict.replaced.size(), 1);
    QCOMPARE(conflict.replaced.first().changed.by, QStringLiteral("Farid"));
    QCOMPARE(conflict.replaced.first().kind, HistoryEntry::Kind::Happening);
    // Nadia's merge stands, Farid's split is gone from the corrections and kept in the history.
    const auto now = farid->happeningCorrections();
    QVERIFY(now);
    QCOMPARE(*now, QList<HappeningCorrection>{merge});
    QSqlQuery q(farid->database());
    QVERIFY(q.exec(QStringLiteral("SELECT corrected_by FROM happening_corrections")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("Nadia"));
    const auto log = farid->correctionHistory({history::subject(*a)});
    QVERIFY(log);
    QCOMPARE(log->size(), 3); // Farid's split; Nadia's removal of it; her merge
    QCOMPARE(log->at(1).changed.by, QStringLiteral("Nadia"));
    QCOMPARE(log->at(1).oldValue->value(QStringLiteral("kind")).toString(), QStringLiteral("split"));
    QVERIFY(farid->checkConsistency());
}

void TestCorrectionHistory::controlOverControl()
{
    auto farid = analyst(QStringLiteral("Farid"));
    auto nadia = analyst(QStringLiteral("Nadia"));
    const QStringList subject{history::subject(heratHeldBy({}))};
    const qint64 nadiaSaw = *nadia->correctionRevision(subject);
    QVERIFY(farid->changeControlCorrections({heratHeldBy(QStringLiteral("Taliban"))}, {}, 0));
    CorrectionConflict conflict;
    QVERIFY(nadia->changeControlCorrections({heratHeldBy(QStringLiteral("Anti-Taliban"))}, {}, nadiaSaw, &conflict));
    QCOMPARE(conflict.replaced.size(), 1);
    QCOMPARE(conflict.replaced.first().changed.by, QStringLiteral("Farid"));
    QCOMPARE(farid->controlCorrections()->first().side, QStringLiteral("Anti-Taliban"));
    const auto log = farid->correctionHistory(subject);
    QCOMPARE(log->size(), 2);
    QCOMPARE(log->at(1).old.by, QStringLiteral("Farid"));
    QCOMPARE(log->at(1).oldValue->value(QStringLiteral("side")).toString(), QStringLiteral("Taliban"));
}

void TestCorrectionHistory::editorReportsTheConflict()
{
    auto farid = analyst(QStringLiteral("Farid"));
    auto nadia = analyst(QStringLiteral("Nadia"));
    CorrectionEditor editor;
    editor.setStore(nadia.get());
    QSignalSpy conflicts(&editor, &CorrectionEditor::conflict);
    // Nadia's viewer shows the event; Farid corrects it meanwhile; then she corrects it too.
    editor.noteSeen(mEvents.first());
    const auto key = farid->eventKey(mEvents.first());
    QVERIFY(farid->setCorrection(*key, dated(QDate(2001, 11, 26)), 0));
    QVERIFY(editor.correctTime(mEvents.first(), TimeRange::day(QDate(2001, 11, 27))));
    QCOMPARE(conflicts.size(), 1);
    QVERIFY2(conflicts.first().at(1).toString().contains(QStringLiteral("replaced Farid's")),
             qPrintable(conflicts.first().at(1).toString()));
    // Her next correction of it is against what she wrote: no conflict.
    const auto id = nadia->eventIdOf(*key);
    QVERIFY(editor.correctTime(*id, TimeRange::day(QDate(2001, 11, 28))));
    QCOMPARE(conflicts.size(), 1);
    // Undo is a change too, kept in the history, against her own last write: no conflict.
    editor.undoStack()->undo();
    QCOMPARE(conflicts.size(), 1);
    QCOMPARE(nadia->correctionHistory({history::subject(*key)})->size(), 4);
    editor.setStore(nullptr);
}

void TestCorrectionHistory::controlEditorReportsTheConflict()
{
    auto farid = analyst(QStringLiteral("Farid"));
    auto nadia = analyst(QStringLiteral("Nadia"));
    QUndoStack stack;
    ControlEditor editor(stack);
    editor.setStore(nadia.get());
    QSignalSpy conflicts(&editor, &ControlEditor::conflict);
    editor.noteSeen(); // Nadia's Control History shows Herat
    QVERIFY(farid->changeControlCorrections({heratHeldBy(QStringLiteral("Taliban"))}, {}));
    QVERIFY(editor.setHolder(heratHeldBy(QStringLiteral("Anti-Taliban"))));
    QCOMPARE(conflicts.size(), 1);
    QVERIFY2(conflicts.first().at(0).toString().contains(QStringLiteral("replaced Farid's")),
             qPrintable(conflicts.first().at(0).toString()));
    QCOMPARE(nadia->controlCorrections()->first().side, QStringLiteral("Anti-Taliban"));
    // Her undo is against her own write: no conflict; Farid's correction is back.
    stack.undo();
    QCOMPARE(conflicts.size(), 1);
    QCOMPARE(nadia->controlCorrections()->first().side, QStringLiteral("Taliban"));
}

void TestCorrectionHistory::migrationFromVersion7KeepsCorrections()
{
    {
        auto store = analyst(QStringLiteral("Farid"));
        const auto key = store->eventKey(mEvents.first());
        QVERIFY(key);
        QVERIFY(store->setCorrection(*key, dated(QDate(2001, 11, 26))));
        QVERIFY(store->changeControlCorrections({heratHeldBy(QStringLiteral("Taliban"))}, {}));
        QSqlQuery q(store->database());
        for (const char *statement :
             {"DROP TABLE correction_history", "ALTER TABLE corrections DROP COLUMN corrected_by",
              "ALTER TABLE happening_corrections DROP COLUMN corrected_by",
              "ALTER TABLE control_corrections DROP COLUMN corrected_by", "PRAGMA user_version=7"})
            QVERIFY2(q.exec(QString::fromLatin1(statement)), qPrintable(q.lastError().text()));
    }
    {
        // Read-only, not migrated: the correction reads, its author unknown, no history.
        auto ro = EventStore::open(mPath, EventStore::Mode::ReadOnly);
        QVERIFY2(ro, qPrintable(ro.error()));
        QCOMPARE(ro.value()->schemaVersion(), 7);
        const auto key = ro.value()->eventKey(mEvents.first());
        QVERIFY2(key, qPrintable(key.error()));
        QVERIFY(ro.value()->correction(*key)->has_value());
        QVERIFY(ro.value()->correctionStamp(*key)->value().by.isEmpty());
        QVERIFY(ro.value()->correctionHistory({history::subject(*key)})->isEmpty());
    }
    auto store = analyst(QStringLiteral("Nadia"));
    QVERIFY(store);
    QCOMPARE(store->schemaVersion(), schema::latestVersion());
    const auto key = store->eventKey(mEvents.first());
    QVERIFY(key);
    const auto kept = store->correction(*key);
    QVERIFY(kept && kept->has_value());
    QCOMPARE((*kept)->time->start, QDate(2001, 11, 26));
    const auto stamp = store->correctionStamp(*key);
    QVERIFY(stamp->has_value());
    QVERIFY((*stamp)->by.isEmpty());
    QVERIFY((*stamp)->at.isValid());
    QCOMPARE(history::analystName((*stamp)->by), QStringLiteral("an unnamed analyst"));
    QCOMPARE(store->controlCorrections()->size(), 1);
    // The next change keeps the old correction in the history, its author unknown.
    QVERIFY(store->setCorrection(*key, dated(QDate(2001, 11, 27))));
    const auto log = store->correctionHistory({history::subject(*key)});
    QCOMPARE(log->size(), 1);
    QVERIFY(log->first().old.by.isEmpty());
    QCOMPARE(history::correctionFromJson(*log->first().oldValue).time->start, QDate(2001, 11, 26));
    QVERIFY(store->checkConsistency());
}

void TestCorrectionHistory::wordsOfAConflict()
{
    const QDateTime now(QDate(2026, 12, 7), QTime(9, 0), Qt::LocalTime);
    HistoryEntry e;
    e.changed = {QStringLiteral("Farid"), QDateTime(QDate(2026, 12, 7), QTime(6, 12), Qt::LocalTime)};
    e.change = history::describe(std::nullopt, dated(QDate(2001, 11, 26)));
    QCOMPARE(e.change, QStringLiteral("date as extracted → 2001-11-26"));
    CorrectionConflict c;
    c.replaced << e;
    QCOMPARE(history::conflictMessage(c, now),
             QStringLiteral("Your correction replaced Farid's of 06:12 today (date as extracted → 2001-11-26)."));
    e.changed.by.clear();
    e.changed.at = e.changed.at.addDays(-1);
    c.replaced = {e};
    QVERIFY(history::conflictMessage(c, now).startsWith(QStringLiteral("Your correction replaced one of 06:12 yesterday by an unknown analyst")));
    QCOMPARE(history::describe(dated(QDate(2001, 11, 25)), dated(QDate(2001, 11, 26))),
             QStringLiteral("date 2001-11-25 → 2001-11-26"));
}

// A viewer started without USER or LOGNAME (a session manager, a service) still stamps its
// corrections with the account's name, not with nothing ("Corrected by an unnamed analyst").
void TestCorrectionHistory::analystNamedWithoutEnvironment()
{
#ifndef Q_OS_UNIX
    QSKIP("the account database is read on Unix only");
#else
    const QStringList names = {QStringLiteral("MAPLINE_ANALYST"), QStringLiteral("USER"), QStringLiteral("LOGNAME"),
                               QStringLiteral("USERNAME")};
    QHash<QString, QByteArray> saved;
    for (const QString &name : names) {
        saved.insert(name, qgetenv(name.toLatin1().constData()));
        qunsetenv(name.toLatin1().constData());
    }
    const QString name = history::defaultAnalyst();
    for (const QString &n : names)
        if (!saved.value(n).isEmpty())
            qputenv(n.toLatin1().constData(), saved.value(n));
    QVERIFY2(!name.isEmpty(), "no analyst name from the account");
    qputenv("MAPLINE_ANALYST", "Farid Wardak");
    QCOMPARE(history::defaultAnalyst(), QStringLiteral("Farid Wardak"));
    if (saved.value(QStringLiteral("MAPLINE_ANALYST")).isEmpty())
        qunsetenv("MAPLINE_ANALYST");
    else
        qputenv("MAPLINE_ANALYST", saved.value(QStringLiteral("MAPLINE_ANALYST")));
#endif
}

QTEST_GUILESS_MAIN(TestCorrectionHistory)
#include "tst_correctionhistory.moc"
