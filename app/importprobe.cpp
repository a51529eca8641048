#include "importprobe.h"

#include "extract/articleparser.h"
#include "extract/sidecar.h"
#include "extract/textdecoder.h"
#include "io/inputfile.h"
#include "interop/datasetformat.h"
#include "io/localpath.h"

namespace mapline {

ImportProbe ImportProbe::run(const QStringList &files, int limit)
{
    ImportProbe probe;
    probe.files = int(files.size());
    const int step = files.size() > limit ? int((files.size() + limit - 1) / limit) : 1;
    probe.sampled = step > 1;
    for (int i = 0; i < files.size(); i += step) {
        InputFile file;
        if (!file.open(files[i]) || !file.isRegular())
            continue; // the import reports unreadable files itself, and reads a pipe once
        // Datasets carry their own dates: nothing to ask for them.
        if (DatasetFormat::detect(file) != DatasetFormat::Kind::Unknown || DatasetFormat::hasDataExtension(files[i]))
            continue;
        const Result<QByteArray> bytes = file.readAll(ArticleParser::kMaxFileBytes, QString());
        if (!bytes)
            continue;
        ArticleMeta meta;
        meta.path = files[i];
        if (!readSidecar(files[i], meta))
            continue;
        const TextStage stage = prepareArticle(decodeText(*bytes).text, meta);
        ++probe.probed;
        if (!stage.article.meta.published.isValid()) {
            ++probe.withoutDate;
            if (probe.undatedExamples.size() < 5)
                probe.undatedExamples << fileNameAsText(files[i].mid(files[i].lastIndexOf(QLatin1Char('/')) + 1));
        }
        if (stage.article.meta.source.isEmpty())
            ++probe.withoutSource;
    }
    if (probe.sampled && probe.probed > 0) {
        probe.withoutDate = int(qint64(probe.withoutDate) * probe.files / probe.probed);
        probe.withoutSource = int(qint64(probe.withoutSource) * probe.files / probe.probed);
    }
    return probe;
}

} // namespace mapline
