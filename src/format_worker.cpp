// SPDX-License-Identifier: MIT
#include "format_worker.h"

#include <signal.h>

#include <algorithm>
#include <system_error>

namespace escurl {

FormatWorker::FormatWorker(JsonFormatter formatter, Output& out, std::size_t block_size)
    : formatter_(std::move(formatter)),
      out_(out),
      block_size_(std::max<std::size_t>(block_size, 1)) {}

FormatWorker::~FormatWorker() { drain(); }

bool FormatWorker::write(const char* data, std::size_t size) {
  // A short body never asks for the whole block (a mapping of its own).
  if (block_.capacity() < block_size_ && block_.size() + size > kSmallBody) {
    block_.reserve(block_size_);
  }
  while (size > 0 && !failed_) {
    const std::size_t n = std::min(size, block_size_ - block_.size());
    block_.append(data, n);
    data += n;
    size -= n;
    if (block_.size() == block_size_) submit();
  }
  return !failed_;
}

void FormatWorker::flush() {
  if (block_.empty() || failed_) return;
  if (thread_.joinable()) {
    submit();  // the worker writes the output out once it has nothing queued
    return;
  }
  format(block_);
  block_.clear();
  if (!out_.flush()) failed_ = true;
}

void FormatWorker::drain() {
  if (thread_.joinable()) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (!block_.empty()) full_.push_back(std::move(block_));
      closing_ = true;
    }
    changed_.notify_all();
    thread_.join();
    block_.clear();
    closing_ = false;
  } else if (!block_.empty() && !failed_) {
    format(block_);
    block_.clear();
  }
}

bool FormatWorker::finish() {
  drain();
  if (failed_) return false;
  formatted_.clear();
  formatter_.finish(formatted_);
  if (!formatted_.empty()) last_ = formatted_.back();
  return out_.write(formatted_);
}

// Hands the full block to the worker and takes an empty one, waiting while all are in use.
void FormatWorker::submit() {
  if (!thread_.joinable()) start_thread();
  if (!thread_.joinable()) {  // no thread to be had: format here
    format(block_);
    block_.clear();
    return;
  }
  std::unique_lock<std::mutex> lock(mutex_);
  full_.push_back(std::move(block_));
  changed_.notify_all();
  if (free_.empty() && allocated_ < kSlots) {
    ++allocated_;
    block_ = std::string();
    block_.reserve(block_size_);
    return;
  }
  changed_.wait(lock, [this] { return !free_.empty() || failed_; });
  if (free_.empty()) {  // failed: the worker no longer takes blocks
    block_ = std::string();
    return;
  }
  block_ = std::move(free_.back());
  free_.pop_back();
}

void FormatWorker::start_thread() {
  try {
    thread_ = std::thread([this] { run(); });
  } catch (const std::system_error&) {
    // Formatting on the caller's thread is slower, not wrong.
  }
}

void FormatWorker::run() {
  // Signals are for the main thread (SIGINT's handler stops the transfer there).
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  for (;;) {
    std::string block;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return !full_.empty() || closing_; });
      if (full_.empty()) break;
      block = std::move(full_.front());
      full_.pop_front();
    }
    if (!failed_) format(block);
    bool idle;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      block.clear();
      free_.push_back(std::move(block));
      idle = full_.empty();
    }
    changed_.notify_all();
    // Nothing more to format yet: what is formatted goes out rather than waiting in the buffer.
    if (idle && !failed_ && !out_.flush()) {
      failed_ = true;
      changed_.notify_all();
    }
  }
}

void FormatWorker::format(const std::string& block) {
  formatted_.clear();
  formatter_.feed(block, formatted_);
  if (formatted_.empty()) return;
  last_ = formatted_.back();
  if (!out_.write(formatted_)) {
    failed_ = true;
    changed_.notify_all();
  }
}

}  // namespace escurl
