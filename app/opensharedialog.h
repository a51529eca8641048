#pragma once

// File > Open Shared Database: a team's PostgreSQL store, named the way QGIS's "New PostGIS
// Connection" names one (host, port, database, user) or by a whole URL, with Test Connection.
// Credentials are never kept: the URL it builds holds no password, and a password typed in its
// field (for a server that asks for one PGPASSWORD and ~/.pgpass do not give) is handed to libpq
// in memory only, for this session; nothing of it reaches the settings, the recent list or a log.
// Tests and the connection run on a worker thread (a server that does not answer keeps the
// dialog alive, for libpq's connect_timeout of 15 s at most).
#include <QDialog>
#include <QFutureWatcher>
#include <QString>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace mapline {

class OpenSharedDialog : public QDialog {
    Q_OBJECT
public:
    explicit OpenSharedDialog(QWidget *parent = nullptr);
    ~OpenSharedDialog() override;

    // The fields of `url` (a postgresql:// URL, a socket's folder in ?host= included), as when
    // the analyst pastes it; `message` shown under them (why the dialog was opened again);
    // `askPassword`: the server asked for one, the focus goes to the Password field.
    void setUrl(const QString &url, const QString &message = {}, bool askPassword = false);
    QString url() const;               // built from the fields; never holds a password
    QByteArray password() const;       // what the analyst typed, or empty

    // postgresql://USER@HOST:PORT/DATABASE; a host that begins with '/' is a socket's folder
    // (postgresql://USER@/DATABASE?host=FOLDER&port=PORT); an empty host, libpq's default socket.
    // Empty user: libpq's default (the login name). Each part percent-encoded.
    static QString buildUrl(const QString &host, int port, const QString &database, const QString &user);
    // "afghanistan on dbhost (PostgreSQL)": the store as the recent list names it.
    static QString describe(const QString &url);
    // One message an analyst can act on for a failure to open `url` (server unreachable, no such
    // database, authentication failed, a password needed, not a Mapline store, too old or too new,
    // PostGIS missing), then the server's own words.
    static QString explain(const QString &error, bool needsPassword, const QString &url);

private:
    struct Outcome {
        QString error;              // empty: the store opened
        bool needsPassword = false;
        qint64 events = -1;         // Test Connection: how many events the store holds
    };
    static Outcome tryOpen(const QString &url, const QByteArray &password, bool count);
    void fieldsChanged();
    void urlEdited();
    void start(bool test);
    void finished();

    QLineEdit *mHost;
    QSpinBox *mPort;
    QLineEdit *mDatabase;
    QLineEdit *mUser;
    QLineEdit *mPassword;
    QLineEdit *mUrl;
    QLabel *mStatus;
    QPushButton *mTest;
    QDialogButtonBox *mButtons;
    QFutureWatcher<Outcome> mWatcher;
    bool mTesting = false;
    bool mUpdating = false;
};

} // namespace mapline
