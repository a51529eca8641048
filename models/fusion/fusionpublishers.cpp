#include "fusion/fusionpublishers.h"

#include <QFileInfo>

namespace mapline {

FusionDocument fusionDocument(const FusionRules &rules, qint64 articleId, const QString &source, const QString &url,
                              const QString &datasetKind, const QString &datasetPath)
{
    FusionDocument d;
    d.dataset = datasetKind;
    if (d.dataset.isEmpty()) {
        d.source = rules.publisher(source);
        if (d.source.isEmpty())
            d.source = rules.publisher(url);
        if (d.source.isEmpty())
            d.source = QStringLiteral("article %1").arg(articleId);
    } else if (d.dataset == u"acled") {
        d.fallback = QStringLiteral("ACLED");
    } else if (d.dataset.startsWith(u"gdelt")) {
        d.fallback = QStringLiteral("GDELT");
    } else {
        d.fallback = QStringLiteral("Mapline export: ") + QFileInfo(datasetPath).fileName();
    }
    return d;
}

QStringList fusionPublishers(const FusionRules &rules, const FusionDocument &d, const QString &rowSource)
{
    if (d.dataset.isEmpty())
        return {d.source};
    if (d.dataset == u"mapline" || rowSource.trimmed().isEmpty())
        return {d.fallback};
    const QStringList named = d.dataset == u"acled" ? rules.publishers(rowSource) : QStringList{rules.publisher(rowSource)};
    return named.isEmpty() ? QStringList{d.fallback} : named;
}

} // namespace mapline
