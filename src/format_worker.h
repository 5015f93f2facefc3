// SPDX-License-Identifier: MIT
// FormatWorker: re-indents a body with a JsonFormatter and writes the result to an Output. Once
// the body outgrows one block it does so on a thread of its own, so that on two cores receiving
// (decrypting) the next bytes and formatting the last ones overlap. Blocks travel through a
// fixed number of slots, so memory stays bounded whatever the body's size; a body smaller than
// one block is formatted on the caller's thread and no thread is started.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "json_stream.h"
#include "output.h"

namespace escurl {

/// Formats body bytes into `out`. Until drain() or finish(), only the worker writes to `out`.
class FormatWorker {
 public:
  /// `block_size` bytes of input per hand-over (tests use small ones).
  FormatWorker(JsonFormatter formatter, Output& out, std::size_t block_size = kDefaultBlock);
  FormatWorker(const FormatWorker&) = delete;
  FormatWorker& operator=(const FormatWorker&) = delete;
  /// Drains (see drain()).
  ~FormatWorker();

  /// Takes body bytes, in order; false once writing the output failed (stop the transfer).
  bool write(const char* data, std::size_t size);
  /// Hands over what was taken so far to be formatted and written without waiting for a full
  /// block: the caller is about to wait for more input.
  void flush();
  /// Formats and writes everything taken, then stops the thread; the formatter is not ended
  /// (a body cut short stays as far as it got). `out` is the caller's again afterwards.
  void drain();
  /// Drains, then ends the formatter (a truncated document, a trailing number); false when
  /// writing the output failed.
  bool finish();
  /// The last byte written, '\n' when nothing was.
  char last_byte() const { return last_; }

  static constexpr std::size_t kDefaultBlock = 256 * 1024;

 private:
  void submit();
  void start_thread();
  void run();
  void format(const std::string& block);

  // Blocks in use at once, the one being filled included: enough for the producer to run ahead
  // of the formatter by a few blocks, few enough to keep memory flat.
  static constexpr std::size_t kSlots = 4;
  static constexpr std::size_t kSmallBody = 16 * 1024;

  JsonFormatter formatter_;
  Output& out_;
  std::size_t block_size_;
  std::string block_;      // the block being filled (the caller's thread)
  std::string formatted_;  // formatter output, reused
  char last_ = '\n';
  std::atomic<bool> failed_{false};

  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> full_;  // handed over, in order
  std::vector<std::string> free_;
  std::size_t allocated_ = 1;  // blocks in existence, block_ included
  bool closing_ = false;
};

}  // namespace escurl
