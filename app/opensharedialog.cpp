#include "opensharedialog.h"

#include "readstore.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgeventreader.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace mapline {
namespace {
constexpr int kPostgresPort = 5432;

QString urlPart(const QString &part)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part));
}
} // namespace

OpenSharedDialog::OpenSharedDialog(QWidget *parent)
    : QDialog(parent)
    , mHost(new QLineEdit)
    , mPort(new QSpinBox)
    , mDatabase(new QLineEdit)
    , mUser(new QLineEdit)
    , mPassword(new QLineEdit)
    , mUrl(new QLineEdit)
    , mStatus(new QLabel)
    , mTest(new QPushButton(tr("&Test Connection")))
    , mButtons(new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("Open Shared Database"));
    mHost->setObjectName(QStringLiteral("host"));
    mPort->setObjectName(QStringLiteral("port"));
    mDatabase->setObjectName(QStringLiteral("database"));
    mUser->setObjectName(QStringLiteral("user"));
    mPassword->setObjectName(QStringLiteral("password"));
    mUrl->setObjectName(QStringLiteral("url"));
    mStatus->setObjectName(QStringLiteral("status"));
    mTest->setObjectName(QStringLiteral("testConnection"));

    auto *intro = new QLabel(tr("A team's Mapline store on a PostgreSQL server with PostGIS. The viewer reads it, imports "
                                "into it and writes your corrections, merges and splits to it, with your name."));
    intro->setWordWrap(true);

    mHost->setPlaceholderText(tr("localhost, dbhost.example.org, or a socket folder: /run/postgresql"));
    mHost->setToolTip(tr("A host name or address, or the folder of the server's Unix socket (it begins with /). "
                         "Empty: the local server's default socket."));
    mPort->setRange(1, 65535);
    mPort->setValue(kPostgresPort);
    mPort->setToolTip(tr("The server's port (5432 unless the administrator chose another); for a socket, the "
                         "number in its file name .s.PGSQL.PORT."));
    mDatabase->setPlaceholderText(tr("afghanistan"));
    mUser->setPlaceholderText(tr("empty: your login name"));
    mPassword->setEchoMode(QLineEdit::Password);
    mPassword->setPlaceholderText(tr("empty: PGPASSWORD or ~/.pgpass"));
    auto *passwordNote = new QLabel(tr("Only when the server asks for one that PGPASSWORD and ~/.pgpass do not "
                                       "give. It is kept in memory for this session and handed to the PostgreSQL "
                                       "library only: never saved, not in the settings, the recent list or a log."));
    passwordNote->setWordWrap(true);
    passwordNote->setObjectName(QStringLiteral("passwordNote"));
    QFont small = passwordNote->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    passwordNote->setFont(small);

    auto *connection = new QGroupBox(tr("Connection"));
    auto *form = new QFormLayout(connection);
    form->addRow(tr("&Host:"), mHost);
    form->addRow(tr("&Port:"), mPort);
    form->addRow(tr("&Database:"), mDatabase);
    auto *auth = new QGroupBox(tr("Authentication"));
    auto *authForm = new QFormLayout(auth);
    authForm->addRow(tr("&User name:"), mUser);
    authForm->addRow(tr("Pass&word:"), mPassword);
    authForm->addRow(QString(), passwordNote);

    mUrl->setPlaceholderText(QStringLiteral("postgresql://user@host:5432/database"));
    mUrl->setToolTip(tr("The whole connection URL, as libpq and `mapline --db` take it; paste one here to fill "
                        "the fields. A URL with a password is refused: type it in the Password field instead."));
    auto *urlForm = new QFormLayout;
    urlForm->addRow(tr("&URL:"), mUrl);

    mStatus->setWordWrap(true);
    mStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mStatus->setMinimumHeight(mStatus->fontMetrics().lineSpacing() * 3);
    mButtons->button(QDialogButtonBox::Open)->setText(tr("&Open"));
    mButtons->addButton(mTest, QDialogButtonBox::ActionRole);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(connection);
    layout->addWidget(auth);
    layout->addLayout(urlForm);
    layout->addWidget(mStatus);
    layout->addWidget(mButtons);
    setMinimumWidth(520);

    for (QLineEdit *e : {mHost, mDatabase, mUser})
        connect(e, &QLineEdit::textEdited, this, &OpenSharedDialog::fieldsChanged);
    connect(mPort, &QSpinBox::valueChanged, this, &OpenSharedDialog::fieldsChanged);
    connect(mUrl, &QLineEdit::textEdited, this, &OpenSharedDialog::urlEdited);
    connect(mTest, &QPushButton::clicked, this, [this] { start(true); });
    connect(mButtons, &QDialogButtonBox::accepted, this, [this] { start(false); });
    connect(mButtons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&mWatcher, &QFutureWatcherBase::finished, this, &OpenSharedDialog::finished);
    fieldsChanged();
}

