#pragma once

#include "geo/relief.h"
#include "geo/vectorlayer.h"
#include "result.h"

#include <QGeoRectangle>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace mapline {

// The map's own background data, read through GDAL from resources/geo/basemap.gpkg (EPSG:4326):
// layers `countries` (name, iso_a2), `provinces` (name, iso_3166_2, country) and `places`
// (name, kind, population, rank 1..5); optional `rivers` (level: WDBII 0..4), `lakes`, and the
// named points `airports` (name, kind airport/airbase/airfield, icao), `terrain` (name, kind
// range/desert/valley/peak/pass, elevation, angle), `districts` (name, province) and `landmarks`
// (name); and the optional `relief` raster (Relief). Provenance: docs/DATA.md. Loaded once, immutable, shared by the GUI and render threads
// through std::shared_ptr<const Basemap>.
class Basemap {
public:
    static constexpr const char *kFocusCountry = "AF";

    struct Area {
        int feature = -1;     // index into the layer's features()
        QString name;
        QString country;      // ISO 3166-1 alpha-2
        bool focus = false;   // inside the focus country (Afghanistan)
    };
    enum class PlaceKind { City, ProvinceCapital, Capital };
    struct PlaceLabel {
        QPointF position;     // Web Mercator metres
        QString name;
        PlaceKind kind = PlaceKind::City;
        int rank = 5;         // 1 most important
        qint64 population = 0;
        QString country;      // ISO 3166-1 alpha-2 when the layer has it
    };

    // A named point of the basemap (an airport, a peak, a range's label anchor, a district seat).
    struct NamedPoint {
        QPointF position;     // Web Mercator metres
        QString name;
        QString kind;         // the layer's kind column, or empty
        int elevation = 0;    // metres, 0 when unknown
        double angle = 0.0;   // label slant, degrees counter-clockwise
    };

    // The bundled basemap: resources/geo/basemap.gpkg.
    static QString defaultPath();
    // Reads the GeoPackage at `path`; `countries` is required, the other layers are optional
    // (their absence is listed in warnings()).
    static Result<std::shared_ptr<const Basemap>> load(const QString &path);

    const QString &path() const { return mPath; }
    const VectorLayer &countries() const { return mCountries; }
    const VectorLayer &provinces() const { return mProvinces; }
    const QList<Area> &countryAreas() const { return mCountryAreas; }
    const QList<Area> &provinceAreas() const { return mProvinceAreas; }
    // Most important first: by rank, then capitals, then population.
    const QList<PlaceLabel> &places() const { return mPlaces; }
    // Rivers: one feature per segment; riverLevels()[i] is feature i's WDBII level (0 river-lake,
    // 1 permanent major, 2 additional major, 3 additional, 4 minor).
    const VectorLayer &rivers() const { return mRivers; }
    const std::vector<int> &riverLevels() const { return mRiverLevels; }
    const VectorLayer &lakes() const { return mLakes; }
    const QList<NamedPoint> &airports() const { return mAirports; }
    const QList<NamedPoint> &terrain() const { return mTerrain; }
    const QList<NamedPoint> &districts() const { return mDistricts; }
    const QList<NamedPoint> &landmarks() const { return mLandmarks; }
    // The shaded relief; null when the file has none.
    const std::shared_ptr<const Relief> &relief() const { return mRelief; }
    // The focus country's bounds (Afghanistan), or a fixed box when the data lacks it.
    QGeoRectangle focusExtent() const { return mFocusExtent; }
    // The bounds of all the basemap data.
    QRectF bounds() const { return mCountries.bounds(); }
    const QStringList &warnings() const { return mWarnings; }

private:
    QString mPath;
    VectorLayer mCountries;
    VectorLayer mProvinces;
    QList<Area> mCountryAreas;
    QList<Area> mProvinceAreas;
    QList<PlaceLabel> mPlaces;
    VectorLayer mRivers;
    std::vector<int> mRiverLevels;
    VectorLayer mLakes;
    QList<NamedPoint> mAirports;
    QList<NamedPoint> mTerrain;
    QList<NamedPoint> mDistricts;
    QList<NamedPoint> mLandmarks;
    std::shared_ptr<const Relief> mRelief;
    QGeoRectangle mFocusExtent;
    QStringList mWarnings;
};

} // namespace mapline
