// SPDX-License-Identifier: MIT
// Standard base64 (RFC 4648 §4, with padding): the encoding of Basic and ApiKey credentials and of
// Cloud IDs. The URL-safe alphabet is deliberately not accepted, as Elasticsearch rejects it too.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace escurl {

/// Encodes bytes as standard base64 with '=' padding.
std::string base64_encode(std::string_view bytes);

/// Decodes standard base64; padding is optional. Returns nullopt on any other character.
std::optional<std::string> base64_decode(std::string_view text);

/// Decodes standard base64 laid out in lines, as a PEM body is: spaces, tabs, CRs and LFs are
/// skipped wherever they are; otherwise as base64_decode.
std::optional<std::string> base64_decode_lines(std::string_view text);

}  // namespace escurl
