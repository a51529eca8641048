#pragma once

#include "extract/articleparser.h"
#include "store/eventstore.h"

#include <QString>

namespace mapline {

// Parses article files and stores them, one transaction per article, so one bad file never
// stops or spoils the others. Used by `mapline import` and by the viewer's import worker.
class ArticleImporter {
public:
    struct FileResult {
        // Redated: the article was already stored without a publication date, and this import
        // supplied one (sidecar or --date): the date was set and its events re-resolved.
        enum class Status { Imported, Duplicate, Redated, Failed };
        QString path;
        Status status = Status::Failed;
        qint64 articleId = 0;
        int sentences = 0;
        int events = 0;
        int outsideArea = 0;
        int reResolved = 0;  // for Redated: events whose time was resolved again
        QString error;       // for Failed: names the file and the reason
        QStringList warnings;
    };

    struct Summary {
        int imported = 0;
        int duplicates = 0;
        int redated = 0;
        int failed = 0;
        int events = 0;
        int outsideArea = 0;
        void add(const FileResult &r);
    };

    ArticleImporter(EventStore &store, ParseOptions options);

    FileResult importFile(const QString &path);

private:
    EventStore &mStore;
    ParseOptions mOptions;
    ArticleParser mParser;
};

} // namespace mapline
