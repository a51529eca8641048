// mapline: the viewer when run without a subcommand, the command line otherwise.
#include "cli.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QSettings>

#include <csignal>
#include <memory>

namespace {
void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Mapline"));
    QCoreApplication::setApplicationName(QStringLiteral("Mapline"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MAPLINE_VERSION));
}

QStringList rawArguments(int argc, char **argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    return args;
}
} // namespace

int main(int argc, char **argv)
{
    // A file-size limit (ulimit -f, prlimit --fsize) must not kill us half-way through a write
    // with no word: ignored, the write fails with EFBIG as on a full disk, and SQLite, the
    // exporters and the snapshot writer report it with the file's name and keep what was done.
    std::signal(SIGXFSZ, SIG_IGN);

    const QStringList args = rawArguments(argc, argv);
    const auto viewer = mapline::cli::viewerInvocation(args);
    if (!viewer) {
        // Subcommands never need a display. `snapshot` and `animate` draw text, which takes a
        // QGuiApplication: they run on the offscreen platform, so they work without a display too.
        if (args.contains(QStringLiteral("snapshot")) || args.contains(QStringLiteral("animate"))) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            QGuiApplication app(argc, argv);
            setIdentity();
            return mapline::cli::run(app.arguments());
        }
        QCoreApplication app(argc, argv);
        setIdentity();
        return mapline::cli::run(app.arguments());
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
    return app.exec();
}
