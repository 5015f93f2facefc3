// SPDX-License-Identifier: MIT
// The one Catch2 include for every test: Debian 13 ships Catch2 3, split into headers per feature,
// Debian 12 ships Catch2 2, one header. This pulls in what the tests use from either (test cases,
// sections and assertions; INFO, WARN, CAPTURE; GENERATE; Approx) under the same names.
#pragma once

#if __has_include(<catch2/catch_test_macros.hpp>)
#include <catch2/catch_approx.hpp>
#include <catch2/catch_message.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

// Catch2 2 has Approx at global scope as well as in Catch; 3 only in Catch.
using Catch::Approx;
#else
#include <catch2/catch.hpp>
#endif
