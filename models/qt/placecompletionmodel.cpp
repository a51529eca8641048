#include "qt/placecompletionmodel.h"

#include "geo/gazetteer.h"

#include <algorithm>
#include <cmath>

namespace mapline {
namespace {
int kindRank(GeoPrecision p)
{
    switch (p) {
    case GeoPrecision::City: return 0;
    case GeoPrecision::Landmark: return 1;
    case GeoPrecision::District: return 2;
    case GeoPrecision::Province: return 3;
    case GeoPrecision::Country: return 4;
    case GeoPrecision::Unknown: break;
    }
    return 5;
}
} // namespace

PlaceCompletionModel::PlaceCompletionModel(QObject *parent) : QAbstractListModel(parent) {}

void PlaceCompletionModel::setPlaces(QList<Place> places)
{
    beginResetModel();
    mPlaces = std::move(places);
    endResetModel();
}

void PlaceCompletionModel::setGazetteer(const Gazetteer &gazetteer, const QString &preferredCountry)
{
    QList<Place> places;
    places.reserve(gazetteer.size());
    for (int i = 0; i < gazetteer.size(); ++i)
        if (gazetteer.place(i).isValid())
            places.append(gazetteer.place(i));
    std::stable_sort(places.begin(), places.end(), [&](const Place &a, const Place &b) {
        const bool pa = a.country == preferredCountry, pb = b.country == preferredCountry;
        if (pa != pb)
            return pa;
        const int c = QString::compare(a.name, b.name, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : kindRank(a.precision) < kindRank(b.precision);
    });
    setPlaces(std::move(places));
}

const Place *PlaceCompletionModel::placeAt(int row) const
{
    return row >= 0 && row < mPlaces.size() ? &mPlaces[row] : nullptr;
}

std::optional<Place> PlaceCompletionModel::find(const QString &name) const
{
    const QString wanted = name.trimmed();
    const Place *best = nullptr;
    for (const Place &p : mPlaces) {
        if (p.name.compare(wanted, Qt::CaseInsensitive) != 0)
            continue;
        // mPlaces is in preference order already; within a name, the best kind wins.
        if (!best || (best->country == p.country && kindRank(p.precision) < kindRank(best->precision)))
            best = &p;
    }
    return best ? std::optional<Place>(*best) : std::nullopt;
}

std::optional<Place> PlaceCompletionModel::findDisplayed(const QString &text) const
{
    for (const Place &p : mPlaces)
        if (describe(p) == text)
            return p;
    return find(text);
}

std::optional<Place> PlaceCompletionModel::nearest(const QPointF &target, double maxPixels,
                                                   const std::function<QPointF(const QGeoCoordinate &)> &toScreen) const
{
    const Place *best = nullptr;
    double bestDistance = maxPixels;
    for (const Place &p : mPlaces) {
        const QPointF d = toScreen(p.coordinate) - target;
        const double distance = std::hypot(d.x(), d.y());
        if (distance > bestDistance)
            continue;
        if (!best || distance < bestDistance || kindRank(p.precision) < kindRank(best->precision)) {
            best = &p;
            bestDistance = distance;
        }
    }
    return best ? std::optional<Place>(*best) : std::nullopt;
}

int PlaceCompletionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mPlaces.size());
}

QString PlaceCompletionModel::describe(const Place &p)
{
    QStringList parts{toString(p.precision)};
    if (!p.admin1.isEmpty() && p.precision != GeoPrecision::Province)
        parts << p.admin1;
    if (!p.country.isEmpty() && p.country != u"AF")
        parts << p.country;
    return QStringLiteral("%1 (%2)").arg(p.name, parts.join(QStringLiteral(", ")));
}

QString PlaceCompletionModel::formatCoordinate(const QGeoCoordinate &c)
{
    return QStringLiteral("%1° %2, %3° %4")
        .arg(std::abs(c.latitude()), 0, 'f', 4)
        .arg(c.latitude() < 0 ? QLatin1Char('S') : QLatin1Char('N'))
        .arg(std::abs(c.longitude()), 0, 'f', 4)
        .arg(c.longitude() < 0 ? QLatin1Char('W') : QLatin1Char('E'));
}

Place PlaceCompletionModel::point(const QGeoCoordinate &coordinate)
{
    Place p;
    p.name = formatCoordinate(coordinate);
    p.precision = GeoPrecision::Landmark; // exactly where the analyst clicked
    p.coordinate = QGeoCoordinate(coordinate.latitude(), coordinate.longitude());
    p.source = QStringLiteral("map");
    return p;
}

QVariant PlaceCompletionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Place &p = mPlaces[index.row()];
    switch (role) {
    case Qt::DisplayRole: return describe(p);
    case Qt::EditRole: return p.name;
    case LongitudeRole: return p.coordinate.longitude();
    case LatitudeRole: return p.coordinate.latitude();
    case KindRole: return toString(p.precision);
    default: return {};
    }
}

} // namespace mapline
