#pragma once

#include "event.h"
#include "happening.h"

#include <QHash>

#include <QAbstractTableModel>
#include <QList>

namespace mapline {

// A table of events: one row per event, columns as in the viewer's event table.
// It adapts a list it is given (a snapshot from the store or the index); it does not query.
// With the events' happenings (setHappenings), the Reports and Sources columns say how well each
// is told; in Happenings mode each row is a happening (its lead report, EventIndex::Lead) and the
// date, type, place and confidence columns show the happening's fused values, a date or place
// the sources disagree on in red with the disagreement as its tooltip.
class EventTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        DateColumn,
        TypeColumn,
        PlaceColumn,
        ActorsColumn,
        SentenceColumn,
        ConfidenceColumn,
        ReportsColumn, // reports of the event's happening
        SourcesColumn, // distinct sources telling it
        ColumnCount
    };
    enum Role {
        EventIdRole = Qt::UserRole + 1, // qint64
        SortRole,                       // a value that sorts naturally (ISO date, number)
    };

    explicit EventTableModel(QObject *parent = nullptr);

    void setEvents(QList<Event> events);
    // The happenings of the events (by id; those missing show the event's own values) and whether
    // each row stands for its happening (Happenings mode). Call before setEvents().
    void setHappenings(QHash<qint64, Happening> happenings, bool byHappening);
    bool isByHappening() const { return mByHappening; }
    const Happening *happeningOf(const Event &event) const;
    const QList<Event> &events() const { return mEvents; }
    const Event *eventAt(int row) const;
    int rowOfEvent(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString displayDate(const Event &event);
    static QString displayType(const QString &type); // "armed_clash" -> "Armed clash"

private:
    QList<Event> mEvents;
    QHash<qint64, Happening> mHappenings;
    bool mByHappening = false;
};

} // namespace mapline
