// mapline: the viewer when run without a subcommand, the command line otherwise.
#include "cli.h"
#include "interop/datasetformat.h"
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

    // `mapline postgresql://...` opens a team's store in the viewer, as `mapline --db URL` does.
    QString db = viewer->database;
    QStringList files = viewer->files;
    for (const QString &a : viewer->files)
        if (mapline::pg::isUrl(a)) {
            if (!db.isEmpty()) {
                std::fprintf(stderr, "mapline: the viewer opens one store at a time: %s and %s\n", qPrintable(db),
                             mapline::pg::holdsPassword(a) ? "a URL" : qPrintable(a));
                return 2;
            }
            db = a;
            files.removeOne(a);
        }
    // `mapline afghanistan.sqlite` (or a double-click on one): a Mapline database is opened, as
    // `--db` opens it, not imported as if it were an article. One only, and not beside --db.
    if (db.isEmpty())
        for (const QString &a : viewer->files)
            if (mapline::DatasetFormat::detect(a) == mapline::DatasetFormat::Kind::MaplineDatabase) {
                db = a;
                files.removeOne(a);
                break;
            }
    if (db.isEmpty() && !qEnvironmentVariableIsEmpty("MAPLINE_DB"))
        db = qEnvironmentVariable("MAPLINE_DB");
    // A password on the command line stays in the shell's history and the process list: refused
    // as the commands refuse it, before anything connects (File > Open Shared Database asks for one).
    if (mapline::pg::isUrl(db) && mapline::pg::holdsPassword(db)) {
        std::fprintf(stderr, "mapline: the PostgreSQL URL holds a password, which Mapline never takes on the command "
                             "line: give the URL without it, and the password in PGPASSWORD or ~/.pgpass, or open the "
                             "store with File > Open Shared Database\n");
        return 2;
    }
    QApplication app(argc, argv);
    setIdentity();
    mapline::MainWindow window;
    if (db.isEmpty())
        db = QSettings().value(QStringLiteral("lastDatabase")).toString();
    if (db.isEmpty())
        db = mapline::cli::defaultDatabasePath();
    // A server may ask for a password (the Open Shared Database dialog, over the window).
    if (mapline::pg::isUrl(db))
        window.show();
    window.openDatabase(db);
    window.show();
    // `mapline FILE...`: the files are imported into the database, as if dropped on the window.
    if (!files.isEmpty())
        QTimer::singleShot(0, &window, [&window, files] { window.importFiles(files); });
    return app.exec();
}
