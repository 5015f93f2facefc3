// SPDX-License-Identifier: MIT
// The .netrc parser: never crashes; an error names a line and never carries a password.
#include <string_view>

#include "fuzz_util.h"
#include "netrc.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  for (const auto& user :
       {std::optional<std::string_view>{}, std::optional<std::string_view>{"u"}}) {
    const auto found = escurl::netrc_lookup(input, "es.example", user);
    if (!found) {
      fuzz_require(found.error().code == escurl::Errc::Usage, "netrc error is not a usage error");
    } else if (*found && user) {
      fuzz_require((*found)->login == "u", "an entry for another user matched");
    }
  }
  return 0;
}
