#include "sharedstorewatcher.h"

#include "store/pg/pgconnection.h"
#include "store/pg/pgeventreader.h"

#include <QSocketNotifier>
#include <QtConcurrent>

#include <algorithm>

namespace mapline {
namespace {
constexpr int kFirstRetryMs = 1000;
constexpr int kLastRetryMs = 30000; // a server down for a while is tried twice a minute
} // namespace

// What a connection attempt made on the pool: the store (null on failure, with `error`), and
// whether LISTEN took (else `listenError`).
struct SharedStoreWatcher::Opened {
    std::shared_ptr<cli::ReadStore> store;
    QString error;
    bool listening = false;
    QString listenError;
};

// What a poll found: whether anything committed since the position, or the connection's failure.
struct SharedStoreWatcher::Polled {
    bool changed = false;
    QString error;
};

SharedStoreWatcher::SharedStoreWatcher(QObject *parent) : QObject(parent)
{
    mPollTimer.setSingleShot(true);
    mRetryTimer.setSingleShot(true);
    connect(&mPollTimer, &QTimer::timeout, this, &SharedStoreWatcher::pollNow);
    connect(&mRetryTimer, &QTimer::timeout, this, &SharedStoreWatcher::connectNow);
    connect(&mConnecting, &QFutureWatcherBase::finished, this, &SharedStoreWatcher::connected);
    connect(&mPolling, &QFutureWatcherBase::finished, this, &SharedStoreWatcher::polled);
}

// A connect or poll still running on the pool holds its own shared_ptr and captures nothing of
// this object: it ends on its own and its result is dropped.
SharedStoreWatcher::~SharedStoreWatcher() = default;

void SharedStoreWatcher::start(const cli::ReadStore::Source &source)
{
    stop();
    mSource = source;
    mRetryMs = kFirstRetryMs;
    setState(State::Connecting);
    connectNow();
}

void SharedStoreWatcher::stop()
{
    ++mGeneration;
    mPollTimer.stop();
    mRetryTimer.stop();
    dropConnection();
    mPosition = {};
    mSource.password.fill('\0'); // the analyst's password does not outlive the watched store
    mSource = {};
    setState(State::Off);
}

void SharedStoreWatcher::dropConnection()
{
    delete mNotifier;
    mNotifier = nullptr;
    mStore.reset(); // a poll still running keeps its own reference until it ends
}

void SharedStoreWatcher::connectNow()
{
    if (mSource.database.isEmpty() || mConnecting.isRunning())
        return;
    const cli::ReadStore::Source source = mSource;
    const bool listen = mListenEnabled;
    mConnecting.setProperty("generation", mGeneration);
    mConnecting.setFuture(QtConcurrent::run([source, listen] {
        auto opened = std::make_shared<Opened>();
        auto store = source.open();
        if (!store) {
            opened->error = store.error();
            return opened;
        }
        opened->store = std::move(store).value();
        if (!opened->store->isPostgres()) {
            opened->error = QStringLiteral("%1 is not a PostgreSQL store").arg(source.database);
            opened->store.reset();
            return opened;
        }
        if (listen) {
            const Status s = pg::pgchangelog::listen(opened->store->postgres()->connection());
            opened->listening = bool(s);
            if (!s)
                opened->listenError = s.error();
        } else {
            opened->listenError = QStringLiteral("listening is turned off");
        }
        return opened;
    }));
}

void SharedStoreWatcher::connected()
{
    if (mConnecting.property("generation").toULongLong() != mGeneration) {
        // A connection for a store no longer watched: start the one the current state wants,
        // which waited for this one to end.
        if ((mState == State::Connecting || mState == State::Reconnecting) && !mRetryTimer.isActive())
            connectNow();
        return;
    }
    const std::shared_ptr<Opened> opened = mConnecting.result();
    if (!opened->store) {
        lost(opened->error);
        return;
    }
    const bool wasLost = mState == State::Reconnecting;
    mStore = opened->store;
    mRetryMs = kFirstRetryMs;
    if (opened->listening) {
        mNotifier = new QSocketNotifier(qintptr(pg::pgchangelog::socket(mStore->postgres()->connection())),
                                        QSocketNotifier::Read, this);
        connect(mNotifier, &QSocketNotifier::activated, this, &SharedStoreWatcher::readNotices);
        setState(State::Listening);
        mPollTimer.start(mSafetyMs);
    } else {
        setState(State::Polling, opened->listenError);
        mPollTimer.start(mPollMs);
    }
    // Commits made while the connection was away were not notified.
    if (wasLost)
        emit changed();
}

void SharedStoreWatcher::readNotices()
{
    if (!mStore || !mNotifier)
        return;
    const int notices = pg::pgchangelog::takeNotices(mStore->postgres()->connection());
    if (notices < 0) {
        lost(mStore->postgres()->connection().failure(tr("listening for other analysts' changes")));
        return;
    }
    if (notices > 0)
        emit changed();
}

void SharedStoreWatcher::pollNow()
{
    if (!mStore || mPolling.isRunning())
        return;
    if (mNotifier)
        mNotifier->setEnabled(false); // the worker has the connection until the poll ends
    const std::shared_ptr<cli::ReadStore> store = mStore;
    const pg::PgIndexPosition position = mPosition;
    mPolling.setProperty("generation", mGeneration);
    mPolling.setFuture(QtConcurrent::run([store, position] {
        auto polled = std::make_shared<Polled>();
        const Result<bool> changed = pg::pgchangelog::changedSince(store->postgres()->connection(), position);
        if (changed)
            polled->changed = changed.value();
        else
            polled->error = changed.error();
        return polled;
    }));
}

void SharedStoreWatcher::polled()
{
    if (mPolling.property("generation").toULongLong() != mGeneration || !mStore) {
        if (mStore && !mPollTimer.isActive()) // the next poll waited for this stale one
            mPollTimer.start(mState == State::Listening ? mSafetyMs : mPollMs);
        return;
    }
    const std::shared_ptr<Polled> polled = mPolling.result();
    if (!polled->error.isEmpty()) {
        lost(polled->error);
        return;
    }
    if (mNotifier) {
        mNotifier->setEnabled(true);
        readNotices(); // what the poll's round trip received is queued in libpq, not on the socket
        if (!mStore)
            return;
    }
    mPollTimer.start(mState == State::Listening ? mSafetyMs : mPollMs);
    if (polled->changed)
        emit changed();
}

void SharedStoreWatcher::lost(const QString &why)
{
    ++mGeneration; // a poll still running on the lost connection is of no use
    mPollTimer.stop();
    dropConnection();
    setState(State::Reconnecting, why);
    mRetryTimer.start(mRetryMs);
    mRetryMs = std::min(mRetryMs * 2, kLastRetryMs);
}

void SharedStoreWatcher::setState(State state, const QString &why)
{
    const bool same = state == mState && why == mReason;
    mState = state;
    mReason = why;
    if (!same)
        emit stateChanged(state);
}

} // namespace mapline
