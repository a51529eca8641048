#pragma once

#include "event.h"

#include <QAbstractTableModel>
#include <QList>

namespace mapline {

// A table of events: one row per event, columns as in the viewer's event table.
// It adapts a list it is given (a snapshot from the store or the index); it does not query.
class EventTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { DateColumn, TypeColumn, PlaceColumn, ActorsColumn, SentenceColumn, ConfidenceColumn, ColumnCount };
    enum Role {
        EventIdRole = Qt::UserRole + 1, // qint64
        SortRole,                       // a value that sorts naturally (ISO date, number)
    };

    explicit EventTableModel(QObject *parent = nullptr);

    void setEvents(QList<Event> events);
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
};

} // namespace mapline
