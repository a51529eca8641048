// Workspace: linked selection (table, map, timeline) and the details of the selected event.
#include "workspace.h"

#include "corrections/correctioneditor.h"
#include "eventdetailsview.h"
#include "eventlookup.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "mapcanvas.h"
#include "render/eventstyle.h"
#include "store/eventstore.h"
#include "timeline/timelinemodel.h"
#include "timelinewidget.h"

#include <QFileInfo>
#include <QTableView>

namespace mapline {

void Workspace::selectEvent(qint64 eventId)
{
    select(eventId, Origin::Program);
}

void Workspace::select(qint64 eventId, Origin origin)
{
    if (mSelecting)
        return;
    mSelecting = true;
    mSelected = eventId;
    mMap.setSelectedEventId(eventId);
    if (origin != Origin::Table) {
        QTableView *view = mTable.table();
        const QModelIndexList found = view->model()->match(view->model()->index(0, 0), EventTableModel::EventIdRole,
                                                           QVariant::fromValue(eventId), 1, Qt::MatchExactly);
        if (!found.isEmpty()) {
            view->setCurrentIndex(found.first());
            view->scrollTo(found.first());
        } else {
            view->clearSelection();
        }
    }
    if (origin != Origin::Map)
        panTo(eventId);
    showDetails(eventId);
    mSelecting = false;
    emit selectionChanged(eventId);
}

void Workspace::panTo(qint64 eventId)
{
    mMap.ensureEventVisible(eventId); // pans, keeping the zoom, when the event is out of view
}

std::optional<Event> Workspace::eventById(qint64 eventId) const
{
    if (const Event *e = mModel.eventAt(mModel.rowOfEvent(eventId)))
        return *e;
    if (!mStore || eventId <= 0)
        return std::nullopt;
    const auto events = EventLookup::byIds(*mStore, {eventId});
    if (!events || events->isEmpty())
        return std::nullopt;
    return events->first();
}

void Workspace::showDetails(qint64 eventId)
{
    const std::optional<Event> e = eventId ? eventById(eventId) : std::nullopt;
    if (!e) {
        mDetails->clear();
        mTimelineWidget->setSelectedRange({}, {});
        return;
    }
    if (!mArticleCache || mArticleCache->id != e->articleId) {
        auto article = mStore->article(e->articleId);
        mArticleCache = article ? std::optional<Article>(article.value()) : std::nullopt;
    }
    const auto record = mStore->datasetRecord(e->id); // nullopt for an article's event, or unreadable
    mDetails->setEvent(*e, mArticleCache.value_or(Article{}),
                       e->hasFlag(Event::Corrected) ? mCorrections->correctionOf(e->id) : std::nullopt,
                       record ? record.value() : std::nullopt);
    showHappening(*e);
    mTimelineWidget->setSelectedRange(e->time.start, e->time.end);
    if (e->time.isValid() && !(e->time.end < mTimeline->from() || mTimeline->to() < e->time.start))
        return;
    if (e->time.isValid())
        mTimeline->revealDay(timeline::dayOf(e->time.start));
}

// Who else says so: the happening of the selected event and a dozen of its other reports, each with
// its source (the article's, or the dataset row's). A GDELT happening may have thousands of reports:
// only the first ones by id are read.
void Workspace::showHappening(const Event &event)
{
    if (event.happeningId <= 0 || !mStore || !mStore->hasHappenings())
        return;
    const auto happening = mStore->happening(event.happeningId);
    if (!happening || !happening.value())
        return;
    constexpr qsizetype kShownReports = 12;
    QList<HappeningReport> others;
    for (qint64 id : happening.value()->eventIds) {
        if (others.size() >= kShownReports)
            break;
        if (id == event.id)
            continue;
        const std::optional<Event> other = eventById(id);
        if (!other)
            continue;
        HappeningReport report{*other, {}, {}};
        if (const auto record = mStore->datasetRecord(id); record && record.value()) {
            // A GDELT 1.0 row has no source of its own: the dataset is its source, as the fusion counts it.
            const QString &kind = record.value()->kind;
            report.source = !record.value()->source.isEmpty() ? record.value()->source
                            : kind.startsWith(u"gdelt")      ? QStringLiteral("GDELT")
                            : kind == u"acled"               ? QStringLiteral("ACLED")
                                                             : QString();
            report.document = QFileInfo(record.value()->path).fileName();
        } else if (const auto article = mStore->article(other->articleId)) {
            report.source = article->meta.source;
            report.document = article->meta.title;
        }
        others << report;
    }
    mDetails->setHappening(*happening.value(), others);
}

QString Workspace::describe(qint64 eventId) const
{
    const Event *e = mModel.eventAt(mModel.rowOfEvent(eventId));
    if (!e) {
        const int row = mIndex ? mIndex->rowOfId(eventId) : -1;
        if (row < 0)
            return {};
        const EventStyle style = EventStyle::forType(mIndex->typeNames().value(mIndex->typeId(row)));
        return QStringLiteral("<b>%1</b> · %2").arg(style.label.toHtmlEscaped(),
                                                   EventIndex::dateOf(mIndex->startDay(row)).toString(Qt::ISODate));
    }
    QString sentence = e->sentence.simplified();
    const QStringList words = sentence.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() > 18)
        sentence = words.mid(0, 18).join(QLatin1Char(' ')) + QStringLiteral(" …");
    QString place = e->place.name.isEmpty() ? e->placeText : e->place.name;
    if (e->place.precision == GeoPrecision::Province || e->place.precision == GeoPrecision::Country)
        place += tr(" (approximate: %1)").arg(toString(e->place.precision));
    return QStringLiteral("<b>%1</b> · %2%3<br>%4<br><i>%5</i>")
        .arg(EventStyle::forType(e->type).label.toHtmlEscaped(), EventTableModel::displayDate(*e).toHtmlEscaped(),
             e->hasFlag(Event::Corrected) ? tr(" · corrected") : QString(), place.toHtmlEscaped(),
             sentence.toHtmlEscaped());
}

} // namespace mapline
