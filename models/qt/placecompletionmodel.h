#pragma once

#include "place.h"

#include <QAbstractListModel>
#include <QList>
#include <QPointF>

#include <functional>
#include <optional>

namespace mapline {

class Gazetteer;

// The gazetteer's places for a completer (the filter panel's place field, the place
// correction): one row per place, Afghan places first, then by name. EditRole is the name a
// completer inserts; DisplayRole adds kind and province so "Kunduz" the city and "Kunduz" the
// province can be told apart. A snapshot of the gazetteer: it is read once, not referenced.
class PlaceCompletionModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { LongitudeRole = Qt::UserRole + 1, LatitudeRole, KindRole };

    explicit PlaceCompletionModel(QObject *parent = nullptr);

    void setPlaces(QList<Place> places);
    void setGazetteer(const Gazetteer &gazetteer, const QString &preferredCountry = QStringLiteral("AF"));
    const Place *placeAt(int row) const;
    // The best place for a typed name (case-insensitive): cities before districts, provinces and
    // countries; the preferred country first.
    std::optional<Place> find(const QString &name) const;
    // "Kunduz (city, Kunduz)" -> the same place: accepts what DisplayRole shows, too.
    std::optional<Place> findDisplayed(const QString &text) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // The place nearest to `target` among those `toScreen` puts within `maxPixels` of it (on a
    // tie the finer kind: cities before districts and provinces); nullopt when none is that close.
    std::optional<Place> nearest(const QPointF &target, double maxPixels,
                                 const std::function<QPointF(const QGeoCoordinate &)> &toScreen) const;

    static QString describe(const Place &place); // "Kunduz (city, Kunduz)"
    // A place that is only a point picked on the map: named by its coordinates, exact.
    static Place point(const QGeoCoordinate &coordinate);
    static QString formatCoordinate(const QGeoCoordinate &coordinate); // "34.5281° N, 69.1723° E"

private:
    QList<Place> mPlaces;
};

} // namespace mapline
