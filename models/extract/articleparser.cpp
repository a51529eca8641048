#include "extract/articleparser.h"

#include "extract/eventextractor.h"
#include "extract/extractionresources.h"
#include "extract/furniture.h"
#include "extract/htmlcleaner.h"
#include "extract/sentencesplitter.h"
#include "extract/sidecar.h"
#include "extract/textdecoder.h"

#include "io/folderscan.h"

#include <QCryptographicHash>

#include <openssl/evp.h>

namespace mapline {
namespace {

// The article's content hash: SHA-256 of its body's UTF-8, in lower-case hex (what the store's
// duplicate check compares, so it never changes). OpenSSL's SHA-256 uses the processor's SHA
// instructions where it has them: about 10 times fewer instructions than QCryptographicHash's
// portable code (130,000 for a 4 KB article, docs/PERFORMANCE.md). The algorithm is fetched once
// and shared by every thread (it is immutable); never freed, like the extraction resources.
QString contentHash(const QString &body)
{
    const QByteArray utf8 = body.toUtf8();
    static EVP_MD *const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!sha256 || EVP_Digest(utf8.constData(), size_t(utf8.size()), digest, &size, sha256, nullptr) != 1 || size != 32)
        return QString::fromLatin1(QCryptographicHash::hash(utf8, QCryptographicHash::Sha256).toHex());
    return QString::fromLatin1(QByteArray::fromRawData(reinterpret_cast<const char *>(digest), 32).toHex());
}

// Text files start with readable bytes; a NUL in the first block without a UTF-16 BOM (or the
// look of UTF-16 without one) is binary.
bool looksBinary(const QByteArray &bytes)
{
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF") || looksLikeBomlessUtf16(bytes))
        return false;
    return QByteArrayView(bytes).first(std::min<qsizetype>(bytes.size(), 8192)).contains('\0');
}

bool isHtmlPath(const QString &path)
{
    return path.endsWith(QStringLiteral(".html"), Qt::CaseInsensitive) ||
           path.endsWith(QStringLiteral(".htm"), Qt::CaseInsensitive) ||
           path.endsWith(QStringLiteral(".xhtml"), Qt::CaseInsensitive);
}

} // namespace

ArticleParser::ArticleParser() = default;

Result<ParsedArticle> ArticleParser::parseFile(const QString &path, const ParseOptions &options,
                                               const WantEvents &wantEvents) const
{
    InputFile file;
    if (Status s = file.open(path); !s)
        return Result<ParsedArticle>::failure(s.error());
    return parseFile(file, options, wantEvents);
}

Result<ParsedArticle> ArticleParser::parseFile(InputFile &file, const ParseOptions &options,
                                               const WantEvents &wantEvents) const
{
    using R = Result<ParsedArticle>;
    const QString path = file.path();
    const qint64 mb = 1024 * 1024;
    if (file.size() > kMaxFileBytes)
        return R::failure(QStringLiteral("%1: too large for a news article (%2 MB; the limit is %3 MB)")
                              .arg(path).arg(file.size() / mb).arg(kMaxFileBytes / mb));
    // The limit holds while reading too: a pipe or a device reports no size (/dev/zero never ends).
    const QString tooLarge =
        QStringLiteral("%1: too large for a news article (more than %2 MB read from %3; the limit is %2 MB)")
            .arg(path).arg(kMaxFileBytes / mb).arg(file.kindName());
    const Result<QByteArray> read = file.readAll(kMaxFileBytes, tooLarge);
    if (!read)
        return R::failure(read.error());
    const QByteArray &bytes = *read;
    if (bytes.trimmed().isEmpty())
        return R::failure(QStringLiteral("%1: the file is empty").arg(path));
    if (looksBinary(bytes))
        return R::failure(QStringLiteral("%1: a binary file, not a text or HTML article").arg(path));

    ArticleMeta meta;
    meta.path = path;
    if (Status s = readSidecar(path, meta); !s)
        return R::failure(s.error());
    const DecodedText decoded = decodeText(bytes);
    ParsedArticle parsed = parse(decoded.text, std::move(meta), options, wantEvents);
    if (parsed.article.body.isEmpty())
        return R::failure(QStringLiteral("%1: no story text found").arg(path));
    if (decoded.encoding == TextEncoding::Utf8WithRepairs)
        parsed.warnings.prepend(QStringLiteral("%1 byte(s) that are not UTF-8 were read as Windows-1252")
                                    .arg(decoded.invalidSequences));
    return parsed;
}

