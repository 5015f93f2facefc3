// SPDX-License-Identifier: MIT
#include "endpoints.h"

#include <algorithm>
#include <cctype>

namespace escurl {
namespace {

constexpr Endpoint kEndpoints[] = {
#include "es_endpoints_data.inc"
};

bool same_method(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::span<const Endpoint> es_endpoints() { return kEndpoints; }

std::vector<std::string> completion_paths(std::string_view method, std::string_view typed) {
  const std::string lead = typed.starts_with('/') ? "/" : "";
  typed.remove_prefix(lead.size());
  const std::size_t slash = typed.find('/');
  // "logs/_se": a name typed where a template has {index}, {name}, {target}...
  const bool after_name = slash != std::string_view::npos && slash > 0 && !typed.starts_with('_');
  const std::string name(typed.substr(0, after_name ? slash : 0));
  std::vector<std::string> out;
  for (const Endpoint& e : kEndpoints) {
    if (!same_method(e.method, method)) continue;
    std::string_view p = e.path.substr(1);
    if (after_name) {
      const std::size_t end = p.find('/');
      if (!p.starts_with('{') || end == std::string_view::npos) continue;
      p = p.substr(end);
    }
    p = p.substr(0, p.find('{'));
    if (!p.empty() && p != "/") out.push_back(lead + name + std::string(p));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace escurl
