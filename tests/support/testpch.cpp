// The donor of the tests' precompiled header (tests/CMakeLists.txt, MAPLINE_TEST_PCH): CMake
// compiles testpch.h through this target once, and every test reuses the result.
