#include "pgserver.h"

#include "store/pg/pgconnection.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QUrl>

#include <pwd.h>
#include <unistd.h>

namespace mapline::test {
namespace {

constexpr const char kSuperuser[] = "mapline_test";

QString binFolder()
{
    static const QString folder = [] {
        QProcess config;
        config.start(QStringLiteral("pg_config"), {QStringLiteral("--bindir")});
        if (config.waitForFinished(5000) && config.exitCode() == 0) {
            const QString dir = QString::fromLocal8Bit(config.readAllStandardOutput()).trimmed();
            if (QFileInfo::exists(dir + QStringLiteral("/initdb")))
                return dir;
        }
        return QStringLiteral("/usr/lib/postgresql/15/bin");
    }();
    return folder;
}

bool runningAsRoot() { return ::getuid() == 0; }

} // namespace

bool PgServer::available()
{
    return QFileInfo(binFolder() + QStringLiteral("/initdb")).isExecutable() &&
           QFileInfo(binFolder() + QStringLiteral("/pg_ctl")).isExecutable() &&
           QFileInfo::exists(QStringLiteral("/usr/share/postgresql/15/extension/postgis.control"));
}

PgServer::~PgServer()
{
    if (mRunning)
        run(binFolder() + QStringLiteral("/pg_ctl"),
            {QStringLiteral("-D"), mDataFolder, QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"),
             QStringLiteral("stop")},
            30000);
}

bool PgServer::run(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (runningAsRoot())
        process.start(QStringLiteral("runuser"),
                      QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program} + arguments);
    else
        process.start(program, arguments);
    const bool finished = process.waitForFinished(timeoutMs);
    if (finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return true;
    mError = QStringLiteral("%1 failed: %2").arg(QFileInfo(program).fileName(),
                                                 QString::fromLocal8Bit(process.readAll()).trimmed());
    if (!finished)
        process.kill();
    return false;
}

bool PgServer::start()
{
    if (!available()) {
        mError = QStringLiteral("PostgreSQL 15 with PostGIS is not installed (no %1/initdb, or no postgis extension): "
                                "scripts/setup.sh installs postgresql-15 and postgresql-15-postgis-3")
                     .arg(binFolder());
        return false;
    }
    mDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/mapline-pg-XXXXXX"));
    if (!mDir->isValid()) {
        mError = QStringLiteral("cannot create a temporary folder: %1").arg(mDir->errorString());
        return false;
    }
    mSocketFolder = mDir->path();
    mDataFolder = mDir->filePath(QStringLiteral("data"));
    if (runningAsRoot()) {
        const passwd *pw = ::getpwnam("postgres");
        if (!pw || ::chown(QFile::encodeName(mSocketFolder).constData(), pw->pw_uid, pw->pw_gid) != 0) {
            mError = QStringLiteral("running as root, and there is no `postgres` user to run the server as");
            return false;
        }
    }
    if (!run(binFolder() + QStringLiteral("/initdb"),
             {QStringLiteral("-D"), mDataFolder, QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-U"),
              QString::fromLatin1(kSuperuser), QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C.UTF-8"),
              QStringLiteral("--no-sync"), QStringLiteral("--no-instructions")},
             60000))
        return false;
    // No TCP at all: the server listens on a socket in our own folder only.
    const QString options = QStringLiteral("-c listen_addresses='' -c unix_socket_directories='%1' -p %2 -c fsync=off "
                                           "-c full_page_writes=off -c synchronous_commit=off -c max_connections=40")
                                .arg(mSocketFolder)
                                .arg(kPort);
    if (!run(binFolder() + QStringLiteral("/pg_ctl"),
             {QStringLiteral("-D"), mDataFolder, QStringLiteral("-l"), mDir->filePath(QStringLiteral("server.log")),
              QStringLiteral("-o"), options, QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("30"),
              QStringLiteral("start")},
             40000))
        return false;
    mRunning = true;
    // A template with the extensions a DBA would install, so each test's database is a quick copy.
    return adminExec(QStringLiteral("CREATE DATABASE mapline_template")) &&
           [this] {
               auto c = pg::PgConnection::open(url(QStringLiteral("mapline_template")));
               if (!c) {
                   mError = c.error();
                   return false;
               }
               const Status s = c.value()->exec(QStringLiteral("CREATE EXTENSION postgis; CREATE EXTENSION unaccent"),
                                                QStringLiteral("installing the extensions"));
               mError = s.error();
               return s.ok();
           }();
}

QString PgServer::url(const QString &name, const QString &user) const
{
    // Concatenated, not arg()ed: the encoded folder holds %2F.
    return QStringLiteral("postgresql://") + (user.isEmpty() ? QString::fromLatin1(kSuperuser) : user) +
           QStringLiteral("@/") + name + QStringLiteral("?host=") +
           QString::fromLatin1(QUrl::toPercentEncoding(mSocketFolder)) + QStringLiteral("&port=") + QString::number(kPort);
}

bool PgServer::adminExec(const QString &sql)
{
    auto c = pg::PgConnection::open(url(QStringLiteral("postgres")));
    if (!c) {
        mError = c.error();
        return false;
    }
    const Status s = c.value()->exec(sql, QStringLiteral("setting up the test server"));
    mError = s.error();
    return s.ok();
}

QString PgServer::createDatabase(const QString &owner, bool extensions)
{
    const QString name = QStringLiteral("case_%1").arg(++mDatabases);
    if (!owner.isEmpty() &&
        !adminExec(QStringLiteral("DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1') THEN "
                                  "CREATE ROLE %1 LOGIN; END IF; END$$")
                       .arg(owner)))
        return {};
    if (!adminExec(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2%3")
                       .arg(name, extensions ? QStringLiteral("mapline_template") : QStringLiteral("template0"),
                            owner.isEmpty() ? QString() : QStringLiteral(" OWNER ") + owner)))
        return {};
    return url(name, owner);
}

QString PgServer::copyDatabase(const QString &sourceUrl)
{
    const QString name = QStringLiteral("case_%1").arg(++mDatabases);
    const QString source = sourceUrl.section(QLatin1Char('/'), 3).section(QLatin1Char('?'), 0, 0);
    if (!adminExec(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2").arg(name, source)))
        return {};
    return url(name);
}

} // namespace mapline::test
