#pragma once

#include <QStringList>

namespace mapline {

// What the import dialog needs to know before a run: how many of the files carry no
// publication date or no source of their own (sidecar, HTML meta tags, a date in the page or
// its address, a dateline). Reads and cleans the text but extracts nothing: a few
// milliseconds per file, so the GUI thread may do it for up to `limit` files (a sample of a
// larger batch: the counts are then estimates, flagged by `sampled`).
struct ImportProbe {
    int files = 0;
    int probed = 0;
    int withoutDate = 0;
    int withoutSource = 0;
    bool sampled = false;
    QStringList undatedExamples; // file names, a few

    static ImportProbe run(const QStringList &files, int limit = 200);
};

} // namespace mapline
