#include "controlcontroller.h"

#include "control/controlloader.h"
#include "controllane.h"
#include "corrections/controleditor.h"
#include "corrections/correctioneditor.h"
#include "corrections/correctionstore.h"
#include "index/eventindex.h"
#include "mapcanvas.h"
#include "store/eventstore.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgeventreader.h"
#include "timeline/timelinemodel.h"
#include "timelinewidget.h"
#include "workspace.h"

#include <QAction>
#include <QComboBox>
#include <QDateEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFormLayout>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

namespace mapline {

ControlController::ControlController(Workspace &workspace, QMainWindow &window, MapCanvas &map, TimelineWidget &timeline)
    : QObject(&workspace)
    , mWorkspace(workspace)
    , mWindow(window)
    , mMap(map)
    , mTimeline(timeline)
    , mEditor(new ControlEditor(*workspace.corrections()->undoStack(), this))
    , mHistory(new ControlHistoryView)
    , mDock(new QDockWidget(tr("Control History"), &window))
    , mShowLayer(new QAction(tr("&Control Layer"), this))
    , mShowProvinces(new QAction(tr("Control: Colour &Provinces"), this))
{
    mDock->setObjectName(QStringLiteral("controlDock"));
    mDock->setWidget(mHistory);
    mDock->hide();
    QSettings settings;
    mShowLayer->setCheckable(true);
    mShowLayer->setChecked(settings.value(QStringLiteral("control/layer"), true).toBool());
    mShowLayer->setToolTip(tr("Colour places by the side holding them at the end of the time window"));
    mShowProvinces->setCheckable(true);
    mShowProvinces->setChecked(settings.value(QStringLiteral("control/provinces"), false).toBool());
    mShowProvinces->setToolTip(tr("Tint the provinces around the places by the sides holding them"));
    mMap.setControlVisible(mShowLayer->isChecked());
    mMap.setControlProvinces(mShowProvinces->isChecked());
    connect(mShowLayer, &QAction::toggled, this, [this](bool on) {
        mMap.setControlVisible(on);
        QSettings().setValue(QStringLiteral("control/layer"), on);
    });
    connect(mShowProvinces, &QAction::toggled, this, [this](bool on) {
        mMap.setControlProvinces(on);
        QSettings().setValue(QStringLiteral("control/provinces"), on);
    });

    connect(&mWatcher, &QFutureWatcherBase::finished, this, &ControlController::loaded);
    connect(&workspace, &Workspace::indexLoaded, this, &ControlController::reload);
    connect(&workspace, &Workspace::selectionChanged, this, &ControlController::showPlaceOfEvent);
    connect(mEditor, &ControlEditor::changed, this, &ControlController::reload);
    connect(mEditor, &ControlEditor::failed, this, [this](const QString &message) {
        QMessageBox::warning(&mWindow, tr("Correction of control not saved"), message);
    });
    // Saved, over another analyst's later correction of the same place and day: said, never silent.
    connect(mEditor, &ControlEditor::conflict, this, [this](const QString &message) {
        QMessageBox::information(&mWindow, tr("Another analyst's correction replaced"),
                                 message + QLatin1Char(' ') + tr("Edit > Undo puts it back."));
    });
    connect(&mMap, &MapCanvas::controlPlaceClicked, this, &ControlController::showPlace);
    connect(mTimeline.controlLane(), &ControlLane::changeClicked, this, [this](int place, int) { showPlace(place); });
    connect(mHistory, &ControlHistoryView::eventActivated, this, [this](qint64 id) { mWorkspace.selectEvent(id); });
    connect(mHistory, &ControlHistoryView::setHolderRequested, this, &ControlController::askHolder);
    connect(mHistory, &ControlHistoryView::clearRequested, this, [this](int place, QDate from) {
        if (Status s = clearCorrection(place, from); !s)
            QMessageBox::warning(&mWindow, tr("Correction of control not cleared"), s.error());
    });
    if (TimelineModel *model = mWorkspace.timeline())
        connect(model, &TimelineModel::windowChanged, this,
                [this](const QDate &, const QDate &) { mHistory->setDay(mMap.settings().controlDay()); });
}

ControlController::~ControlController()
{
    mWatcher.waitForFinished();
}

void ControlController::releaseStore()
{
    mEditor->setStore(nullptr);
    mHistory->setEditable(false);
}

void ControlController::addToMenu(QMenu *view)
{
    if (!view)
        return;
    view->addSeparator();
    view->addAction(mShowLayer);
    view->addAction(mShowProvinces);
    view->addAction(mDock->toggleViewAction());
}

void ControlController::reload()
{
    // The corrections of control go where the events' go (a SQLite file or a shared store).
    mEditor->setStore(mWorkspace.correctionStore());
    const EventStore *store = mWorkspace.store();
    mEditor->noteSeen(); // the corrections the history is about to show: a later change by another is a conflict
    if (!mWorkspace.reader()) {
        apply(nullptr);
        return;
    }
    if (mWatcher.isRunning()) {
        mPending = true;
        return;
    }
    mPending = false;
    if (store)
        mWatcher.setFuture(QtConcurrent::run(&ControlController::compute, store->path(), mMap.settings().basemap()));
    else
        mWatcher.setFuture(QtConcurrent::run(&ControlController::computeShared, mWorkspace.storeSource(),
                                             mMap.settings().basemap()));
}

// As compute(), through a connection of the worker's own to the server: ReadStore reads the
// same events, sides and corrections as from SQLite (tst_pgread compares the layers).
ControlController::Load ControlController::computeShared(const cli::ReadStore::Source &source,
                                                         std::shared_ptr<const Basemap> basemap)
{
    Load out;
    auto store = source.open();
    if (!store) {
        out.error = store.error();
        return out;
    }
    const cli::ReadStore &read = *store.value();
    Result<SideTable> sides = read.sides();
    Result<QList<Event>> events = sides ? read.events({}) : Result<QList<Event>>::failure(sides.error());
    Result<QList<ControlCorrection>> corrections =
        events ? read.controlCorrections() : Result<QList<ControlCorrection>>::failure(events.error());
    if (!corrections) {
        out.error = corrections.error();
        return out;
    }
    auto layer = ControlLoader::make(std::move(sides).value(), events.value(), corrections.value(), basemap.get());
    if (!layer) {
        out.error = layer.error();
        return out;
    }
    out.layer = std::move(layer).value();
    QSet<qint64> wanted;
    for (const PlaceControl &pc : out.layer->places())
        for (const ControlState &s : pc.states)
            for (qint64 id : s.evidence)
                wanted.insert(id);
    QSet<qint64> articleIds;
    for (const Event &e : events.value())
        if (wanted.contains(e.id))
            articleIds.insert(e.articleId);
    QStringList idList;
    for (qint64 id : articleIds)
        idList << QString::number(id);
    QHash<qint64, QPair<QString, QString>> articles; // id -> source, title
    const auto rows = read.postgres()->connection().query(
        QStringLiteral("SELECT id, source, title FROM articles WHERE id = ANY($1::bigint[])"),
        {QLatin1Char('{') + idList.join(QLatin1Char(',')) + QLatin1Char('}')}, QStringLiteral("reading the evidence's articles"));
    if (rows)
        for (int i = 0; i < rows->rows(); ++i)
            articles.insert(rows->int64(i, 0), {rows->string(i, 1), rows->string(i, 2)});
    for (const Event &e : events.value())
        if (wanted.contains(e.id)) {
            const auto a = articles.value(e.articleId);
            out.evidence.insert(e.id, ControlEvidence{e.time.start, e.sentence, a.first, a.second});
        }
    return out;
}

// On a worker thread: a read-only connection of its own (an EventStore is used by the thread that
// opened it), the events, sides and corrections, the inference, and the evidence sentences.
ControlController::Load ControlController::compute(const QString &path, std::shared_ptr<const Basemap> basemap)
{
    Load out;
    auto store = EventStore::open(path, EventStore::Mode::ReadOnly);
    if (!store) {
        out.error = store.error();
        return out;
    }
    QList<Event> events;
    auto layer = ControlLoader::load(*store.value(), basemap.get(), &events);
    if (!layer) {
        out.error = layer.error();
        return out;
    }
    out.layer = std::move(layer).value();
    QSet<qint64> wanted;
    for (const PlaceControl &pc : out.layer->places())
        for (const ControlState &s : pc.states)
            for (qint64 id : s.evidence)
                wanted.insert(id);
    QHash<qint64, QPair<QString, QString>> articles; // id -> source, title
    QSqlQuery q(store.value()->database());
    q.setForwardOnly(true);
    if (q.exec(QStringLiteral("SELECT id, source, title FROM articles")))
        while (q.next())
            articles.insert(q.value(0).toLongLong(), {q.value(1).toString(), q.value(2).toString()});
    for (const Event &e : events)
        if (wanted.contains(e.id)) {
            const auto a = articles.value(e.articleId);
            out.evidence.insert(e.id, ControlEvidence{e.time.start, e.sentence, a.first, a.second});
        }
    return out;
}

void ControlController::loaded()
{
    Load result = mWatcher.result();
    if (mPending) {
        reload();
        return;
    }
    if (!result.error.isEmpty())
        mWindow.statusBar()->showMessage(tr("Control not inferred: %1").arg(result.error), 15000);
    mEvidence = std::move(result.evidence);
    apply(std::move(result.layer));
}

void ControlController::apply(std::shared_ptr<const ControlLayer> layer)
{
    mLayer = layer && !layer->isEmpty() ? std::move(layer) : nullptr;
    mMap.setControlLayer(mLayer);
    mTimeline.controlLane()->setLayer(mLayer);
    mHistory->setDay(mMap.settings().controlDay());
    // The place shown stays shown (its history may have changed).
    const int place = mLayer ? mLayer->placeIndex(mShownPlace, mShownAdmin1) : -1;
    if (place >= 0)
        mHistory->setPlace(mLayer, place, mEvidence);
    else
        mHistory->clear();
    mHistory->setEditable(mWorkspace.correctionStore() && mWorkspace.correctionStore()->isWritable());
    emit layerChanged();
}

void ControlController::showPlace(int place)
{
    if (!mLayer || place < 0 || place >= mLayer->places().size())
        return;
    mShownPlace = mLayer->places().at(place).place.name;
    mShownAdmin1 = mLayer->places().at(place).place.admin1;
    mHistory->setDay(mMap.settings().controlDay());
    mHistory->setPlace(mLayer, place, mEvidence);
    mDock->show();
    mDock->raise();
}

void ControlController::showPlaceOfEvent(qint64 eventId)
{
    // An event at a place whose control is known: its history, without raising the dock over the
    // details the analyst just asked for.
    if (!mLayer || eventId <= 0)
        return;
    const EventIndex *index = mMap.settings().events().get();
    const int row = index ? index->rowOfId(eventId) : -1;
    if (row < 0 || !index->hasPosition(row))
        return;
    const QPointF at = index->position(row);
    for (int i = 0; i < mLayer->places().size(); ++i) {
        const QPointF d = mLayer->position(i) - at;
        if (std::abs(d.x()) < 50 && std::abs(d.y()) < 50) { // the same gazetteer point
            mShownPlace = mLayer->places().at(i).place.name;
            mShownAdmin1 = mLayer->places().at(i).place.admin1;
            mHistory->setPlace(mLayer, i, mEvidence);
            if (mDock->isHidden())
                mDock->show();
            return;
        }
    }
}

// The correction of the layer's place `place` from `from`; nullopt when there is no such place.
std::optional<ControlCorrection> ControlController::correctionOf(int place, QDate from) const
{
    if (!mLayer || place < 0 || place >= mLayer->places().size())
        return std::nullopt;
    const Place &p = mLayer->places().at(place).place;
    ControlCorrection c;
    c.place = p.name;
    c.admin1 = p.admin1;
    c.country = p.country;
    c.coordinate = p.coordinate;
    c.from = from;
    return c;
}

Status ControlController::setHolder(int place, const QString &side, QDate from, const QString &note)
{
    std::optional<ControlCorrection> c = correctionOf(place, from);
    if (!c)
        return Status::failure(tr("No such place."));
    c->side = side;
    c->note = note;
    return mEditor->setHolder(*c);
}

Status ControlController::clearCorrection(int place, QDate from)
{
    const std::optional<ControlCorrection> c = correctionOf(place, from);
    if (!c)
        return Status::failure(tr("No such place."));
    return mEditor->clear(*c);
}

void ControlController::askHolder(int place, QDate suggested)
{
    if (!mLayer || place < 0 || place >= mLayer->places().size())
        return;
    QDialog dialog(&mWindow);
    dialog.setWindowTitle(tr("Set Holder of %1").arg(mLayer->places().at(place).place.name));
    auto *side = new QComboBox(&dialog);
    for (const ControlLayer::Side &s : mLayer->sides())
        side->addItem(s.name);
    if (const ControlState *now = mLayer->stateOn(place, suggested))
        side->setCurrentIndex(now->side);
    auto *from = new QDateEdit(suggested.isValid() ? suggested : QDate::currentDate(), &dialog);
    from->setCalendarPopup(true);
    from->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    auto *note = new QLineEdit(&dialog);
    note->setPlaceholderText(tr("Why (kept with the correction)"));
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("&Held by"), side);
    form->addRow(tr("&From"), from);
    form->addRow(tr("&Note"), note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (Status s = setHolder(place, side->currentText(), from->date(), note->text().trimmed()); !s)
        QMessageBox::warning(&mWindow, tr("Correction of control not saved"), s.error());
}

} // namespace mapline
