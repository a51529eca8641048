#include "interop/canonicalactorsreader.h"

#include "extract/extractionresources.h"

namespace mapline {

CanonicalActorsReader::CanonicalActorsReader(EventFileReader &inner)
    : CanonicalActorsReader(inner, ExtractionResources::shared())
{
}

CanonicalActorsReader::CanonicalActorsReader(EventFileReader &inner, std::shared_ptr<const ExtractionResources> resources)
    : mInner(inner), mResources(std::move(resources))
{
}

CanonicalActorsReader::~CanonicalActorsReader() = default;

EventFileReader::Next CanonicalActorsReader::next(DatasetRow &row, QString &problem)
{
    const Next n = mInner.next(row, problem);
    if (n != Next::Row || !mResources || mResources->isEmpty())
        return n;
    QList<ActorMention> actors;
    actors.reserve(row.event.actors.size());
    for (ActorMention &m : row.event.actors) {
        auto it = mKnown.constFind(m.actor.name);
        if (it == mKnown.constEnd())
            it = mKnown.insert(m.actor.name, mResources->canonicalActor(m.actor.name, m.actor.kind).actor);
        m.actor = it.value();
        // "Taliban; Taliban" after bringing two spellings to one name: one actor.
        const bool seen = std::any_of(actors.cbegin(), actors.cend(), [&](const ActorMention &a) { return a.actor.name == m.actor.name; });
        if (!seen)
            actors.append(std::move(m));
    }
    row.event.actors = std::move(actors);
    return n;
}

} // namespace mapline
