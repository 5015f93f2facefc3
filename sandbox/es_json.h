// SPDX-License-Identifier: MIT
// JSON as Elasticsearch writes it: compact by default, or Jackson's pretty form for ?pretty
// ("key" : value, two-space indent, "{ }" / "[ ]" when empty, trailing newline). Also parses
// request bodies, reporting errors the way Elasticsearch's x-content layer words them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace es_sandbox {

/// Every JSON value the sandbox emits keeps insertion order, as Elasticsearch's XContent does.
using Json = nlohmann::ordered_json;

/// Renders `value` compactly, or in Elasticsearch's ?pretty layout (ending with a newline).
std::string render_json(const Json& value, bool pretty);

/// Why a body failed to parse: 1-based line and column and a Jackson-style message.
struct JsonSyntaxError {
  int line = 1;
  int column = 1;
  std::string message;
};

/// Parses `text` as one JSON value; on failure fills `error` and returns nullopt.
std::optional<Json> parse_json(std::string_view text, JsonSyntaxError& error);

}  // namespace es_sandbox
