#include "store/rtreebulkload.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace mapline {
namespace {

// One cell of a node: an entry (in a leaf: `ref` its place in id order) or a child node (`ref`
// the child's index in the build order, see rebuildEvents). 20 bytes: a 10,000,000-event tree
// is built in about 300 MB.
struct Cell {
    float box[4] = {0, 0, 0, 0}; // min_lon, max_lon, min_lat, max_lat
    quint32 ref = 0;
    float centre(int axis) const { return (box[axis * 2] + box[axis * 2 + 1]) * 0.5f; }
};

// A node: `count` cells of its level's array from `first`.
struct Node {
    size_t first = 0;
    size_t count = 0;
    int level = 0; // 0: a leaf
};

// A statement that finalizes itself; failures carry SQLite's message.
class Statement {
public:
    Statement(sqlite3 *db, const char *sql) : mDb(db)
    {
        if (sqlite3_prepare_v2(db, sql, -1, &mStmt, nullptr) != SQLITE_OK)
            mError = QString::fromUtf8(sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(mStmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    bool ok() const { return mError.isEmpty(); }
    const QString &error() const { return mError; }
    sqlite3_stmt *get() const { return mStmt; }
    // Steps a statement that returns no row, then resets it.
    bool run()
    {
        const int rc = sqlite3_step(mStmt);
        if (rc != SQLITE_DONE) {
            mError = QString::fromUtf8(sqlite3_errmsg(mDb));
            sqlite3_reset(mStmt);
            return false;
        }
        sqlite3_reset(mStmt);
        return true;
    }
    void fail() { mError = QString::fromUtf8(sqlite3_errmsg(mDb)); }

private:
    sqlite3 *mDb;
    sqlite3_stmt *mStmt = nullptr;
    QString mError;
};

Status exec(sqlite3 *db, const QString &sql, const char *what)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql.toUtf8().constData(), nullptr, nullptr, &message) == SQLITE_OK)
        return {};
    const QString why = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    return Status::failure(QStringLiteral("%1: %2").arg(QLatin1String(what), why));
}

void putBig(unsigned char *out, quint64 value, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i) {
        out[i] = static_cast<unsigned char>(value & 0xFF);
        value >>= 8;
    }
}

// Sorts one level's cells into nodes of at most `fanout` cells, as evenly filled as the count
// allows (every node at least half full, above the module's minimum of a third); returns the
// nodes' ranges in the sorted cells.
std::vector<Node> packLevel(std::vector<Cell> &cells, int fanout, int level)
{
    const size_t n = cells.size();
    const size_t nodes = (n + size_t(fanout) - 1) / size_t(fanout);
    const size_t slices = size_t(std::ceil(std::sqrt(double(nodes))));
    // Node j takes n / nodes cells, the first n % nodes one more.
    auto cellsBefore = [&](size_t j) { return j * (n / nodes) + std::min(j, n % nodes); };
    auto byAxis = [](int axis) {
        return [axis](const Cell &a, const Cell &b) {
            const float ca = a.centre(axis), cb = b.centre(axis);
            return ca != cb ? ca < cb : a.ref < b.ref;
        };
    };
    std::sort(cells.begin(), cells.end(), byAxis(0));
    std::vector<Node> out;
    out.reserve(nodes);
    for (size_t s = 0; s < slices; ++s) {
        const size_t firstNode = s * nodes / slices, endNode = (s + 1) * nodes / slices;
        if (firstNode == endNode)
            continue;
        std::sort(cells.begin() + qsizetype(cellsBefore(firstNode)), cells.begin() + qsizetype(cellsBefore(endNode)),
                  byAxis(1));
        for (size_t j = firstNode; j < endNode; ++j)
            out.push_back({cellsBefore(j), cellsBefore(j + 1) - cellsBefore(j), level});
    }
    return out;
}

Cell boxOf(const std::vector<Cell> &cells, const Node &node, quint32 ref)
{
    Cell c;
    c.ref = ref;
    c.box[0] = c.box[2] = INFINITY;
    c.box[1] = c.box[3] = -INFINITY;
    for (size_t i = node.first; i < node.first + node.count; ++i) {
        const Cell &x = cells[i];
        c.box[0] = std::min(c.box[0], x.box[0]);
        c.box[1] = std::max(c.box[1], x.box[1]);
        c.box[2] = std::min(c.box[2], x.box[2]);
        c.box[3] = std::max(c.box[3], x.box[3]);
    }
    return c;
}

