// SPDX-License-Identifier: MIT
// Secret: a credential that cannot be printed by accident. It has no conversion to string, its
// formatter and stream operator print "<redacted>", and its bytes are wiped on destruction.
// The only way to the bytes is reveal(), which makes every use greppable.
#pragma once

#include <fmt/format.h>

#include <ostream>
#include <string>
#include <string_view>

namespace escurl {

/// The text printed wherever a secret would be.
inline constexpr std::string_view kRedacted = "<redacted>";

/// Overwrites a string's bytes with zeros in a way the optimiser cannot drop.
void secure_wipe(std::string& s);

/// A secret value: a password, API key, token or shared secret.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret& other) = default;
  Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { secure_wipe(other.value_); }
  Secret& operator=(const Secret& other);
  Secret& operator=(Secret&& other) noexcept;
  ~Secret() { secure_wipe(value_); }

  /// The secret's bytes. Call it only where the bytes go on the wire or are compared.
  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  std::string value_;
};

inline std::ostream& operator<<(std::ostream& os, const Secret&) { return os << kRedacted; }

}  // namespace escurl

template <>
struct fmt::formatter<escurl::Secret> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const escurl::Secret&, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(escurl::kRedacted, ctx);
  }
};
