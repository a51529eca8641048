#include "store/pg/pgsearch.h"

#include <QStringList>

namespace mapline::pg {
namespace {

struct Token {
    enum class Kind { Term, And, Or, Not, Open, Close, End };
    Kind kind = Kind::End;
    QString text;        // a term's words, as written
    bool prefix = false; // term*
};

// FTS5's tokens: barewords (letters, digits, '_', anything not ASCII), "strings" ("" is a quote),
// parentheses, the keywords AND OR NOT (upper case), '*' after a term.
Result<QList<Token>> tokenize(const QString &search)
{
    QList<Token> out;
    for (qsizetype i = 0; i < search.size();) {
        const QChar c = search[i];
        if (c.isSpace()) {
            ++i;
        } else if (c == u'(' || c == u')') {
            out.append({c == u'(' ? Token::Kind::Open : Token::Kind::Close, {}, false});
            ++i;
        } else if (c == u'*') {
            if (out.isEmpty() || out.last().kind != Token::Kind::Term || out.last().prefix)
                return Result<QList<Token>>::failure(QStringLiteral("'*' must follow a word"));
            out.last().prefix = true;
            ++i;
        } else if (c == u'"') {
            QString text;
            ++i;
            for (;;) {
                if (i >= search.size())
                    return Result<QList<Token>>::failure(QStringLiteral("unterminated string"));
                if (search[i] == u'"') {
                    if (i + 1 < search.size() && search[i + 1] == u'"') {
                        text += u'"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                text += search[i++];
            }
            out.append({Token::Kind::Term, text, false});
        } else if (c.isLetterOrNumber() || c == u'_' || c.unicode() > 0x7f) {
            const qsizetype start = i;
            while (i < search.size() && (search[i].isLetterOrNumber() || search[i] == u'_' || search[i].unicode() > 0x7f))
                ++i;
            const QString word = search.mid(start, i - start);
            if (word == u"AND")
                out.append({Token::Kind::And, {}, false});
            else if (word == u"OR")
                out.append({Token::Kind::Or, {}, false});
            else if (word == u"NOT")
                out.append({Token::Kind::Not, {}, false});
            else if (word == u"NEAR" && i < search.size() && search[i] == u'(')
                return Result<QList<Token>>::failure(QStringLiteral("NEAR() is not supported on a PostgreSQL store"));
            else
                out.append({Token::Kind::Term, word, false});
        } else {
            return Result<QList<Token>>::failure(QStringLiteral("unexpected '%1'").arg(c));
        }
    }
    out.append({Token::Kind::End, {}, false});
    return out;
}

// Recursive descent in FTS5's precedence (NOT binds tightest, then AND, explicit or implied,
// then OR); every operation parenthesised in the output.
class Parser {
public:
    explicit Parser(QList<Token> tokens) : mTokens(std::move(tokens)) {}

    Result<QString> parse()
    {
        QString out = orExpression();
        if (mError.isEmpty() && peek() != Token::Kind::End)
            mError = QStringLiteral("unexpected ')'");
        if (!mError.isEmpty())
            return Result<QString>::failure(mError);
        return out;
    }

private:
    Token::Kind peek() const { return mTokens[mAt].kind; }

    QString orExpression()
    {
        QString left = andExpression();
        while (mError.isEmpty() && peek() == Token::Kind::Or) {
            ++mAt;
            left = QStringLiteral("(%1 | %2)").arg(left, andExpression());
        }
        return left;
    }
    QString andExpression()
    {
        QString left = notExpression();
        while (mError.isEmpty()) {
            if (peek() == Token::Kind::And)
                ++mAt;
            else if (peek() != Token::Kind::Term && peek() != Token::Kind::Open)
                break;
            left = QStringLiteral("(%1 & %2)").arg(left, notExpression());
        }
        return left;
    }
    QString notExpression()
    {
        QString left = primary();
        while (mError.isEmpty() && peek() == Token::Kind::Not) {
            ++mAt;
            left = QStringLiteral("(%1 & !%2)").arg(left, primary());
        }
        return left;
    }
    QString primary()
    {
        const Token &t = mTokens[mAt];
        if (t.kind == Token::Kind::Open) {
            ++mAt;
            const QString inner = orExpression();
            if (!mError.isEmpty())
                return {};
            if (peek() != Token::Kind::Close) {
                mError = QStringLiteral("a '(' is not closed");
                return {};
            }
            ++mAt;
            return inner;
        }
        if (t.kind != Token::Kind::Term) {
            mError = t.kind == Token::Kind::End ? QStringLiteral("the query ends where a word was expected")
                                                : QStringLiteral("an operator where a word was expected");
            return {};
        }
        ++mAt;
        // The words of the term, cut as unicode61 cuts them; several make a phrase.
        QStringList words;
        QString word;
        for (const QChar ch : t.text + QLatin1Char(' ')) {
            if (ch.isLetterOrNumber() || ch.isMark()) {
                word += ch;
            } else if (!word.isEmpty()) {
                words << QLatin1Char('\'') + word.toLower().replace(QLatin1Char('\''), QStringLiteral("''")) +
                             QLatin1Char('\'');
                word.clear();
            }
        }
        if (words.isEmpty()) {
            mError = QStringLiteral("\"%1\" holds no word").arg(t.text);
            return {};
        }
        if (t.prefix)
            words.last() += QStringLiteral(":*");
        return words.size() == 1 ? words.first() : QStringLiteral("(%1)").arg(words.join(QStringLiteral(" <-> ")));
    }

    QList<Token> mTokens;
    qsizetype mAt = 0;
    QString mError;
};

} // namespace

Result<QString> tsqueryFor(const QString &search)
{
    auto fail = [&search](const QString &why) {
        return Result<QString>::failure(QStringLiteral("the search \"%1\" is not a valid full-text query (%2); put phrases in "
                                                       "double quotes and use AND, OR, NOT between words")
                                            .arg(search, why));
    };
    Result<QList<Token>> tokens = tokenize(search);
    if (!tokens)
        return fail(tokens.error());
    Result<QString> query = Parser(std::move(tokens).value()).parse();
    return query ? query : fail(query.error());
}

} // namespace mapline::pg
