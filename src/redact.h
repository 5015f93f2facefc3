// SPDX-License-Identifier: MIT
// Redaction: which headers carry credentials, and how they are shown — a known scheme word
// kept, the rest replaced ("Authorization: ApiKey <redacted>"). Every trace goes through here.
#pragma once

#include <string>
#include <string_view>

namespace escurl {

/// True for headers that carry credentials (Authorization, es-secondary-authorization,
/// ES-Client-Authentication, Cookie, Set-Cookie, Proxy-Authorization), any case.
bool is_credential_header(std::string_view name);

/// True for an HTTP authentication scheme word escurl knows (Basic, Bearer, ApiKey,
/// SharedSecret, Negotiate, NTLM, Digest...), any case.
bool is_known_auth_scheme(std::string_view word);

/// The value as it may be printed: for credential headers a known scheme word and
/// "<redacted>", or "<redacted>" alone (an unknown first word may be the credential).
std::string display_header_value(std::string_view name, std::string_view value);

/// ASCII case-insensitive equality, for header names.
bool iequals(std::string_view a, std::string_view b);

}  // namespace escurl
