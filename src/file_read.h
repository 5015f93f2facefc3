// SPDX-License-Identifier: MIT
// File reading: the one way escurl reads a whole file it is pointed at — a secret's @FILE, -H
// @file, -w @file, PEM files, .netrc, the config file, token files, a batch. Opening never blocks
// (a FIFO nobody writes to opens at once), every read stops at a size cap the caller chooses and
// the message names, and a file that is not a regular one (a FIFO, /dev/stdin, a process
// substitution, a character device) is waited on with poll() for at most the caller's time
// between pieces, the connect timeout, so nothing hangs forever and /dev/zero cannot fill memory.
// Messages name the file as the caller describes it, never its content.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <optional>
#include <string>

#include "error.h"

namespace escurl {

/// The most read from a file that holds one small thing: a secret, headers, a -w format,
/// .netrc, the config file, a token file, an API-key JSON, a pinned key.
inline constexpr std::size_t kSmallFileLimit = std::size_t{1} << 20;
/// The most read from a PEM file: a CA bundle (the system's is about 200 KiB), a client
/// certificate or key.
inline constexpr std::size_t kPemFileLimit = std::size_t{16} << 20;
/// The most read from a batch file or standard input read whole.
inline constexpr std::size_t kLargeFileLimit = std::size_t{256} << 20;
/// How long a file that is not a regular one may stay silent when the caller has no connect
/// timeout to go by: that timeout's default, in seconds.
inline constexpr double kDefaultFileWait = 10;

/// How to read one file.
struct FileRead {
  /// Names the file in messages, as the user gave it: "--password @/tmp/f", "the config file
  /// '/home/u/.config/escurl/config.toml'".
  std::string what;
  std::size_t max_bytes = kSmallFileLimit;  ///< more is refused
  /// Seconds a file that is not a regular one may go without a byte before reading gives up;
  /// nullopt waits as long as it takes (standard input, where a person may be typing).
  std::optional<double> wait_seconds = kDefaultFileWait;
  Errc code = Errc::Usage;  ///< the class of every error
};

/// A file opened for reading with O_RDONLY | O_CLOEXEC | O_NONBLOCK (so opening a FIFO that has
/// no writer returns at once), and what fstat() said of it. Closes it on destruction.
class InputFile {
 public:
  /// Opens `path`, adding `extra_flags` (O_NOFOLLOW); on failure is_open() is false and
  /// os_error() holds the errno of the open or fstat.
  explicit InputFile(const std::string& path, int extra_flags = 0);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  int os_error() const { return errno_; }
  /// What fstat() said; only when is_open().
  const struct stat& status() const { return st_; }
  /// "cannot read WHAT: <the OS error>", for a file that did not open.
  Error open_error(const FileRead& how) const;
  /// Reads everything that is left into `out`, as read_all() does.
  Result<void> read_all(const FileRead& how, std::string& out) const;

 private:
  int fd_ = -1;
  int errno_ = 0;
  struct stat st_ {};
};

/// Reads everything from `fd` into `out` (appending), within `how`: at most how.max_bytes, and
/// for anything but a regular file at most how.wait_seconds without a byte. `out`'s buffer is
/// wiped whenever it moves, so a secret leaves no copy behind; on failure `out` is wiped too.
Result<void> read_all(int fd, const FileRead& how, std::string& out);

/// Opens `path` as InputFile does and reads it whole within `how`.
Result<std::string> read_whole_file(const std::string& path, const FileRead& how);

/// Checks that `path` could be read, without taking anything from it: a regular file is opened
/// and closed; anything else only asked with access(R_OK), since opening a FIFO lets its writer
/// go ahead, and closing it again would leave that writer with no reader. "cannot read WHAT:
/// <the OS error>" when it cannot.
Result<void> check_readable(const std::string& path, const FileRead& how);

/// Waits until `fd` has a byte to read or has reached its end, at most `seconds`: false when
/// nothing came in time. For a request body streamed from a FIFO, before the first read.
bool wait_for_input(int fd, double seconds);

/// The error for a file that stayed silent for how.wait_seconds: "gave up reading WHAT after N s:
/// nothing was written to it (a FIFO with no writer?)", or, when `got_some`, that nothing more was.
Error silent_file_error(const FileRead& how, bool got_some);

/// "1 MiB", "16 MiB", "64 KiB" or "N bytes", for messages about a cap.
std::string describe_size(std::size_t bytes);

}  // namespace escurl
