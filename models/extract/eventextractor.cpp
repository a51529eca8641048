#include "extract/eventextractor.h"

namespace mapline {

EventExtractor::EventExtractor() = default;

QList<Event> EventExtractor::extract(const Article &, const ParseOptions &, int *outsideArea) const
{
    // Until the extraction pipeline lands, import stores articles and sentences only.
    if (outsideArea)
        *outsideArea = 0;
    return {};
}

} // namespace mapline
