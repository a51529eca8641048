#pragma once

// A grep-level reader of C++ sources for SQL text built from values: a string literal that holds
// SQL (SELECT, INSERT, WHERE, PRAGMA, "IN (" ...) and is followed by .arg( or +, or preceded by +.
// It knows string, raw-string and character literals and comments, which is enough for this
// code base; it is a reviewer's aid, not a C++ parser. tst_dbfaults keeps the reviewed list.
#include <QList>
#include <QRegularExpression>
#include <QString>

namespace mapline::test {

struct SqlConstruction {
    int line = 0;
    QString snippet; // the literal(s) and the code around them, white space collapsed
};

inline QList<SqlConstruction> findSqlInterpolation(const QString &text)
{
    struct Token {
        bool literal = false;
        QString text;
        int line = 0;
    };
    QList<Token> tokens;
    auto code = [&tokens](QChar c, int line) {
        if (tokens.isEmpty() || tokens.last().literal)
            tokens.append({false, QString(), line});
        tokens.last().text += c;
    };
    int line = 1;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (c == u'/' && i + 1 < n && text[i + 1] == u'/') { // line comment
            while (i < n && text[i] != u'\n')
                ++i;
            --i;
            continue;
        }
        if (c == u'/' && i + 1 < n && text[i + 1] == u'*') { // block comment
            const qsizetype end = text.indexOf(QStringLiteral("*/"), i + 2);
            const qsizetype stop = end < 0 ? n : end + 2;
            line += int(text.mid(i, stop - i).count(u'\n'));
            code(u' ', line);
            i = stop - 1;
            continue;
        }
        if (c == u'R' && i + 1 < n && text[i + 1] == u'"' && (i == 0 || !text[i - 1].isLetterOrNumber())) {
            const qsizetype open = text.indexOf(u'(', i + 2);
            const QString close = u')' + text.mid(i + 2, open - i - 2) + u'"';
            const qsizetype end = text.indexOf(close, open + 1);
            const qsizetype stop = end < 0 ? n : end + close.size();
            tokens.append({true, text.mid(open + 1, end - open - 1), line});
            line += int(text.mid(i, stop - i).count(u'\n'));
            i = stop - 1;
            continue;
        }
        if (c == u'\'') { // a character literal: '"' must not open a string
            qsizetype j = i + 1;
            while (j < n && text[j] != u'\'' && text[j] != u'\n')
                j += text[j] == u'\\' ? 2 : 1;
            for (qsizetype k = i; k <= j && k < n; ++k)
                code(text[k], line);
            i = j;
            continue;
        }
        if (c == u'"') {
            qsizetype j = i + 1;
            QString literal;
            while (j < n && text[j] != u'"') {
                if (text[j] == u'\\' && j + 1 < n) {
                    literal += text.mid(j, 2);
                    j += 2;
                    continue;
                }
                literal += text[j++];
            }
            tokens.append({true, literal, line});
            i = j;
            continue;
        }
        if (c == u'\n')
            ++line;
        code(c, line);
    }

    static const QRegularExpression sqlWord(QStringLiteral(
        "\\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|DROP|ALTER|WHERE|VALUES|LIMIT|FROM|JOIN|ATTACH|ORDER BY|"
        "GROUP BY)\\b|\\bIN \\("));
    static const QRegularExpression before(QStringLiteral("[^+]\\+\\s*(QStringLiteral|QLatin1String|QString::fromLatin1|"
                                                          "QString::fromUtf8|u8|u)?\\s*\\(?\\s*$"));
    static const QRegularExpression after(QStringLiteral("^\\s*\\)?\\s*(\\.arg\\(|\\+(?![+=]))"));
    QList<SqlConstruction> found;
    for (qsizetype t = 0; t < tokens.size(); ++t) {
        if (!tokens[t].literal)
            continue;
        // A run of adjacent literals ("a" "b") is one string.
        qsizetype last = t;
        QString literal = tokens[t].text;
        while (last + 2 < tokens.size() && tokens[last + 1].text.trimmed().isEmpty() && tokens[last + 2].literal) {
            last += 2;
            literal += tokens[last].text;
        }
        const QString previous = t > 0 ? tokens[t - 1].text.right(120) : QString();
        const QString next = last + 1 < tokens.size() ? tokens[last + 1].text.left(160) : QString();
        if (literal.contains(sqlWord) && (previous.contains(before) || next.contains(after))) {
            QString following = next;
            if (last + 2 < tokens.size())
                following += u'"' + tokens[last + 2].text + u'"' + (last + 3 < tokens.size() ? tokens[last + 3].text.left(80) : QString());
            const qsizetype stop = following.indexOf(u';');
            found.append({tokens[t].line, (previous.right(60) + u'"' + literal + u'"' +
                                           (stop < 0 ? following : following.left(stop))).simplified()});
        }
        t = last;
    }
    return found;
}

} // namespace mapline::test
