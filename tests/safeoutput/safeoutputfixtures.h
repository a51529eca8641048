#pragma once

// Helpers for tst_safeoutput and tst_exporttext: running the real executable (with a child-side
// set-up such as a file-size limit), hashing files, listing what a write left in a folder.
//
// MAPLINE_TEST_EXE, when set, runs another build of `mapline` than the one this test was built
// with: that is how each test was seen to fail before its fix (run against the build of the
// commit before it).
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QThread>

#include <csignal>
#include <functional>

#include <sys/resource.h>

namespace mapline::test {

struct Run {
    int exitCode = -1;
    bool crashed = false; // ended by a signal; exitCode is then the signal's number
    QByteArray out;
    QByteArray err;
};

inline QString maplineProgram()
{
    return qEnvironmentVariable("MAPLINE_TEST_EXE", QStringLiteral(MAPLINE_EXE));
}

inline QProcessEnvironment maplineEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("MAPLINE_DB"));
    return env;
}

// Runs mapline with `args`; `childSetup` runs in the child between fork and exec.
inline Run runMaplineWith(const QStringList &args, const std::function<void()> &childSetup = {})
{
    QProcess p;
    p.setProcessEnvironment(maplineEnvironment());
    if (childSetup)
        p.setChildProcessModifier(childSetup);
    p.start(maplineProgram(), args);
    Run r;
    if (!p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// A child-side set-up: writes past `bytes` fail with EFBIG (SIGXFSZ ignored, as mapline does).
inline std::function<void()> fileSizeLimit(rlim_t bytes)
{
    return [bytes] {
        ::signal(SIGXFSZ, SIG_IGN);
        const struct rlimit rl = {bytes, bytes};
        ::setrlimit(RLIMIT_FSIZE, &rl);
    };
}

inline QByteArray fileHash(const QString &path)
{
    return QCryptographicHash::hash(readFile(path), QCryptographicHash::Sha256).toHex();
}

// Name and hash of each file in `folder`, for "nothing changed" comparisons.
inline QStringList folderHashes(const QString &folder)
{
    QStringList out;
    const QDir dir(folder);
    for (const QString &name : dir.entryList(QDir::Files | QDir::Hidden, QDir::Name))
        out << name + QLatin1Char(' ') + QString::fromLatin1(fileHash(dir.filePath(name)));
    return out;
}

// Hidden entries (temporary files and folders) in `folder`.
inline QStringList hiddenEntries(const QString &folder)
{
    QStringList hidden;
    for (const QString &name :
         QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name))
        if (name.startsWith(QLatin1Char('.')))
            hidden << name;
    return hidden;
}

// "ok" when the file at `path` is a well-formed SQLite database (integrity_check), else why not.
// `sql`, when given, is run too and its first value appended ("ok 2000").
inline QString integrityOf(const QString &path, const QString &sql = {})
{
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("integrity"));
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            result = db.lastError().text();
        } else {
            QSqlQuery q(db);
            result = q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next() ? q.value(0).toString()
                                                                                 : q.lastError().text();
            if (!sql.isEmpty())
                result += QLatin1Char(' ') + (q.exec(sql) && q.next() ? q.value(0).toString() : q.lastError().text());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("integrity"));
    return result;
}

} // namespace mapline::test
