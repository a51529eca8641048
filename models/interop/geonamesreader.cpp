#include "interop/geonamesreader.h"

#include "interop/admin1names.h"

#include <QLocale>
#include <QRegularExpression>
#include <QVarLengthArray>

#include <cmath>

namespace mapline {
namespace {

// Tabs, line breaks and the list separator cannot appear inside a gazetteer field.
QString clean(QString text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Format) // U+200C ZWNJ, U+200D ZWJ, U+200E LRM, BOM...
            continue;
        out += (c == u'\t' || c == u'\n' || c == u'\r' || c == u'|') ? QChar(u' ') : c;
    }
    return out.simplified();
}

bool isLatin(const QString &text)
{
    bool letter = false;
    for (const QChar c : text) {
        if (!c.isLetter())
            continue;
        if (c.script() != QChar::Script_Latin)
            return false;
        letter = true;
    }
    return letter;
}

bool looksLikeCode(const QString &text)
{
    if (text.size() < 2 || text.size() > 4)
        return false;
    for (const QChar c : text)
        if (c < u'A' || c > u'Z')
            return false;
    return true;
}

void loadNames(const QString &path, QHash<QString, QString> &into, const QString &suffix)
{
    LineReader lines;
    if (!lines.open(path))
        return;
    for (QByteArrayView line; lines.next(line);) {
        const QList<QByteArray> f = line.toByteArray().split('\t');
        if (f.size() < 3)
            continue;
        QString name = QString::fromUtf8(f[2]).trimmed(); // the ASCII name
        if (name.endsWith(suffix))
            name.chop(suffix.size());
        into.insert(QString::fromUtf8(f[0]).trimmed(), name);
    }
}

} // namespace

QString GazetteerRow::toTsv() const
{
    const QStringList fields = {
        QString::number(id),
        clean(name),
        kind,
        QString::number(lon, 'g', QLocale::FloatingPointShortest),
        QString::number(lat, 'g', QLocale::FloatingPointShortest),
        clean(admin1),
        clean(admin2),
        country,
        QString::number(population),
        altNames.join(QLatin1Char('|')),
    };
    return fields.join(QLatin1Char('\t'));
}

QString GeoNamesReader::kindFor(QStringView featureClass, QStringView featureCode)
{
    // Historical (…H) and abandoned (…Q) features are gone; PPLW is a destroyed place.
    if (featureCode.endsWith(u'H') && featureClass != u"H" && featureClass != u"T")
        return {};
    if (featureCode.endsWith(u'Q') || featureCode == u"PPLW" || featureCode == u"PPLCH")
        return {};
    if (featureClass == u"P")
        return featureCode == u"PPLX" ? QStringLiteral("landmark") : QStringLiteral("city");
    if (featureClass == u"A") {
        if (featureCode.startsWith(u"PCL"))
            return QStringLiteral("country");
        if (featureCode == u"ADM1")
            return QStringLiteral("province");
        if (featureCode.startsWith(u"ADM"))
            return QStringLiteral("district");
        return {};
    }
    for (const char16_t c : {u'S', u'T', u'H', u'L', u'R', u'V', u'U'})
        if (featureClass == QStringView(&c, 1))
            return QStringLiteral("landmark");
    return {};
}

