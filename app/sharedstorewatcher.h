#pragma once

// Watches a team's PostgreSQL store for what other analysts commit, so the viewer shows it without
// anyone pressing F5 (issue 19). Its own connection (a cli::ReadStore opened again from the
// workspace's source) LISTENs on the counting trigger's channel (pgchangelog.h): the server
// delivers one notice per writing transaction at its commit; a QSocketNotifier on the connection's
// socket wakes the GUI thread, which only reads what already arrived (PQconsumeInput never waits).
// The notices are hints, the change log is the truth: the workspace coalesces them and its delta
// refresh (pgindexdelta.h) finds nothing to do when they were its own commits.
//
// When LISTEN is refused (a hot standby, some poolers) the watcher polls the change log instead
// (pgchangelog::changedSince, one indexed query) every pollInterval(); while listening it also
// polls, slowly (safetyInterval()), for the pooler that accepts LISTEN and never delivers. When the
// server goes away the watcher says so and reconnects quietly, waiting longer between tries, and
// announces changed() once it is back (it may have missed notices meanwhile).
//
// GUI thread. Connecting and polling run on the thread pool; nothing here blocks the GUI thread on
// the network. The connection is the watcher's alone: while a poll runs the worker has it and the
// socket notifier is off.
#include "readstore.h"
#include "store/pg/pgchangelog.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <memory>

class QSocketNotifier;

namespace mapline {

class SharedStoreWatcher : public QObject {
    Q_OBJECT
public:
    enum class State {
        Off,          // nothing watched
        Connecting,   // the first connection is being opened
        Listening,    // LISTEN works: commits are notified
        Polling,      // LISTEN refused: the change log is polled
        Reconnecting, // the connection was lost (or never made): tries again
    };

    explicit SharedStoreWatcher(QObject *parent = nullptr);
    ~SharedStoreWatcher() override;

    // Watches the store `source` opens (a postgresql:// URL); stops watching any other.
    void start(const cli::ReadStore::Source &source);
    void stop();
    State state() const { return mState; }
    // Why the watcher polls or reconnects (the server's message), empty otherwise.
    const QString &reason() const { return mReason; }

    // Where the shown index stands: the polls ask whether anything committed since.
    void setPosition(const pg::PgIndexPosition &position) { mPosition = position; }
    // Whether to try LISTEN at all (default true); false: poll only, as behind a pooler.
    void setListenEnabled(bool enabled) { mListenEnabled = enabled; }
    void setPollInterval(int ms) { mPollMs = ms; }     // the fallback's poll, default 10 s
    void setSafetyInterval(int ms) { mSafetyMs = ms; } // the poll while listening, default 60 s
    int pollInterval() const { return mPollMs; }
    int safetyInterval() const { return mSafetyMs; }

signals:
    // Other connections may have committed (a notice arrived, a poll saw a commit, or the
    // connection came back). Emitted once per batch of notices read together.
    void changed();
    void stateChanged(mapline::SharedStoreWatcher::State state);

private:
    struct Opened;
    struct Polled;

    void connectNow();
    void connected();
    void readNotices();
    void pollNow();
    void polled();
    void lost(const QString &why);
    void setState(State state, const QString &why = {});
    void dropConnection();

    cli::ReadStore::Source mSource;
    quint64 mGeneration = 0; // a start() or stop() makes the running connect/poll stale
    State mState = State::Off;
    QString mReason;
    bool mListenEnabled = true;
    int mPollMs = 10000;
    int mSafetyMs = 60000;
    int mRetryMs = 0; // the next reconnection's wait, doubled up to a ceiling
    pg::PgIndexPosition mPosition;

    std::shared_ptr<cli::ReadStore> mStore; // the watcher's connection; a running poll shares it
    QSocketNotifier *mNotifier = nullptr;   // on mStore's socket while listening
    QTimer mPollTimer;
    QTimer mRetryTimer;
    QFutureWatcher<std::shared_ptr<Opened>> mConnecting;
    QFutureWatcher<std::shared_ptr<Polled>> mPolling;
};

} // namespace mapline