OpenSharedDialog::~OpenSharedDialog()
{
    mWatcher.waitForFinished(); // the worker holds copies only; wait so no result lands on a dead dialog
}

QString OpenSharedDialog::buildUrl(const QString &host, int port, const QString &database, const QString &user)
{
    const QString who = user.isEmpty() ? QString() : urlPart(user) + QLatin1Char('@');
    const QString db = urlPart(database);
    if (host.startsWith(QLatin1Char('/')) || host.isEmpty()) {
        QStringList params;
        if (!host.isEmpty())
            params << QStringLiteral("host=") + urlPart(host);
        if (port != kPostgresPort || !host.isEmpty())
            params << QStringLiteral("port=%1").arg(port);
        return QStringLiteral("postgresql://%1/%2%3")
            .arg(who, db, params.isEmpty() ? QString() : QLatin1Char('?') + params.join(QLatin1Char('&')));
    }
    // An IPv6 address goes in brackets.
    const QString h = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : urlPart(host);
    return QStringLiteral("postgresql://%1%2:%3/%4").arg(who, h).arg(port).arg(db);
}

QString OpenSharedDialog::describe(const QString &url)
{
    const QUrl u(url);
    const QUrlQuery query(u);
    QString database = u.path().mid(1);
    if (database.isEmpty())
        database = query.queryItemValue(QStringLiteral("dbname"), QUrl::FullyDecoded);
    QString host = u.host();
    if (host.isEmpty())
        host = query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
    if (host.isEmpty())
        host = tr("the local server");
    return tr("%1 on %2 (PostgreSQL)").arg(database.isEmpty() ? tr("the default database") : database, host);
}

void OpenSharedDialog::setUrl(const QString &url, const QString &message, bool askPassword)
{
    mUrl->setText(url);
    urlEdited();
    mStatus->setText(message);
    if (askPassword)
        mPassword->setFocus();
}

QString OpenSharedDialog::url() const
{
    return mUrl->text().trimmed();
}

QByteArray OpenSharedDialog::password() const
{
    return mPassword->text().toUtf8();
}

void OpenSharedDialog::fieldsChanged()
{
    if (mUpdating)
        return;
    mUrl->setText(buildUrl(mHost->text().trimmed(), mPort->value(), mDatabase->text().trimmed(), mUser->text().trimmed()));
    mStatus->clear();
}

void OpenSharedDialog::urlEdited()
{
    // The fields follow a URL that was pasted; what they cannot say (other parameters) stays in it.
    const QUrl u(url());
    if (!u.isValid() || !pg::isUrl(url()))
        return;
    const QUrlQuery query(u);
    mUpdating = true;
    QString host = u.host();
    if (host.isEmpty())
        host = query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
    mHost->setText(host);
    int port = u.port(-1);
    if (port < 0)
        port = query.queryItemValue(QStringLiteral("port")).toInt();
    mPort->setValue(port > 0 ? port : kPostgresPort);
    mDatabase->setText(u.path(QUrl::FullyDecoded).mid(1));
    mUser->setText(u.userName(QUrl::FullyDecoded));
    mUpdating = false;
    mStatus->setText(pg::holdsPassword(url()) ? tr("This URL holds a password: remove it from the URL and type it in "
                                                   "the Password field, which is never saved.")
                                              : QString());
}

