// SPDX-License-Identifier: MIT
// ScratchDir: a temporary directory for unit tests, removed with everything in it when the
// test ends. Files are written with the mode the umask gives, or a fixed one when asked.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>

#include "catch.h"

namespace escurl::testing {

class ScratchDir {
 public:
  /// Creates /tmp/escurl-<name>-XXXXXX; files get `default_mode` when one is given.
  explicit ScratchDir(const std::string& name = "unit",
                      std::optional<mode_t> default_mode = std::nullopt)
      : default_mode_(default_mode) {
    std::string tmpl = "/tmp/escurl-" + name + "-XXXXXX";
    const char* p = ::mkdtemp(tmpl.data());
    REQUIRE(p != nullptr);
    path_ = p;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }

  /// Writes `content` to the relative path `name` (creating directories) and returns its path.
  std::string file(const std::string& name, const std::string& content,
                   std::optional<mode_t> mode = std::nullopt) const {
    const std::string p = path_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    {
      std::ofstream out(p, std::ios::binary | std::ios::trunc);
      out << content;
      REQUIRE(out.good());
    }
    if (const std::optional<mode_t> m = mode ? mode : default_mode_) {
      REQUIRE(::chmod(p.c_str(), *m) == 0);
    }
    return p;
  }

 private:
  std::string path_;
  std::optional<mode_t> default_mode_;
};

}  // namespace escurl::testing
