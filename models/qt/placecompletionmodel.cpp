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
    mAliases.clear();
    endResetModel();
}

void PlaceCompletionModel::setGazetteer(const Gazetteer &gazetteer, const QString &preferredCountry)
{
    setGazetteer(std::make_shared<const Gazetteer>(gazetteer), preferredCountry);
}

void PlaceCompletionModel::setGazetteer(std::shared_ptr<const Gazetteer> gazetteer, const QString &preferredCountry)
{
    struct Row {
        Place place;
        QStringList aliases;
    };
    QList<Row> rows;
    if (gazetteer) {
        rows.reserve(gazetteer->size());
        for (int i = 0; i < gazetteer->size(); ++i)
            if (gazetteer->place(i).isValid())
                rows.append({gazetteer->place(i), gazetteer->alternativeNames(i)});
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const Row &a, const Row &b) {
        const bool pa = a.place.country == preferredCountry, pb = b.place.country == preferredCountry;
        if (pa != pb)
            return pa;
        const int c = QString::compare(a.place.name, b.place.name, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : kindRank(a.place.precision) < kindRank(b.place.precision);
    });
    beginResetModel();
    mGazetteer = std::move(gazetteer);
    mPreferredCountry = preferredCountry;
    mPlaces.clear();
    mAliases.clear();
    mPlaces.reserve(rows.size());
    for (const Row &r : rows)
        mPlaces.append(r.place);
    // Other spellings of the preferred country's places complete too (Kondoz, Konduz, Qunduz);
    // a foreign place's many exonyms would only crowd the list.
    for (int i = 0; i < rows.size(); ++i) {
        if (rows[i].place.country != preferredCountry)
            continue;
        for (const QString &alias : rows[i].aliases)
            if (alias.compare(rows[i].place.name, Qt::CaseInsensitive) != 0)
                mAliases.append({alias, int(i)});
    }
    endResetModel();
}

const Place *PlaceCompletionModel::placeAt(int row) const
{
    if (row >= 0 && row < mPlaces.size())
        return &mPlaces[row];
    const int alias = row - int(mPlaces.size());
    return alias >= 0 && alias < mAliases.size() ? &mPlaces[mAliases[alias].place] : nullptr;
}

std::optional<Place> PlaceCompletionModel::best(const QList<const Place *> &candidates) const
{
    const Place *chosen = nullptr;
    for (const Place *p : candidates) {
        if (!chosen) {
            chosen = p;
            continue;
        }
        const bool preferred = p->country == mPreferredCountry, chosenPreferred = chosen->country == mPreferredCountry;
        if (preferred != chosenPreferred) {
            if (preferred)
                chosen = p;
            continue;
        }
        if (kindRank(p->precision) < kindRank(chosen->precision))
            chosen = p;
    }
    return chosen ? std::optional<Place>(*chosen) : std::nullopt;
}

std::optional<Place> PlaceCompletionModel::find(const QString &name) const
{
    const QString wanted = name.trimmed();
    if (wanted.isEmpty())
        return std::nullopt;
    // The name as written (mPlaces is in preference order already; within a name, the best kind).
    QList<const Place *> named;
    for (const Place &p : mPlaces)
        if (p.name.compare(wanted, Qt::CaseInsensitive) == 0)
            named << &p;
    if (!named.isEmpty())
        return best(named);
    // Any other spelling: the gazetteer's alternative names and romanisation variants, as the
    // importer reads the articles (Kondoz, Konduz -> Kunduz).
    if (!mGazetteer)
        return std::nullopt;
    // Alternative names and romanisation rewrites only: the looser skeleton match is for running
    // text, where context backs it up; a typed "Atlantis" must not become some Atlanta.
    Gazetteer::Quality quality = Gazetteer::Quality::Exact;
    const QList<int> entries = mGazetteer->lookup(wanted, &quality);
    if (quality != Gazetteer::Quality::Exact && quality != Gazetteer::Quality::Variant)
        return std::nullopt;
    QList<const Place *> matched;
    for (int entry : entries)
        if (mGazetteer->place(entry).isValid())
            matched << &mGazetteer->place(entry);
    return best(matched);
}

std::optional<Place> PlaceCompletionModel::findDisplayed(const QString &text) const
{
    for (int row = 0; row < rowCount(); ++row)
        if (data(index(row), Qt::DisplayRole).toString() == text)
            return *placeAt(row);
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
    return parent.isValid() ? 0 : int(mPlaces.size() + mAliases.size());
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
    const Place &p = *placeAt(index.row());
    const int alias = index.row() - int(mPlaces.size());
    switch (role) {
    case Qt::DisplayRole:
        return alias >= 0 ? QStringLiteral("%1 → %2").arg(mAliases[alias].name, describe(p)) : describe(p);
    case Qt::EditRole: return alias >= 0 ? mAliases[alias].name : p.name;
    case LongitudeRole: return p.coordinate.longitude();
    case LatitudeRole: return p.coordinate.latitude();
    case KindRole: return toString(p.precision);
    default: return {};
    }
}

} // namespace mapline
