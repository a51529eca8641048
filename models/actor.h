#pragma once

#include <QString>

namespace mapline {

// A group, a person or a generic role that takes part in events.
struct Actor {
    QString name;        // canonical name, e.g. "Northern Alliance", "Abdul Rashid Dostum", "residents"
    QString affiliation; // the side a person or group belongs to, e.g. "Northern Alliance"; may be empty
    QString kind;        // "group", "person" or "role"

    friend bool operator==(const Actor &, const Actor &) = default;
};

} // namespace mapline
