#pragma once

#include <QColor>
#include <QList>
#include <QPainterPath>
#include <QString>

namespace mapline {

// How an event type looks on the map and in the legend. Colours and shapes go by family, so the
// eye groups them before reading the legend: violence in reds and oranges, negotiation and
// agreement in blues and greens, movement in purples, statements and threats in greys.
// Types the extraction does not know (GDELT, ACLED imports) get a neutral style.
struct EventStyle {
    enum class Family { Violence, Negotiation, Movement, Statement, Other };
    static constexpr int kFamilyCount = 5;
    enum class Shape { Circle, Triangle, TriangleDown, TriangleRight, Square, Diamond, Star, Pentagon, Hexagon, Cross };

    QString type;   // key, e.g. "armed_clash"
    QString label;  // for the legend, e.g. "Armed clash"
    Family family = Family::Other;
    QColor colour;
    Shape shape = Shape::Circle;

    // The style of a type key; unknown keys get the neutral style with a label made from the key.
    static EventStyle forType(const QString &type);
    // The types the extraction produces, in legend order (by family).
    static const QList<EventStyle> &knownTypes();
    static QColor familyColour(Family family);
    static QString familyLabel(Family family);

    // The symbol's outline centred on (0, 0), about `size` pixels across.
    static QPainterPath shapePath(Shape shape, double size);
};

} // namespace mapline
