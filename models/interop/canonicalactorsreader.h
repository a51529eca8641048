#pragma once

#include "interop/eventfilereader.h"

#include <QHash>

#include <memory>

namespace mapline {

class ExtractionResources;
struct CanonicalActor;

// A dataset reader whose events name their actors as extracted events do: "TALIBAN" (GDELT) and
// "Taliban" are one actor, ACLED's "Military Forces of Afghanistan (2014-) Special Forces" is
// Military Forces of Afghanistan (ExtractionResources::canonicalActor), so that one actor list
// serves the filters whatever an event came from. Reads through `inner`, which it does not own;
// set the inner reader's area filter before reading.
class CanonicalActorsReader : public EventFileReader {
public:
    explicit CanonicalActorsReader(EventFileReader &inner);
    CanonicalActorsReader(EventFileReader &inner, std::shared_ptr<const ExtractionResources> resources);
    ~CanonicalActorsReader() override;

    Status open(const QString &path) override { return mInner.open(path); }
    Next next(DatasetRow &row, QString &problem) override;
    QString error() const override { return mInner.error(); }
    qint64 progressDone() const override { return mInner.progressDone(); }
    qint64 progressTotal() const override { return mInner.progressTotal(); }
    QString contentHash() const override { return mInner.contentHash(); }
    QString kind() const override { return mInner.kind(); }
    QString format() const override { return mInner.format(); }

private:
    EventFileReader &mInner;
    std::shared_ptr<const ExtractionResources> mResources;
    QHash<QString, Actor> mKnown; // a dataset repeats its actors: each name is looked up once
};

} // namespace mapline
