// SPDX-License-Identifier: MIT
// The TOML profile loader: never crashes; every failure is a Usage error. The input is written to a
// private file, as load_profile reads one.
#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "config_file.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  static const std::string path = "/tmp/escurl-config-fuzz-" + std::to_string(::getpid()) + ".toml";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return 0;
  const bool written = ::write(fd, bytes, size) == static_cast<ssize_t>(size);
  ::close(fd);
  if (!written) return 0;
  escurl::Env env;
  env.vars["HOME"] = "/nonexistent";
  for (const char* name : {"", "p", "prod"}) {
    std::optional<std::string> profile;
    if (*name != '\0') profile = name;
    const auto loaded = escurl::load_profile(env, path, profile);
    if (!loaded) {
      fuzz_require(loaded.error().code == escurl::Errc::Usage, "config error is not a usage error");
      continue;
    }
    escurl::profile_names(env, path);
  }
  return 0;
}
