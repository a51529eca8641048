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
#include <QHash>
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
    if (!mRead || eventId <= 0)
        return std::nullopt;
    const auto events = mRead->eventsByIds({eventId});
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
        auto article = mRead->article(e->articleId);
        mArticleCache = article ? std::optional<Article>(article.value()) : std::nullopt;
    }
    const auto record = mRead->datasetRecord(e->id); // nullopt for an article's event, or unreadable
    mDetails->setEvent(*e, mArticleCache.value_or(Article{}),
                       e->hasFlag(Event::Corrected) ? mCorrections->correctionOf(e->id) : std::nullopt,
                       record ? record.value() : std::nullopt);
    mCorrections->noteSeen(e->id); // what this analyst saw: a later write by another is a conflict
    mDetails->setCorrectionHistory(e->hasFlag(Event::Corrected) ? mCorrections->stampOf(e->id) : std::nullopt,
                                   mCorrections->historyOf(e->id), mCorrections->conflictNote(e->id));
    showHappening(*e);
    mTimelineWidget->setSelectedRange(e->time.start, e->time.end);
    if (e->time.isValid() && !(e->time.end < mTimeline->from() || mTimeline->to() < e->time.start))
        return;
    if (e->time.isValid())
        mTimeline->revealDay(timeline::dayOf(e->time.start));
}

// Who else says so: the happening of the selected event and its reports side by side, each with
// its source (the article's, or the dataset row's). A GDELT happening may have thousands of
// reports: the first kShownReports by id are read (the selected one always), in one lookup.
void Workspace::showHappening(const Event &event)
{
    if (event.happeningId <= 0 || !mRead || !mRead->hasHappenings())
        return;
    const auto happening = mRead->happening(event.happeningId);
    if (!happening || !happening.value())
        return;
    constexpr qsizetype kShownReports = 200;
    QList<qint64> ids{event.id};
    for (qint64 id : happening.value()->eventIds) {
        if (ids.size() >= kShownReports)
            break;
        if (id != event.id)
            ids << id;
    }
    const auto events = mRead->eventsByIds(ids);
    if (!events)
        return;
    QList<HappeningReport> reports;
    QHash<qint64, Article> articles;
    for (const Event &e : events.value()) {
        HappeningReport report{e, {}, {}};
        if (const auto record = mRead->datasetRecord(e.id); record && record.value()) {
            // A GDELT 1.0 row has no source of its own: the dataset is its source, as the fusion counts it.
            const QString &kind = record.value()->kind;
            report.source = !record.value()->source.isEmpty() ? record.value()->source
                            : kind.startsWith(u"gdelt")      ? QStringLiteral("GDELT")
                            : kind == u"acled"               ? QStringLiteral("ACLED")
                                                             : QString();
            report.document = QFileInfo(record.value()->path).fileName();
        } else {
            if (!articles.contains(e.articleId)) {
                const auto article = mRead->article(e.articleId);
                articles.insert(e.articleId, article ? article.value() : Article{});
            }
            const Article &a = articles[e.articleId];
            report.source = a.meta.source;
            report.document = a.meta.title;
        }
        reports << report;
    }
    // By source, then date, so the reports of one source sit together and disagreements show.
    std::stable_sort(reports.begin(), reports.end(), [](const HappeningReport &a, const HappeningReport &b) {
        const int bySource = QString::compare(a.source, b.source, Qt::CaseInsensitive);
        return bySource != 0 ? bySource < 0 : a.event.time.start < b.event.time.start;
    });
    mDetails->setHappening(*happening.value(), reports, mUnit == Unit::Happenings && happening.value()->reports > 1);
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
    QString told;
    if (const Happening *h = mModel.happeningOf(*e))
        told = QStringLiteral("<br>%1").arg(
            tr("Told by %1: %2 · %3")
                .arg(h->sources() == 1 ? tr("1 source") : tr("%1 sources").arg(h->sources()),
                     h->sourceNames.join(QStringLiteral(", ")), HappeningHtml::reportsText(h->reports))
                .toHtmlEscaped());
    return QStringLiteral("<b>%1</b> · %2%3<br>%4<br><i>%5</i>%6")
        .arg(EventStyle::forType(e->type).label.toHtmlEscaped(), EventTableModel::displayDate(*e).toHtmlEscaped(),
             e->hasFlag(Event::Corrected) ? tr(" · corrected") : QString(), place.toHtmlEscaped(),
             sentence.toHtmlEscaped(), told);
}

} // namespace mapline
