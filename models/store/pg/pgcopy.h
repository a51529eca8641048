#pragma once

// The PostgreSQL ends of `mapline copy`: a store read through COPY ... TO STDOUT in one
// read-only snapshot, and one written through COPY ... FROM STDIN in one transaction (the
// server rolls it back if the copy fails or is killed). Rows stream in COPY's text format, a few
// hundred kilobytes at a time. Internal to models/store.
#include "store/copy/copyendpoint.h"

#include <QByteArray>
#include <QHash>

#include <memory>

namespace mapline::pg {
class PgConnection;
}

namespace mapline::storecopy {

class PgSource final : public Source {
public:
    static Result<std::unique_ptr<PgSource>> open(const QString &url);
    ~PgSource() override;

    QString name() const override;
    Status begin() override;
    Result<QStringList> columns(const QString &table) override;
    Result<QStringList> foreignTables(const QStringList &known) override;
    Status read(const QString &table, const QStringList &columns, const QString &where, const QString &orderBy,
                const std::function<Status(const Row &)> &row) override;

private:
    PgSource() = default;
    std::unique_ptr<pg::PgConnection> mConnection;
    QHash<QString, Value::Kind> mKinds; // "table.column" -> how its text is read
};

class PgTarget final : public Target {
public:
    static Result<std::unique_ptr<PgTarget>> open(const QString &url);
    ~PgTarget() override;

    QString name() const override;
    Result<QStringList> columns(const QString &table) override;
    Result<QString> begin(const QStringList &tables, const QStringList &seeded) override;
    Status beginTable(const QString &table, const QStringList &columns) override;
    Status write(const Row &row) override;
    Status endTable() override;
    Status commit() override;
    void rollback() override;

private:
    PgTarget() = default;
    Status flush();
    Status dropForLoad();
    std::unique_ptr<pg::PgConnection> mConnection;
    bool mInTransaction = false;
    bool mInCopy = false;
    // Put back at commit(): the secondary indexes and foreign keys dropped for the load.
    QStringList mRestore;
    QStringList mTables;
    QString mTable;
    qint64 mRow = 0;
    QByteArray mBuffer;
};

// One row in COPY's text format (tab-separated, \N for NULL, backslash escapes), its newline
// included; false when a text holds a NUL character, which PostgreSQL's text cannot.
bool appendCopyLine(QByteArray &out, const Row &row);
// The fields of one line of COPY's text format into `row` (its size: the number of columns),
// each read as `kinds` says; false when the line does not have that many fields or a number
// does not parse.
bool parseCopyLine(std::string_view line, const std::vector<Value::Kind> &kinds, Row &row);
// Undoes COPY's escapes in one field (\\ \t \n \r \b \f \v, octal \ooo and \xhh) into `out`.
void unescapeCopyField(std::string_view field, std::string &out);

} // namespace mapline::storecopy
