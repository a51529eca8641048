#pragma once

#include <QDate>
#include <QList>
#include <QString>

namespace mapline {

// What is known about an article apart from its text.
struct ArticleMeta {
    QString title;
    QString source;    // e.g. "CNN"
    QString url;
    QString path;      // file it was read from
    QDate published;   // null when unknown; relative dates then stay unresolved
};

// A sentence of an article's cleaned body; [start, end) are character (UTF-16) offsets into the body.
struct Sentence {
    int index = 0;
    int start = 0;
    int end = 0;
    QString text;
};

struct Article {
    qint64 id = 0;
    ArticleMeta meta;
    QString body;          // cleaned story text, the base of every offset
    QString contentHash;   // SHA-256 of the body (hex): the same story imported twice is one article
    QString datelinePlace; // as written in the dateline, e.g. "MAZAR-E SHARIF"
    QList<Sentence> sentences;
};

} // namespace mapline
