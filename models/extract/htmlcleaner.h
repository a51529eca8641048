#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace mapline {

// One <meta> tag: the name (name=, property= or http-equiv=, lower-cased) and its content.
struct HtmlMeta {
    QString name;
    QString content;
};

// What cleanHtml() makes of a page: the visible text, one paragraph per line, and the
// page's own description of itself, for the metadata stage.
struct HtmlDocument {
    QString text;          // block elements become line breaks; no empty lines; entities decoded
    QString title;         // <title>, whitespace collapsed
    QString headline;      // the first <h1>, when there is one
    QString canonicalUrl;  // <link rel="canonical">, else <meta property="og:url">
    QList<HtmlMeta> meta;  // in document order
    QStringList captions;  // <figcaption> and elements whose class or id contains "caption"

    QString metaContent(QStringView name) const; // the first meta tag of that name, or empty
};

// A tolerant hand-written tokenizer, not a renderer: it never fails, never recurses, and runs
// in time linear in the input (malformed markup, unclosed quotes, 10,000-deep nesting and
// single huge lines included). Drops comments and the contents of script, style, noscript,
// iframe, frame, object, embed, svg, template, select, button, textarea and nav.
HtmlDocument cleanHtml(QStringView html);

// True when `text` is an HTML page rather than plain text (a doctype, an <html>, <head> or
// <body> tag, or several common block tags near the start).
bool looksLikeHtml(QStringView text);

// Decodes character references: named (the common HTML set), decimal and hexadecimal.
// Numeric references to 128-159 are read as Windows-1252, as browsers do; invalid ones
// become U+FFFD. Unknown names are left as written.
QString decodeHtmlEntities(QStringView text);

} // namespace mapline
