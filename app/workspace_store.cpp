// Workspace: opening and closing a store (a SQLite file or a team's PostgreSQL store), and
// noticing what other connections committed to it (PRAGMA data_version; on PostgreSQL, the
// watcher's notices and the change counter behind View > Refresh).
#include "workspace.h"

#include "analystname.h"

#include "corrections/correctioneditor.h"
#include "eventdetailsview.h"
#include "mapcanvas.h"
#include "sharedstorewatcher.h"
#include "store/eventstore.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgeventreader.h"
#include "store/pg/pgindexdelta.h"

#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMainWindow>
#include <QMessageBox>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTime>

#include <algorithm>
#include <climits>

namespace mapline {
namespace {
// A burst of commits (an import: one a batch of articles) is gathered this long into one refresh...
constexpr qint64 kLiveGatherMs = 300;
// ...and live refreshes start at least this far apart, whatever arrives.
constexpr qint64 kLiveGapMs = 1500;
} // namespace

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
        // A team's store: the viewer imports into it (ImportWorker) and writes its corrections
        // through a writer of its own (openWriter()).
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
    mLiveTimer.stop();
    mLiveWanted = false;
    if (isShared())
        mLive->start(storeSource()); // its own connection, opened on a worker
    else
        mLive->stop();
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
    mLive->stop();
    mLiveTimer.stop();
    mLiveWanted = false;
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
    pg::PgEventReader &reader = *mRead->postgres();
    const auto count = [&reader] {
        return reader.connection().query(QStringLiteral("SELECT count(*) FROM change_log"),
                                         QStringLiteral("reading the change counter"));
    };
    auto r = count();
    if (!r && reader.connectionLost() && reader.reconnect()) // a server restarted since: read on
        r = count();
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

void Workspace::othersCommitted()
{
    if (!isShared())
        return;
    mLiveWanted = true;
    if (mLiveTimer.isActive())
        return; // the burst's refresh is already due
    qint64 wait = kLiveGatherMs;
    if (mLiveSince.isValid())
        wait = std::max(wait, kLiveGapMs - mLiveSince.elapsed());
    mLiveTimer.start(int(wait));
}

void Workspace::liveRefresh()
{
    if (!isShared() || !mLiveWanted)
        return;
    // One load at a time: the running one (or the import's own refresh) calls othersCommitted()
    // again when it ends, and the notices wait for it.
    if (isLoading() || isImporting())
        return;
    mLiveWanted = false;
    mLiveSince.start();
    mLiveLoad = true;
    loadIndex();
}

void Workspace::liveStateChanged()
{
    using State = SharedStoreWatcher::State;
    const State state = mLive->state();
    const auto was = State(mLiveLabel->property("state").toInt());
    mLiveLabel->setProperty("state", int(state));
    const QString at = QLocale().toString(QTime::currentTime(), QLocale::ShortFormat);
    switch (state) {
    case State::Off:
        mLiveLabel->setVisible(false);
        return;
    case State::Connecting:
        mLiveLabel->setText(tr("Live: connecting…"));
        mLiveLabel->setToolTip({});
        break;
    case State::Listening:
        mLiveLabel->setText(tr("Live"));
        mLiveLabel->setToolTip(tr("Other analysts' imports and corrections appear here as they are committed."));
        if (was == State::Reconnecting)
            mWindow.statusBar()->showMessage(tr("Connected to the shared store again, %1.").arg(at), 8000);
        break;
    case State::Polling:
        mLiveLabel->setText(tr("Live (checked every %Ln s)", nullptr, mLive->pollInterval() / 1000));
        mLiveLabel->setToolTip(tr("The server does not deliver notices (%1): the store is checked for others' changes "
                                  "every %Ln seconds.",
                                  nullptr, mLive->pollInterval() / 1000)
                                   .arg(mLive->reason()));
        if (was == State::Reconnecting)
            mWindow.statusBar()->showMessage(tr("Connected to the shared store again, %1.").arg(at), 8000);
        break;
    case State::Reconnecting:
        mLiveLabel->setText(tr("Reconnecting…"));
        mLiveLabel->setToolTip(tr("Others' changes do not arrive: %1. Trying again; View > Refresh (F5) also "
                                  "reads them once the server is back.")
                                   .arg(mLive->reason()));
        // Said once when the connection goes, not at every try.
        if (was != State::Reconnecting)
            mWindow.statusBar()->showMessage(tr("Lost the connection to the shared store, %1; reconnecting: %2")
                                                 .arg(at, mLive->reason()),
                                             15000);
        break;
    }
    mLiveLabel->setVisible(true);
}

bool Workspace::announceDelta(const pg::PgIndexDelta &delta, bool live, const EventIndex &fresh)
{
    const QString at = QLocale().toString(QTime::currentTime(), QLocale::ShortFormat);
    using Outcome = pg::PgIndexDelta::Outcome;
    if (live && delta.outcome == Outcome::Unchanged)
        return false;
    if (live && delta.outcome == Outcome::Applied) {
        // Read again: the touched events and their happenings' other reports. New: not in the old index.
        const qint64 added = qint64(fresh.size()) - (qint64(mIndex ? mIndex->size() : 0) - delta.removed);
        const qint64 changed = delta.eventRows + delta.removed;
        mWindow.statusBar()->showMessage(tr("%Ln event(s) changed by others (%1 new, %2 removed), %3", nullptr,
                                            int(std::min<qint64>(changed, INT_MAX)))
                                             .arg(QLocale().toString(std::max<qint64>(added, 0)),
                                                  QLocale().toString(delta.removed), at),
                                         15000);
    } else if (delta.outcome == Outcome::Applied) {
        mWindow.statusBar()->showMessage(tr("Brought up to date from the shared store: %Ln changed event(s) read, "
                                            "%1 removed; the rest kept as it was.",
                                            nullptr, int(std::min<qint64>(delta.eventRows, INT_MAX)))
                                             .arg(QLocale().toString(delta.removed)),
                                         8000);
    } else if (delta.outcome == Outcome::NeedsFullLoad) {
        mWindow.statusBar()->showMessage(live ? tr("Others' changes: loaded again in full from the shared store (%1), %2")
                                                    .arg(delta.why, at)
                                              : tr("Loaded again in full from the shared store (%1).").arg(delta.why),
                                         8000);
    }
    return true;
}

} // namespace mapline
