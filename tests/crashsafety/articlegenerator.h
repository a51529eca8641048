#pragma once

// A folder of generated news articles for bulk-import tests (crash safety, concurrent writers,
// full disk): varied in length, markup and encoding like a real clipping folder, every one
// distinct (so the count of stored articles equals the count of files), and reproducible from
// a seed. Header-only so that several test executables can use it.
#include <QDate>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QString>
#include <QStringConverter>
#include <QStringList>

namespace mapline::test {

struct GeneratedArticles {
    QStringList files; // the article files, sidecars not included
    qint64 bytes = 0;
};

namespace detail {

inline QString pick(QRandomGenerator &rng, const QStringList &list)
{
    return list.at(int(rng.bounded(quint32(list.size()))));
}

inline QString paragraph(QRandomGenerator &rng)
{
    static const QStringList places = {
        QStringLiteral("Konduz"), QStringLiteral("Kunduz"), QStringLiteral("Kabul"), QStringLiteral("Kandahar"),
        QStringLiteral("Mazar-e Sharif"), QStringLiteral("Mazar-i-Sharif"), QStringLiteral("Herat"),
        QStringLiteral("Jalalabad"), QStringLiteral("Taloqan"), QStringLiteral("Khanabad"),
        QStringLiteral("Bagram"), QStringLiteral("Maidan Shahr"), QStringLiteral("Tora Bora"),
        QStringLiteral("Spin Boldak"), QStringLiteral("Gardez"), QStringLiteral("Takhar province")};
    static const QStringList actors = {
        QStringLiteral("Northern Alliance forces"), QStringLiteral("Taliban fighters"),
        QStringLiteral("U.S. warplanes"), QStringLiteral("Gen. Abdul Rashid Dostum's troops"),
        QStringLiteral("Pashtun tribal fighters"), QStringLiteral("al Qaeda fighters"),
        QStringLiteral("British special forces"), QStringLiteral("local commanders")};
    static const QStringList actions = {
        QStringLiteral("clashed with Taliban units near"), QStringLiteral("bombed positions west of"),
        QStringLiteral("shelled the outskirts of"), QStringLiteral("held talks in"),
        QStringLiteral("surrendered in"), QStringLiteral("massed north of"), QStringLiteral("withdrew from"),
        QStringLiteral("captured the airport of"), QStringLiteral("protested in"),
        QStringLiteral("attacked a convoy outside")};
    static const QStringList times = {
        QStringLiteral("on Wednesday"), QStringLiteral("late Tuesday"), QStringLiteral("a day earlier"),
        QStringLiteral("in recent days"), QStringLiteral("for more than a week"), QStringLiteral("on Nov. 21"),
        QStringLiteral("last week"), QStringLiteral("on Sunday"), QStringLiteral("since Saturday"),
        QStringLiteral("on November 18, 2001")};
    static const QStringList tails = {
        QStringLiteral("commanders said."), QStringLiteral("a U.S. official said."),
        QStringLiteral("residents told reporters."), QStringLiteral("according to aid agencies."),
        QStringLiteral("witnesses said. At least %1 people were killed."),
        QStringLiteral("the Pentagon said. Talks were to resume on Saturday.")};
    QString p;
    const int sentences = 1 + int(rng.bounded(4u));
    for (int s = 0; s < sentences; ++s) {
        if (s > 0)
            p += QLatin1Char(' ');
        p += QStringLiteral("%1 %2 %3 %4, %5").arg(pick(rng, actors), pick(rng, actions), pick(rng, places),
                                                   pick(rng, times), pick(rng, tails));
        if (p.contains(QStringLiteral("%1")))
            p = p.arg(2 + rng.bounded(60u));
    }
    p[0] = p[0].toUpper();
    return p;
}

inline bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace detail

// Writes `count` articles under `folder` (some in a subfolder), from `seed`. Kinds, by share:
// plain UTF-8 text with a dateline, HTML pages (scripts, navigation, entities), text with a
// .meta sidecar, UTF-16 with a BOM, Windows-1252; lengths from one paragraph to about forty.
inline GeneratedArticles generateArticles(const QString &folder, int count, quint32 seed)
{
    QRandomGenerator rng(seed);
    GeneratedArticles out;
    QDir dir(folder);
    dir.mkpath(QStringLiteral("more"));
    static const QStringList datelines = {
        QStringLiteral("KABUL, Afghanistan (Wire) -- "), QStringLiteral("MAZAR-E SHARIF, Afghanistan (CNN) -- "),
        QStringLiteral("ISLAMABAD, Pakistan -- "), QStringLiteral("KANDAHAR, Afghanistan (AP) — "),
        QStringLiteral("KONDUZ -- "), QString()};
    for (int i = 0; i < count; ++i) {
        const int paragraphs = rng.bounded(10u) == 0 ? 20 + int(rng.bounded(20u)) : 1 + int(rng.bounded(8u));
        QStringList body;
        body << QStringLiteral("%1Dispatch %2 of the generated series.").arg(detail::pick(rng, datelines)).arg(i);
        for (int p = 0; p < paragraphs; ++p)
            body << detail::paragraph(rng);
        const QString title = QStringLiteral("Generated report %1 from Afghanistan").arg(i);
        const quint32 kind = rng.bounded(20u);
        const QString sub = rng.bounded(8u) == 0 ? QStringLiteral("more/") : QString();
        QString path;
        QByteArray bytes;
        if (kind < 3) { // HTML page
            path = dir.filePath(QStringLiteral("%1article-%2.html").arg(sub).arg(i, 4, 10, QLatin1Char('0')));
            QString html = QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title>"
                                          "<script>var ads = 'http://ads.example.invalid/%2.js';</script></head>"
                                          "<body><nav><a href=\"/\">Skip to main content</a></nav><h1>%1</h1>")
                               .arg(title).arg(i);
            for (const QString &p : body)
                html += QStringLiteral("<p>%1</p>\n").arg(QString(p).replace(QLatin1Char('&'), QStringLiteral("&amp;")));
            html += QStringLiteral("<img src=\"http://img.example.invalid/%1.jpg\"></body></html>\n").arg(i);
            bytes = html.toUtf8();
        } else {
            path = dir.filePath(QStringLiteral("%1article-%2.txt").arg(sub).arg(i, 4, 10, QLatin1Char('0')));
            const QString text = title + QStringLiteral("\n\n") + body.join(QStringLiteral("\n\n")) + QLatin1Char('\n');
            if (kind == 3) {
                QStringEncoder utf16(QStringConverter::Utf16LE, QStringConverter::Flag::WriteBom);
                bytes = utf16.encode(text);
            } else if (kind == 4) {
                // Windows-1252: curly quotes and an accented name in the 0x80-0xFF range.
                QString t = text;
                t.replace(QStringLiteral("Herat"), QStringLiteral("H\u00e9rat"));
                t += QStringLiteral("\u201cWe will not surrender,\u201d a commander said.\n");
                QByteArray cp;
                for (const QChar c : t) {
                    const char16_t u = c.unicode();
                    cp += u == 0x201C ? '\x93' : u == 0x201D ? '\x94' : u == 0x2014 ? '\x97' : char(u < 0x100 ? u : '?');
                }
                bytes = cp;
            } else {
                bytes = text.toUtf8();
            }
            if (kind >= 5 && kind < 8) {
                const QDate published = QDate(2001, 10, 7).addDays(rng.bounded(90u));
                detail::writeBytes(path + QStringLiteral(".meta"),
                                   QStringLiteral("title: %1\nsource: Wire\npublished: %2\n")
                                       .arg(title, published.toString(Qt::ISODate)).toUtf8());
            }
        }
        detail::writeBytes(path, bytes);
        out.files << path;
        out.bytes += bytes.size();
    }
    out.files.sort();
    return out;
}

} // namespace mapline::test
