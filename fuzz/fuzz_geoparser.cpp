// The geoparser over one sentence, with the program's own gazetteer and word lists: tokenizeNames,
// then Geoparser::find (place names, disambiguation, roles) and Geoparser::resolve (a dateline
// name standing alone). Mentions lie inside the sentence on real tokens and name real entries.
#include "extract/extractionresources.h"
#include "extract/textdecoder.h"
#include "fuzzsupport.h"

using namespace mapline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::init();
    static const std::shared_ptr<const ExtractionResources> resources = [] {
        auto r = ExtractionResources::shared();
        if (!r || r->isEmpty()) {
            std::fprintf(stderr, "fuzz_geoparser: the extraction resources did not load (MAPLINE_RESOURCES?)\n");
            std::abort();
        }
        return r;
    }();
    const QString sentence = decodeText(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size))).text;
    const QList<NameToken> tokens = tokenizeNames(sentence);
    for (const NameToken &t : tokens)
        FUZZ_CHECK(t.start >= 0 && t.start <= t.end && t.end <= sentence.size());
    const QList<quint32> classes = resources->words.classify(tokens);
    FUZZ_CHECK(classes.size() == tokens.size());
    QList<bool> masked(tokens.size(), false);
    for (int i = 0; i < masked.size(); i += 7)
        masked[i] = (size & 1) != 0; // some inputs with a few tokens already taken by actors
    const QStringList area = {QStringLiteral("AF")};
    const QList<PlaceMention> places = resources->geoparser.find(tokens, classes, masked, area);
    for (const PlaceMention &m : places) {
        FUZZ_CHECK(m.first >= 0 && m.first < m.end && m.end <= tokens.size());
        FUZZ_CHECK(m.span.isValid() && m.span.end <= sentence.size());
        FUZZ_CHECK(m.entry == -1 || (m.entry >= 0 && m.entry < resources->gazetteer.size()));
        FUZZ_CHECK(m.confidence >= 0.0 && m.confidence <= 1.0);
        for (int c : m.candidates)
            FUZZ_CHECK(c >= 0 && c < resources->gazetteer.size());
    }
    const int resolved = resources->geoparser.resolve(sentence.left(80), area);
    FUZZ_CHECK(resolved >= -1 && resolved < resources->gazetteer.size());
    return 0;
}