QString GeoNamesReader::stripOfficeWords(const QString &asciiName)
{
    static const QRegularExpression prefix(
        QStringLiteral("^(Markaz-e (Hukumat-e |Woluswali-ye )?|Wuleswali |Wuluswali |Woluswali "
                       "|Alaqahdari(-ye)? |Hukumat(-e|i) |Bazar-e )"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression suffix(QStringLiteral(" (Wuluswali|Alaqahdari)$"),
                                           QRegularExpression::CaseInsensitiveOption);
    QString n = asciiName;
    n.remove(prefix);
    n.remove(suffix);
    return n.size() >= 3 ? n : asciiName;
}

QStringList GeoNamesReader::latinNames(const QStringList &names, const QString &except)
{
    QStringList out;
    QSet<QString> seen = {except.toCaseFolded()};
    for (const QString &raw : names) {
        const QString name = clean(raw);
        if (name.isEmpty() || !isLatin(name) || looksLikeCode(name) || name.contains(QStringLiteral("://")))
            continue;
        const QString key = name.toCaseFolded();
        if (seen.contains(key))
            continue;
        seen.insert(key);
        out << name;
    }
    return out;
}

void GeoNamesReader::loadAdminNames(const QString &folder)
{
    loadNames(folder + QStringLiteral("/admin1CodesASCII.txt"), mAdmin1, QStringLiteral(" Province"));
    loadNames(folder + QStringLiteral("/admin2Codes.txt"), mAdmin2, QStringLiteral(" District"));
}

Status GeoNamesReader::open(const QString &path)
{
    InputFile file;
    if (Status s = file.open(path); !s)
        return s;
    return open(std::move(file));
}

Status GeoNamesReader::open(InputFile file)
{
    // The folder by string: the name may hold bytes that are not UTF-8 (io/localpath.h).
    const QString path = file.path();
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    const QString folder = slash < 0 ? QStringLiteral(".") : slash == 0 ? QStringLiteral("/") : path.left(slash);
    if (Status s = mLines.open(std::move(file)); !s)
        return s;
    loadAdminNames(folder);
    return {};
}

GeoNamesReader::Next GeoNamesReader::next(GazetteerRow &row, QString &problem)
{
    QByteArrayView line;
    do {
        if (!mLines.next(line))
            return mLines.error().isEmpty() ? Next::End : Next::Failed;
    } while (line.trimmed().isEmpty());
    row = GazetteerRow();
    QVarLengthArray<QByteArrayView, 20> f;
    qsizetype start = 0;
    for (qsizetype tab; (tab = line.indexOf('\t', start)) >= 0 && f.size() < 20; start = tab + 1)
        f.append(line.sliced(start, tab - start));
    f.append(line.sliced(start));
    if (f.size() != 19) {
        problem = QStringLiteral("%1 columns, but GeoNames rows have 19")
                      .arg(f.size() >= 20 ? QStringLiteral("more than 19") : QString::number(f.size()));
        return Next::BadRow;
    }
    bool idOk = false, latOk = false, lonOk = false;
    row.id = f[0].trimmed().toLongLong(&idOk);
    row.lat = f[4].trimmed().toDouble(&latOk);
    row.lon = f[5].trimmed().toDouble(&lonOk);
    if (!idOk || row.id <= 0) {
        problem = QStringLiteral("geonameid \"%1\" is not a number").arg(QString::fromUtf8(f[0]));
        return Next::BadRow;
    }
    if (!latOk || !lonOk || !std::isfinite(row.lat) || !std::isfinite(row.lon) || std::abs(row.lat) > 90 ||
        std::abs(row.lon) > 180) {
        problem = QStringLiteral("latitude/longitude \"%1\", \"%2\" is not a position on Earth")
                      .arg(QString::fromUtf8(f[4]), QString::fromUtf8(f[5]));
        return Next::BadRow;
    }
    row.featureClass = QString::fromLatin1(f[6].trimmed());
    row.featureCode = QString::fromLatin1(f[7].trimmed());
    row.country = QString::fromLatin1(f[8].trimmed()).toUpper();
    row.kind = kindFor(row.featureClass, row.featureCode);
    if (row.kind.isEmpty())
        return Next::Ignored;
    if (!mArea.isEmpty() && !mArea.contains(row.country))
        return Next::Outside;

    const QString written = clean(QString::fromUtf8(f[1]));
    QString ascii = clean(QString::fromUtf8(f[2]));
    if (ascii.isEmpty())
        ascii = written;
    if (ascii.isEmpty()) {
        problem = QStringLiteral("the place has no name");
        return Next::BadRow;
    }
    row.admin1Code = QString::fromUtf8(f[10].trimmed());
    row.admin2Code = QString::fromUtf8(f[11].trimmed());
    row.admin1 = Admin1Names::name(row.country, row.admin1Code);
    if (row.admin1.isEmpty() && !row.admin1Code.isEmpty())
        row.admin1 = mAdmin1.value(row.country + QLatin1Char('.') + row.admin1Code);
    if (!row.admin2Code.isEmpty())
        row.admin2 = mAdmin2.value(row.country + QLatin1Char('.') + row.admin1Code + QLatin1Char('.') +
                                   row.admin2Code);
    row.name = row.country == u"AF" ? stripOfficeWords(ascii) : ascii;
    if (row.kind == u"province" && !row.admin1.isEmpty())
        row.name = row.admin1;
    row.population = f[14].trimmed().toLongLong();
    QStringList candidates = {ascii, written};
    for (const QString &alt : QString::fromUtf8(f[3]).split(QLatin1Char(','), Qt::SkipEmptyParts))
        candidates << alt;
    row.altNames = latinNames(candidates, row.name);
    return Next::Row;
}

} // namespace mapline
