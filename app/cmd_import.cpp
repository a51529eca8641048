// mapline import: article files and folders into the event store.
#include "commands.h"

#include "commandsupport.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"

#include <QTextStream>

namespace mapline::cli {

int runImport(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("import"),
                      QStringLiteral("Import news articles (text or HTML files, or folders of them) into the "
                                     "event database. Each article is stored whole or not at all; importing "
                                     "the same article again changes nothing."),
                      QStringLiteral("PATH"));
    QCommandLineParser &p = cmd.parser();
    p.addOption({QStringLiteral("date"), QStringLiteral("Publication date for articles that carry none."),
                 QStringLiteral("YYYY-MM-DD")});
    p.addOption({QStringLiteral("source"), QStringLiteral("Source name for articles that carry none."),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("keep-outside"),
                 QStringLiteral("Keep events placed outside the database's area of interest.")});
    if (const auto code = cmd.parse(arguments))
        return *code;
    QString error;
    ParseOptions options;
    options.published = cmd.dateOption(QStringLiteral("date"), error);
    if (!error.isEmpty())
        return cmd.usageError(error);
    options.source = p.value(QStringLiteral("source"));
    options.keepOutside = p.isSet(QStringLiteral("keep-outside"));
    const QStringList paths = p.positionalArguments();
    if (paths.isEmpty())
        return cmd.usageError(QStringLiteral("no files or folders to import"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    auto store = EventStore::open(cmd.database());
    if (!store) {
        err << "mapline import: " << store.error() << Qt::endl;
        return InputFailed;
    }
    QStringList missing;
    const QStringList files = collectArticleFiles(paths, &missing);
    ArticleImporter::Summary summary;
    for (const QString &path : missing) {
        err << "failed     " << path << ": no such file or folder" << Qt::endl;
        ++summary.failed;
    }
    ArticleImporter importer(*store.value(), options);
    for (const QString &file : files) {
        const ArticleImporter::FileResult r = importer.importFile(file);
        summary.add(r);
        using S = ArticleImporter::FileResult::Status;
        switch (r.status) {
        case S::Imported:
            out << "imported   " << file << " (" << r.sentences << " sentences, " << r.events << " events";
            if (r.outsideArea > 0)
                out << ", " << r.outsideArea << " outside the area of interest left out";
            out << ")" << Qt::endl;
            break;
        case S::Duplicate:
            out << "unchanged  " << file << " (already in the database as article " << r.articleId << ")" << Qt::endl;
            break;
        case S::Redated:
            out << "dated      " << file << " (" << r.reResolved << " events re-resolved)" << Qt::endl;
            break;
        case S::Failed:
            err << "failed     " << r.error << Qt::endl;
            break;
        }
        for (const QString &w : r.warnings)
            err << "warning    " << file << ": " << w << Qt::endl;
    }
    out << summary.imported << " articles imported, " << summary.duplicates << " unchanged, ";
    if (summary.redated > 0)
        out << summary.redated << " dated, ";
    out << summary.failed << " failed; " << summary.events << " events";
    if (summary.outsideArea > 0)
        out << " (" << summary.outsideArea << " outside the area of interest left out; --keep-outside keeps them)";
    out << "; database " << store.value()->path() << Qt::endl;
    if (files.isEmpty() && missing.isEmpty())
        err << "mapline import: no article files (.txt, .html) found in " << paths.join(QStringLiteral(", "))
            << Qt::endl;
    return summary.failed > 0 || (files.isEmpty()) ? InputFailed : Success;
}

} // namespace mapline::cli
