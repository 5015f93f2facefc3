// SPDX-License-Identifier: MIT
#include "cloud_id.h"

#include <fmt/format.h>

#include <charconv>
#include <vector>

#include "base64.h"
#include "url.h"

namespace escurl {
namespace {

constexpr std::string_view kHint =
    "a Cloud ID looks like 'name:BASE64'; copy it from the deployment's page in the Elastic Cloud "
    "console";

Error malformed(std::string_view reason) {
  return make_error(Errc::BadUrl, fmt::format("the Cloud ID is not properly formatted: {}", reason),
                    {std::string(kHint)});
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t at = s.find(sep);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

bool is_ascii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// The port after the host's last ':' — stricter than Python's int(), which also takes signs and
// spaces, since such a port could only come from a hand-made Cloud ID.
std::optional<int> parse_port(std::string_view text) {
  int port = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || port < 1 ||
      port > 65535) {
    return std::nullopt;
  }
  return port;
}

}  // namespace

Result<CloudId> decode_cloud_id(std::string_view text) {
  text = trim(text);
  if (!is_ascii(text)) return malformed("it contains non-ASCII characters");
  // Like Python's str.partition: without a ':' the whole text is the label and nothing is left.
  const std::size_t colon = text.find(':');
  CloudId id;
  id.label = std::string(text.substr(0, colon));
  const std::string_view encoded =
      colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  if (encoded.empty()) return malformed("nothing follows 'name:'");
  const std::optional<std::string> decoded = base64_decode(encoded);
  if (!decoded) return malformed("the part after 'name:' is not base64");
  if (!is_ascii(*decoded)) return malformed("the decoded text is not ASCII");

  const std::vector<std::string_view> parts = split(*decoded, '$');
  std::string_view host = parts[0];
  if (host.empty()) return malformed("it names no host");
  int port = 443;
  if (const std::size_t at = host.rfind(':'); at != std::string_view::npos) {
    const std::optional<int> p = parse_port(host.substr(at + 1));
    if (!p) return malformed("the port after the host is not a number from 1 to 65535");
    port = *p;
    host = host.substr(0, at);
    if (host.empty()) return malformed("it names no host");
  }
  if (parts.size() < 2 || parts[1].empty()) {
    return malformed("it names no Elasticsearch cluster");
  }
  id.es_url = fmt::format("https://{}.{}:{}", parts[1], host, port);
  // The parts must make a host name and nothing else: a '/', '@' or '?' would move them into
  // another part of the URL.
  const Result<Url> es = parse_url(id.es_url);
  if (!es || es->host != fmt::format("{}.{}", parts[1], host) || es->target != "/") {
    return malformed("the host or the cluster id holds a character a host name cannot");
  }
  if (parts.size() >= 3 && !parts[2].empty()) {
    id.kibana_url = fmt::format("https://{}.{}:{}", parts[2], host, port);
  }
  return id;
}

}  // namespace escurl
