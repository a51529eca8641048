#pragma once

#include <QString>
#include <QStringList>

namespace mapline {

// A file name as a message prints it. A plain name is unchanged; a name holding a control
// character (a newline, a tab, an escape sequence) or a bidirectional override is quoted as
// the shell would read it back, the way coreutils' ls and mv quote it: 'a'$'\n''b.txt'. So one
// message stays one line, and a name cannot rewrite the terminal or pass for another one.
QString displayPath(const QString &path);
// Whether displayPath() would quote `path`.
bool needsQuoting(const QString &path);
// A message as one line for a terminal or a log: each of `paths` in it as displayPath() shows it,
// and any other control character (a library quoting a bad name) as an escape (\n, \x01).
QString messageLine(const QString &message, const QStringList &paths = {});

} // namespace mapline
