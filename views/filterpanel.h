#pragma once

#include "filterstate.h"
#include "result.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListView;
class QSpinBox;
class QSortFilterProxyModel;
class QToolButton;

namespace mapline {

class CheckListModel;
class FlowLayout;
class PlaceCompletionModel;

// The filters dock: event types (check boxes that are the map legend), actors, place (with
// completion from the gazetteer) and radius, free text (full-text search; a malformed query
// shows a message under the field and filters nothing), date precision, exact places and the
// sources a happening needs ("Sources at least", docs/FUSION.md).
// The active filters are listed at the top as chips, each clearable, in an area that keeps its
// height as filters come and go (the rest of the panel does not jump), and "Clear all" clears
// them in one click. Tab walks the fields in the order they are drawn. The panel edits a FilterState and announces every change with stateChanged(); the
// workspace turns it into masks and queries. The two list models belong to the panel.
class FilterPanel : public QWidget {
    Q_OBJECT
public:
    explicit FilterPanel(QWidget *parent = nullptr);

    CheckListModel *typeModel() const { return mTypes; }
    CheckListModel *actorModel() const { return mActors; }
    void setPlaceModel(PlaceCompletionModel *places);
    // Checks a search before it is applied; a failure's message is shown under the field.
    void setSearchValidator(std::function<Status(const QString &)> validator);

    const FilterState &state() const { return mState; }
    void setState(const FilterState &state);

public slots:
    void clearAll();
    void clearFilter(const QString &key);
    void showSearchError(const QString &message); // empty: no error

signals:
    void stateChanged(const mapline::FilterState &state);

private:
    void setStateQuietly(const FilterState &state);
    void fromControls();
    void applySearch();
    void applyPlace();
    void updateActiveList();
    void commit(FilterState state);

    FilterState mState;
    CheckListModel *mTypes;
    CheckListModel *mActors;
    QSortFilterProxyModel *mActorFilter;
    PlaceCompletionModel *mPlaces = nullptr;
    std::function<Status(const QString &)> mValidator;

    QWidget *mActiveBox;
    FlowLayout *mActiveLayout; // chips side by side; room for two rows, so adding one moves nothing
    QListView *mTypeList;
    QLineEdit *mActorSearch;
    QListView *mActorList;
    QLineEdit *mPlace;
    QDoubleSpinBox *mRadius;
    QLabel *mPlaceError;
    QLabel *mPlaceNote; // "Kondoz is Kunduz (city, Kunduz)": which place another spelling found
    QLineEdit *mSearch;
    QLabel *mSearchError;
    QList<QCheckBox *> mPrecisions;
    QCheckBox *mExact;
    QSpinBox *mMinSources; // happenings told by at least this many distinct sources; 1: any
    bool mUpdating = false;
};

} // namespace mapline
