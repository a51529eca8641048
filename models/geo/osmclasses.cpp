#include "geo/osmclasses.h"

#include "geo/vectorlayer.h"

#include <QHash>
#include <QString>

namespace mapline::osm {
namespace {

const QStringList kKeys = {QStringLiteral("highway"), QStringLiteral("waterway"), QStringLiteral("landuse"),
                           QStringLiteral("natural"), QStringLiteral("place")};

Class byValue(const QString &key, const QString &value)
{
    static const QHash<QString, Class> table = {
        {QStringLiteral("highway=motorway"), Motorway}, {QStringLiteral("highway=trunk"), Motorway},
        {QStringLiteral("highway=motorway_link"), Motorway}, {QStringLiteral("highway=trunk_link"), Motorway},
        {QStringLiteral("highway=primary"), Primary}, {QStringLiteral("highway=primary_link"), Primary},
        {QStringLiteral("highway=secondary"), Secondary}, {QStringLiteral("highway=secondary_link"), Secondary},
        {QStringLiteral("highway=tertiary"), Tertiary}, {QStringLiteral("highway=tertiary_link"), Tertiary},
        {QStringLiteral("highway=residential"), MinorRoad}, {QStringLiteral("highway=unclassified"), MinorRoad},
        {QStringLiteral("highway=living_street"), MinorRoad}, {QStringLiteral("highway=service"), MinorRoad},
        {QStringLiteral("highway=road"), MinorRoad}, {QStringLiteral("highway=track"), Track},
        {QStringLiteral("highway=path"), Track}, {QStringLiteral("highway=footway"), Track},
        {QStringLiteral("waterway=river"), River}, {QStringLiteral("waterway=canal"), River},
        {QStringLiteral("waterway=stream"), Stream}, {QStringLiteral("waterway=drain"), Stream},
        {QStringLiteral("waterway=ditch"), Stream}, {QStringLiteral("waterway=riverbank"), WaterArea},
        {QStringLiteral("landuse=residential"), BuiltUp}, {QStringLiteral("landuse=commercial"), BuiltUp},
        {QStringLiteral("landuse=retail"), BuiltUp}, {QStringLiteral("landuse=industrial"), BuiltUp},
        {QStringLiteral("landuse=farmland"), Farmland}, {QStringLiteral("landuse=farmyard"), Farmland},
        {QStringLiteral("landuse=orchard"), Farmland}, {QStringLiteral("landuse=vineyard"), Farmland},
        {QStringLiteral("landuse=meadow"), Farmland}, {QStringLiteral("landuse=grass"), Farmland},
        {QStringLiteral("natural=grassland"), Farmland}, {QStringLiteral("landuse=forest"), Forest},
        {QStringLiteral("natural=wood"), Forest}, {QStringLiteral("natural=water"), WaterArea},
        {QStringLiteral("landuse=reservoir"), WaterArea}, {QStringLiteral("landuse=basin"), WaterArea},
        {QStringLiteral("landuse=military"), Military}, {QStringLiteral("landuse=cemetery"), Cemetery},
        {QStringLiteral("aeroway=aerodrome"), Aerodrome}, {QStringLiteral("place=city"), City},
        {QStringLiteral("place=town"), Town}, {QStringLiteral("place=village"), Village},
        {QStringLiteral("place=hamlet"), Hamlet}, {QStringLiteral("place=locality"), Hamlet},
        {QStringLiteral("place=suburb"), Hamlet}, {QStringLiteral("place=neighbourhood"), Hamlet},
    };
    return table.value(key + QLatin1Char('=') + value, None);
}

} // namespace

bool looksLikeOsm(const VectorLayer &layer)
{
    for (const QString &key : kKeys)
        if (layer.fieldIndex(key) >= 0)
            return true;
    return false;
}

std::vector<Class> classify(const VectorLayer &layer)
{
    std::vector<Class> out(layer.features().size(), None);
    if (!looksLikeOsm(layer))
        return out;
    // The tested keys in priority order (a way tagged highway and landuse is a road).
    const QStringList keys = {QStringLiteral("highway"), QStringLiteral("waterway"), QStringLiteral("aeroway"),
                              QStringLiteral("landuse"), QStringLiteral("natural"), QStringLiteral("military"),
                              QStringLiteral("place")};
    std::vector<std::pair<QString, int>> fields;
    for (const QString &key : keys)
        if (const int i = layer.fieldIndex(key); i >= 0)
            fields.emplace_back(key, i);
    const int building = layer.fieldIndex(QStringLiteral("building"));
    for (size_t f = 0; f < out.size(); ++f) {
        const VectorLayer::Feature &feature = layer.features()[f];
        for (const auto &[key, index] : fields) {
            const QVariant value = layer.attribute(feature, index);
            if (value.isNull())
                continue;
            Class c = byValue(key, value.toString());
            if (c == None && key == u"military")
                c = Military;
            if (c != None) {
                out[f] = c;
                break;
            }
        }
        if (out[f] == None && building >= 0 && !layer.attribute(feature, building).isNull())
            out[f] = Building;
    }
    return out;
}

} // namespace mapline::osm
