#pragma once

#include <QString>

class QWidget;

namespace mapline::analystname {

// The analyst's name, recorded with every correction the viewer writes (issue 19, docs/USER_GUIDE.md
// "Who corrected what"). Kept in QSettings ("analyst/name"); until the analyst sets one, the
// login name from the environment (history::defaultAnalyst()).
QString current();
bool isSet();
void set(const QString &name);
// Edit > Analyst Name...: asks for the name (the current one filled in). False: cancelled.
bool ask(QWidget *parent);
// The first correction of a session with no name set says whose name corrections carry and how
// to change it: the text, once a session ("" after that, or when a name was set).
QString firstUseNotice();

} // namespace mapline::analystname
