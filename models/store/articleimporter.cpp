#include "store/articleimporter.h"

namespace mapline {

void ArticleImporter::Summary::add(const FileResult &r)
{
    switch (r.status) {
    case FileResult::Status::Imported:
        ++imported;
        events += r.events;
        outsideArea += r.outsideArea;
        break;
    case FileResult::Status::Duplicate: ++duplicates; break;
    case FileResult::Status::Redated: ++redated; break;
    case FileResult::Status::Failed: ++failed; break;
    }
}

ArticleImporter::ArticleImporter(EventStore &store, ParseOptions options)
    : mStore(store)
    , mOptions(std::move(options))
{
    // The database's area of interest ("AF" by default; comma-separated country codes).
    const Result<QString> area = mStore.setting(QStringLiteral("area_of_interest"));
    if (area.ok() && !area->isEmpty())
        mOptions.areaCountries = area->split(QLatin1Char(','), Qt::SkipEmptyParts);
}

ArticleImporter::FileResult ArticleImporter::importFile(const QString &path)
{
    FileResult result;
    result.path = path;
    Result<ParsedArticle> parsed = mParser.parseFile(path, mOptions);
    if (!parsed) {
        result.error = parsed.error();
        return result;
    }
    result.warnings = parsed->warnings;
    const Result<EventStore::ImportOutcome> stored = mStore.importArticle(*parsed);
    if (!stored) {
        result.error = stored.error();
        return result;
    }
    result.articleId = stored->articleId;
    if (stored->duplicate) {
        result.status = FileResult::Status::Duplicate;
        // Imported once without a date and now given one: date it and re-resolve its events,
        // without importing again. A stored date is never overwritten here.
        const QDate date = parsed->article.meta.published;
        if (date.isValid()) {
            const Result<Article> existing = mStore.article(result.articleId);
            if (!existing) {
                result.status = FileResult::Status::Failed;
                result.error = existing.error();
            } else if (!existing->meta.published.isValid()) {
                if (Status s = mStore.setPublishedDate(result.articleId, date, &result.reResolved); !s) {
                    result.status = FileResult::Status::Failed;
                    result.error = s.error();
                } else {
                    result.status = FileResult::Status::Redated;
                }
            }
        }
        return result;
    }
    result.status = FileResult::Status::Imported;
    result.sentences = int(parsed->article.sentences.size());
    result.events = stored->events;
    result.outsideArea = parsed->outsideArea;
    return result;
}

} // namespace mapline
