#pragma once

#include "place.h"

#include <QAbstractListModel>
#include <QList>
#include <QPointF>

#include <functional>
#include <memory>
#include <optional>

namespace mapline {

class Gazetteer;

// The gazetteer's places for a completer (the filter panel's place field, the place
// correction): one row per place, Afghan places first, then by name, then one row per other
// name a place is known by ("Kondoz → Kunduz (city, Kunduz)"), so every spelling completes.
// EditRole is the name a completer inserts; DisplayRole adds kind and province so "Kunduz" the
// city and "Kunduz" the province can be told apart. find() takes any spelling the gazetteer's
// matcher knows (alternative names, romanisation variants: Kondoz, Konduz, Qunduz are Kunduz),
// as the importer reads them. The gazetteer is shared, read-only.
class PlaceCompletionModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { LongitudeRole = Qt::UserRole + 1, LatitudeRole, KindRole };

    explicit PlaceCompletionModel(QObject *parent = nullptr);

    void setPlaces(QList<Place> places);
    void setGazetteer(std::shared_ptr<const Gazetteer> gazetteer, const QString &preferredCountry = QStringLiteral("AF"));
    void setGazetteer(const Gazetteer &gazetteer, const QString &preferredCountry = QStringLiteral("AF")); // a copy
    const Place *placeAt(int row) const;
    // The best place for a typed name (case-insensitive, any spelling the gazetteer knows): the
    // name as written first, then the gazetteer's matcher; cities before districts, provinces
    // and countries; the preferred country first.
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
    std::optional<Place> best(const QList<const Place *> &candidates) const;

    struct Alias {
        QString name; // the other spelling
        int place;    // into mPlaces
    };
    QList<Place> mPlaces;
    QList<Alias> mAliases; // rows after mPlaces
    std::shared_ptr<const Gazetteer> mGazetteer;
    QString mPreferredCountry = QStringLiteral("AF");
};

} // namespace mapline
