#pragma once

// Gold annotations of news articles and the scoring of the whole pipeline against them (the format
// is in docs/EXTRACTION.md, "Evaluation"): shared by tst_extraction's gold slots.
#include "event.h"
#include "extract/parsedarticle.h"

#include <QDate>
#include <QMap>
#include <QString>
#include <QStringList>

namespace mapline::gold {

// A gold line: an event that must (require) or may (allow) be found, what must not be
// (forbid: an event matching the row; forbid_country, forbid_place, forbid_after, forbid_before,
// forbid_type), or the article's title (title, the text in the second column).
struct Row {
    QString kind;
    QStringList types;   // empty: any
    QDate from, to;      // null: any date
    bool exactDay = false;
    QStringList places;  // skeleton keys (ISO codes for forbid_country); empty: any
    QString actor;       // text in an actor's name or affiliation; "=Name": an actor named exactly so; empty: any
    QString title;       // kind title: the expected title
    QString text;        // the line, for messages
};

struct Gold {
    QList<Row> rows;
    QString batch; // from a "# batch N" comment; empty for none
};

// The skeleton key of a place name (any romanisation of a name gives the same key).
QString placeKey(const QString &name);
Gold readGold(const QString &path);
bool matches(const Row &r, const Event &e);
// What is wrong with `e` under the forbid rows, empty when nothing.
QString forbidden(const QList<Row> &rows, const Event &e);
QString describe(const Event &e);

struct Score {
    int articles = 0;
    int required = 0;
    int found = 0;
    int events = 0;
    int correct = 0;   // matching a require or allow row
    int forbidden = 0;
    int unplaced = 0;  // events without a position
    int titles = 0;    // title rows
    int titlesRight = 0;

    void add(const Score &s);
    double recall() const { return double(found) / std::max(1, required); }
    double precision() const { return double(correct) / std::max(1, events); }
    QString summary() const;
};

// Parses `path` and scores it against the gold at `goldPath`, adding to `s`; returns what must not
// happen (forbidden events, events without a position, a wrong title), described.
QStringList scoreArticle(const QString &path, const QString &goldPath, Score &s, QString *batch = nullptr);

// The development set: tests/data/gold/*.txt with a .gold.tsv beside each.
QStringList developmentFiles();
// The held-out set: gold in gold/heldout/, articles beside it (batch 3 on) or in articles/.
QStringList heldOutFiles();
// The gold file of a held-out article.
QString heldOutGold(const QString &articlePath);

} // namespace mapline::gold
