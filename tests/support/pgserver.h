#pragma once

// A private PostgreSQL 15 server with PostGIS for the tests of the shared store: initdb and
// pg_ctl (Debian's postgresql-15, postgresql-15-postgis-3, installed by scripts/setup.sh) in a
// temporary folder, listening only on a Unix socket in that folder (no TCP port at all), fsync
// off. One server per test executable (start it in initTestCase), a fresh database per test case
// (createDatabase), so cases stay independent. Stopped (immediate) and removed by the destructor.
// initdb refuses to run as root: as root, the server runs as the `postgres` system user.
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace mapline::test {

class PgServer {
public:
    PgServer() = default;
    ~PgServer();
    PgServer(const PgServer &) = delete;
    PgServer &operator=(const PgServer &) = delete;

    // Starts the server; false with error() set when it cannot. available() is false when the
    // server programs are not installed (the caller skips, naming error()).
    bool start();
    static bool available();
    const QString &error() const { return mError; }

    // A new empty database, with PostGIS and unaccent installed as a DBA would (`extensions`), or
    // bare; its URL, or an empty string with error() set. `owner`: a role to own it and to
    // connect as (created when new, without superuser rights), else the server's superuser.
    QString createDatabase(const QString &owner = {}, bool extensions = true);
    // A new database holding a copy of the one at `sourceUrl` (CREATE DATABASE ... TEMPLATE: no
    // other session may be open on the source); its URL, or an empty string with error() set.
    QString copyDatabase(const QString &sourceUrl);
    // The URL of database `name` as role `user` (the superuser when empty).
    QString url(const QString &name, const QString &user = {}) const;
    const QString &socketFolder() const { return mSocketFolder; }
    int port() const { return kPort; }

private:
    bool run(const QString &program, const QStringList &arguments, int timeoutMs);
    bool adminExec(const QString &sql);

    static constexpr int kPort = 54329; // a socket file in our own folder: no other server shares it
    std::unique_ptr<QTemporaryDir> mDir;
    QString mSocketFolder;
    QString mDataFolder;
    bool mRunning = false;
    int mDatabases = 0;
    QString mError;
};

} // namespace mapline::test

// For a test's initTestCase(): skips the test when this machine cannot run a server, else starts
// `server` (a mapline::test::PgServer) or fails with its reason. The caller includes <QtTest>.
#define MAPLINE_START_PG_SERVER(server)                                                                \
    do {                                                                                                \
        if (!mapline::test::PgServer::available())                                                      \
            QSKIP("no PostgreSQL server to test with: scripts/setup.sh installs postgresql-15 and "      \
                  "postgresql-15-postgis-3");                                                           \
        QVERIFY2((server).start(), qPrintable((server).error()));                                       \
    } while (false)
