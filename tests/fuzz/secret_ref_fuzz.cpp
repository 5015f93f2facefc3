// SPDX-License-Identifier: MIT
// Secret references (literal, env:NAME, @-): never crash, and an error never carries the secret.
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "secret_source.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string ref(reinterpret_cast<const char*>(bytes), size);
  const auto kind = escurl::secret_source_kind(ref);
  if (kind == escurl::SecretSourceKind::File) return 0;  // would read arbitrary files
  escurl::Env env;
  env.vars["ES_PW"] = "marker-secret-1";
  env.vars[ref.size() > 4 ? ref.substr(4) : std::string("X")] = "marker-secret-2";
  env.read_stdin = [] { return escurl::Result<std::string>(std::string("marker-secret-3\n")); };
  env.prompt_secret = [](std::string_view) -> escurl::Result<escurl::Secret> {
    return escurl::make_error(escurl::Errc::Usage, "no terminal");
  };
  escurl::StdinClaim claim;
  const auto secret = escurl::read_secret(ref, "--password", env, claim);
  if (!secret) {
    for (const char* marker : {"marker-secret-1", "marker-secret-2", "marker-secret-3"}) {
      fuzz_require(secret.error().message.find(marker) == std::string::npos,
                   "an error message carries the secret");
    }
  }
  return 0;
}
