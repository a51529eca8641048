#include "interop/kmlwriter.h"

#include "eventfields.h"
#include "interop/eventexporter.h"
#include "interop/exportfields.h"

#include <QLocale>
#include <QSet>

namespace mapline {
namespace {

const QString kSchemaId = QStringLiteral("events.schema");
constexpr qint64 kChunk = 1 << 20; // what is composed in memory before it goes to the device
// Google Earth's own icon; LIBKML needed one with the colour, and Google Earth shows it.
const QString kIcon = QStringLiteral("http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png");

// The shortest text that reads back as the same double, without an exponent (which some KML
// readers do not take in coordinates).
QString number(double value)
{
    QString text = QString::number(value, 'g', QLocale::FloatingPointShortest);
    if (!text.contains(QLatin1Char('e')))
        return text;
    text = QString::number(value, 'f', 17);
    while (text.endsWith(QLatin1Char('0')))
        text.chop(1);
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return text;
}

// The placemark balloon: the sentence, then the date and the actors (HTML, as Google Earth shows it).
QString description(const Event &e)
{
    QString html = e.sentence.toHtmlEscaped();
    QString when = e.time.start.isValid() ? e.time.start.toString(Qt::ISODate) : QStringLiteral("unknown");
    if (e.time.end.isValid() && e.time.end != e.time.start)
        when += QStringLiteral(" to ") + e.time.end.toString(Qt::ISODate);
    html += QStringLiteral("<br/><br/>Date: %1 (%2)").arg(when, toString(e.time.precision));
    const QStringList actors = eventActorNames(e);
    if (!actors.isEmpty())
        html += QStringLiteral("<br/>Actors: ") + actors.join(QStringLiteral("; ")).toHtmlEscaped();
    return html;
}

QString fieldText(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Double: return number(value.toDouble());
    case QMetaType::QDate: return value.toDate().toString(Qt::ISODate);
    case QMetaType::QStringList: return value.toStringList().join(QStringLiteral("; "));
    default: return value.toString();
    }
}

} // namespace

KmlWriter::KmlWriter(QIODevice &device)
    : mDevice(device)
{
}

void KmlWriter::put(const QString &text)
{
    mPending += text.toUtf8();
    if (mPending.size() >= kChunk)
        flush();
}

void KmlWriter::flush()
{
    if (!mFailed && !mPending.isEmpty() && mDevice.write(mPending) != mPending.size())
        mFailed = true;
    mPending.clear();
}

QString KmlWriter::xmlSafe(const QString &text)
{
    // XML 1.0's Char: tab, line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD and the
    // supplementary planes (a valid surrogate pair).
    const auto allowed = [](char16_t c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c < 0xD800) || (c >= 0xE000 && c <= 0xFFFD);
    };
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n && allowed(text[i].unicode()))
        ++i;
    if (i == n)
        return text; // the usual case: nothing to copy
    QString out = text.left(i);
    out.reserve(n);
    for (; i < n; ++i) {
        const QChar c = text[i];
        if (c.isHighSurrogate() && i + 1 < n && text[i + 1].isLowSurrogate()) {
            out += c;
            out += text[++i];
        } else {
            out += allowed(c.unicode()) ? c : QChar(QChar::ReplacementCharacter);
        }
    }
    return out;
}

void KmlWriter::appendEscaped(QString &out, const QString &text)
{
    for (const QChar c : xmlSafe(text)) {
        switch (c.unicode()) {
        case u'&': out += QLatin1StringView("&amp;"); break;
        case u'<': out += QLatin1StringView("&lt;"); break;
        case u'>': out += QLatin1StringView("&gt;"); break;
        case u'"': out += QLatin1StringView("&quot;"); break;
        case u'\r': out += QLatin1StringView("&#13;"); break; // kept: a parser would make it a line feed
        default: out += c;
        }
    }
}

void KmlWriter::appendElement(QString &out, int depth, QLatin1StringView name, const QString &text)
{
    out += QString(depth, u' ');
    out += u'<';
    out += name;
    out += u'>';
    appendEscaped(out, text);
    out += QLatin1StringView("</");
    out += name;
    out += QLatin1StringView(">\n");
}

QString KmlWriter::kmlColour(const QString &rgb)
{
    const QString hex = rgb.mid(1).toLower();
    if (hex.size() != 6)
        return QStringLiteral("ff808080");
    return QStringLiteral("ff") + hex.mid(4, 2) + hex.mid(2, 2) + hex.mid(0, 2);
}