ParsedArticle ArticleParser::parse(const QString &text, ArticleMeta meta, const ParseOptions &options,
                                   const WantEvents &wantEvents) const
{
    TextStage stage = prepareArticle(text, meta, options);
    ParsedArticle parsed;
    parsed.article = std::move(stage.article);
    parsed.warnings = std::move(stage.warnings);
    if (wantEvents && !parsed.article.body.isEmpty() && !wantEvents(parsed.article)) {
        parsed.eventsSkipped = true;
        return parsed;
    }
    const EventExtractor extractor(ExtractionResources::withUserGazetteer(options.userGazetteerPath));
    parsed.events = extractor.extract(parsed.article, options, &parsed.outsideArea);
    return parsed;
}

TextStage prepareArticle(const QString &text, const ArticleMeta &meta, const ParseOptions &options)
{
    TextStage stage;
    MetadataInputs inputs;
    inputs.sidecar = meta;
    inputs.optionDate = options.published;
    inputs.optionSource = options.source;

    QStringList paragraphs;
    if (isHtmlPath(meta.path) || looksLikeHtml(text)) {
        const HtmlDocument doc = cleanHtml(text);
        inputs.page = metadataFromHtml(doc);
        stage.captions = doc.captions;
        paragraphs = doc.text.split(QLatin1Char('\n'), Qt::SkipEmptyParts); // already one paragraph per line
    } else {
        paragraphs = splitParagraphs(text);
    }
    const QString knownTitle = !meta.title.isEmpty() ? meta.title : inputs.page.title;
    CleanedText cleaned = removeFurniture(paragraphs, knownTitle);
    stage.captions += cleaned.captions;
    stage.removed = std::move(cleaned.removed);

    inputs.stampDate = cleaned.stampDate;
    inputs.datelineSource = cleaned.dateline.source;
    inputs.titleLine = cleaned.title;
    // "The Valley Courier Online - Nation/World": a <title> that no line of the page repeats is
    // the site's name, not the story's; the headline line above the byline is.
    if (meta.title.isEmpty() && inputs.page.titleFromTitleTag && !cleaned.knownTitleFound && !cleaned.title.isEmpty())
        inputs.page.title.clear();
    if (!cleaned.paragraphs.isEmpty() && cleaned.paragraphs.first().size() <= 200)
        inputs.firstLine = cleaned.paragraphs.first();
    stage.origins = resolveMetadata(inputs);

    Article &a = stage.article;
    a.meta = stage.origins.meta;
    a.body = cleaned.paragraphs.join(QLatin1Char('\n'));
    a.contentHash = contentHash(a.body);
    Span skip;
    if (cleaned.datelineParagraph >= 0) {
        int offset = 0;
        for (int i = 0; i < cleaned.datelineParagraph; ++i)
            offset += int(cleaned.paragraphs[i].size()) + 1;
        stage.dateline = cleaned.dateline;
        stage.dateline.span = {offset + cleaned.dateline.span.start, offset + cleaned.dateline.span.end};
        skip = stage.dateline.span;
        a.datelinePlace = cleaned.dateline.place;
    }
    a.sentences = splitSentences(a.body, skip);
    if (!a.meta.published.isValid() && !a.body.isEmpty())
        stage.warnings.append(QStringLiteral("no publication date (no sidecar, --date, page date or date in the "
                                             "address): relative dates such as \"Wednesday\" stay unresolved "
                                             "until the article is imported again with --date"));
    return stage;
}

bool isArticleFileName(const QString &name)
{
    static const QStringList kSuffixes = {QStringLiteral(".txt"), QStringLiteral(".text"), QStringLiteral(".htm"),
                                          QStringLiteral(".html"), QStringLiteral(".xhtml")};
    for (const QString &suffix : kSuffixes)
        if (name.endsWith(suffix, Qt::CaseInsensitive))
            return name.size() > suffix.size();
    return false;
}

QStringList collectArticleFiles(const QStringList &paths, QStringList *missing, QStringList *problems)
{
    const FolderScan scan = FolderScan::scan(paths, isArticleFileName);
    QStringList files;
    for (const FolderScan::File &f : scan.files)
        files.append(f.path);
    if (missing)
        missing->append(scan.missing);
    if (problems)
        for (const FolderScan::Problem &p : scan.problems)
            problems->append(QStringLiteral("%1: %2").arg(p.path, p.reason));
    return files;
}

} // namespace mapline
