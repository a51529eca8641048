// The texts of one dataset file already given a sentence row, so that the file's rows with the
// same text share it (both stores' dataset writers: eventstore_dataset.cpp, pgdatasetwriter.cpp).
// A generated description (GDELT's "TALIBAN: Fight with small arms ... in Kabul") repeats across
// rows; one sentence row, one full-text entry for all of them. Bounded: at most kMaxTexts texts or
// kMaxBytes of text are remembered; past that, a new text simply gets a row of its own. Sharing is
// an optimisation, never needed for a correct store. docs/PERFORMANCE.md, "One sentence per
// distinct text".
#pragma once

#include <QHash>
#include <QString>

#include <optional>

namespace mapline {

template <typename Value>
class SharedTexts {
public:
    static constexpr qsizetype kMaxTexts = 200000;
    static constexpr qsizetype kMaxBytes = 32 * 1024 * 1024;

    // The value remembered for `text`, if any.
    std::optional<Value> find(const QString &text) const
    {
        const auto it = mValues.constFind(text);
        if (it == mValues.cend())
            return std::nullopt;
        return *it;
    }

    // Remembers `value` for `text` while there is room; false when it is full.
    bool remember(const QString &text, const Value &value)
    {
        const qsizetype bytes = text.size() * qsizetype(sizeof(QChar)) + kEntryBytes;
        if (mValues.size() >= kMaxTexts || mBytes + bytes > kMaxBytes)
            return false;
        mValues.insert(text, value);
        mBytes += bytes;
        return true;
    }

    qsizetype size() const { return mValues.size(); }

private:
    // A QHash node, the QString's header and its allocation's overhead, about.
    static constexpr qsizetype kEntryBytes = 64;
    QHash<QString, Value> mValues;
    qsizetype mBytes = 0;
};

} // namespace mapline
