#include "render/eventstyle.h"

#include <QHash>
#include <QtMath>

namespace mapline {
namespace {

using Family = EventStyle::Family;
using Shape = EventStyle::Shape;

EventStyle style(const char *type, const char *label, Family family, const char *colour, Shape shape)
{
    return {QString::fromLatin1(type), QString::fromLatin1(label), family, QColor(QLatin1String(colour)), shape};
}

QPainterPath regularPolygon(int corners, double radius, double rotationDegrees)
{
    QPolygonF polygon;
    for (int i = 0; i < corners; ++i) {
        const double a = qDegreesToRadians(rotationDegrees + 360.0 * i / corners);
        polygon << QPointF(radius * std::cos(a), radius * std::sin(a));
    }
    QPainterPath path;
    path.addPolygon(polygon);
    path.closeSubpath();
    return path;
}

} // namespace

const QList<EventStyle> &EventStyle::knownTypes()
{
    // Colours from ColorBrewer-like ramps, checked for contrast on the light basemap.
    static const QList<EventStyle> types = {
        style("armed_clash", "Armed clash", Family::Violence, "#d7191c", Shape::Circle),
        style("air_strike", "Air strike", Family::Violence, "#9e0d1e", Shape::TriangleDown),
        style("shelling", "Shelling", Family::Violence, "#e8590c", Shape::Triangle),
        style("bombing", "Bombing", Family::Violence, "#f08c00", Shape::Star),
        style("attack_on_civilians", "Attack on civilians", Family::Violence, "#c2255c", Shape::Hexagon),
        style("killing", "Killing", Family::Violence, "#7a0c12", Shape::Cross),
        style("arrest", "Arrest", Family::Violence, "#b35c1e", Shape::Square),
        style("talks", "Talks", Family::Negotiation, "#1c6fb8", Shape::Square),
        style("agreement", "Agreement", Family::Negotiation, "#2b9348", Shape::Diamond),
        style("ceasefire", "Ceasefire", Family::Negotiation, "#40a860", Shape::Circle),
        style("surrender", "Surrender", Family::Negotiation, "#0c8599", Shape::Pentagon),
        style("defection", "Defection", Family::Negotiation, "#4c6ef5", Shape::TriangleDown),
        style("handover", "Handover", Family::Negotiation, "#087f5b", Shape::Hexagon),
        style("disarmament", "Disarmament", Family::Negotiation, "#5c9ed6", Shape::Triangle),
        style("troop_movement", "Troop movement", Family::Movement, "#6741d9", Shape::TriangleRight),
        style("withdrawal", "Withdrawal", Family::Movement, "#ae3ec9", Shape::TriangleDown),
        style("deployment", "Deployment", Family::Movement, "#9775fa", Shape::Square),
        style("territory_taken", "Territory taken", Family::Movement, "#862e9c", Shape::Pentagon),
        style("statement", "Statement", Family::Statement, "#6c757d", Shape::Circle),
        style("threat", "Threat", Family::Statement, "#343a40", Shape::Triangle),
        style("protest", "Protest", Family::Statement, "#8d8377", Shape::Diamond),
    };
    return types;
}

EventStyle EventStyle::forType(const QString &type)
{
    static const QHash<QString, EventStyle> byKey = [] {
        QHash<QString, EventStyle> h;
        for (const EventStyle &s : knownTypes())
            h.insert(s.type, s);
        return h;
    }();
    const auto it = byKey.constFind(type);
    if (it != byKey.constEnd())
        return *it;
    QString label = type;
    label.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!label.isEmpty())
        label[0] = label[0].toUpper();
    if (label.isEmpty())
        label = QStringLiteral("Unknown");
    return {type, label, Family::Other, QColor(0x9a, 0x8c, 0x7a), Shape::Circle};
}

QColor EventStyle::familyColour(Family family)
{
    switch (family) {
    case Family::Violence: return QColor(0xd7, 0x19, 0x1c);
    case Family::Negotiation: return QColor(0x1c, 0x6f, 0xb8);
    case Family::Movement: return QColor(0x67, 0x41, 0xd9);
    case Family::Statement: return QColor(0x6c, 0x75, 0x7d);
    case Family::Other: break;
    }
    return QColor(0xb5, 0xa9, 0x98);
}

QString EventStyle::familyLabel(Family family)
{
    switch (family) {
    case Family::Violence: return QStringLiteral("Violence");
    case Family::Negotiation: return QStringLiteral("Negotiation and agreement");
    case Family::Movement: return QStringLiteral("Movement");
    case Family::Statement: return QStringLiteral("Statements and threats");
    case Family::Other: break;
    }
    return QStringLiteral("Other");
}

QPainterPath EventStyle::shapePath(Shape shape, double size)
{
    const double r = size / 2.0;
    QPainterPath path;
    switch (shape) {
    case Shape::Circle:
        path.addEllipse(QPointF(0, 0), r, r);
        return path;
    case Shape::Square:
        path.addRect(QRectF(-r * 0.86, -r * 0.86, r * 1.72, r * 1.72));
        return path;
    case Shape::Diamond: return regularPolygon(4, r * 1.12, -90);
    case Shape::Triangle: return regularPolygon(3, r * 1.18, -90).translated(0, r * 0.22);
    case Shape::TriangleDown: return regularPolygon(3, r * 1.18, 90).translated(0, -r * 0.22);
    case Shape::TriangleRight: return regularPolygon(3, r * 1.18, 0).translated(-r * 0.22, 0);
    case Shape::Pentagon: return regularPolygon(5, r * 1.05, -90).translated(0, r * 0.08);
    case Shape::Hexagon: return regularPolygon(6, r * 1.02, 0);
    case Shape::Star: {
        QPolygonF star;
        for (int i = 0; i < 10; ++i) {
            const double a = qDegreesToRadians(-90.0 + 36.0 * i);
            const double radius = (i % 2 ? 0.5 : 1.25) * r;
            star << QPointF(radius * std::cos(a), radius * std::sin(a));
        }
        path.addPolygon(star);
        path.closeSubpath();
        return path.translated(0, r * 0.1);
    }
    case Shape::Cross: {
        const double arm = r * 0.42;
        const double len = r * 1.05;
        QPolygonF cross;
        cross << QPointF(-arm, -len) << QPointF(arm, -len) << QPointF(arm, -arm) << QPointF(len, -arm)
              << QPointF(len, arm) << QPointF(arm, arm) << QPointF(arm, len) << QPointF(-arm, len)
              << QPointF(-arm, arm) << QPointF(-len, arm) << QPointF(-len, -arm) << QPointF(-arm, -arm);
        path.addPolygon(cross);
        path.closeSubpath();
        QTransform rotate;
        rotate.rotate(45);
        return rotate.map(path);
    }
    }
    return path;
}

} // namespace mapline
