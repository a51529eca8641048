#include "sidecar.h"

#include "extract/metadata.h"
#include "io/inputfile.h"
#include "textdecoder.h"

#include <cerrno>

namespace mapline {

QString sidecarPathFor(const QString &articlePath)
{
    return articlePath + QStringLiteral(".meta");
}

bool isSidecarPath(const QString &path)
{
    return path.endsWith(QStringLiteral(".meta"), Qt::CaseInsensitive);
}

Status parseSidecar(const QString &text, const QString &fileName, ArticleMeta &meta)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return Status::failure(QStringLiteral("%1:%2: expected \"key: value\", found \"%3\"")
                                       .arg(fileName).arg(i + 1).arg(line.left(60)));
        const QString key = line.left(colon).trimmed().toLower();
        const QString value = line.mid(colon + 1).trimmed();
        if (key == u"title") {
            meta.title = value;
        } else if (key == u"source") {
            meta.source = value;
        } else if (key == u"url" || key == u"address") {
            meta.url = value;
        } else if (key == u"published" || key == u"date") {
            // YYYY-MM-DD is documented; date-times and the forms pages use ("2001-11-22T10:00Z",
            // "November 22, 2001", "22 Nov 2001") are accepted too, since sidecars are often
            // written by scrapers.
            QDate date = QDate::fromString(value, Qt::ISODate);
            if (!date.isValid())
                date = parseDateStamp(value);
            if (!date.isValid())
                return Status::failure(QStringLiteral("%1:%2: \"%3\" is not a date in the form YYYY-MM-DD")
                                           .arg(fileName).arg(i + 1).arg(value));
            meta.published = date;
        }
    }
    return {};
}

Status readSidecar(const QString &articlePath, ArticleMeta &meta)
{
    const QString path = sidecarPathFor(articlePath);
    InputFile file;
    if (Status s = file.open(path); !s)
        return file.openErrno() == ENOENT ? Status() : s; // no sidecar
    // Never read without bound: a sidecar is a few lines.
    const Result<QByteArray> bytes = file.readAll(
        kMaxSidecarBytes,
        QStringLiteral("%1: too large for a sidecar (the limit is %2 KB)").arg(path).arg(kMaxSidecarBytes / 1024));
    if (!bytes)
        return Status::failure(bytes.error());
    return parseSidecar(decodeText(*bytes).text, path, meta);
}

} // namespace mapline
