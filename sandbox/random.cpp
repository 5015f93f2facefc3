// SPDX-License-Identifier: MIT
#include "random.h"

#include <openssl/rand.h>

#include <cstdlib>
#include <string_view>

namespace es_sandbox {
namespace {

std::string pick(std::string_view alphabet, size_t length) {
  const std::string raw = random_bytes(length);
  std::string out;
  out.reserve(length);
  for (unsigned char c : raw) out += alphabet[c % alphabet.size()];
  return out;
}

constexpr std::string_view kUrlSafe =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

std::string random_bytes(size_t bytes) {
  std::string out(bytes, '\0');
  // RAND_bytes only fails when the CSPRNG cannot be seeded, which is unrecoverable here.
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(bytes)) != 1) {
    std::abort();
  }
  return out;
}

std::string random_id(size_t length) { return pick(kUrlSafe, length); }

std::string random_uuid() { return pick(kUrlSafe, 22); }

std::string random_password(size_t length) {
  return pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_*+=-", length);
}

}  // namespace es_sandbox
