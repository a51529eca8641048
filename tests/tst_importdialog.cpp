// The import options dialog: the publication date starts empty (each article's own date), never
// today's; an empty date reaches the import as "no date" and the article is stored undated; a
// typed or picked date reaches it as that date; a malformed date blocks Import; nothing is
// remembered in the settings.
#include "importoptionsdialog.h"
#include "importprobe.h"
#include "importworker.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QCalendarWidget>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QWidgetAction>
#include <QtTest>

using namespace mapline;

namespace {
const QString kUndated = QStringLiteral("undated-kabul-aid-convoy.txt");
}

class TestImportDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void dateStartsEmpty();
    void typedDateIsUsed();
    void malformedDateBlocksImport();
    void pickedDateIsUsed();
    void emptyDateImportsUndated();
    void setDateImportsDated();

private:
    ImportProbe undatedProbe() const { return ImportProbe::run({mDir->filePath(kUndated)}); }
    // Imports the undated article with `options` into a new database; its publication date.
    QDate importAndReadDate(const ParseOptions &options);

    std::unique_ptr<QTemporaryDir> mDir;
};

void TestImportDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MaplineTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_importdialog"));
    qRegisterMetaType<mapline::ImportReport>();
}

void TestImportDialog::init()
{
    QSettings().clear();
    mDir = std::make_unique<QTemporaryDir>();
    QVERIFY(QFile::copy(test::testData(QStringLiteral("articles/") + kUndated), mDir->filePath(kUndated)));
}

void TestImportDialog::dateStartsEmpty()
{
    const ImportProbe probe = undatedProbe();
    QCOMPARE(probe.withoutDate, 1); // the very case the dialog used to fill with today's date
    ImportOptionsDialog dialog(probe);
    auto *date = dialog.findChild<QLineEdit *>(QStringLiteral("date"));
    QVERIFY(date);
    QVERIFY(date->text().isEmpty());
    QVERIFY(!date->placeholderText().isEmpty());
    QVERIFY(date->isClearButtonEnabled());
    QVERIFY(!dialog.date().isValid());
    QVERIFY(!dialog.options().published.isValid());
    auto *hint = dialog.findChild<QLabel *>(QStringLiteral("dateHint"));
    QVERIFY(hint);
    QVERIFY2(hint->text().contains(QStringLiteral("each article")), qPrintable(hint->text()));
    auto *buttons = dialog.findChild<QDialogButtonBox *>();
    QVERIFY(buttons->button(QDialogButtonBox::Ok)->isEnabled());

    dialog.accept();
    QVERIFY(!dialog.options().published.isValid());
    QVERIFY2(QSettings().allKeys().isEmpty(), qPrintable(QSettings().allKeys().join(u',')));
}

void TestImportDialog::typedDateIsUsed()
{
    ImportOptionsDialog dialog(undatedProbe());
    auto *date = dialog.findChild<QLineEdit *>(QStringLiteral("date"));
    QTest::keyClicks(date, QStringLiteral("2001-11-20"));
    QCOMPARE(dialog.options().published, QDate(2001, 11, 20));
    auto *hint = dialog.findChild<QLabel *>(QStringLiteral("dateHint"));
    QVERIFY2(hint->text().contains(QLocale().toString(QDate(2001, 11, 20), QLocale::LongFormat)), qPrintable(hint->text()));

    // Clearing the field goes back to each article's own date.
    date->clear();
    QVERIFY(!dialog.options().published.isValid());
    QTest::keyClicks(date, QStringLiteral("2001-11-20"));
    dialog.setDate({});
    QVERIFY(date->text().isEmpty());
    QVERIFY(!dialog.options().published.isValid());
    dialog.accept();
    QVERIFY(QSettings().allKeys().isEmpty());
}

void TestImportDialog::malformedDateBlocksImport()
{
    ImportOptionsDialog dialog(undatedProbe());
    auto *date = dialog.findChild<QLineEdit *>(QStringLiteral("date"));
    QPushButton *import = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTest::keyClicks(date, QStringLiteral("22/11/2001"));
    QVERIFY(!import->isEnabled());
    QVERIFY(!dialog.options().published.isValid());
    auto *hint = dialog.findChild<QLabel *>(QStringLiteral("dateHint"));
    QVERIFY2(hint->text().contains(QStringLiteral("YYYY-MM-DD")), qPrintable(hint->text()));
    date->clear();
    QVERIFY(import->isEnabled());
}

void TestImportDialog::pickedDateIsUsed()
{
    ImportOptionsDialog dialog(undatedProbe());
    auto *pick = dialog.findChild<QToolButton *>(QStringLiteral("pickDate"));
    QVERIFY(pick && pick->menu());
    auto *action = qobject_cast<QWidgetAction *>(pick->menu()->actions().value(0));
    QVERIFY(action);
    auto *calendar = qobject_cast<QCalendarWidget *>(action->defaultWidget());
    QVERIFY(calendar);
    emit calendar->clicked(QDate(2001, 11, 14));
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("date"))->text(), QStringLiteral("2001-11-14"));
    QCOMPARE(dialog.options().published, QDate(2001, 11, 14));
}

QDate TestImportDialog::importAndReadDate(const ParseOptions &options)
{
    const QString db = mDir->filePath(QStringLiteral("import.sqlite"));
    QFile::remove(db);
    ImportWorker worker(db, {mDir->filePath(kUndated)}, options);
    QSignalSpy finished(&worker, &ImportWorker::finished);
    worker.run(); // on this thread: the worker's run() is what its thread runs
    if (finished.count() != 1)
        return QDate(1, 1, 1);
    const ImportReport report = finished.first().first().value<ImportReport>();
    if (!report.fatal.isEmpty() || report.summary.imported != 1) {
        qWarning() << report.fatal << report.failures;
        return QDate(1, 1, 1);
    }
    auto store = test::openStore(db);
    if (!store)
        return QDate(1, 1, 1);
    const auto article = store->article(1);
    if (!article) {
        qWarning() << article.error();
        return QDate(1, 1, 1);
    }
    return article.value().meta.published;
}

void TestImportDialog::emptyDateImportsUndated()
{
    ImportOptionsDialog dialog(undatedProbe());
    dialog.accept();
    // The article stays undated: not today, not any date the dialog made up.
    const QDate stored = importAndReadDate(dialog.options());
    QVERIFY2(!stored.isValid(), qPrintable(stored.toString(Qt::ISODate)));
}

void TestImportDialog::setDateImportsDated()
{
    ImportOptionsDialog dialog(undatedProbe());
    dialog.setDate(QDate(2001, 11, 20));
    dialog.accept();
    QCOMPARE(importAndReadDate(dialog.options()), QDate(2001, 11, 20));
}

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
