// SPDX-License-Identifier: MIT
// Catch2 2's main() for both test programs, built only with Catch2 2 (tests/CMakeLists.txt);
// Catch2 3 ships its own in Catch2::Catch2WithMain.
#define CATCH_CONFIG_MAIN
#include "catch.h"
