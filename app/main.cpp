// mapline: the viewer when run without a subcommand, the command line otherwise.
#include "cli.h"
#include "io/localpath.h"
#include "io/tempfiles.h"
#include "mainwindow.h"
#include "store/pg/pgconnection.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QSettings>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <memory>

#include <sys/stat.h>
#include <unistd.h>

namespace {
void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Mapline"));
    QCoreApplication::setApplicationName(QStringLiteral("Mapline"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MAPLINE_VERSION));
}

// Without a desktop session (ssh, cron, CI) XDG_RUNTIME_DIR is unset and Qt's platform code
// warns about it on stderr, which a script reading our output does not want. Use the private
// folder Qt would fall back to, made first with the permissions it asks for.
void ensureRuntimeDir()
{
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return;
    const QByteArray dir = QFile::encodeName(QDir::tempPath()) + "/runtime-" + QByteArray::number(::getuid());
    if (::mkdir(dir.constData(), 0700) == 0 || errno == EEXIST) {
        struct stat st {};
        // lstat: a link planted by someone else is not our folder.
        if (::lstat(dir.constData(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::getuid() &&
            (st.st_mode & 0777) == 0700)
            qputenv("XDG_RUNTIME_DIR", dir);
    }
}

// The arguments as given: QCoreApplication::arguments() turns each byte that is not UTF-8 into
// U+FFFD, so a file named in Latin-1 could not be opened; decodeFileName() keeps them.
QStringList rawArguments(int argc, char **argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << mapline::decodeFileName(argv[i]);
    return args;
}
} // namespace

int main(int argc, char **argv)
{
    // A file-size limit (ulimit -f, prlimit --fsize) must not kill us half-way through a write
    // with no word: ignored, the write fails with EFBIG as on a full disk, and SQLite, the
    // exporters and the snapshot writer report it with the file's name and keep what was done.
    std::signal(SIGXFSZ, SIG_IGN);
    // SIGTERM, Ctrl+C (SIGINT) and a closed terminal (SIGHUP) still end us, but first remove the
    // hidden temporary files of an export, snapshot or animation being written.
    mapline::TempFiles::installSignalHandlers();

    const QStringList args = rawArguments(argc, argv);
    const auto viewer = mapline::cli::viewerInvocation(args);
    if (!viewer) {
        // Subcommands never need a display. `snapshot` and `animate` draw text, which takes a
        // QGuiApplication: they run on the offscreen platform, so they work without a display too.
        if (args.contains(QStringLiteral("snapshot")) || args.contains(QStringLiteral("animate"))) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            ensureRuntimeDir();
            QGuiApplication app(argc, argv); // takes its own options (-platform...) out of argv
            setIdentity();
            // The arguments as given: QGuiApplication takes some for itself (-style among them),
            // and `snapshot --style briefing` is ours.
            return mapline::cli::run(args);
        }
        QCoreApplication app(argc, argv);
        setIdentity();
        return mapline::cli::run(rawArguments(argc, argv));
    }

    // The viewer opens SQLite files only, so far: a PostgreSQL store is read by the commands.
    if (mapline::pg::isUrl(viewer->database) ||
        (viewer->database.isEmpty() && mapline::pg::isUrl(qEnvironmentVariable("MAPLINE_DB")))) {
        std::fprintf(stderr, "mapline: the viewer does not open a PostgreSQL store yet: `mapline copy --from URL --to "
                             "FILE` copies it into a SQLite file to open (events, happenings, export, snapshot, "
                             "animate and control read it directly)\n");
        return 2;
    }
    QApplication app(argc, argv);
    setIdentity();
    mapline::MainWindow window;
    QString db = viewer->database;
    if (db.isEmpty() && qEnvironmentVariableIsEmpty("MAPLINE_DB"))
        db = QSettings().value(QStringLiteral("lastDatabase")).toString();
    if (db.isEmpty())
        db = mapline::cli::defaultDatabasePath();
    window.openDatabase(db);
    window.show();
    // `mapline FILE...`: the files are imported into the database, as if dropped on the window.
    if (const QStringList files = viewer->files; !files.isEmpty())
        QTimer::singleShot(0, &window, [&window, files] { window.importFiles(files); });
    return app.exec();
}
