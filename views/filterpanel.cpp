#include "filterpanel.h"

#include "flowlayout.h"
#include "qt/checklistmodel.h"
#include "qt/placecompletionmodel.h"

#include <QCheckBox>
#include <QCompleter>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace mapline {
namespace {
const DatePrecision kPrecisions[] = {DatePrecision::Day, DatePrecision::Range, DatePrecision::Week,
                                     DatePrecision::Month, DatePrecision::Year};

QLabel *errorLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #c92a2a;"));
    label->setTextFormat(Qt::PlainText);
    label->setVisible(false);
    return label;
}
} // namespace

FilterPanel::FilterPanel(QWidget *parent)
    : QWidget(parent)
    , mTypes(new CheckListModel(this))
    , mActors(new CheckListModel(this))
    , mActorFilter(new QSortFilterProxyModel(this))
    , mActiveBox(new QWidget(this))
    , mActiveLayout(new FlowLayout(mActiveBox, 4, 4))
    , mTypeList(new QListView(this))
    , mActorSearch(new QLineEdit(this))
    , mActorList(new QListView(this))
    , mPlace(new QLineEdit(this))
    , mRadius(new QDoubleSpinBox(this))
    , mPlaceError(errorLabel(this, QStringLiteral("placeError")))
    , mPlaceNote(new QLabel(this))
    , mSearch(new QLineEdit(this))
    , mSearchError(errorLabel(this, QStringLiteral("searchError")))
    , mExact(new QCheckBox(tr("Exact places only"), this))
    , mMinSources(new QSpinBox(this))
{
    mActiveBox->setObjectName(QStringLiteral("activeFilters"));
    mActiveLayout->setContentsMargins(0, 0, 0, 0);

    mTypeList->setObjectName(QStringLiteral("typeList"));
    mTypeList->setModel(mTypes);
    mTypeList->setUniformItemSizes(true);
    mTypeList->setIconSize(QSize(12, 12));
    mTypeList->setToolTip(tr("Event types: uncheck a type to hide it on the map, the timeline and the table"));
    auto *allTypes = new QToolButton(this);
    allTypes->setText(tr("All"));
    allTypes->setObjectName(QStringLiteral("allTypes"));
    auto *noTypes = new QToolButton(this);
    noTypes->setText(tr("None"));
    noTypes->setObjectName(QStringLiteral("noTypes"));
    connect(allTypes, &QToolButton::clicked, this, [this] {
        QSet<QString> all;
        for (const auto &item : mTypes->items())
            all.insert(item.key);
        mTypes->setCheckedKeys(all);
    });
    connect(noTypes, &QToolButton::clicked, this, [this] { mTypes->setCheckedKeys({}); });

    mActorFilter->setSourceModel(mActors);
    mActorFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    mActorFilter->setFilterRole(CheckListModel::LabelRole);
    mActorList->setObjectName(QStringLiteral("actorList"));
    mActorList->setModel(mActorFilter);
    mActorList->setUniformItemSizes(true);
    mActorSearch->setObjectName(QStringLiteral("actorSearch"));
    mActorSearch->setPlaceholderText(tr("Find an actor"));
    mActorSearch->setClearButtonEnabled(true);
    connect(mActorSearch, &QLineEdit::textChanged, mActorFilter, &QSortFilterProxyModel::setFilterFixedString);

    mPlace->setObjectName(QStringLiteral("placeFilter"));
    mPlace->setPlaceholderText(tr("Place, e.g. Kunduz"));
    mPlace->setToolTip(tr("A place from the gazetteer in any spelling it knows (Kunduz, Kondoz, Konduz); Enter "
                          "applies it"));
    mPlaceNote->setObjectName(QStringLiteral("placeNote"));
    mPlaceNote->setWordWrap(true);
    mPlaceNote->setStyleSheet(QStringLiteral("color: #555;"));
    mPlaceNote->setTextFormat(Qt::PlainText);
    mPlaceNote->setVisible(false);
    mPlace->setClearButtonEnabled(true);
    mRadius->setObjectName(QStringLiteral("radius"));
    mRadius->setRange(1, 1000);
    mRadius->setValue(mState.radiusKm);
    mRadius->setSuffix(tr(" km"));
    mRadius->setDecimals(0);
    connect(mPlace, &QLineEdit::returnPressed, this, &FilterPanel::applyPlace);
    connect(mPlace, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty() && mState.hasPlace())
            clearFilter(QStringLiteral("place"));
    });
    connect(mRadius, &QDoubleSpinBox::valueChanged, this, [this](double km) {
        if (mUpdating)
            return;
        FilterState s = mState;
        s.radiusKm = km;
        commit(s);
    });

    mSearch->setObjectName(QStringLiteral("searchFilter"));
    mSearch->setPlaceholderText(tr("Words; Enter to search"));
    mSearch->setClearButtonEnabled(true);
    mSearch->setToolTip(tr("Full-text search: words, \"a phrase\", AND, OR, NOT, prefix*"));
    connect(mSearch, &QLineEdit::returnPressed, this, &FilterPanel::applySearch);
    connect(mSearch, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty() && mState.hasSearch())
            clearFilter(QStringLiteral("search"));
    });

    auto *precisionRow = new QGridLayout;
    precisionRow->setContentsMargins(0, 0, 0, 0);
    for (DatePrecision p : kPrecisions) {
        auto *box = new QCheckBox(toString(p), this);
        box->setObjectName(QStringLiteral("precision_") + toString(p));
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, &FilterPanel::fromControls);
        precisionRow->addWidget(box, int(mPrecisions.size()) / 3, int(mPrecisions.size()) % 3);
        mPrecisions << box;
    }
    mExact->setObjectName(QStringLiteral("exactPlaces"));
    mExact->setToolTip(tr("Hide events placed only to a whole province or country"));
    connect(mExact, &QCheckBox::toggled, this, &FilterPanel::fromControls);
    mMinSources->setObjectName(QStringLiteral("minSources"));
    mMinSources->setRange(1, 99);
    mMinSources->setSpecialValueText(tr("any"));
    mMinSources->setToolTip(tr("Only happenings told by at least this many distinct sources (agencies, papers, "
                               "datasets), with their reports: 2 or more asks \"who else says so?\""));
    connect(mMinSources, &QSpinBox::valueChanged, this, &FilterPanel::fromControls);
    connect(mTypes, &CheckListModel::checkedChanged, this, &FilterPanel::fromControls);
    connect(mActors, &CheckListModel::checkedChanged, this, &FilterPanel::fromControls);

    // Layout: active filters, then one group per filter.
    auto *clearAllButton = new QPushButton(tr("Clear all"), this);
    clearAllButton->setObjectName(QStringLiteral("clearAllFilters"));
    connect(clearAllButton, &QPushButton::clicked, this, &FilterPanel::clearAll);
    auto *activeRow = new QHBoxLayout;
    activeRow->addWidget(mActiveBox, 1);
    activeRow->addWidget(clearAllButton, 0, Qt::AlignTop);

    auto *typeGroup = new QGroupBox(tr("Event types"), this);
    typeGroup->setObjectName(QStringLiteral("typeGroup"));
    auto *typeLayout = new QVBoxLayout(typeGroup);
    typeLayout->addWidget(mTypeList);
    auto *typeButtons = new QHBoxLayout;
    typeButtons->addWidget(allTypes);
    typeButtons->addWidget(noTypes);
    typeButtons->addStretch(1);
    typeLayout->addLayout(typeButtons);

    auto *actorGroup = new QGroupBox(tr("Actors (any of the checked)"), this);
    auto *actorLayout = new QVBoxLayout(actorGroup);
    actorLayout->addWidget(mActorSearch);
    actorLayout->addWidget(mActorList);

    auto *whereGroup = new QGroupBox(tr("Place, text and dates"), this);
    auto *form = new QFormLayout(whereGroup);
    form->addRow(tr("Near"), mPlace);
    form->addRow(tr("Within"), mRadius);
    form->addRow(QString(), mPlaceError);
    form->addRow(QString(), mPlaceNote);
    form->addRow(tr("Text"), mSearch);
    form->addRow(QString(), mSearchError);
    form->addRow(tr("Dates"), precisionRow);
    form->addRow(QString(), mExact);
    form->addRow(tr("Sources at least"), mMinSources);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(activeRow);
    layout->addWidget(typeGroup, 3);
    layout->addWidget(whereGroup, 0);
    layout->addWidget(actorGroup, 2);
    // Tab in the order the panel is drawn: Clear all, the types and their buttons, Near, Within,
    // Text, the date precisions, exact places, sources, then the actors.
    QWidget *previous = clearAllButton;
    QList<QWidget *> chain = {mTypeList, allTypes, noTypes, mPlace, mRadius, mSearch};
    for (QCheckBox *box : std::as_const(mPrecisions))
        chain << box;
    chain << mExact << mMinSources << mActorSearch << mActorList;
    for (QWidget *w : chain) {
        setTabOrder(previous, w);
        previous = w;
    }

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    updateActiveList();
}

