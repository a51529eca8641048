#pragma once

#include "article.h"
#include "event.h"

#include <QList>
#include <QStringList>

namespace mapline {

// What the extraction pipeline makes of one article, ready for EventStore::importArticle.
struct ParsedArticle {
    Article article;
    QList<Event> events;
    int outsideArea = 0;  // events left out because their place is outside the area of interest
    QStringList warnings; // problems that did not stop the article, for the import report
    bool eventsSkipped = false; // the caller's WantEvents said no: `events` was never extracted
};

} // namespace mapline
