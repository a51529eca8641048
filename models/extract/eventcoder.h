#pragma once

#include "extract/wordclasses.h"
#include "geo/placenames.h"
#include "result.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QVarLengthArray>

#include <vector>

namespace mapline {

// One of Mapline's event types with its ACLED and CAMEO codes (resources/lexicons/event_types.tsv).
struct EventTypeInfo {
    QString type;
    QString acledEventType;
    QString acledSubEventType;
    QString cameoRoot;
};

// A word or phrase of a sentence that reports an event: tokens [first, end).
struct TriggerMatch {
    int first = 0;
    int end = 0;
    int type = -1;             // index into EventCoder::type()
    QString acledSubEventType; // the trigger's own when it has one, else the type's
    double confidence = 0.0;   // the trigger's base confidence
    bool verb = false;
    bool airCue = false;       // warplanes, jets, aircraft in the same clause: a bombing from the air
    bool placeAfter = false;   // the trigger's place is the name after it ("fall of Kabul", "captured Kunduz")
    quint32 flags = 0;         // Event::Negated, Event::Hypothetical
};

// Finds event triggers with the lexicon of resources/lexicons/triggers.tsv and decides whether
// each is asserted, negated ("did not attack", "no word on whether") or hypothetical ("would
// be tried", "if those fighters give themselves up", "possible handover", "were to discuss",
// "want to defect"). The rules are word-class scopes over clauses; see docs/EXTRACTION.md.
// Read-only after loading: safe to share between threads.
class EventCoder {
public:
    explicit EventCoder(const WordClasses &words) : mWords(words) {}

    Status load(const QString &triggersPath, const QString &typesPath);
    Status addTypes(QStringView tsv, const QString &fileName);
    Status addTriggers(QStringView tsv, const QString &fileName); // after addTypes()

    // `blocked` marks tokens inside names (places, people) that are no triggers;
    // `placeStarts` marks tokens where a place name starts (for "requires place_after").
    QList<TriggerMatch> find(const QList<NameToken> &tokens, const QList<quint32> &classes,
                             const QList<bool> &blocked, const QList<bool> &placeStarts) const;

    int typeCount() const { return int(mTypes.size()); }
    const EventTypeInfo &type(int index) const { return mTypes[size_t(index)]; }
    int typeIndex(const QString &key) const { return mTypeIndex.value(key, -1); }
    int triggerCount() const { return int(mPatterns.size()); }

private:
    struct Row {
        int type = -1; // -1: "none", a phrase that hides shorter triggers
        double confidence = 0.0;
        bool verb = false;
        bool placeAfter = false;
        QString acledSubEventType;
    };
    struct Pattern {
        QList<QString> words; // "_" matches any one word
        QList<int> rows;      // tried in file order
        bool baseForm = false;
    };
    void addPattern(const QString &form, int row, bool baseForm);
    QVarLengthArray<int, 16> patternsAt(const QList<NameToken> &tokens, const QList<bool> &blocked, int index) const; // longest first

    const WordClasses &mWords;
    std::vector<EventTypeInfo> mTypes;
    QHash<QString, int> mTypeIndex;
    std::vector<Row> mRows;
    std::vector<Pattern> mPatterns;
    QHash<QString, int> mPatternByText;         // the pattern's words joined, to merge rows
    std::vector<QList<int>> mByFirstWord;        // first word's wordids id -> patterns, longest first
};

} // namespace mapline