// Writes the nodes of the R*Tree `table` (created just before, its root the module's empty
// node) from its leaf cells (`levels[0]`, `ref` the entry's place in `ids`, which ascend).
Status writeTree(sqlite3 *db, const QString &table, const std::vector<qint64> &ids, std::vector<std::vector<Cell>> &levels)
{
    const auto sql = [&table](const char *text) {
        return QString::fromLatin1(text).arg(QString(table).replace(QLatin1Char('"'), QStringLiteral("\"\""))).toUtf8();
    };
    int nodeBytes = 0;
    {
        Statement size(db, sql("SELECT length(data) FROM \"%1_node\" WHERE nodeno = 1").constData());
        if (!size.ok())
            return Status::failure(QStringLiteral("spatial index: %1").arg(size.error()));
        if (sqlite3_step(size.get()) == SQLITE_ROW)
            nodeBytes = sqlite3_column_int(size.get(), 0);
    }
    constexpr int kCellBytes = 8 + 4 * 4;
    const int fanout = (nodeBytes - 4) / kCellBytes;
    if (fanout < 4)
        return Status::failure(QStringLiteral("spatial index: unexpected node size %1").arg(nodeBytes));
    if (ids.empty())
        return {}; // the module's own empty root

    // Levels bottom-up; nodes[i] is node i in build order, the root last.
    std::vector<Node> nodes;
    for (int level = 0;; ++level) {
        std::vector<Cell> &cells = levels[size_t(level)];
        if (cells.size() <= size_t(fanout)) {
            nodes.push_back({0, cells.size(), level});
            break;
        }
        const std::vector<Node> packed = packLevel(cells, fanout, level);
        std::vector<Cell> above;
        above.reserve(packed.size());
        for (const Node &node : packed) {
            above.push_back(boxOf(cells, node, quint32(nodes.size())));
            nodes.push_back(node);
        }
        levels.push_back(std::move(above));
    }
    const qint64 rootIndex = qint64(nodes.size()) - 1;
    const int depth = nodes.back().level;
    auto numberOf = [&](qint64 index) { return index == rootIndex ? qint64(1) : index + 2; };

    Statement root(db, sql("UPDATE \"%1_node\" SET data = ?1 WHERE nodeno = 1").constData());
    Statement node(db, sql("INSERT INTO \"%1_node\" (nodeno, data) VALUES (?1, ?2)").constData());
    Statement parent(db, sql("INSERT INTO \"%1_parent\" (nodeno, parentnode) VALUES (?1, ?2)").constData());
    Statement rowid(db, sql("INSERT INTO \"%1_rowid\" (rowid, nodeno) VALUES (?1, ?2)").constData());
    for (Statement *st : {&root, &node, &parent, &rowid})
        if (!st->ok())
            return Status::failure(QStringLiteral("spatial index: %1").arg(st->error()));

    std::vector<quint32> leafOf(ids.size()); // an entry's leaf, by its place in id order
    std::vector<unsigned char> blob(static_cast<size_t>(nodeBytes));
    for (qint64 i = 0; i <= rootIndex; ++i) {
        const Node &n = nodes[size_t(i)];
        const std::vector<Cell> &cells = levels[size_t(n.level)];
        const qint64 number = numberOf(i);
        std::fill(blob.begin(), blob.end(), 0);
        if (i == rootIndex)
            putBig(blob.data(), quint64(depth), 2);
        putBig(blob.data() + 2, quint64(n.count), 2);
        unsigned char *p = blob.data() + 4;
        for (size_t k = n.first; k < n.first + n.count; ++k) {
            const Cell &c = cells[k];
            putBig(p, quint64(n.level == 0 ? ids[c.ref] : numberOf(c.ref)), 8);
            for (int b = 0; b < 4; ++b) {
                quint32 bits;
                std::memcpy(&bits, &c.box[b], 4);
                putBig(p + 8 + 4 * b, bits, 4);
            }
            p += kCellBytes;
            if (n.level == 0) {
                leafOf[c.ref] = quint32(number);
            } else {
                sqlite3_bind_int64(parent.get(), 1, numberOf(c.ref));
                sqlite3_bind_int64(parent.get(), 2, number);
                if (!parent.run())
                    return Status::failure(QStringLiteral("spatial index: %1").arg(parent.error()));
            }
        }
        Statement &write = i == rootIndex ? root : node;
        if (i != rootIndex)
            sqlite3_bind_int64(write.get(), 1, number);
        sqlite3_bind_blob(write.get(), i == rootIndex ? 1 : 2, blob.data(), nodeBytes, SQLITE_STATIC);
        if (!write.run())
            return Status::failure(QStringLiteral("spatial index: %1").arg(write.error()));
    }
    // _rowid in id order, the order of its primary key.
    for (size_t k = 0; k < ids.size(); ++k) {
        sqlite3_bind_int64(rowid.get(), 1, ids[k]);
        sqlite3_bind_int64(rowid.get(), 2, leafOf[k]);
        if (!rowid.run())
            return Status::failure(QStringLiteral("spatial index: %1").arg(rowid.error()));
    }
    return {};
}

} // namespace

