// SPDX-License-Identifier: MIT
#include "completion.h"

#include <array>

namespace escurl {
namespace {

// A value name of two or more plain words joined by '|' ("auto|always|never", "8|9") is a closed
// set; anything with spaces, brackets or upper-case placeholders is not.
std::vector<std::string_view> enumerated_words(std::string_view value_name) {
  std::vector<std::string_view> words;
  if (value_name.find('|') == std::string_view::npos) return {};
  while (true) {
    const std::size_t bar = value_name.find('|');
    const std::string_view word = value_name.substr(0, bar);
    if (word.empty()) return {};
    for (const char c : word) {
      const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '-';
      if (!plain) return {};
    }
    words.push_back(word);
    if (bar == std::string_view::npos) break;
    value_name.remove_prefix(bar + 1);
  }
  return words;
}

bool contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

constexpr std::array<std::string_view, 6> kMethods = {"GET", "HEAD",   "POST",
                                                      "PUT", "DELETE", "PATCH"};

}  // namespace

ValueCompletion value_completion(const FlagSpec& f) {
  if (!f.takes_value()) return {ValueKind::None, {}};
  if (f.long_name == "profile") return {ValueKind::Profile, {}};
  if (f.value_name == "METHOD") return {ValueKind::Method, {}};
  if (std::vector<std::string_view> words = enumerated_words(f.value_name); !words.empty()) {
    return {ValueKind::Words, std::move(words)};
  }
  if (contains(f.value_name, "@FILE") || contains(f.value_name, "SECRET")) {
    return {ValueKind::AtFile, {}};
  }
  if (contains(f.value_name, "DIR")) return {ValueKind::Directory, {}};
  if (contains(f.value_name, "FILE")) return {ValueKind::File, {}};
  return {ValueKind::Free, {}};
}

std::span<const std::string_view> completion_methods() { return kMethods; }

std::span<const SubcommandWords> completion_subcommands() {
  static const SubcommandWords kSubcommands[] = {
      {"tls", {"inspect"}},
      {"completion", {"bash", "zsh", "fish"}},
      {"config", {"show", "profiles"}},
      {"api-key", {"create", "invalidate"}},
      {"login", {}},
      {"logout", {}},
      {"whoami", {}},
  };
  return kSubcommands;
}

std::string fill_template(std::string text, std::string_view key, std::string_view value) {
  const std::string marker = "@" + std::string(key) + "@";
  for (std::size_t at = text.find(marker); at != std::string::npos;
       at = text.find(marker, at + value.size())) {
    text.replace(at, marker.size(), value);
  }
  return text;
}

}  // namespace escurl