QString KmlWriter::styleId(const QString &type)
{
    QString id = type.isEmpty() ? QStringLiteral("event") : type;
    for (QChar &c : id)
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'_' && c != u'-')
            c = u'_';
    return id;
}

void KmlWriter::begin(const QStringList &types)
{
    QString out = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                 "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n"
                                 " <Document id=\"root_doc\">\n");
    QSet<QString> seen;
    for (const QString &type : types) {
        const QString id = styleId(type);
        if (seen.contains(id))
            continue;
        seen.insert(id);
        out += QStringLiteral("  <Style id=\"%1\">\n   <IconStyle>\n").arg(id);
        appendElement(out, 4, QLatin1StringView("color"), kmlColour(EventExporter::typeColour(type)));
        out += QStringLiteral("    <Icon>\n");
        appendElement(out, 5, QLatin1StringView("href"), kIcon);
        out += QStringLiteral("    </Icon>\n   </IconStyle>\n  </Style>\n");
    }
    out += QStringLiteral("  <Schema name=\"events\" id=\"%1\">\n").arg(kSchemaId);
    for (const ExportField &f : ExportFields::all()) {
        // Integers as text, as LIBKML wrote them: KML's int is 32 bits.
        out += QStringLiteral("   <SimpleField name=\"%1\" type=\"%2\"/>\n")
                   .arg(f.name, f.type == ExportField::Type::Real ? QStringLiteral("double") : QStringLiteral("string"));
    }
    out += QStringLiteral("  </Schema>\n  <Document id=\"events\">\n   <name>events</name>\n");
    put(out);
}

bool KmlWriter::write(const Event &e)
{
    if (!e.place.coordinate.isValid())
        return false;
    ++mNumber;
    QString out;
    out.reserve(3072);
    out += QStringLiteral("   <Placemark id=\"events.%1\">\n").arg(mNumber);
    appendElement(out, 4, QLatin1StringView("name"), EventExporter::placemarkName(e));
    appendElement(out, 4, QLatin1StringView("description"), description(e));
    if (e.time.isValid()) {
        if (e.time.start == e.time.end) {
            out += QLatin1StringView("    <TimeStamp>\n");
            appendElement(out, 5, QLatin1StringView("when"), e.time.start.toString(Qt::ISODate));
            out += QLatin1StringView("    </TimeStamp>\n");
        } else {
            out += QLatin1StringView("    <TimeSpan>\n");
            appendElement(out, 5, QLatin1StringView("begin"), e.time.start.toString(Qt::ISODate));
            appendElement(out, 5, QLatin1StringView("end"), e.time.end.toString(Qt::ISODate));
            out += QLatin1StringView("    </TimeSpan>\n");
        }
    }
    appendElement(out, 4, QLatin1StringView("styleUrl"), QLatin1Char('#') + styleId(e.type));
    out += QStringLiteral("    <ExtendedData>\n     <SchemaData schemaUrl=\"#%1\">\n").arg(kSchemaId);
    const QVariantList values = eventFieldValues(e);
    const QList<ExportField> &fields = ExportFields::all();
    for (qsizetype i = 0; i < fields.size() && i < values.size(); ++i) {
        const QVariant &v = values[i];
        if (!v.isValid() || v.isNull() || (v.typeId() == QMetaType::QDate && !v.toDate().isValid()))
            continue; // unknown: no element, as LIBKML left an unset field out
        out += QLatin1StringView("      <SimpleData name=\"");
        out += fields[i].name; // the contract's names: letters and '_'
        out += QLatin1StringView("\">");
        appendEscaped(out, fieldText(v));
        out += QLatin1StringView("</SimpleData>\n");
    }
    out += QLatin1StringView("     </SchemaData>\n    </ExtendedData>\n    <Point>\n");
    appendElement(out, 5, QLatin1StringView("coordinates"),
                  number(e.place.coordinate.longitude()) + QLatin1Char(',') + number(e.place.coordinate.latitude()));
    out += QLatin1StringView("    </Point>\n   </Placemark>\n");
    put(out);
    return true;
}

void KmlWriter::end()
{
    put(QStringLiteral("  </Document>\n </Document>\n</kml>\n"));
    flush();
}

} // namespace mapline
