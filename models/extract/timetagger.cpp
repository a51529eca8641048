#include "extract/timetagger.h"

namespace mapline {

QList<TimeMention> tagTimes(QStringView sentence, QDate published)
{
    Q_UNUSED(sentence);
    Q_UNUSED(published);
    return {};
}

TimeRange resolveTimeRule(const QString &rule, QDate published)
{
    Q_UNUSED(rule);
    Q_UNUSED(published);
    return {};
}

} // namespace mapline