void FilterPanel::setPlaceModel(PlaceCompletionModel *places)
{
    mPlaces = places;
    auto *completer = new QCompleter(places, mPlace);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchStartsWith);
    completer->setCompletionRole(Qt::EditRole);
    completer->setMaxVisibleItems(12);
    mPlace->setCompleter(completer);
    connect(completer, qOverload<const QString &>(&QCompleter::activated), this, [this] { applyPlace(); });
}

void FilterPanel::setSearchValidator(std::function<Status(const QString &)> validator)
{
    mValidator = std::move(validator);
}

void FilterPanel::setState(const FilterState &state)
{
    if (state == mState)
        return;
    setStateQuietly(state);
    emit stateChanged(mState);
}

void FilterPanel::setStateQuietly(const FilterState &state)
{
    mUpdating = true;
    mState = state;
    QSet<QString> shown;
    for (const auto &item : mTypes->items())
        if (!state.hiddenTypes.contains(item.key))
            shown.insert(item.key);
    mTypes->setCheckedKeys(shown);
    mActors->setCheckedKeys(QSet<QString>(state.actors.begin(), state.actors.end()));
    if (mPlace->text() != state.placeName)
        mPlace->setText(state.placeName);
    mRadius->setValue(state.radiusKm);
    if (mSearch->text().trimmed() != state.search.trimmed())
        mSearch->setText(state.search);
    for (int i = 0; i < mPrecisions.size(); ++i)
        mPrecisions[i]->setChecked(state.precisions.isEmpty() || state.precisions.contains(kPrecisions[i]));
    mExact->setChecked(state.exactPlacesOnly);
    mMinSources->setValue(std::max(1, state.minSources));
    if (!state.hasSearch())
        showSearchError({});
    if (!state.hasPlace()) {
        mPlaceError->setVisible(false);
        mPlaceNote->setVisible(false);
    }
    mUpdating = false;
    updateActiveList();
}

