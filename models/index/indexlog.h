#pragma once

#include <QLoggingCategory>

// The index's log: whether the persistent copy was used, and why not (stale, damaged, not
// writable). Warnings show by default; QT_LOGGING_RULES="mapline.index.info=true" shows the rest.
Q_DECLARE_LOGGING_CATEGORY(lcIndex)
