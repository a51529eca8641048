#pragma once

#include <QString>

namespace mapline {

// A file name as coreutils shows it in its messages (its "shell-escape" quoting): unchanged when
// every character is printable, else quoted so that it stays on one line and can be pasted back
// into a shell: 'caf'$'\351''.txt' for a byte that is not UTF-8, 'a'$'\n''b.txt' for a line
// break. Control characters, line and paragraph separators, invisible format characters (the
// right-to-left override...) and bytes that are not UTF-8 (see localpath.h) are written as octal
// bytes; a quote inside a quoted name as '\''. Shared by every command that prints file names.
QString displayName(const QString &name);

// One line of a message about the file `name`: each occurrence of `name` shown by displayName(),
// and any control character left (from the file's own contents, say) replaced by '?', so that a
// message is always one line.
QString displayMessage(const QString &message, const QString &name);

} // namespace mapline
