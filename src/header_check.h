// SPDX-License-Identifier: MIT
// The one check of a request's head before anything is sent: the method and every field name
// are RFC 9110 tokens; no value holds CR, LF, NUL or another control character (a tab
// excepted); Content-Length and Transfer-Encoding are escurl's own to write. Whatever set a
// header — -H or a header file, --opaque-id or the CI job id, --run-as, a credential read from
// a file, a variable or a command, a refreshed token — HttpTransport checks it here before it
// connects. Messages name the header and where it came from, never its value.
#pragma once

#include <string_view>

#include "error.h"
#include "request.h"

namespace escurl {

/// True for an RFC 9110 token (1*tchar): what a field name and a method are.
bool is_token(std::string_view text);

/// What keeps a field value off the wire.
enum class ValueFault { None, LineBreak, Nul, Control };

/// The first fault of `value`, or None: any CR or LF, NUL, or other control character (C0 but
/// HTAB, DEL). Bytes from 0x80 up are obs-text and allowed.
ValueFault value_fault(std::string_view value);

/// One header as it would be sent; a Usage error naming it and `origin` (see HeaderField)
/// when it must not be. `secret` words the fix for a value that must not be shown.
Result<void> check_header(std::string_view name, std::string_view value, std::string_view origin,
                          bool secret = false);

/// The method and every header of `request`: the first fault found, as check_header words it.
Result<void> check_request_head(const Request& request);

}  // namespace escurl
