// SPDX-License-Identifier: MIT
#include "write_out.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "file_read.h"
#include "redact.h"

namespace escurl {
namespace {

using nlohmann::ordered_json;

// The variables %{json} carries, in its order; plus the stream switches and the two documents.
const std::vector<std::string_view> kScalars = {
    "content_type", "errormsg",       "exitcode",        "http_code",     "http_version",
    "method",       "num_redirects",  "num_retries",     "response_code", "size_download",
    "size_upload",  "speed_download", "time_appconnect", "time_connect",  "time_starttransfer",
    "time_total",   "url_effective"};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Every value of a response header (any case), joined as curl does, credentials redacted.
std::optional<std::string> header_value(const TransferReport& r, std::string_view name) {
  if (!r.head) return std::nullopt;
  std::optional<std::string> out;
  for (const auto& [n, v] : r.head->headers) {
    if (!iequals(n, name)) continue;
    const std::string shown = display_header_value(n, v);
    out = out ? *out + ", " + shown : shown;
  }
  return out;
}

std::string http_version(const TransferReport& r) {
  if (!r.head) return "0";
  const std::string& v = r.head->version;
  return v.starts_with("HTTP/") ? v.substr(5) : v;
}

ordered_json scalar(const TransferReport& r, std::string_view name) {
  const int status = r.head ? r.head->status : 0;
  if (name == "content_type") return header_value(r, "Content-Type").value_or("");
  if (name == "errormsg") return r.errormsg;
  if (name == "exitcode") return r.exit_code;
  if (name == "http_code" || name == "response_code") return status;
  if (name == "http_version") return http_version(r);
  if (name == "method") return r.method;
  if (name == "num_redirects") return r.num_redirects;
  if (name == "num_retries") return r.num_retries;
  if (name == "size_download") return r.size_download;
  if (name == "size_upload") return r.size_upload;
  if (name == "speed_download") {
    return r.time_total > 0
               ? static_cast<std::uint64_t>(static_cast<double>(r.size_download) / r.time_total)
               : std::uint64_t{0};
  }
  if (name == "time_appconnect") return r.time_appconnect;
  if (name == "time_connect") return r.time_connect;
  if (name == "time_starttransfer") return r.time_starttransfer;
  if (name == "time_total") return r.time_total;
  if (name == "url_effective") return r.url_effective;
  return nullptr;
}

ordered_json header_json(const TransferReport& r) {
  ordered_json out = ordered_json::object();
  if (!r.head) return out;
  for (const auto& [n, v] : r.head->headers) {
    out[lower(n)].push_back(display_header_value(n, v));
  }
  return out;
}

std::string dump(const ordered_json& j) {
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

// A variable as text: times with six decimals and the status with three digits, as curl.
std::string variable_text(const TransferReport& r, std::string_view name) {
  if (name == "json") {
    ordered_json all = ordered_json::object();
    for (const std::string_view n : kScalars) all[std::string(n)] = scalar(r, n);
    return dump(all);
  }
  if (name == "header_json") return dump(header_json(r));
  if (name == "http_code" || name == "response_code") {
    return fmt::format("{:03d}", r.head ? r.head->status : 0);
  }
  const ordered_json v = scalar(r, name);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return fmt::format("{:.6f}", v.get<double>());
  return v.dump();
}

bool is_variable(std::string_view name) {
  const std::vector<std::string_view>& all = write_out_variables();
  return std::find(all.begin(), all.end(), name) != all.end();
}

Error unknown_variable(std::string_view name) {
  std::string_view nearest;
  std::size_t best = 3;
  for (const std::string_view v : write_out_variables()) {
    const std::size_t d = edit_distance(name, v);
    if (d < best) {
      best = d;
      nearest = v;
    }
  }
  std::vector<std::string> hints;
  if (!nearest.empty()) hints.push_back(fmt::format("did you mean %{{{}}}?", nearest));
  hints.push_back("see --help for the variables --write-out knows");
  return make_error(Errc::Usage, fmt::format("--write-out: unknown variable %{{{}}}", name),
                    std::move(hints));
}

}  // namespace

double seconds_since(std::chrono::steady_clock::time_point start,
                     std::optional<std::chrono::steady_clock::time_point> at) {
  if (!at || *at < start) return 0;
  return std::chrono::duration<double>(*at - start).count();
}

const std::vector<std::string_view>& write_out_variables() {
  static const std::vector<std::string_view> all = [] {
    std::vector<std::string_view> v = kScalars;
    v.insert(v.end(), {"header_json", "json", "stderr", "stdout"});
    return v;
  }();
  return all;
}

Result<WriteOutFormat> WriteOutFormat::parse(std::string_view f) {
  WriteOutFormat out;
  auto text = [&out](std::string_view s) {
    if (out.tokens_.empty() || out.tokens_.back().kind != Token::Kind::Text) {
      out.tokens_.push_back({Token::Kind::Text, ""});
    }
    out.tokens_.back().value += s;
  };
  std::size_t i = 0;
  while (i < f.size()) {
    const char c = f[i];
    if (c == '\\' && i + 1 < f.size()) {
      const char e = f[i + 1];
      // Unknown escapes stay as typed, as in curl.
      text(e == 'n' ? "\n" : e == 'r' ? "\r" : e == 't' ? "\t" : e == '\\' ? "\\" : f.substr(i, 2));
      i += 2;
    } else if (c == '%' && f.substr(i).starts_with("%%")) {
      text("%");
      i += 2;
    } else if (c == '%' && f.substr(i).starts_with("%{")) {
      const std::size_t close = f.find('}', i);
      if (close == std::string_view::npos) {
        return make_error(Errc::Usage, "--write-out: %{ without its closing }");
      }
      const std::string name(f.substr(i + 2, close - i - 2));
      if (!is_variable(name)) return unknown_variable(name);
      const bool stream = name == "stdout" || name == "stderr";
      out.tokens_.push_back({stream ? Token::Kind::Stream : Token::Kind::Variable, name});
      i = close + 1;
    } else if (c == '%' && f.substr(i).starts_with("%header{")) {
      const std::size_t close = f.find('}', i);
      if (close == std::string_view::npos) {
        return make_error(Errc::Usage, "--write-out: %header{ without its closing }");
      }
      out.tokens_.push_back({Token::Kind::Header, std::string(f.substr(i + 8, close - i - 8))});
      i = close + 1;
    } else {
      text(f.substr(i, 1));
      ++i;
    }
  }
  return out;
}

std::vector<WriteOutPiece> WriteOutFormat::render(const TransferReport& report) const {
  std::vector<WriteOutPiece> pieces(1);
  for (const Token& t : tokens_) {
    switch (t.kind) {
      case Token::Kind::Text:
        pieces.back().text += t.value;
        break;
      case Token::Kind::Variable:
        pieces.back().text += variable_text(report, t.value);
        break;
      case Token::Kind::Header:
        pieces.back().text += header_value(report, t.value).value_or("");
        break;
      case Token::Kind::Stream: {
        const int fd = t.value == "stderr" ? 2 : 1;
        if (pieces.back().fd != fd) pieces.push_back({fd, ""});
        break;
      }
    }
  }
  std::erase_if(pieces, [](const WriteOutPiece& p) { return p.text.empty(); });
  return pieces;
}

Result<std::string> load_write_out_format(std::string_view arg, Env& env, StdinClaim& claim) {
  if (!arg.starts_with('@')) return std::string(arg);
  if (arg == "@-") {
    if (Result<void> c = claim.claim("--write-out @-"); !c) return c.take_error();
    return env.read_stdin();
  }
  return read_whole_file(std::string(arg.substr(1)),
                         {fmt::format("--write-out {}", arg), kSmallFileLimit, env.file_wait});
}

}  // namespace escurl
