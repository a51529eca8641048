#pragma once

#include "article.h"
#include "extract/htmlcleaner.h"

#include <QDate>
#include <QString>
#include <QStringView>

namespace mapline {

// What a page says about itself in its <head>.
struct PageMetadata {
    QString title;     // og:title, twitter:title, dc.title, headline; else the <h1>; else <title> without the site name
    bool titleFromTitleTag = false; // only the <title> gave it: often the site's name and section alone
    QString source;    // og:site_name, dc.publisher, publisher, source
    QString url;       // <link rel=canonical>, og:url
    QString author;    // author, dc.creator, byl
    QDate published;   // article:published_time, date, pubdate, dc.date, ... (the first that parses)
};

PageMetadata metadataFromHtml(const HtmlDocument &doc);

// A date in a URL path: /2001/WORLD/asiapcf/central/11/22/, /2001/11/22/, /2001/nov/22/,
// 20011122, 2001-11-22, 2001_11_22. Null when there is none.
QDate dateFromUrl(QStringView url);

// A date as meta tags and page stamps write it: "2001-11-22", "2001-11-22T14:37:00Z",
// "20011122", "2001/11/22", "11/22/2001", "Thu, 22 Nov 2001 14:37:00 GMT",
// "Thursday, 22 November, 2001, 14:37 GMT", "November 22, 2001". Null when none is found.
QDate parseDateStamp(QStringView text);

// True when `line` is a page's date stamp and nothing more ("November 22, 2001 Posted: 3:24 PM
// EST (2024 GMT)", "Thursday, 22 November, 2001, 14:37 GMT", "Updated 1:12 p.m. EST, Thu November
// 22, 2001"): a full date, times, zones and words like "posted" or "updated" only.
bool isDateStampLine(QStringView line, QDate *date = nullptr);

// "CNN.com - Alliance, Taliban end new talks on Konduz - November 22, 2001" -> the headline part:
// the longest part between " - ", " | ", " :: " or " : " that is not a site name or a date.
QString cleanPageTitle(QStringView title);

// Where each piece of metadata was found, strongest first.
enum class MetaOrigin { None, Sidecar, Options, Html, PageStamp, Url, Dateline, TitleLine, FirstLine };

QString toString(MetaOrigin origin);

// Everything the metadata stage can use, from the strongest to the weakest source:
// the sidecar > the command line (--date, --source: defaults for files that carry none) >
// HTML meta tags > a date stamp in the page > the URL > the dateline > the text.
struct MetadataInputs {
    ArticleMeta sidecar;      // fields read from the sidecar (empty when there is none); path too
    QDate optionDate;
    QString optionSource;
    PageMetadata page;        // from the HTML head (empty for plain text)
    QDate stampDate;          // a date stamp line found in the page text
    QString datelineSource;   // "CNN" from "(CNN) --"
    QString titleLine;        // the headline line found at the top of the text
    QString firstLine;        // the first line of the story, the title of last resort
};

struct ResolvedMetadata {
    ArticleMeta meta;
    MetaOrigin titleOrigin = MetaOrigin::None;
    MetaOrigin sourceOrigin = MetaOrigin::None;
    MetaOrigin dateOrigin = MetaOrigin::None;
    MetaOrigin urlOrigin = MetaOrigin::None;
};

ResolvedMetadata resolveMetadata(const MetadataInputs &in);

} // namespace mapline