bool RtreeBulkLoad::worthIt(qint64 added, qint64 present)
{
    // A small batch goes through the module: dropping and writing the whole tree again costs
    // about 1 µs an entry already there, an insert 5-7 µs an entry added.
    return added >= 2000 && added * 4 >= present;
}

bool RtreeBulkLoad::connectionIdle(sqlite3 *db)
{
    for (sqlite3_stmt *st = sqlite3_next_stmt(db, nullptr); st; st = sqlite3_next_stmt(db, st))
        if (sqlite3_stmt_busy(st))
            return false;
    return true;
}

float RtreeBulkLoad::lowerBound(double value)
{
    // The module's rounding: when the nearest float is above the value, the value scaled down
    // by one part in 2^23 (towards zero for a positive value, away from it for a negative one).
    float f = float(value);
    if (double(f) > value)
        f = float(value * (value < 0 ? 1.0 + 1.0 / 8388608.0 : 1.0 - 1.0 / 8388608.0));
    return f;
}

float RtreeBulkLoad::upperBound(double value)
{
    float f = float(value);
    if (double(f) < value)
        f = float(value * (value < 0 ? 1.0 - 1.0 / 8388608.0 : 1.0 + 1.0 / 8388608.0));
    return f;
}

Status RtreeBulkLoad::rebuildEvents(sqlite3 *db, const QString &createStatement)
{
    // The entries, read in id order (the order _rowid is written in).
    std::vector<qint64> ids;
    std::vector<std::vector<Cell>> levels(1);
    {
        Statement read(db, "SELECT id, lon, lat FROM events WHERE lon IS NOT NULL AND lat IS NOT NULL ORDER BY id");
        if (!read.ok())
            return Status::failure(QStringLiteral("spatial index: %1").arg(read.error()));
        int rc;
        while ((rc = sqlite3_step(read.get())) == SQLITE_ROW) {
            const double lon = sqlite3_column_double(read.get(), 1), lat = sqlite3_column_double(read.get(), 2);
            Cell c;
            c.box[0] = lowerBound(lon);
            c.box[1] = upperBound(lon);
            c.box[2] = lowerBound(lat);
            c.box[3] = upperBound(lat);
            c.ref = quint32(ids.size());
            levels[0].push_back(c);
            ids.push_back(sqlite3_column_int64(read.get(), 0));
        }
        if (rc != SQLITE_DONE) {
            read.fail();
            return Status::failure(QStringLiteral("spatial index: %1").arg(read.error()));
        }
    }
    if (ids.size() >= size_t(UINT32_MAX))
        return Status::failure(QStringLiteral("spatial index: too many entries for a bulk load"));
    if (Status s = exec(db, QStringLiteral("DROP TABLE events_rtree"), "spatial index"); !s)
        return s;
    if (Status s = exec(db, createStatement, "spatial index"); !s)
        return s;
    return writeTree(db, QStringLiteral("events_rtree"), ids, levels);
}

Status RtreeBulkLoad::loadPoints(sqlite3 *db, const QString &table, const std::vector<qint64> &ids,
                                 const std::vector<double> &xs, const std::vector<double> &ys)
{
    if (ids.size() >= size_t(UINT32_MAX) || xs.size() != ids.size() || ys.size() != ids.size())
        return Status::failure(QStringLiteral("spatial index: too many entries for a bulk load"));
    std::vector<std::vector<Cell>> levels(1);
    levels[0].reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        Cell c;
        c.box[0] = lowerBound(xs[i]);
        c.box[1] = upperBound(xs[i]);
        c.box[2] = lowerBound(ys[i]);
        c.box[3] = upperBound(ys[i]);
        c.ref = quint32(i);
        levels[0].push_back(c);
    }
    return writeTree(db, table, ids, levels);
}

} // namespace mapline
