// SPDX-License-Identifier: MIT
// JsonFormatter's output side, shared by its two halves (json_stream.cpp, the byte-by-byte state
// machine; json_stream_fast.cpp, the fast path for whole tokens): the Writer over the caller's
// string, jq's palette, and fixed-size block copies for colours and indents. Private to them.
#pragma once

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <string_view>

#include "json_scan.h"
#include "json_stream.h"

namespace escurl {
namespace json_write {

using json_scan::kBlock;

// jq's default palette; structural punctuation stays uncoloured.
// Each sequence sits in a block of its own, so that it is copied as one block.
struct Sgr {
  char text[kBlock];
  std::size_t size;
};
inline constexpr std::array<Sgr, 5> kPalette = {{
    {"\x1b[34;1m", 7},  // key
    {"\x1b[0;32m", 7},  // string
    {"\x1b[0;39m", 7},  // number
    {"\x1b[1;30m", 7},  // null
    {"\x1b[0;39m", 7},  // true, false
}};
inline constexpr Sgr kReset = {"\x1b[0m", 4};

/// Copies n bytes of s to o in whole 16-byte blocks (both must allow n rounded up); o + n.
inline char* put_blocks(char* o, const char* s, std::size_t n) {
  for (std::size_t i = 0; i < n; i += kBlock) std::memcpy(o + i, s + i, kBlock);
  return o + n;
}

/// Writes a colour sequence as one block (o has room for 16); o past it.
inline char* put_sgr(char* o, const Sgr& sgr) {
  std::memcpy(o, sgr.text, kBlock);
  return o + sgr.size;
}

/// Writes "\n" and an indent, the first `width` bytes of `spaces` (which has 32 more), as one
/// fixed-size copy up to 16 levels of 2; o past it.
inline char* put_indent(char* o, const char* spaces, std::size_t width) {
  if (width <= 2 * kBlock) {
    std::memcpy(o, spaces, 2 * kBlock);
    return o + width;
  }
  return put_blocks(o, spaces, width);
}

}  // namespace json_write

// Appends to the caller's string through a raw pointer: one size check per token instead of
// std::string's per-call bookkeeping. The string is trimmed to what was written on destruction.
// The fast path borrows the pointer (at/seek) so that it lives in a register: a store through a
// char* may alias any member, so the compiler reloads members after every byte written.
class JsonFormatter::Writer {
 public:
  static constexpr std::size_t kBlock = json_scan::kBlock;

  Writer(std::string& out, std::size_t hint) : out_(out), start_(out.size()) {
    out_.resize(start_ + hint);  // zero-filled: the hint should be close to what is written
    rebind(start_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer() { out_.resize(static_cast<std::size_t>(w_ - out_.data())); }

  void put(char c) {
    reserve(1);
    *w_++ = c;
  }
  void put(std::string_view s) {
    reserve(s.size());
    std::memcpy(w_, s.data(), s.size());
    w_ += s.size();
  }
  // Copies n bytes of s, which may be read up to `readable`. Most tokens are short: a fixed
  // 16-byte copy is one load and one store where a memcpy call would cost more than the bytes.
  void copy(const char* s, std::size_t n, const char* readable) {
    reserve(n + kBlock);
    if (n <= kBlock && readable - s >= static_cast<std::ptrdiff_t>(kBlock)) {
      std::memcpy(w_, s, kBlock);
    } else {
      std::memcpy(w_, s, n);
    }
    w_ += n;
  }
  // Copies n bytes of s, which may be read up to n rounded up to a whole block.
  void copy_blocks(const char* s, std::size_t n) {
    reserve(n + kBlock);
    w_ = json_write::put_blocks(w_, s, n);
  }

  std::size_t written() const { return static_cast<std::size_t>(w_ - out_.data()) - start_; }
  char* at() const { return w_; }
  char* limit() const { return end_; }
  void seek(char* at) { w_ = at; }
  // Makes room for n bytes at `at`, moving the buffer; returns the new `at` (limit() changes).
  [[gnu::noinline]] char* grow_at(char* at, std::size_t n) {
    w_ = at;
    grow(n);
    return w_;
  }

 private:
  void reserve(std::size_t n) {
    if (static_cast<std::size_t>(end_ - w_) < n) grow(n);
  }
  void grow(std::size_t n) {
    const auto used = static_cast<std::size_t>(w_ - out_.data());
    out_.resize(std::max(out_.size() * 2, used + n));
    rebind(used);
  }
  void rebind(std::size_t used) {
    w_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }

  std::string& out_;
  std::size_t start_;
  char* w_ = nullptr;
  char* end_ = nullptr;
};

}  // namespace escurl
