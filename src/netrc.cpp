// SPDX-License-Identifier: MIT
#include "netrc.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <vector>

#include "file_read.h"

namespace escurl {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Like curl, every byte up to and including the space separates tokens.
bool is_space(char c) { return static_cast<unsigned char>(c) <= ' '; }

// A token may be a password, so its text lives in a Secret.
struct Token {
  Secret text;
  int line = 0;
  bool is(std::string_view keyword) const { return iequals(text.reveal(), keyword); }
};

// Splits the file into tokens. curl skips lines whose first non-blank byte is '#', and reads a
// token that starts with '"' up to the closing quote, with \n, \r and \t escapes.
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {}

  /// The next token, nullopt at the end, or an error for an unterminated quote.
  Result<std::optional<Token>> next() {
    skip_space_and_comments();
    if (pos_ >= text_.size()) return std::optional<Token>{};
    Token t;
    t.line = line_;
    if (text_[pos_] != '"') {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && !is_space(text_[pos_])) ++pos_;
      t.text = Secret(std::string(text_.substr(start, pos_ - start)));
      at_line_start_ = false;
      return std::optional<Token>(std::move(t));
    }
    Result<Secret> quoted = read_quoted();
    if (!quoted) return quoted.take_error();
    t.text = std::move(*quoted);
    at_line_start_ = false;
    return std::optional<Token>(std::move(t));
  }

  /// Skips a macro: the rest of the `macdef` line, then every line up to a blank one.
  void skip_macro() {
    skip_rest_of_line();
    while (pos_ < text_.size()) {
      const std::size_t eol = text_.find('\n', pos_);
      const std::string_view line =
          text_.substr(pos_, eol == std::string_view::npos ? std::string_view::npos : eol - pos_);
      pos_ = eol == std::string_view::npos ? text_.size() : eol + 1;
      ++line_;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) break;
    }
    at_line_start_ = true;
  }

 private:
  void skip_rest_of_line() {
    const std::size_t eol = text_.find('\n', pos_);
    pos_ = eol == std::string_view::npos ? text_.size() : eol + 1;
    ++line_;
  }

  void skip_space_and_comments() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        ++pos_;
        at_line_start_ = true;
      } else if (is_space(c)) {
        ++pos_;
      } else if (c == '#' && at_line_start_) {
        skip_rest_of_line();
      } else {
        return;
      }
    }
  }

  Result<Secret> read_quoted() {
    std::string out;
    ++pos_;  // the opening quote
    bool escape = false;
    for (; pos_ < text_.size() && text_[pos_] != '\n'; ++pos_) {
      char c = text_[pos_];
      if (escape) {
        escape = false;
        c = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
      } else if (c == '\\') {
        escape = true;
        continue;
      } else if (c == '"') {
        ++pos_;
        Secret token(std::move(out));
        secure_wipe(out);
        return token;
      }
      out += c;
    }
    secure_wipe(out);
    return make_error(Errc::Usage,
                      fmt::format("line {}: a quoted token has no closing quote", line_),
                      {"close the quote on the same line; write a quote inside it as \\\""});
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  bool at_line_start_ = true;
};

struct Entry {
  bool is_default = false;
  std::string machine;
  std::optional<std::string> login;
  std::optional<Secret> password;
};

// Takes the value after a keyword; a keyword at the very end of the file is an error.
Result<Token> value_after(Tokenizer& tokens, std::string_view keyword, int line) {
  Result<std::optional<Token>> t = tokens.next();
  if (!t) return t.take_error();
  if (!*t) {
    return make_error(
        Errc::Usage, fmt::format("line {}: '{}' is the last word and has no value", line, keyword));
  }
  return std::move(**t);
}

// "login", "password" or "account" when the token is one of them (in any case), else empty.
std::string_view keyword_with_value(const Token& t) {
  for (const std::string_view kw : {"login", "password", "account"}) {
    if (t.is(kw)) return kw;
  }
  return {};
}

Result<std::vector<Entry>> parse_entries(std::string_view contents) {
  Tokenizer tokens(contents);
  std::vector<Entry> entries;
  for (;;) {
    Result<std::optional<Token>> next = tokens.next();
    if (!next) return next.take_error();
    if (!*next) return entries;
    const Token& t = **next;
    if (t.is("macdef")) {
      tokens.skip_macro();
    } else if (t.is("default")) {
      entries.emplace_back().is_default = true;
    } else if (t.is("machine")) {
      Result<Token> name = value_after(tokens, "machine", t.line);
      if (!name) return name.take_error();
      entries.emplace_back().machine = name->text.reveal();
    } else if (const std::string_view kw = keyword_with_value(t); !kw.empty()) {
      Result<Token> value = value_after(tokens, kw, t.line);
      if (!value) return value.take_error();
      // Outside an entry curl ignores these; "account" is ftp's and of no use to escurl.
      if (entries.empty() || kw == "account") continue;
      if (kw == "login") {
        entries.back().login = value->text.reveal();
      } else {
        entries.back().password = std::move(value->text);
      }
    }
    // Any other word is skipped, as curl does.
  }
}

bool matches(const Entry& e, std::optional<std::string_view> user) {
  if (!e.login && !e.password) return false;
  return !user || !e.login || *e.login == *user;
}

std::optional<NetrcEntry> to_result(const Entry& e, std::optional<std::string_view> user) {
  NetrcEntry out;
  out.login = e.login ? *e.login : std::string(user.value_or(""));
  if (e.password) out.password = *e.password;
  return out;
}

}  // namespace

Result<std::optional<NetrcEntry>> netrc_lookup(std::string_view contents, std::string_view host,
                                               std::optional<std::string_view> user) {
  Result<std::vector<Entry>> entries = parse_entries(contents);
  if (!entries) return entries.take_error();
  for (const Entry& e : *entries) {
    if (!e.is_default && iequals(e.machine, host) && matches(e, user)) return to_result(e, user);
  }
  for (const Entry& e : *entries) {
    if (e.is_default && matches(e, user)) return to_result(e, user);
  }
  return std::optional<NetrcEntry>{};
}

Result<std::optional<NetrcEntry>> netrc_lookup_file(const std::string& path, NetrcMode mode,
                                                    std::string_view host,
                                                    std::optional<std::string_view> user,
                                                    double wait_seconds) {
  struct stat st {};
  if (mode == NetrcMode::Optional && ::stat(path.c_str(), &st) != 0 && errno == ENOENT) {
    return std::optional<NetrcEntry>{};
  }
  Result<std::string> text = read_whole_file(
      path, {fmt::format("the .netrc file '{}'", path), kSmallFileLimit, wait_seconds});
  if (!text) {
    Error e = text.take_error();
    e.hints.insert(e.hints.begin(), "check the path given to --netrc-file or in $NETRC");
    return e;
  }
  Result<std::optional<NetrcEntry>> r = netrc_lookup(*text, host, user);
  secure_wipe(*text);
  if (!r) {
    Error e = r.take_error();
    e.message = fmt::format("{}: {}", path, e.message);
    return e;
  }
  return r;
}

std::string default_netrc_path(const Env& env) {
  if (auto netrc = env.get("NETRC"); netrc && !netrc->empty()) return *netrc;
  if (auto home = env.get("HOME"); home && !home->empty()) return *home + "/.netrc";
  return {};
}

}  // namespace escurl
