// SPDX-License-Identifier: MIT
// TempDir: a private scratch directory for one test (mkdtemp under $TMPDIR or /tmp), removed with
// everything in it when the object goes away. Owns nothing else; files in it are written 0600 by
// default because tests put keys and passwords there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace escurl::testing {

/// A freshly created, uniquely named directory, deleted recursively in the destructor.
class TempDir {
 public:
  /// Creates "<$TMPDIR or /tmp>/<prefix>XXXXXX"; on failure path() is empty and valid() false.
  explicit TempDir(std::string_view prefix = "escurl-test-");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// Whether the directory was created.
  bool valid() const { return !path_.empty(); }
  /// The absolute directory path, without a trailing slash.
  const std::string& path() const { return path_; }
  /// path() + "/" + name; does not create anything.
  std::string file(std::string_view name) const;
  /// Writes `content` to file(name) with permission bits `mode`; returns the path, or "" on
  /// failure.
  std::string write(std::string_view name, std::string_view content, int mode = 0600) const;
  /// The names of the entries in the directory, sorted (none for an invalid TempDir).
  std::vector<std::string> entries() const;

 private:
  std::string path_;
};

}  // namespace escurl::testing