OpenSharedDialog::Outcome OpenSharedDialog::tryOpen(const QString &url, const QByteArray &password, bool count)
{
    Outcome out;
    auto store = cli::ReadStore::open(url, password, &out.needsPassword);
    if (!store) {
        out.error = store.error();
        return out;
    }
    if (count) {
        const auto r = store.value()->postgres()->connection().query(QStringLiteral("SELECT count(*) FROM events"),
                                                                     QStringLiteral("counting the events"));
        if (r && r->rows() == 1)
            out.events = r->int64(0, 0);
    }
    return out;
}

void OpenSharedDialog::start(bool test)
{
    if (mWatcher.isRunning())
        return;
    const QString target = url();
    if (!pg::isUrl(target)) {
        mStatus->setText(tr("Give the server's host (or socket folder) and the database, or a postgresql:// URL."));
        return;
    }
    if (pg::holdsPassword(target)) {
        mStatus->setText(tr("This URL holds a password: remove it from the URL and type it in the Password field."));
        return;
    }
    if (mDatabase->text().trimmed().isEmpty() && !target.contains(QStringLiteral("dbname="))) {
        mStatus->setText(tr("Which database holds the store? Give its name."));
        mDatabase->setFocus();
        return;
    }
    mTesting = test;
    mStatus->setText(tr("Connecting to %1…").arg(describe(target)));
    mTest->setEnabled(false);
    mButtons->button(QDialogButtonBox::Open)->setEnabled(false);
    mWatcher.setFuture(QtConcurrent::run(&OpenSharedDialog::tryOpen, target, password(), test));
}

void OpenSharedDialog::finished()
{
    const Outcome out = mWatcher.result();
    mTest->setEnabled(true);
    mButtons->button(QDialogButtonBox::Open)->setEnabled(true);
    if (!out.error.isEmpty()) {
        mStatus->setText(explain(out.error, out.needsPassword, url()));
        if (out.needsPassword)
            mPassword->setFocus();
        return;
    }
    if (mTesting) {
        mStatus->setText(out.events >= 0 ? tr("Connected: a Mapline store of %L1 events.").arg(out.events)
                                         : tr("Connected: a Mapline store."));
        return;
    }
    accept();
}

QString OpenSharedDialog::explain(const QString &error, bool needsPassword, const QString &url)
{
    const QString user = QUrl(url).userName(QUrl::FullyDecoded);
    const QString who = user.isEmpty() ? tr("your login name") : tr("user %1").arg(user);
    QString headline;
    const auto has = [&error](const char *text) { return error.contains(QLatin1String(text), Qt::CaseInsensitive); };
    if (needsPassword)
        headline = tr("The server asks for a password for %1, and PGPASSWORD and ~/.pgpass give none: type it in "
                      "the Password field.").arg(who);
    else if (has("password authentication failed") || has("authentication failed"))
        headline = tr("The server refused %1: wrong user name or password.").arg(who);
    else if (has("no pg_hba.conf entry"))
        headline = tr("The server does not let %1 in from this machine (its pg_hba.conf): ask its administrator.").arg(who);
    else if (has("role \"") && has("does not exist"))
        headline = tr("The server has no user named %1.").arg(user.isEmpty() ? who : user);
    else if (has("database \"") && has("does not exist"))
        headline = tr("The server has no database by that name.");
    else if (has("could not connect") || has("connection refused") || has("could not translate host name") ||
             has("timeout expired") || has("no route to host") || has("network is unreachable") ||
             has("no such file or directory"))
        headline = tr("The server cannot be reached: is it running, and are the host and port right?");
    else if (has("holds no Mapline store") || has("not a Mapline store"))
        headline = tr("This database is not a Mapline store. A store is made by `mapline import --db URL` or "
                      "`mapline copy --from FILE --to URL`.");
    else if (has("is newer than this Mapline"))
        headline = tr("This store was made by a newer Mapline: use a newer Mapline to open it.");
    else if (has("is older than this Mapline"))
        headline = tr("This store was made by an older Mapline: a writing command migrates it first "
                      "(mapline import --db URL, or mapline copy).");
    else if (has("postgis"))
        headline = tr("The database lacks PostGIS, which the store needs.");
    else
        headline = tr("The store cannot be opened.");
    return headline + QStringLiteral("\n\n") + error;
}

} // namespace mapline
