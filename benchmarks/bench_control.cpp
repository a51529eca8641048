// Territorial control (ControlInference::infer) over 100,000 events: the target is under a
// second (issue 16). The events are generated in memory in the shape the extraction gives: a
// sentence with spans for the trigger, the place and the actors; a quarter of them changes of
// hands, withdrawals, surrenders or sieges, the rest fighting and strikes, some of whose sentences
// say who holds the town ("Taliban-held"). 400 towns, two years of days.
#include "control/controlinference.h"

#include <benchmark/benchmark.h>

#include <QRandomGenerator>

using namespace mapline;

namespace {

struct Template {
    const char *type;
    const char *text; // {P} the place, {A} the first actor, {B} the second
    const char *trigger;
};

const Template kTemplates[] = {
    {"territory_taken", "{A} forces captured {P} from the {B} on Friday after heavy fighting.", "captured"},
    {"territory_taken", "{P} fell to the {A} on Monday, residents said.", "fell to"},
    {"withdrawal", "{A} fighters withdrew from {P} overnight as the {B} advanced.", "withdrew"},
    {"surrender", "The {A} surrendered {P} to the {B} on Sunday.", "surrendered"},
    {"troop_movement", "{A} troops besieged {P} on Tuesday.", "besieged"},
    {"armed_clash", "{A} and {B} fighters clashed near {P}, which is still {B}-held, on Wednesday.", "clashed"},
    {"armed_clash", "Fighting between the {A} and the {B} went on around {P} on Thursday.", "Fighting"},
    {"air_strike", "U.S. aircraft bombed {B} positions around {P} on Saturday.", "bombed"},
    {"killing", "Gunmen killed two men in {P} on Friday, officials said.", "killed"},
    {"talks", "{A} commanders held talks with {B} leaders in {P} on Monday.", "held talks"},
    {"armed_clash", "The {A} attacked {P}, the last stronghold of the {B} in the province.", "attacked"},
    {"deployment", "{A} troops patrolled the streets of {P} on Sunday.", "patrolled"},
};

Span spanOf(const QString &text, const QString &what)
{
    const int at = text.indexOf(what);
    return at < 0 ? Span{} : Span{at, int(at + what.size())};
}

QList<Event> makeEvents(int count)
{
    QRandomGenerator rng(16);
    const QStringList actors = {QStringLiteral("Taliban"), QStringLiteral("Northern Alliance")};
    QList<Place> places;
    for (int i = 0; i < 400; ++i) {
        Place p;
        p.name = QStringLiteral("Town%1").arg(i);
        p.precision = GeoPrecision::City;
        p.coordinate = QGeoCoordinate(30.0 + (i % 20) * 0.4, 61.0 + (i / 20) * 0.5);
        p.country = QStringLiteral("AF");
        places.append(p);
    }
    QList<Event> events;
    events.reserve(count);
    const QDate first(2001, 1, 1);
    for (int i = 0; i < count; ++i) {
        const Template &t = kTemplates[rng.bounded(int(std::size(kTemplates)))];
        const Place &place = places.at(rng.bounded(int(places.size())));
        const int a = rng.bounded(2);
        QString text = QString::fromLatin1(t.text);
        text.replace(QStringLiteral("{P}"), place.name)
            .replace(QStringLiteral("{A}"), actors.at(a))
            .replace(QStringLiteral("{B}"), actors.at(1 - a));
        Event e;
        e.id = i + 1;
        e.articleId = i / 8 + 1;
        e.sentenceIndex = i % 8;
        e.sentence = text;
        e.type = QString::fromLatin1(t.type);
        e.time = TimeRange::day(first.addDays(rng.bounded(730)));
        e.place = place;
        e.placeText = place.name;
        e.placeSpan = spanOf(text, place.name);
        e.trigger = spanOf(text, QString::fromLatin1(t.trigger));
        for (int k : {a, 1 - a}) {
            const Span s = spanOf(text, actors.at(k));
            if (s.isValid())
                e.actors.append({{actors.at(k), actors.at(k), QStringLiteral("group")}, s});
        }
        e.confidence = 0.7;
        events.append(std::move(e));
    }
    return events;
}

void BM_Control100k(benchmark::State &state)
{
    const Result<SideTable> sides = SideTable::make(
        {{QStringLiteral("Taliban"), QStringLiteral("#b2182b"), {}}, {QStringLiteral("Anti-Taliban"), QStringLiteral("#2166ac"), {}}},
        {{QStringLiteral("Taliban"), QStringLiteral("Taliban"), {}, {}, {}, QStringLiteral("lexicon")},
         {QStringLiteral("Northern Alliance"), QStringLiteral("Anti-Taliban"), {}, {}, {}, QStringLiteral("lexicon")}});
    const QList<Event> events = makeEvents(int(state.range(0)));
    qint64 states = 0;
    for (auto _ : state) {
        const ControlHistory h = ControlInference::infer(events, *sides);
        for (const PlaceControl &pc : h.places)
            states += pc.states.size();
        benchmark::DoNotOptimize(states);
    }
    state.counters["states"] = benchmark::Counter(double(states) / double(state.iterations()));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

} // namespace

BENCHMARK(BM_Control100k)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
