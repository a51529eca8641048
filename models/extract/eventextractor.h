#pragma once

#include "article.h"
#include "event.h"
#include "extract/articleparser.h"

#include <QList>

#include <memory>

namespace mapline {

class ExtractionResources;

// Finds the events of an article whose text stage is done (body, sentences, dateline,
// publication date): time, place, actors and type for each reported happening.
// The lexicons and the gazetteer are loaded once per process and shared read-only, so an
// EventExtractor is cheap to make and safe to use from several threads.
class EventExtractor {
public:
    // Uses the process-wide resources (ExtractionResources::shared()).
    EventExtractor();
    // Uses the given resources (tests load a small fixture gazetteer).
    explicit EventExtractor(std::shared_ptr<const ExtractionResources> resources);

    // `outsideArea` (optional) counts events left out because their place lies outside
    // options.areaCountries (unless options.keepOutside).
    QList<Event> extract(const Article &article, const ParseOptions &options, int *outsideArea = nullptr) const;

    // Publication-day time rule of events whose sentence names no time of its own.
    static QString inheritedTimeRule();

private:
    std::shared_ptr<const ExtractionResources> mResources;
};

} // namespace mapline
