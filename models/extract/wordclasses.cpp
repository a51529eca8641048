#include "extract/wordclasses.h"

#include "extract/lexiconfile.h"

namespace mapline {
namespace {

quint32 classFromName(QStringView name)
{
    static const struct {
        const char16_t *name;
        WordClasses::Class value;
    } kClasses[] = {
        {u"negation", WordClasses::Negation},   {u"modal", WordClasses::Modal},
        {u"conditional", WordClasses::Conditional}, {u"hypothetical", WordClasses::Hypothetical},
        {u"intention", WordClasses::Intention}, {u"aspectual", WordClasses::Aspectual},
        {u"speech", WordClasses::Speech},       {u"topic", WordClasses::Topic},
        {u"locative", WordClasses::Locative},   {u"direction", WordClasses::Direction},
        {u"originsuffix", WordClasses::OriginSuffix}, {u"determiner", WordClasses::Determiner},
        {u"relative", WordClasses::Relative},   {u"be", WordClasses::Be},
        {u"auxiliary", WordClasses::Auxiliary}, {u"happen", WordClasses::Happen},
        {u"air", WordClasses::Air},             {u"title", WordClasses::Title},
        {u"anaphor", WordClasses::Anaphor},     {u"common", WordClasses::Common},
        {u"negverb", WordClasses::NegVerb},     {u"placenoun", WordClasses::PlaceNoun},
        {u"roadnoun", WordClasses::RoadNoun},   {u"dayfirstsource", WordClasses::DayFirstSource},
        {u"dayfirstdomain", WordClasses::DayFirstDomain}, {u"civilian", WordClasses::Civilian},
        {u"pastverb", WordClasses::PastVerb},   {u"conjunction", WordClasses::Conjunction},
    };
    for (const auto &c : kClasses)
        if (name == QStringView(c.name))
            return c.value;
    return 0;
}

} // namespace

Status WordClasses::load(const QString &cuesPath, const QString &commonWordsPath)
{
    const Result<QString> cues = lexicon::readText(cuesPath);
    if (!cues)
        return Status::failure(cues.error());
    if (Status s = addCues(*cues, cuesPath); !s)
        return s;
    const Result<QString> common = lexicon::readText(commonWordsPath);
    if (!common)
        return Status::failure(common.error());
    addWords(Common, *common);
    return {};
}

Status WordClasses::addCues(QStringView tsv, const QString &fileName)
{
    int lineNo = 0;
    for (const QStringView raw : tsv.split(QLatin1Char('\n'))) {
        ++lineNo;
        const QStringView line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(u"class\t"))
            continue;
        const qsizetype tab = line.indexOf(QLatin1Char('\t'));
        quint32 c = tab > 0 ? classFromName(line.left(tab).trimmed()) : 0;
        // "facility.fort<TAB>fort|fortress|...": the Facility class, and what kind of facility.
        quint16 facility = 0;
        if (tab > 0 && line.startsWith(u"facility.")) {
            static const struct {
                const char16_t *name;
                FacilityKind kind;
            } kKinds[] = {{u"fort", Fort}, {u"prison", Prison}, {u"base", Base}, {u"dam", Dam}, {u"pass", Pass},
                          {u"valley", Valley}, {u"mountains", Mountains}, {u"caves", Caves},
                          {u"crossing", Crossing}, {u"bridge", Bridge}};
            const QStringView kind = line.left(tab).trimmed().sliced(9);
            for (const auto &k : kKinds)
                if (kind == QStringView(k.name))
                    facility = k.kind;
            c = facility ? quint32(Facility) : 0u;
        }
        if (c == 0)
            return Status::failure(QStringLiteral("%1:%2: expected \"class<TAB>words\" with a known class, found \"%3\"")
                                       .arg(fileName).arg(lineNo).arg(line.left(40).toString()));
        for (const QStringView word : line.mid(tab + 1).split(QLatin1Char('|'), Qt::SkipEmptyParts)) {
            const QString key = foldName(word).remove(QLatin1Char(' '));
            if (!key.isEmpty())
                add(key, c);
            if (!key.isEmpty() && facility)
                mFacilities[key] |= facility;
        }
    }
    return {};
}

void WordClasses::addWords(quint32 classes, QStringView lines)
{
    for (const QStringView raw : lines.split(QLatin1Char('\n'))) {
        const QStringView line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        add(foldName(line), classes);
    }
}

void WordClasses::add(const QString &key, quint32 classes)
{
    mWords[key] |= classes;
    const quint32 id = wordids::intern(key);
    if (id >= mById.size())
        mById.resize(id + 1, 0);
    mById[id] |= classes;
}

QList<quint32> WordClasses::classify(const QList<NameToken> &tokens) const
{
    QList<quint32> out;
    out.reserve(tokens.size());
    for (const NameToken &t : tokens)
        out.append(classes(t));
    return out;
}

} // namespace mapline
