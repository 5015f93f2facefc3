// SPDX-License-Identifier: MIT
#include "base64.h"

#include <array>
#include <cstdint>

namespace escurl {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int8_t kInvalid = -1;
constexpr int8_t kSpace = -2;  // skipped in base64_decode_lines
constexpr int8_t kPad = -3;

constexpr std::array<int8_t, 256> make_decode_table() {
  std::array<int8_t, 256> table{};
  table.fill(kInvalid);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  }
  for (const char c : {' ', '\t', '\r', '\n'}) table[static_cast<unsigned char>(c)] = kSpace;
  table['='] = kPad;
  return table;
}

constexpr std::array<int8_t, 256> kDecode = make_decode_table();

// Padding is optional, and only padding (or skipped space) may follow it.
std::optional<std::string> decode(std::string_view text, bool skip_space) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  // Raw pointers: stores through a char* may alias a std::string's own fields, which would make
  // the compiler reload them after every byte.
  char* dst = out.data();
  const char* p = text.data();
  const char* const end = p + text.size();
  std::size_t chars = 0;
  bool padded = false;
  uint32_t acc = 0;
  int bits = 0;
  while (p != end) {
    // Four data characters at a group boundary make three bytes at once (a PEM body is mostly
    // such groups); anything else goes one character at a time.
    if (bits == 0 && !padded && end - p >= 4) {
      const int8_t a = kDecode[static_cast<unsigned char>(p[0])];
      const int8_t b = kDecode[static_cast<unsigned char>(p[1])];
      const int8_t c = kDecode[static_cast<unsigned char>(p[2])];
      const int8_t d = kDecode[static_cast<unsigned char>(p[3])];
      if ((a | b | c | d) >= 0) {
        const auto n = static_cast<uint32_t>(a << 18 | b << 12 | c << 6 | d);
        dst[0] = static_cast<char>(n >> 16);
        dst[1] = static_cast<char>((n >> 8) & 0xFF);
        dst[2] = static_cast<char>(n & 0xFF);
        dst += 3;
        chars += 4;
        p += 4;
        continue;
      }
    }
    const int8_t v = kDecode[static_cast<unsigned char>(*p++)];
    if (v < 0) {
      if (v == kPad) {
        padded = true;
      } else if (v != kSpace || !skip_space) {
        return std::nullopt;
      }
      continue;
    }
    if (padded) return std::nullopt;
    ++chars;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *dst++ = static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (chars % 4 == 1) return std::nullopt;
  out.resize(static_cast<std::size_t>(dst - out.data()));
  return out;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t n = (uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                       (uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                       uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    if (rest == 2) n |= uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) { return decode(text, false); }

std::optional<std::string> base64_decode_lines(std::string_view text) { return decode(text, true); }

}  // namespace escurl
