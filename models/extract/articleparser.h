#pragma once

#include "extract/dateline.h"
#include "extract/metadata.h"
#include "extract/parsedarticle.h"
#include "io/inputfile.h"
#include "result.h"

#include <QDate>
#include <QString>
#include <QStringList>

#include <functional>

namespace mapline {

// Caller-supplied defaults for articles that carry no metadata of their own
// (`mapline import --date --source`). The file's sidecar, when present, wins.
struct ParseOptions {
    QDate published;
    QString source;
    bool keepOutside = false; // keep events placed outside the area of interest
    QStringList areaCountries = {QStringLiteral("AF")}; // the area of interest, ISO 3166-1 alpha-2 codes
    // The user's gazetteer (UserGazetteer::pathFor(database)): its places are known besides the
    // bundled ones. Empty, or no such file: the bundled gazetteer alone.
    QString userGazetteerPath;
};

// The text stage on its own (decoded text -> cleaned body, metadata, dateline, sentences), before
// any event is extracted: what ArticleParser::parse hands to EventExtractor.
struct TextStage {
    Article article;          // meta resolved, body, content hash, dateline place, sentences
    Dateline dateline;        // span in article.body (the first sentence starts after it)
    QStringList captions;     // picture captions, kept apart from the body
    QStringList removed;      // furniture lines dropped
    ResolvedMetadata origins; // where the title, source, date and URL came from
    QStringList warnings;
};

// Runs the text stage. `meta` holds what the sidecar said (and the file path); `options` gives
// the caller's defaults. HTML is recognised by the file name in meta.path or by its content.
TextStage prepareArticle(const QString &text, const ArticleMeta &meta, const ParseOptions &options = {});

// Turns an article file or text into a ParsedArticle. Pure: no database, no widgets;
// safe to use from several threads at once.
class ArticleParser {
public:
    static constexpr qint64 kMaxFileBytes = 32 * 1024 * 1024;

    ArticleParser();

    // Asked with the cleaned article (body, content hash, metadata) before its events are
    // extracted: false skips the extraction (ParsedArticle::eventsSkipped), for an article the
    // caller will not store (its content is stored already).
    using WantEvents = std::function<bool(const Article &)>;

    // Reads, decodes and parses one file; fails with a message naming the file and the reason.
    Result<ParsedArticle> parseFile(const QString &path, const ParseOptions &options = {},
                                    const WantEvents &wantEvents = {}) const;
    // The same for a file opened already (InputFile: a pipe or a device too, read once and never
    // past kMaxFileBytes whatever size it reports).
    Result<ParsedArticle> parseFile(InputFile &file, const ParseOptions &options = {},
                                    const WantEvents &wantEvents = {}) const;

    // Parses decoded text with the metadata already known.
    ParsedArticle parse(const QString &text, ArticleMeta meta, const ParseOptions &options = {},
                        const WantEvents &wantEvents = {}) const;
};

// Whether a file found in a folder is an article by its name: .txt, .text, .htm, .html, .xhtml
// (any case).
bool isArticleFileName(const QString &name);

// The article files under `paths`: files as given, folders recursively (text and HTML files,
// sidecars and hidden files skipped), sorted for a stable import order. `problems` gets
// "path: reason" for each folder that cannot be read and each article name that is not a
// regular file inside a folder (FolderScan).
QStringList collectArticleFiles(const QStringList &paths, QStringList *missing = nullptr,
                                QStringList *problems = nullptr);

} // namespace mapline
