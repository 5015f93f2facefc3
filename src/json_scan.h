// SPDX-License-Identifier: MIT
// Byte-level scanning of JSON text for the streaming formatter (json_stream.h): byte classes, and
// the runs it skips or copies in bulk (plain bytes inside a string, whitespace, a number) found 16
// bytes at a time with SSE2, which every x86-64 has, or byte by byte elsewhere. Header-only, so
// that these inline into the formatter's per-token loop.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace escurl::json_scan {

/// Bytes per vector step, and per fixed-size copy.
inline constexpr std::size_t kBlock = 16;

// Byte classes, one table lookup per byte in the loops that are not vectorised.
inline constexpr std::uint8_t kSpace = 1;       // JSON insignificant whitespace
inline constexpr std::uint8_t kStringStop = 2;  // ends a plain run inside a string
inline constexpr std::uint8_t kDigit = 4;
inline constexpr std::uint8_t kHex = 8;
inline constexpr std::uint8_t kValueStart = 16;  // first byte of a value
inline constexpr std::uint8_t kEscape = 32;      // may follow a backslash

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] |= kStringStop;
  t['"'] |= kStringStop;
  t['\\'] |= kStringStop;
  for (const char c : {' ', '\t', '\n', '\r'}) t[static_cast<unsigned char>(c)] |= kSpace;
  for (int c = '0'; c <= '9'; ++c) t[c] |= kDigit | kHex | kValueStart;
  for (int c = 'a'; c <= 'f'; ++c) t[c] |= kHex;
  for (int c = 'A'; c <= 'F'; ++c) t[c] |= kHex;
  for (const char c : std::string_view("{[\"-tfn")) t[static_cast<unsigned char>(c)] |= kValueStart;
  for (const char c : std::string_view("\"\\/bfnrtu")) t[static_cast<unsigned char>(c)] |= kEscape;
  return t;
}
inline constexpr std::array<std::uint8_t, 256> kClass = make_classes();

/// Whether `c` is in any of the classes `cls`.
inline bool is(char c, std::uint8_t cls) {
  return (kClass[static_cast<unsigned char>(c)] & cls) != 0;
}

inline bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

#ifdef __SSE2__
/// Bit i set when byte i of v is '"', '\\' or a control byte (< 0x20).
inline unsigned string_stops(__m128i v) {
  const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
  const __m128i stop = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
      control);
  return static_cast<unsigned>(_mm_movemask_epi8(stop));
}
#endif

/// The first byte in [p, end) that needs attention inside a JSON string ('"', '\\' or a control
/// byte), or end.
inline const char* plain_end(const char* p, const char* end) {
#ifdef __SSE2__
  for (; end - p >= static_cast<std::ptrdiff_t>(kBlock); p += kBlock) {
    const unsigned mask = string_stops(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    if (mask != 0) return p + __builtin_ctz(mask);
  }
#endif
  while (p < end && !is(*p, kStringStop)) ++p;
  return p;
}

/// The first byte in [p, end) that is not JSON whitespace, or end; a newline counts as
/// whitespace only when newline_is_space (in NDJSON it ends a document).
inline const char* skip_blank(const char* p, const char* end, bool newline_is_space) {
#ifdef __SSE2__
  // Indented input has a newline and a run of spaces before every token.
  const __m128i newline = _mm_set1_epi8(newline_is_space ? '\n' : ' ');
  for (; end - p >= static_cast<std::ptrdiff_t>(kBlock); p += kBlock) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i blank = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, newline)),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
    const unsigned mask = ~static_cast<unsigned>(_mm_movemask_epi8(blank)) & 0xffff;
    if (mask != 0) return p + __builtin_ctz(mask);
  }
#endif
  while (p < end && is(*p, kSpace) && (*p != '\n' || newline_is_space)) ++p;
  return p;
}

/// Where the number starting at p ends, taking every byte that the grammar
/// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? lets it take (so `01` ends after `0`, and
/// `1.5.` before the second '.'). nullptr when it is not a complete number there (`-`, `1.`,
/// `1e+`, `x`), or when it reaches `end` and might go on in the next chunk. p < end.
inline const char* number_end(const char* p, const char* end) {
  const char* q = p + (*p == '-');
  const auto digits = [&q, end] {
    if (q == end || !is_digit(*q)) return false;
    while (++q < end && is_digit(*q)) {
    }
    return true;
  };
  if (q < end && *q == '0') {
    ++q;
  } else if (!digits()) {
    return nullptr;
  }
  if (q < end && *q == '.' && (++q, !digits())) return nullptr;
  if (q < end && (*q == 'e' || *q == 'E')) {
    ++q;
    if (q < end && (*q == '+' || *q == '-')) ++q;
    if (!digits()) return nullptr;
  }
  return q < end ? q : nullptr;
}

/// Copies the inside of a string from q to o up to its closing quote, escapes included, and
/// returns true with q on that quote; or returns false with q on the first byte it did not copy:
/// a raw control byte, an escape that is invalid or may be cut by `end`, or any byte within 16 of
/// `end`. Both pointers advance past what was copied. On entry 16 bytes can be read at q, and o
/// has room for kStringRoom bytes; grow(n) must make room for n bytes at o (it may move o). On
/// return, kStringRoom - 15 bytes are left for what follows the string.
inline constexpr std::size_t kStringRoom = 4 * kBlock;
template <class Grow>
bool copy_string(const char*& q, const char* end, char*& o, Grow&& grow) {
  for (;;) {
#ifdef __SSE2__
    // Scan and copy in one: the block is stored whole, and o moves only past its plain bytes.
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), v);
    const unsigned mask = string_stops(v);
    // A branch, not ctz(mask | 1 << 16): the next block's load must not wait for the count.
    const std::size_t run = mask == 0 ? kBlock : static_cast<std::size_t>(__builtin_ctz(mask));
#else
    std::memcpy(o, q, kBlock);
    const auto run = static_cast<std::size_t>(plain_end(q, q + kBlock) - q);
#endif
    q += run;
    o += run;
    if (run == kBlock) {
      grow(kStringRoom);
      if (end - q < static_cast<std::ptrdiff_t>(kBlock)) return false;
      continue;
    }
    if (*q == '"') return true;
    // An escape is copied whole once checked as a byte-by-byte reader would check it.
    if (*q != '\\' || end - q < 6 || !is(q[1], kEscape)) return false;
    const std::size_t n = q[1] == 'u' ? 6 : 2;
    for (std::size_t i = 2; i < n; ++i) {
      if (!is(q[i], kHex)) return false;
    }
    std::memcpy(o, q, 6);  // room: kStringRoom at the block's start, less at most 15 of its bytes
    q += n;
    o += n;
    grow(kStringRoom);
    if (end - q < static_cast<std::ptrdiff_t>(kBlock)) return false;
  }
}

}  // namespace escurl::json_scan
