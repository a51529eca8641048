#include "eventtablemodel.h"

#include <QColor>
#include <QFont>

namespace mapline {

EventTableModel::EventTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void EventTableModel::setHappenings(QHash<qint64, Happening> happenings, bool byHappening)
{
    beginResetModel();
    mHappenings = std::move(happenings);
    mByHappening = byHappening;
    endResetModel();
}

const Happening *EventTableModel::happeningOf(const Event &event) const
{
    const auto it = mHappenings.constFind(event.happeningId);
    return it == mHappenings.constEnd() ? nullptr : &*it;
}

void EventTableModel::setEvents(QList<Event> events)
{
    beginResetModel();
    mEvents = std::move(events);
    endResetModel();
}

const Event *EventTableModel::eventAt(int row) const
{
    return row >= 0 && row < mEvents.size() ? &mEvents[row] : nullptr;
}

int EventTableModel::rowOfEvent(qint64 id) const
{
    for (int row = 0; row < mEvents.size(); ++row)
        if (mEvents[row].id == id)
            return row;
    return -1;
}

int EventTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mEvents.size());
}

int EventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventTableModel::displayDate(const Event &e)
{
    if (!e.time.isValid())
        return e.timeText.isEmpty() ? tr("unknown") : tr("unresolved (%1)").arg(e.timeText);
    const QString start = e.time.start.toString(Qt::ISODate);
    switch (e.time.precision) {
    case DatePrecision::Day: return start;
    case DatePrecision::Month: return e.time.start.toString(QStringLiteral("yyyy-MM"));
    case DatePrecision::Year: return QString::number(e.time.start.year());
    default: return start + QStringLiteral(" – ") + e.time.end.toString(Qt::ISODate);
    }
}

QString EventTableModel::displayType(const QString &type)
{
    QString text = type;
    text.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

QVariant EventTableModel::data(const QModelIndex &index, int role) const
{
    const Event *e = index.isValid() ? eventAt(index.row()) : nullptr;
    if (!e)
        return {};
    if (role == EventIdRole)
        return e->id;
    const auto column = Column(index.column());
    const Happening *h = happeningOf(*e);
    if (h && mByHappening) {
        // The row stands for the happening: its fused values, and where the sources disagree.
        const auto disagreement = [h](const char *field) -> const Disagreement * {
            for (const Disagreement &d : h->disagreements)
                if (d.field == QLatin1String(field))
                    return &d;
            return nullptr;
        };
        const Disagreement *date = disagreement("date");
        const Disagreement *place = disagreement("place");
        if (role == Qt::DisplayRole || role == SortRole) {
            switch (column) {
            case DateColumn: {
                Event fused;
                fused.time = h->time;
                if (role == SortRole)
                    return h->time.start.toString(Qt::ISODate);
                return date ? tr("%1 (disputed)").arg(displayDate(fused)) : displayDate(fused);
            }
            case TypeColumn: return displayType(h->type);
            case PlaceColumn: {
                if (h->place.name.isEmpty())
                    break;
                const QString name = h->place.coordinate.isValid() ? h->place.name : tr("%1 (no position)").arg(h->place.name);
                return place ? tr("%1 (disputed)").arg(name) : name;
            }
            case ConfidenceColumn:
                return role == SortRole ? QVariant(h->confidence) : QVariant(QString::number(h->confidence, 'f', 2));
            default: break;
            }
        }
        if (role == Qt::ForegroundRole && ((column == DateColumn && date) || (column == PlaceColumn && place)))
            return QColor(0xc9, 0x2a, 0x2a);
        if (role == Qt::ForegroundRole && column == PlaceColumn && !h->place.name.isEmpty() &&
            !h->place.coordinate.isValid())
            return QColor(0x80, 0x80, 0x80);
        if (role == Qt::ToolTipRole && ((column == DateColumn && date) || (column == PlaceColumn && place)))
            return tr("The sources disagree: %1").arg(describe(column == DateColumn ? *date : *place));
    }
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (column) {
        case DateColumn:
            return role == SortRole ? QVariant(e->time.start.toString(Qt::ISODate)) : QVariant(displayDate(*e));
        case TypeColumn: return displayType(e->type);
        case PlaceColumn: {
            const QString place = e->place.name.isEmpty() ? e->placeText : e->place.name;
            // An event without a position is listed all the same, and can be given one.
            if (place.isEmpty())
                return tr("(no place)");
            return e->place.coordinate.isValid() ? place : tr("%1 (no position)").arg(place);
        }
        case ActorsColumn: {
            QStringList names;
            for (const ActorMention &m : e->actors)
                names << m.actor.name;
            return names.join(QStringLiteral(", "));
        }
        case SentenceColumn: return e->sentence;
        case ConfidenceColumn:
            return role == SortRole ? QVariant(e->confidence) : QVariant(QString::number(e->confidence, 'f', 2));
        case ReportsColumn:
            if (h)
                return h->reports;
            return role == SortRole ? QVariant(1) : QVariant(QString());
        case SourcesColumn:
            if (h)
                return h->sources();
            return role == SortRole ? QVariant(e->sources) : QVariant(e->sources > 0 ? QString::number(e->sources) : QString());
        case ColumnCount: break;
        }
    }
    if (role == Qt::ToolTipRole && column == SourcesColumn && h)
        return h->sourceNames.join(QStringLiteral(", "));
    if (role == Qt::ToolTipRole && column == ReportsColumn && h)
        return h->reports == 1 ? tr("The only report of its happening")
                               : tr("%1 reports of this happening; the details panel lists them side by side").arg(h->reports);
    if (role == Qt::FontRole && column == SourcesColumn && h && h->sources() >= 3) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole && column == SentenceColumn)
        return e->sentence;
    if (role == Qt::ToolTipRole && column == PlaceColumn && !e->place.coordinate.isValid())
        return tr("No position: not on the map (or only at its province or country). Correct > Place gives it one.");
    if (role == Qt::ForegroundRole && column == PlaceColumn && !e->place.coordinate.isValid())
        return QColor(0x80, 0x80, 0x80);
    if (role == Qt::TextAlignmentRole && (column == ConfidenceColumn || column == ReportsColumn || column == SourcesColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case DateColumn: return tr("Date");
    case TypeColumn: return tr("Type");
    case PlaceColumn: return tr("Place");
    case ActorsColumn: return tr("Actors");
    case SentenceColumn: return tr("Sentence");
    case ConfidenceColumn: return tr("Confidence");
    case ReportsColumn: return tr("Reports");
    case SourcesColumn: return tr("Sources");
    case ColumnCount: break;
    }
    return {};
}

} // namespace mapline