void FilterPanel::commit(FilterState state)
{
    if (state == mState)
        return;
    setStateQuietly(state);
    emit stateChanged(mState);
}

void FilterPanel::fromControls()
{
    if (mUpdating)
        return;
    FilterState s = mState;
    s.hiddenTypes = mTypes->uncheckedKeys();
    // Actors keep the order the analyst checked them in where they can.
    const QSet<QString> checked = mActors->checkedKeys();
    QStringList actors;
    for (const QString &a : s.actors)
        if (checked.contains(a))
            actors << a;
    for (const auto &item : mActors->items())
        if (item.checked && !actors.contains(item.key))
            actors << item.key;
    s.actors = actors;
    s.precisions.clear();
    bool all = true;
    for (int i = 0; i < mPrecisions.size(); ++i) {
        if (mPrecisions[i]->isChecked())
            s.precisions.insert(kPrecisions[i]);
        else
            all = false;
    }
    if (all)
        s.precisions.clear();
    else if (s.precisions.isEmpty())
        s.precisions.insert(DatePrecision::Unknown); // none checked: nothing passes
    s.exactPlacesOnly = mExact->isChecked();
    s.minSources = mMinSources->value() > 1 ? mMinSources->value() : 0;
    commit(s);
}

void FilterPanel::applySearch()
{
    const QString text = mSearch->text().trimmed();
    if (!text.isEmpty() && mValidator) {
        const Status valid = mValidator(text);
        if (!valid) {
            showSearchError(valid.error());
            return; // a bad query filters nothing and changes nothing
        }
    }
    showSearchError({});
    FilterState s = mState;
    s.search = text;
    commit(s);
}

