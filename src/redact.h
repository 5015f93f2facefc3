// SPDX-License-Identifier: MIT
// Redaction: which headers carry credentials, and how they are shown — the scheme word kept,
// the rest replaced ("Authorization: ApiKey <redacted>"). Every trace goes through here.
#pragma once

#include <string>
#include <string_view>

namespace escurl {

/// True for headers that carry credentials (Authorization, es-secondary-authorization,
/// ES-Client-Authentication, Cookie, Set-Cookie, Proxy-Authorization), any case.
bool is_credential_header(std::string_view name);

/// The value as it may be printed: for credential headers the scheme word and "<redacted>".
std::string display_header_value(std::string_view name, std::string_view value);

/// ASCII case-insensitive equality, for header names.
bool iequals(std::string_view a, std::string_view b);

}  // namespace escurl
