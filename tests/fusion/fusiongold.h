#pragma once

// The fusion test set's gold (tests/data/fusion/gold.tsv) and the measures of a clustering of
// reports against it: pairwise precision and recall (all pairs, and pairs of reports from
// different documents) and B-cubed. Used by tst_fusion; independent of how the clustering was
// made, so Mapline's fusion and the baselines are measured by the same code.
#include "result.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace mapline {
class EventStore;
}

namespace mapline::fusiontest {

struct GoldReport {
    QString happening;
    QString document; // file name of the article or the dataset
    QString locator;  // a piece of the sentence (article) or the row id (dataset)
    QStringList types; // empty: any type
    int line = 0;      // in gold.tsv
};

struct NearMiss {
    QString a;
    QString b;
    QString why;
};

struct Gold {
    QStringList happenings; // in file order
    QHash<QString, QString> descriptions;
    QList<GoldReport> reports;
    QList<NearMiss> nearMisses;

    static Result<Gold> read(const QString &path);
    int happeningIndex(const QString &id) const { return int(happenings.indexOf(id)); }
};

// One stored event with what matching and the baselines need.
struct StoredReport {
    qint64 id = 0;
    QString document; // the file name of its article or dataset
    bool dataset = false;
    QString sentence;
    QString type;
    QString externalId;
    QDate date;
    QDate dateEnd;
    QString place;
    QString admin1;
    QString country;
    QStringList actors; // sorted
    qint64 happening = 0; // events.happening_id when the store has it, else 0
    int sources = 0;
};

// Every event of the store (happening ids read when `withHappenings`).
Result<QList<StoredReport>> readReports(EventStore &store, bool withHappenings);

// Which stored events are which gold reports.
struct Matching {
    // One item per matched event: the event (index into the reports), its gold happening
    // (index into Gold::happenings) and its gold report (index into Gold::reports).
    struct Item {
        int event;
        int happening;
        int report;
    };
    QList<Item> items;
    QList<int> unmatchedEvents; // indexes of events no gold report names
    QList<int> missedReports;   // indexes of gold reports no event matches (extraction misses)
    QList<int> ambiguousEvents; // events two gold reports of different happenings claim (left out)
};

Matching match(const Gold &gold, const QList<StoredReport> &reports);

struct Scores {
    qint64 truePairs = 0, falsePairs = 0, missedPairs = 0;                // all pairs of items
    qint64 crossTruePairs = 0, crossFalsePairs = 0, crossMissedPairs = 0; // items of different documents
    double precision() const { return ratio(truePairs, truePairs + falsePairs); }
    double recall() const { return ratio(truePairs, truePairs + missedPairs); }
    double crossPrecision() const { return ratio(crossTruePairs, crossTruePairs + crossFalsePairs); }
    double crossRecall() const { return ratio(crossTruePairs, crossTruePairs + crossMissedPairs); }
    double bcubedPrecision = 0;
    double bcubedRecall = 0;
    double bcubedF1() const
    {
        const double s = bcubedPrecision + bcubedRecall;
        return s > 0 ? 2 * bcubedPrecision * bcubedRecall / s : 0;
    }
    // Pairs linked by the clustering though their gold happenings are a near-miss pair.
    QStringList nearMissesJoined;
    // Gold happenings whose reports the clustering split, and clusters that join several gold
    // happenings: what FUSION.md lists as the cases that still fail.
    QStringList splits;
    QStringList joins;

private:
    static double ratio(qint64 a, qint64 b) { return b > 0 ? double(a) / double(b) : 1.0; }
};

// A clustering: the key of the cluster a report belongs to (equal keys: one cluster).
using ClusterKey = std::function<QString(const StoredReport &)>;

Scores score(const Gold &gold, const Matching &matching, const QList<StoredReport> &reports, const ClusterKey &key);

// The two baselines of issue 13: the one-a-day filter of the Phoenix pipeline (same day, same
// actors, same event type) and grouping by place and type alone.
QString oneADayKey(const StoredReport &report);
QString placeAndTypeKey(const StoredReport &report);

// "0.93" style, for the printed table.
QString figure(double value);

} // namespace mapline::fusiontest
