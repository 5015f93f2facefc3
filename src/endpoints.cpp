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

std::vector<std::string> completion_paths(std::string_view method) {
  std::vector<std::string> out;
  for (const Endpoint& e : kEndpoints) {
    if (!same_method(e.method, method)) continue;
    std::string_view p = e.path.substr(1);
    p = p.substr(0, p.find('{'));
    if (!p.empty()) out.emplace_back(p);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace escurl
