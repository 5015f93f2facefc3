// SPDX-License-Identifier: MIT
// The proxy's CONNECT answer, which escurl parses itself: never crashes; a status, when found,
// is three digits.
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "proxy_tunnel.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string head(reinterpret_cast<const char*>(bytes), size);
  std::string reason;
  const int status = escurl::parse_connect_status(head, reason);
  fuzz_require(status == -1 || (status >= 0 && status <= 999), "status out of range");
  fuzz_require(reason.size() <= head.size(), "reason longer than the head");
  fuzz_require(reason.find("\r\n") == std::string::npos, "reason spans lines");
  return 0;
}
