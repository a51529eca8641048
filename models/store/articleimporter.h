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
        enum class Status { Imported, Duplicate, Failed };
        QString path;
        Status status = Status::Failed;
        qint64 articleId = 0;
        int sentences = 0;
        int events = 0;
        int outsideArea = 0;
        QString error;       // for Failed: names the file and the reason
        QStringList warnings;
    };

    struct Summary {
        int imported = 0;
        int duplicates = 0;
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
