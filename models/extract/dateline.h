#pragma once

#include "event.h" // Span

#include <QString>
#include <QStringView>

namespace mapline {

// The dateline that opens a wire story: "MAZAR-E SHARIF, Afghanistan (CNN) --",
// "ISLAMABAD, Pakistan, Nov. 22 (Reuters) -", "KANDAHAR (AFP) -", "WASHINGTON --", "(CNN) --".
// The story body keeps it (offsets stay exact); the sentence stage starts the first sentence
// after `span`, and the extractor reads Article::datelinePlace.
struct Dateline {
    Span span;        // [start, end) in the paragraph, including the dash and the space after it
    QString place;    // as written, e.g. "MAZAR-E SHARIF"; empty for "(CNN) --"
    QString country;  // the region part when written, e.g. "Afghanistan", "Pakistan", "N.Y."
    QString source;   // e.g. "CNN", "AP", "Reuters"; empty when the dateline names none
    QString dateText; // e.g. "Nov. 22" when the dateline carries a date

    bool isValid() const { return span.isValid(); }
};

// The dateline at the start of `paragraph`, or an invalid Dateline. A place needs capitals
// ("WASHINGTON --") unless a source or a date in the dateline vouches for it ("Kabul (Reuters) -").
Dateline findDateline(QStringView paragraph);

} // namespace mapline
