#include "place.h"

namespace mapline {

QString toString(GeoPrecision precision)
{
    switch (precision) {
    case GeoPrecision::Landmark: return QStringLiteral("landmark");
    case GeoPrecision::City: return QStringLiteral("city");
    case GeoPrecision::District: return QStringLiteral("district");
    case GeoPrecision::Province: return QStringLiteral("province");
    case GeoPrecision::Country: return QStringLiteral("country");
    case GeoPrecision::Unknown: break;
    }
    return QStringLiteral("unknown");
}

GeoPrecision geoPrecisionFromString(QStringView text)
{
    if (text == u"landmark") return GeoPrecision::Landmark;
    if (text == u"city") return GeoPrecision::City;
    if (text == u"district") return GeoPrecision::District;
    if (text == u"province") return GeoPrecision::Province;
    if (text == u"country") return GeoPrecision::Country;
    return GeoPrecision::Unknown;
}

} // namespace mapline
