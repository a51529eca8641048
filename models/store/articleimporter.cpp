#include "store/articleimporter.h"

#include "interop/usergazetteer.h"
#include "io/timing.h"

#include <QFileInfo>

namespace mapline {

void ArticleImporter::Summary::add(const FileResult &r)
{
    switch (r.status) {
    case FileResult::Status::Imported:
        ++imported;
        events += r.events;
        outsideArea += r.outsideArea;
        corrections += r.corrections;
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
    // Places from the user's GeoNames imports, kept beside the database (unless the caller chose).
    if (const QString gazetteer = UserGazetteer::pathFor(mStore.path());
        mOptions.userGazetteerPath.isEmpty() && QFileInfo(gazetteer).isFile())
        mOptions.userGazetteerPath = gazetteer;
}

ArticleImporter::~ArticleImporter()
{
    mStore.rollbackBatch();
}

ArticleImporter::FileResult ArticleImporter::importFile(const QString &path)
{
    if (mStore.inBatch())
        mCommitted = flush();
    Result<ParsedArticle> parsed = mParser.parseFile(path, mOptions);
    if (!parsed) {
        FileResult result;
        result.path = path;
        result.error = parsed.error();
        return result;
    }
    return store(*parsed, path);
}

QList<ArticleImporter::FileResult> ArticleImporter::add(const QString &path)
{
    InputFile file;
    if (Status s = file.open(path); !s) {
        FileResult result;
        result.path = path;
        result.error = s.error();
        return staged(result);
    }
    return add(file);
}

QList<ArticleImporter::FileResult> ArticleImporter::add(InputFile &file)
{
    // The batch is open before the file is parsed: its transaction holds the write lock, so an
    // article whose content is stored already stays stored until store() finds it a duplicate,
    // and its events, which would be thrown away, are not extracted (a re-imported folder).
    if (!mStore.inBatch()) {
        if (Status s = mStore.beginBatch(); !s) {
            FileResult result;
            result.path = file.path();
            result.error = QStringLiteral("%1: not imported: %2").arg(file.path(), s.error());
            return staged(result);
        }
        mBatchAge.start();
        mBatchCpuStart = threadCpuNs();
    }
    const auto wantEvents = [this](const Article &a) {
        const Result<bool> stored = mStore.inBatch() ? mStore.hasArticleContent(a.contentHash) : Result<bool>(false);
        return !stored || !*stored; // on a failed check extract: importArticle reports the failure
    };
    Result<ParsedArticle> parsed = mParser.parseFile(file, mOptions, wantEvents);
    if (!parsed) {
        FileResult result;
        result.path = file.path();
        result.error = parsed.error();
        return staged(result);
    }
    return add(*parsed, file.path());
}

QList<ArticleImporter::FileResult> ArticleImporter::add(const ParsedArticle &parsed, const QString &path)
{
    if (!mStore.inBatch()) {
        if (Status s = mStore.beginBatch(); !s) {
            FileResult result;
            result.path = path;
            result.error = QStringLiteral("%1: not imported: %2").arg(path, s.error());
            return staged(result);
        }
        mBatchAge.start();
        mBatchCpuStart = threadCpuNs();
    }
    return staged(store(parsed, path));
}

QList<ArticleImporter::FileResult> ArticleImporter::staged(FileResult result)
{
    if (!mStore.inBatch() && !mPending.isEmpty()) {
        // SQLite aborted the batch's transaction (a full disk): what it held is gone with it.
        QList<FileResult> out = flush();
        out.append(result);
        return out;
    }
    mPending.append(std::move(result));
    const bool worked = threadCpuNs() - mBatchCpuStart >= qint64(mLimits.milliseconds) * 1000000;
    if (mPending.size() >= mLimits.articles || worked || mBatchAge.elapsed() >= mLimits.wallMilliseconds ||
        !mStore.inBatch())
        return flush();
    return std::exchange(mCommitted, {});
}

QList<ArticleImporter::FileResult> ArticleImporter::flush()
{
    QList<FileResult> out = std::exchange(mCommitted, {});
    const Status committed = mStore.commitBatch(); // fails when the batch was lost
    QList<qint64> lost;
    for (FileResult &r : mPending) {
        const bool wrote = r.status == FileResult::Status::Imported || r.status == FileResult::Status::Redated;
        // A duplicate of an article stored earlier in the lost batch is not in the database either.
        const bool lostToo = r.status == FileResult::Status::Duplicate && lost.contains(r.articleId);
        if (!committed && (wrote || lostToo)) {
            lost.append(r.articleId);
            r.status = FileResult::Status::Failed;
            r.error = QStringLiteral("%1: not imported: %2").arg(r.path, committed.error());
        }
    }
    out.append(std::exchange(mPending, {}));
    return out;
}

ArticleImporter::FileResult ArticleImporter::store(const ParsedArticle &parsed, const QString &path)
{
    FileResult result;
    result.path = path;
    result.warnings = parsed.warnings;
    if (parsed.eventsSkipped) { // only ever a stored article's (add()): never stored without its events
        const Result<bool> known = mStore.hasArticleContent(parsed.article.contentHash);
        if (!known || !*known) {
            result.error = QStringLiteral("%1: not imported: %2").arg(path, known ? QStringLiteral("its events were not extracted") : known.error());
            return result;
        }
    }
    const Result<EventStore::ImportOutcome> stored = mStore.importArticle(parsed);
    if (!stored) {
        result.error = stored.error();
        return result;
    }
    result.articleId = stored->articleId;
    if (stored->duplicate) {
        result.status = FileResult::Status::Duplicate;
        // Imported once without a date and now given one: date it and re-resolve its events,
        // without importing again. A stored date is never overwritten here.
        const QDate date = parsed.article.meta.published;
        // The stored date comes with the duplicate check (reading the whole article with its
        // sentences to learn it cost 400,000 instructions a file).
        if (date.isValid() && !stored->published.isValid()) {
            if (Status s = mStore.setPublishedDate(result.articleId, date, &result.reResolved); !s) {
                result.status = FileResult::Status::Failed;
                result.error = s.error();
            } else {
                result.status = FileResult::Status::Redated;
            }
        }
        return result;
    }
    result.status = FileResult::Status::Imported;
    result.sentences = int(parsed.article.sentences.size());
    result.events = stored->events;
    result.outsideArea = parsed.outsideArea;
    // The analyst's corrections of this story, kept by key when it was deleted: back on its
    // new rows. A failure here leaves the article stored as extracted, with a warning.
    const Result<int> applied = mStore.applyCorrections(result.articleId);
    if (applied)
        result.corrections = *applied;
    else
        result.warnings << applied.error();
    return result;
}

} // namespace mapline
