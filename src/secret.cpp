// SPDX-License-Identifier: MIT
#include "secret.h"

#include <openssl/crypto.h>

namespace escurl {

void secure_wipe(std::string& s) {
  // OPENSSL_cleanse is a memset the compiler may not elide; the capacity is wiped too, since
  // a shorter value may have been assigned over a longer one.
  if (s.capacity() > 0) OPENSSL_cleanse(s.data(), s.capacity());
  s.clear();
}

Secret& Secret::operator=(const Secret& other) {
  if (this != &other) {
    secure_wipe(value_);
    value_ = other.value_;
  }
  return *this;
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    secure_wipe(value_);
    value_ = std::move(other.value_);
    secure_wipe(other.value_);
  }
  return *this;
}

}  // namespace escurl
