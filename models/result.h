#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace mapline {

// A value or an error message, returned instead of throwing or out-parameters.
// The message is written for the user: it names the file or object and the reason.
template <typename T> class Result {
public:
    Result(T value) : mValue(std::move(value)) {}
    static Result failure(QString message) { return Result(std::nullopt, std::move(message)); }

    bool ok() const { return mValue.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *mValue; }
    T &value() & { return *mValue; }
    // On a temporary the value is moved out, not referenced: `for (x : *store.events())` then
    // iterates a value whose lifetime the loop extends instead of a dangling reference.
    T value() && { return std::move(*mValue); }
    const T &operator*() const & { return *mValue; }
    T operator*() && { return std::move(*mValue); }
    const T *operator->() const { return &*mValue; }
    const QString &error() const { return mError; }

private:
    Result(std::nullopt_t, QString message) : mError(std::move(message)) {}
    std::optional<T> mValue;
    QString mError;
};

// Result for operations that return nothing but may fail.
class Status {
public:
    Status() = default;
    static Status failure(QString message) { Status s; s.mError = std::move(message); s.mFailed = true; return s; }
    bool ok() const { return !mFailed; }
    explicit operator bool() const { return ok(); }
    const QString &error() const { return mError; }

private:
    QString mError;
    bool mFailed = false;
};

} // namespace mapline
