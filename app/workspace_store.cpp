// Workspace: opening and closing a store (a SQLite file or a team's PostgreSQL store), and
// noticing what other connections committed to it (PRAGMA data_version; on PostgreSQL, the
// change counter behind View > Refresh).
#include "workspace.h"

#include "analystname.h"

#include "corrections/correctioneditor.h"
#include "eventdetailsview.h"
#include "mapcanvas.h"
#include "store/eventstore.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgeventreader.h"

#include <QFileInfo>
#include <QMainWindow>
#include <QMessageBox>
#include <QSqlQuery>
#include <QStatusBar>

namespace mapline {

QString Workspace::databasePath() const
{
    return mRead ? mRead->name() : QString();
}

bool Workspace::isShared() const
{
    return mRead && mRead->isPostgres();
}

QString Workspace::settingsKey() const
{
    if (!mRead)
        return {};
    return mRead->isPostgres() ? mRead->name() : QFileInfo(mRead->name()).absoluteFilePath();
}

bool Workspace::openDatabase(const QString &path, bool quiet, const QByteArray &password)
{
    std::unique_ptr<EventStore> sqlite;
    std::unique_ptr<cli::ReadStore> shared;
    QString error;
    if (pg::isUrl(path)) {
        // A team's store: read through `shared`; the corrections go through a writer of their own
        // (openWriter()).
        auto opened = cli::ReadStore::open(path, password);
        if (opened)
            shared = std::move(opened).value();
        else
            error = opened.error();
    } else {
        auto opened = EventStore::open(path);
        if (opened)
            sqlite = std::move(opened).value();
        else
            error = opened.error();
    }
    if (!error.isEmpty()) {
        if (!quiet)
            QMessageBox::warning(&mWindow, tr("Cannot open database"), error);
        mWindow.statusBar()->showMessage(error, 15000);
        return false;
    }
    if (sqlite && !sqlite->warnings().isEmpty())
        mWindow.statusBar()->showMessage(sqlite->warnings().join(QLatin1Char(' ')), 15000);
    cancelImport();
    mMap.cancelPicking(); // a pick belongs to an event of the database being left
    saveSettings(); // the time window of the database being left
    releaseWriter();
    mRead.reset(); // before the store it may borrow
    mStore = std::move(sqlite);
    mPassword = shared ? password : QByteArray();
    mRead = shared ? std::move(shared) : cli::ReadStore::over(*mStore);
    openWriter(); // the corrections, into either store (workspace_actions.cpp)
    // Articles re-imported from the command line get their corrections back here.
    if (mStore)
        if (const Result<int> applied = mStore->applyCorrections(); !applied)
            mWindow.statusBar()->showMessage(applied.error(), 15000);
    mFirstIndex = true;
    mPgPosition.reset(); // a position of the store being left is no base for a delta
    mIndexError.clear();
    mSelected = 0;
    mDetails->clear();
    mArticleCache.reset();
    loadIndex();
    updateActions();
    emit databaseOpened(mRead->name());
    return true;
}

void Workspace::closeDatabase()
{
    saveSettings();
    mMap.cancelPicking();
    releaseWriter();
    mRead.reset();
    mStore.reset();
    mPassword.fill('\0'); // what the analyst typed does not outlive the store
    mPassword.clear();
    updateActions();
    mPgPosition.reset();
    setIndex(nullptr);
}

void Workspace::reload()
{
    loadIndex();
}

qint64 Workspace::dataVersion() const
{
    if (!mStore)
        return -1;
    QSqlQuery q(mStore->database());
    return q.exec(QStringLiteral("PRAGMA data_version")) && q.next() ? q.value(0).toLongLong() : -1;
}

qint64 Workspace::changeCount() const
{
    if (!mRead || !mRead->isPostgres())
        return -1;
    const auto r = mRead->postgres()->connection().query(QStringLiteral("SELECT count(*) FROM change_log"),
                                                         QStringLiteral("reading the change counter"));
    return r && r->rows() == 1 ? r->int64(0, 0) : -1;
}

void Workspace::refresh()
{
    if (!mRead)
        return;
    if (mStore) {
        const qint64 version = dataVersion();
        if (version >= 0 && version == mDataVersion && mIndexError.isEmpty()) {
            mWindow.statusBar()->showMessage(tr("Nothing changed in %1 since it was loaded.").arg(mRead->name()), 4000);
            return;
        }
        loadIndex();
        return;
    }
    // The counter is read on the viewer's connection, a round trip; the reload is the worker's.
    const qint64 count = changeCount();
    if (count >= 0 && count == mChangeCount && mIndexError.isEmpty()) {
        mWindow.statusBar()->showMessage(tr("Nothing changed in the shared store since it was loaded."), 4000);
        return;
    }
    loadIndex();
}

void Workspace::checkForOutsideChanges()
{
    // The viewer's own import reloads when it ends; its commits are not news.
    if (!mStore || isImporting())
        return;
    const qint64 version = dataVersion();
    if (version < 0 || version == mDataVersion)
        return;
    loadIndex();
}

} // namespace mapline
