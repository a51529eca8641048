#pragma once

#include "article.h"
#include "result.h"

#include <QString>

namespace mapline {

// The metadata sidecar of an article file: "story.txt" is described by "story.txt.meta",
// UTF-8 lines of "key: value" (title, source, published as YYYY-MM-DD or another full date, url); lines starting
// with '#' are comments. Keys are case-insensitive; unknown keys are ignored.
QString sidecarPathFor(const QString &articlePath);
// A sidecar is a few lines: a bigger file is refused (read no further than this).
constexpr qint64 kMaxSidecarBytes = 64 * 1024;
bool isSidecarPath(const QString &path);

// Reads the sidecar of `articlePath` into `meta` (fields present in the sidecar replace
// those in `meta`). A missing sidecar is not an error; a malformed one is, naming the file
// and line.
Status readSidecar(const QString &articlePath, ArticleMeta &meta);

// Parses sidecar text; `fileName` only serves the error messages.
Status parseSidecar(const QString &text, const QString &fileName, ArticleMeta &meta);

} // namespace mapline
