// SPDX-License-Identifier: MIT
// The error-line builder: never crashes, always one line, whatever the body.
#include <string>
#include <string_view>

#include "es_error.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size < 2) return 0;
  const int status = 400 + (bytes[0] % 200);
  const std::string_view body(reinterpret_cast<const char*>(bytes) + 1, size - 1);
  escurl::parse_es_error(body);
  escurl::AuthContext auth;
  auth.user = "elastic";
  const std::string line = escurl::explain_http_error(status, "Reason", body, auth);
  fuzz_require(!line.empty(), "empty explanation");
  fuzz_require(line.find('\n') == std::string::npos, "explanation spans lines");
  return 0;
}
