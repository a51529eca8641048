#include "importprobe.h"

#include "extract/articleparser.h"
#include "extract/sidecar.h"
#include "extract/textdecoder.h"

#include <QFile>
#include <QFileInfo>

namespace mapline {

ImportProbe ImportProbe::run(const QStringList &files, int limit)
{
    ImportProbe probe;
    probe.files = int(files.size());
    const int step = files.size() > limit ? int((files.size() + limit - 1) / limit) : 1;
    probe.sampled = step > 1;
    for (int i = 0; i < files.size(); i += step) {
        QFile file(files[i]);
        if (!file.open(QIODevice::ReadOnly) || file.size() > ArticleParser::kMaxFileBytes)
            continue; // the import reports unreadable files itself
        ArticleMeta meta;
        meta.path = files[i];
        if (!readSidecar(files[i], meta))
            continue;
        const TextStage stage = prepareArticle(decodeText(file.readAll()).text, meta);
        ++probe.probed;
        if (!stage.article.meta.published.isValid()) {
            ++probe.withoutDate;
            if (probe.undatedExamples.size() < 5)
                probe.undatedExamples << QFileInfo(files[i]).fileName();
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
