// The precompiled header of the test executables (MAPLINE_TEST_PCH, tests/CMakeLists.txt): the
// system headers most tests include, parsed once. Only headers that do not change with the
// project's sources belong here, or every edit would rebuild every test.
#pragma once

#include <QtCore>
#include <QtGui>
#include <QtSql>
#include <QtTest>
#include <QtWidgets>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>
