// SPDX-License-Identifier: MIT
#include "response.h"

#include "redact.h"

namespace escurl {

std::optional<std::string> ResponseHead::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) return v;
  }
  return std::nullopt;
}

}  // namespace escurl
