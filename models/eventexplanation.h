#pragma once

#include "article.h"
#include "event.h"

#include <QString>

namespace mapline {

// What the details panel says about an event, as pure functions (tested in tst_details):
// how its time and place were resolved, and its sentence with the parts highlighted. The
// HTML they return escapes every character of article text: nothing from an article is ever
// interpreted as markup, and no resource (image, link target) is referenced.
class EventExplanation {
public:
    // "Wednesday → 2001-11-21, from publication date 2001-11-22"
    static QString time(const Event &event, const ArticleMeta &meta);
    // "Konduz → Kunduz, city, GeoNames"
    static QString place(const Event &event, const QString &datelinePlace = {});
    // The sentence as HTML with trigger, time, place and actors marked (<span class=...>);
    // spans outside the sentence or overlapping an earlier one are skipped.
    static QString highlightedSentence(const Event &event);
    // The date as the table shows it: "2001-11-21", "2001-11-15 – 2001-11-22", "2001-11".
    static QString dateText(const TimeRange &time);
    // A time rule in words: "weekday:3" -> "the Wednesday on or before the publication date".
    static QString ruleText(const QString &rule);
};

} // namespace mapline