void FilterPanel::applyPlace()
{
    const QString text = mPlace->text().trimmed();
    FilterState s = mState;
    if (text.isEmpty()) {
        s.placeName.clear();
        s.placeCoordinate = {};
        mPlaceError->setVisible(false);
        commit(s);
        return;
    }
    const auto place = mPlaces ? mPlaces->findDisplayed(text) : std::nullopt;
    if (!place) {
        mPlaceError->setText(tr("No place called \"%1\" in the gazetteer; pick one from the list.").arg(text));
        mPlaceError->setVisible(true);
        return;
    }
    mPlaceError->setVisible(false);
    // Another spelling: say which place it found (the field then shows the gazetteer's name).
    const bool respelt = text.compare(place->name, Qt::CaseInsensitive) != 0 &&
                         text != PlaceCompletionModel::describe(*place);
    mPlaceNote->setText(tr("%1 is %2").arg(text, PlaceCompletionModel::describe(*place)));
    mPlaceNote->setVisible(respelt && !text.contains(QStringLiteral("→")));
    s.placeName = place->name;
    s.placeCoordinate = place->coordinate;
    commit(s);
}

void FilterPanel::showSearchError(const QString &message)
{
    mSearchError->setText(message);
    mSearchError->setVisible(!message.isEmpty());
    mSearch->setStyleSheet(message.isEmpty() ? QString() : QStringLiteral("QLineEdit { border: 1px solid #c92a2a; }"));
}

void FilterPanel::clearAll()
{
    mSearch->clear();
    mPlace->clear();
    mActorSearch->clear();
    FilterState s;
    s.radiusKm = mState.radiusKm;
    commit(s);
}

void FilterPanel::clearFilter(const QString &key)
{
    FilterState s = mState;
    s.clear(key);
    commit(s);
}

void FilterPanel::updateActiveList()
{
    while (QLayoutItem *item = mActiveLayout->takeAt(0)) {
        if (item->widget())
            item->widget()->deleteLater();
        delete item;
    }
    const auto active = mState.describe();
    if (active.isEmpty()) {
        auto *none = new QLabel(tr("No filter: every event is shown."), mActiveBox);
        none->setObjectName(QStringLiteral("noFilters"));
        none->setStyleSheet(QStringLiteral("color: #666;"));
        mActiveLayout->addWidget(none);
    }
    for (const auto &[key, text] : active) {
        auto *chip = new QToolButton(mActiveBox);
        chip->setObjectName(QStringLiteral("chip_") + key);
        chip->setText(text + QStringLiteral("  ✕"));
        chip->setToolTip(tr("Remove this filter"));
        chip->setStyleSheet(QStringLiteral("QToolButton { background: #e7f0fb; border: 1px solid #a9c4e8; "
                                           "border-radius: 9px; padding: 1px 6px; }"));
        connect(chip, &QToolButton::clicked, this, [this, key = key] { clearFilter(key); });
        mActiveLayout->addWidget(chip);
    }
    // Two rows of chips always fit without the panel moving; more grow it (heightForWidth;
    // rare: there are six kinds of filter).
    mActiveBox->setMinimumHeight(2 * (QToolButton().sizeHint().height() + 2) + 4);
}

} // namespace mapline
