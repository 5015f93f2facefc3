// SPDX-License-Identifier: MIT
#include "url.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "terminal_text.h"

namespace escurl {
namespace {

constexpr std::string_view kUrlForm =
    "expected [https://]HOST[:PORT][/PATH], e.g. https://localhost:9200";

Result<std::string> percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= s.size()) {
      return make_error(Errc::BadUrl, "malformed percent-encoding in the URL's user information");
    }
    const auto [end, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, value, 16);
    if (ec != std::errc() || end != s.data() + i + 3) {
      return make_error(Errc::BadUrl, "malformed percent-encoding in the URL's user information");
    }
    out += static_cast<char>(value);
    i += 2;
  }
  return out;
}

Result<void> parse_userinfo(std::string_view info, Url& url) {
  const std::size_t colon = info.find(':');
  Result<std::string> user = percent_decode(info.substr(0, colon));
  if (!user) return user.take_error();
  url.user = std::move(*user);
  if (colon != std::string_view::npos) {
    Result<std::string> password = percent_decode(info.substr(colon + 1));
    if (!password) return password.take_error();
    url.password = Secret(std::move(*password));
  }
  return ok();
}

// True when the URL text holds user information anywhere: then no part of it before the last
// '@' may be printed, since a password can contain '/', '?', '#' or '@' when not encoded.
bool has_userinfo(std::string_view text) { return text.find('@') != std::string_view::npos; }

// A registered name or IPv4 address: letters, digits, '-', '.' and '_' only.
bool is_host_name(std::string_view host) {
  return std::all_of(host.begin(), host.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return std::isalnum(c) || c == '-' || c == '.' || c == '_';
  });
}

Error bad_url(std::string_view text, std::string_view why) {
  // The text may hold user information; show only what follows it.
  const std::size_t at = text.rfind('@');
  const std::string_view shown = at == std::string_view::npos ? text : text.substr(at + 1);
  return make_error(Errc::BadUrl, fmt::format("malformed URL '{}': {}", terminal_text(shown), why),
                    {std::string(kUrlForm)});
}

// "HOST:WORD" where WORD is not digits: most often "user:password" given where the URL goes (a
// forgotten -u), so WORD is never shown, and the message says what it looks like.
Error not_a_port(std::string_view text, std::string_view host) {
  const std::string user = terminal_text(host);
  const std::string hint = fmt::format(
      "give credentials with -u {}: escurl asks for the password (or reads it with "
      "--password @FILE or env:NAME)",
      user);
  if (!has_userinfo(text) && text.find_first_of("/?#") == std::string_view::npos) {
    return make_error(Errc::BadUrl,
                      fmt::format("'{}:…' looks like USER:PASSWORD, not a URL (what follows ':' "
                                  "is not a port number)",
                                  user),
                      {hint});
  }
  return make_error(
      Errc::BadUrl,
      fmt::format("malformed URL '{}:…': what follows ':' is not a port number", user),
      {"if that is USER:PASSWORD, " + hint, std::string(kUrlForm)});
}

Result<void> parse_host_port(std::string_view text, std::string_view hostport, Url& url) {
  std::string_view port_text;
  if (hostport.starts_with('[')) {
    const std::size_t close = hostport.find(']');
    if (close == std::string_view::npos) return bad_url(text, "unclosed '[' in the host");
    url.host = std::string(hostport.substr(1, close - 1));
    unsigned char addr[16];
    if (inet_pton(AF_INET6, url.host.c_str(), addr) != 1) {
      return bad_url(text, "the host in brackets is not an IPv6 address");
    }
    std::string_view rest = hostport.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return bad_url(text, "unexpected text after ']'");
      port_text = rest.substr(1);
    }
  } else {
    const std::size_t colon = hostport.rfind(':');
    url.host = std::string(hostport.substr(0, colon));
    if (colon != std::string_view::npos) port_text = hostport.substr(colon + 1);
    if (url.host.find(':') != std::string::npos) {
      return bad_url(text, "an IPv6 address needs brackets, e.g. https://[::1]:9200");
    }
    if (!url.host.empty() && !is_host_name(url.host)) {
      return bad_url(text, "the host may hold only letters, digits, '-', '.' and '_'");
    }
  }
  if (url.host.empty()) return bad_url(text, "no host");
  url.port = url.is_https() ? 443 : 80;
  if (!port_text.empty()) {
    if (!std::all_of(port_text.begin(), port_text.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
      return not_a_port(text, url.host);
    }
    int port = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 ||
        port > 65535) {
      return bad_url(text,
                     has_userinfo(text)
                         ? std::string("the port is not a number from 1 to 65535")
                         : fmt::format("port '{}' is not a number from 1 to 65535", port_text));
    }
    url.port = port;
  }
  return ok();
}

}  // namespace

std::string Url::authority() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

std::string Url::origin() const { return fmt::format("{}://{}", scheme, authority()); }

std::string Url::display() const { return origin() + target; }

std::size_t scheme_length(std::string_view text) {
  // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://" for an authority.
  if (text.empty() || std::isalpha(static_cast<unsigned char>(text[0])) == 0) return 0;
  std::size_t n = 1;
  while (n < text.size() && (std::isalnum(static_cast<unsigned char>(text[n])) != 0 ||
                             text[n] == '+' || text[n] == '-' || text[n] == '.')) {
    ++n;
  }
  return text.substr(n).starts_with("://") ? n : 0;
}

Result<Url> parse_url(std::string_view text) {
  Url url;
  std::string_view rest = text;
  // Only a scheme at the very start counts: "://" in a query (q=link:"https://x") is data.
  if (const std::size_t sep = scheme_length(rest); sep != 0) {
    url.scheme = std::string(rest.substr(0, sep));
    std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    rest.remove_prefix(sep + 3);
  } else {
    url.scheme = "https";
  }
  if (url.scheme != "https" && url.scheme != "http") {
    return bad_url(text, fmt::format("scheme '{}' is not http or https", url.scheme));
  }
  const std::size_t path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  std::string_view target = path_start == std::string_view::npos ? "" : rest.substr(path_start);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    if (Result<void> r = parse_userinfo(authority.substr(0, at), url); !r) return r.take_error();
    authority.remove_prefix(at + 1);
  }
  if (Result<void> r = parse_host_port(text, authority, url); !r) return r.take_error();
  if (const std::size_t hash = target.find('#'); hash != std::string_view::npos) {
    target = target.substr(0, hash);  // fragments never go on the wire
  }
  url.target = target.empty() || target[0] != '/' ? "/" + std::string(target) : std::string(target);
  return url;
}

Url join_path(const Url& base, std::string_view path) {
  Url url = base;
  std::string prefix = base.target.substr(0, base.target.find('?'));
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  while (path.starts_with('/')) path.remove_prefix(1);
  url.target = prefix + "/" + std::string(path);
  return url;
}

std::string encode_target(std::string_view target) {
  static constexpr std::string_view kUnsafe = " <>\"\\^`{|}";
  std::string out;
  out.reserve(target.size());
  for (const char ch : target) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f || kUnsafe.find(ch) != std::string_view::npos) {
      out += fmt::format("%{:02X}", c);
    } else {
      out += ch;
    }
  }
  return out;
}

bool is_ip_literal(std::string_view host) {
  unsigned char buf[16];
  const std::string h(host);
  return inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
}

}  // namespace escurl
