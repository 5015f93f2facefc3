// SPDX-License-Identifier: MIT
// Output: where the body goes — stdout, or an -o file that is written to a temporary file beside
// it and renamed into place only when the transfer completes, so a failed or interrupted transfer
// leaves nothing half-written (and the file that was there untouched). A closed pipe on stdout is
// noticed, not reported as an error. Writes are gathered into one buffer so that a body arriving
// in small pieces costs few system calls; whoever feeds it calls flush() before waiting.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "error.h"
#include "interrupt.h"

namespace escurl {

/// A destination for body bytes.
class Output {
 public:
  /// Standard output.
  static Output to_stdout();
  /// A file, replaced on finish() (keeping the replaced file's mode; through a symbolic link, its
  /// target); WriteOutput error when its directory is not writable, or when it is a symbolic link
  /// another user made in a sticky world-writable directory such as /tmp (as the kernel's
  /// fs.protected_symlinks refuses it). A device or FIFO (/dev/null) is written in place instead.
  static Result<Output> to_file(const std::string& path);
  Output(Output&& other) noexcept;
  Output& operator=(Output&&) = delete;
  Output(const Output&) = delete;
  ~Output();

  /// Queues all bytes, writing whenever the buffer fills; false on failure (see error(),
  /// broken_pipe()).
  bool write(const char* data, std::size_t size);
  bool write(std::string_view s) { return write(s.data(), s.size()); }
  /// Writes what is queued; false on failure. Call before waiting for more input, so that
  /// nothing already received is held back.
  bool flush();
  /// True when the reader of stdout went away (EPIPE): a quiet end, not an error.
  bool broken_pipe() const { return broken_pipe_; }
  /// Why the last write failed.
  const std::optional<Error>& error() const { return error_; }
  /// Completes the output: writes what is queued, then renames the temporary file into place.
  /// On stdout a reader that went away is not an error (broken_pipe() tells).
  Result<void> finish();
  /// Drops a partial file and whatever is queued for it.
  void abandon();

 private:
  Output(int fd, std::string final_path, std::string temp_path,
         std::unique_ptr<UndoOnInterrupt> undo = nullptr)
      : fd_(fd),
        final_path_(std::move(final_path)),
        temp_path_(std::move(temp_path)),
        undo_(std::move(undo)) {}
  bool write_through(const char* data, std::size_t size);
  bool in_place_file() const;
  void grow(std::size_t wanted);
  int fd_;
  std::unique_ptr<char[]> buffer_;  ///< allocated on the first write, grown up to 256 KiB
  std::size_t capacity_ = 0;
  std::size_t queued_ = 0;
  std::string final_path_;
  std::string temp_path_;
  std::unique_ptr<UndoOnInterrupt> undo_;  ///< removes the temporary file if SIGINT ends escurl
  bool broken_pipe_ = false;
  std::optional<Error> error_;
};

/// Writes a whole string to a file descriptor, retrying on EINTR and short writes.
bool write_all(int fd, const char* data, std::size_t size);

}  // namespace escurl
