#include "store/correctionlog.h"

#include "store/sqlutil.h"

#include <QJsonDocument>

namespace mapline::correctionlog {
namespace {

QVariant jsonText(const std::optional<QJsonObject> &o)
{
    return o ? QVariant(QString::fromUtf8(QJsonDocument(*o).toJson(QJsonDocument::Compact)))
             : QVariant(QMetaType::fromType<QString>());
}

std::optional<QJsonObject> jsonFrom(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

QString marks(qsizetype n)
{
    QStringList m;
    for (qsizetype i = 0; i < n; ++i)
        m << QStringLiteral("?");
    return m.join(QLatin1Char(','));
}

} // namespace

Result<qint64> append(const QSqlDatabase &db, const HistoryEntry &e, const QString &path)
{
    QSqlQuery q(db);
    if (Status s = sql::prepare(q, QStringLiteral("INSERT INTO correction_history (kind, subject, old_value, old_by, old_at, "
                                                  "new_value, changed_by, changed_at, change) "
                                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        !s)
        return Result<qint64>::failure(QStringLiteral("%1: %2").arg(path, s.error()));
    q.addBindValue(history::kindName(e.kind));
    q.addBindValue(e.subject);
    q.addBindValue(jsonText(e.oldValue));
    q.addBindValue(textOrNull(e.old.by));
    q.addBindValue(e.old.at.isValid() ? QVariant(history::stampText(e.old.at)) : QVariant(QMetaType::fromType<QString>()));
    q.addBindValue(jsonText(e.newValue));
    q.addBindValue(textOrNull(e.changed.by));
    q.addBindValue(history::stampText(e.changed.at));
    q.addBindValue(e.change);
    if (Status s = sql::exec(q, QStringLiteral("%1: cannot keep the correction's history").arg(path)); !s)
        return Result<qint64>::failure(s.error());
    return q.lastInsertId().toLongLong();
}

Result<QList<HistoryEntry>> entries(const QSqlDatabase &db, const QStringList &subjects, qint64 after, const QString &path)
{
    using R = Result<QList<HistoryEntry>>;
    QList<HistoryEntry> out;
    if (subjects.isEmpty())
        return out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (Status s = sql::prepare(q, QStringLiteral("SELECT id, kind, subject, old_value, old_by, old_at, new_value, changed_by, "
                                                  "changed_at, change FROM correction_history WHERE subject IN (%1) "
                                                  "AND id > ? ORDER BY id")
                                       .arg(marks(subjects.size())));
        !s)
        return R::failure(QStringLiteral("%1: %2").arg(path, s.error()));
    for (const QString &subject : subjects)
        q.addBindValue(subject);
    q.addBindValue(after);
    if (Status s = sql::exec(q, QStringLiteral("%1: cannot read the corrections' history").arg(path)); !s)
        return R::failure(s.error());
    while (q.next()) {
        HistoryEntry e;
        e.id = q.value(0).toLongLong();
        e.kind = history::kindFromName(q.value(1).toString());
        e.subject = q.value(2).toString();
        e.oldValue = jsonFrom(q.value(3));
        e.old = {q.value(4).toString(), history::stampFromText(q.value(5).toString())};
        e.newValue = jsonFrom(q.value(6));
        e.changed = {q.value(7).toString(), history::stampFromText(q.value(8).toString())};
        e.change = q.value(9).toString();
        out.append(e);
    }
    return out;
}

Result<qint64> revision(const QSqlDatabase &db, const QStringList &subjects, const QString &path)
{
    if (subjects.isEmpty())
        return qint64(0);
    QSqlQuery q(db);
    if (Status s = sql::prepare(q, QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM correction_history WHERE subject IN (%1)")
                                       .arg(marks(subjects.size())));
        !s)
        return Result<qint64>::failure(QStringLiteral("%1: %2").arg(path, s.error()));
    for (const QString &subject : subjects)
        q.addBindValue(subject);
    if (Status s = sql::exec(q, QStringLiteral("%1: cannot read the corrections' history").arg(path)); !s)
        return Result<qint64>::failure(s.error());
    return q.next() ? q.value(0).toLongLong() : qint64(0);
}

Status collectConflict(const QSqlDatabase &db, const QStringList &subjects, qint64 seen, const QString &path,
                       CorrectionConflict *conflict)
{
    if (seen < 0 || !conflict)
        return {};
    const auto later = entries(db, subjects, seen, path);
    if (!later)
        return Status::failure(later.error());
    conflict->replaced = *later;
    return {};
}

} // namespace mapline::correctionlog
