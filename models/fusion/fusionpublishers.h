#pragma once

// Who publishes the reports of one document (an article or a dataset file), as the fusion counts
// sources (docs/FUSION.md, "Sources"): an article's source ("CNN"), else its address's host, else
// "article N"; a dataset row's own sources (ACLED's source field, GDELT's SOURCEURL) or, when it
// names none, the dataset ("ACLED", "GDELT", "Mapline export: FILE"). Pure. The rules
// FusionSync::publishers (the SQLite store's) applies; the PostgreSQL store's fusion (pgfusion.*)
// uses these.
#include "fusion/fusionrules.h"

#include <QString>
#include <QStringList>

namespace mapline {

struct FusionDocument {
    QString source;   // an article's publisher
    QString dataset;  // a dataset's kind; empty for an article
    QString fallback; // a dataset row's publisher when it names none
};

// From the document's `articles` row (source, url) and its `datasets` row (kind, path; empty for
// an article).
FusionDocument fusionDocument(const FusionRules &rules, qint64 articleId, const QString &source, const QString &url,
                              const QString &datasetKind, const QString &datasetPath);
// The publishers of one report of `document`; `rowSource` is events.source.
QStringList fusionPublishers(const FusionRules &rules, const FusionDocument &document, const QString &rowSource);

} // namespace mapline
