#include "extract/articleparser.h"

#include "extract/eventextractor.h"
#include "extract/sentencesplitter.h"
#include "extract/sidecar.h"
#include "extract/textdecoder.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace mapline {
namespace {

// Text files start with readable bytes; a NUL in the first block without a UTF-16 BOM is binary.
bool looksBinary(const QByteArray &bytes)
{
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF"))
        return false;
    return QByteArrayView(bytes).first(std::min<qsizetype>(bytes.size(), 8192)).contains('\0');
}

QString firstLine(const QString &text)
{
    for (const QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        const QStringView t = line.trimmed();
        if (!t.isEmpty())
            return t.size() <= 200 ? t.toString() : QString();
    }
    return {};
}

} // namespace

ArticleParser::ArticleParser() = default;

Result<ParsedArticle> ArticleParser::parseFile(const QString &path, const ParseOptions &options) const
{
    using R = Result<ParsedArticle>;
    QFile file(path);
    if (!file.exists())
        return R::failure(QStringLiteral("%1: no such file").arg(path));
    if (file.size() > kMaxFileBytes)
        return R::failure(QStringLiteral("%1: too large for a news article (%2 MB; the limit is %3 MB)")
                              .arg(path).arg(file.size() / (1024 * 1024)).arg(kMaxFileBytes / (1024 * 1024)));
    if (!file.open(QIODevice::ReadOnly))
        return R::failure(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    const QByteArray bytes = file.readAll();
    if (bytes.trimmed().isEmpty())
        return R::failure(QStringLiteral("%1: the file is empty").arg(path));
    if (looksBinary(bytes))
        return R::failure(QStringLiteral("%1: a binary file, not a text or HTML article").arg(path));

    ArticleMeta meta;
    meta.path = path;
    if (Status s = readSidecar(path, meta); !s)
        return R::failure(s.error());
    ParsedArticle parsed = parse(decodeText(bytes).text, std::move(meta), options);
    if (parsed.article.body.isEmpty())
        return R::failure(QStringLiteral("%1: no story text found").arg(path));
    return parsed;
}

ParsedArticle ArticleParser::parse(const QString &text, ArticleMeta meta, const ParseOptions &options) const
{
    ParsedArticle parsed;
    Article &a = parsed.article;
    if (!meta.published.isValid())
        meta.published = options.published;
    if (meta.source.isEmpty())
        meta.source = options.source;
    if (meta.title.isEmpty())
        meta.title = firstLine(text);
    a.meta = std::move(meta);
    a.body = text.trimmed();
    a.contentHash = QString::fromLatin1(
        QCryptographicHash::hash(a.body.toUtf8(), QCryptographicHash::Sha256).toHex());
    a.sentences = splitSentences(a.body);
    parsed.events = EventExtractor().extract(a, options, &parsed.outsideArea);
    return parsed;
}

QStringList collectArticleFiles(const QStringList &paths, QStringList *missing)
{
    static const QStringList kPatterns = {QStringLiteral("*.txt"), QStringLiteral("*.text"), QStringLiteral("*.htm"),
                                          QStringLiteral("*.html"), QStringLiteral("*.xhtml")};
    QStringList files;
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (!info.exists()) {
            if (missing)
                missing->append(path);
            continue;
        }
        if (!info.isDir()) {
            files.append(path);
            continue;
        }
        QStringList found;
        QDirIterator it(path, kPatterns, QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (!isSidecarPath(file) && !it.fileInfo().isHidden())
                found.append(file);
        }
        found.sort();
        files += found;
    }
    return files;
}

} // namespace mapline
