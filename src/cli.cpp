// SPDX-License-Identifier: MIT
#include "cli.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstring>

#include "exit_code.h"
#include "flags.h"
#include "redact.h"
#include "url.h"

namespace escurl {
namespace {

std::string cli11_names(const FlagSpec& f) {
  std::string names;
  if (f.short_name != 0) names = fmt::format("-{},", f.short_name);
  names += fmt::format("--{}", f.long_name);
  if (!f.alias.empty()) names += fmt::format(",--{}", f.alias);
  return names;
}

std::vector<std::string> did_you_mean(std::string_view unknown) {
  std::string_view name = unknown;
  while (name.starts_with('-')) name.remove_prefix(1);
  name = name.substr(0, name.find('='));
  const FlagSpec* best = nullptr;
  std::size_t best_distance = 3;  // further than this is no suggestion at all
  for (const FlagSpec& f : all_flags()) {
    const std::size_t d = edit_distance(name, f.long_name);
    if (d < best_distance) {
      best = &f;
      best_distance = d;
    }
  }
  if (best == nullptr) return {"see escurl --help for the list of options"};
  return {fmt::format("did you mean --{}?", best->long_name)};
}

Error translate_parse_error(const CLI::ParseError& e) {
  std::string what = e.what();
  // CLI11 names unexpected arguments after "The following argument(s) was/were not expected: ".
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    std::string first = what.substr(what.rfind(": ") + 2);
    first = first.substr(0, first.find(' '));
    if (first.starts_with('-')) {
      return make_error(Errc::Usage, fmt::format("unknown option '{}'", first),
                        did_you_mean(first));
    }
    return make_error(Errc::Usage, fmt::format("unexpected argument '{}'", first),
                      {"usage: escurl [options] URL  or  escurl [options] METHOD PATH [BODY]"});
  }
  if (!what.empty()) what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
  return make_error(Errc::Usage, what, {"see escurl --help"});
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

Result<RawOptions> parse_command_line(const std::vector<std::string>& args) {
  RawOptions raw;
  std::optional<Error> first_error;
  CLI::App app{"escurl"};
  app.set_help_flag();
  app.allow_extras(false);
  // One option group per category: CLI11 compares each new option's names with every option
  // already in its group, so 80 flags in one list cost 3,000 comparisons on every run. Names
  // are unique across the table (flags_test checks).
  std::vector<CLI::Option_group*> groups;
  for (int c = 0; c <= static_cast<int>(Category::Other); ++c) {
    groups.push_back(app.add_option_group(std::string(category_title(static_cast<Category>(c)))));
  }
  for (const FlagSpec& f : all_flags()) {
    auto apply = [&raw, &first_error, &f](std::string_view value) {
      if (Result<void> r = f.apply(raw, value); !r && !first_error) first_error = r.take_error();
    };
    CLI::App& group = *groups[static_cast<std::size_t>(f.category)];
    if (f.takes_value()) {
      group
          .add_option_function<std::string>(cli11_names(f),
                                            [apply](const std::string& v) { apply(v); })
          ->trigger_on_parse()
          ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
          ->allow_extra_args(false);
    } else {
      group.add_flag_callback(cli11_names(f), [apply] { apply({}); })->trigger_on_parse();
    }
  }
  app.add_option("args", raw.positionals);
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return translate_parse_error(e);
  }
  if (first_error) return *first_error;
  return raw;
}

std::string render_help() {
  std::string out =
      "escurl: an auth-aware curl for Elasticsearch\n\n"
      "Usage:\n"
      "  escurl [options] METHOD PATH [BODY]   Console form: escurl GET _cat/indices?v\n"
      "  escurl [options] URL                  curl form: escurl -X PUT https://host:9200/idx\n"
      "  escurl tls inspect [URL]              show the server's certificates; sends no request\n"
      "  escurl completion bash|zsh|fish       print a shell completion script (man escurl)\n\n"
      "SECRET values: a literal, @FILE (one trailing newline trimmed), @- (stdin) or env:NAME.\n"
      "BODY, --data: inline, @FILE or @- (stdin); bytes are sent unchanged.\n";
  for (int c = 0; c <= static_cast<int>(Category::Other); ++c) {
    const auto category = static_cast<Category>(c);
    out += fmt::format("\n{}:\n", category_title(category));
    for (const FlagSpec& f : all_flags()) {
      if (f.category != category) continue;
      std::string names = f.short_name ? fmt::format("-{}, ", f.short_name) : "    ";
      names += fmt::format("--{}", f.long_name);
      if (f.takes_value()) names += fmt::format(" {}", f.value_name);
      out += fmt::format("  {:<42} {}\n", names, f.help);
      if (!f.alias.empty()) out += fmt::format("  {:<42} (also --{})\n", "", f.alias);
    }
  }
  out += "\nExit codes:\n" + render_exit_codes_help();
  return out;
}

namespace {

const FlagSpec* short_flag(char c) {
  for (const FlagSpec& f : all_flags()) {
    if (f.short_name == c) return &f;
  }
  return nullptr;
}

void wipe(char* s, std::size_t n) { std::memset(s, 'x', n); }

// Whether `user` could be the user of "user:password@host": no blank, quote, bracket or brace, as
// a JSON body or a query has (RFC 3986 userinfo holds none of them).
bool looks_like_user(std::string_view user) {
  return !user.empty() && user.find_first_of(" \t\"'{}[]<>\\`|^") == std::string_view::npos;
}

// Wipes the password of the URL that starts at `start` of `value`: "scheme://user:password@host"
// or, when `bare`, also "user:password@host" whose user looks like one.
void wipe_one_url_password(char* value, std::size_t start, bool bare) {
  const std::string_view v = value;
  const std::size_t scheme = scheme_length(v.substr(start));
  if (scheme == 0 && !bare) return;
  const std::size_t begin = scheme != 0 ? start + scheme + 3 : start;
  std::string_view authority = v.substr(begin, v.find_first_of("/?#", begin) - begin);
  const std::size_t first_at = authority.find('@');
  if (first_at == std::string_view::npos) return;
  // A scheme-less list ("u:p@h1,u:p@h2") has no '/' between its URLs: the user information
  // ends before the first ',' after an '@'. (A ',' before it may be in the password.)
  authority = authority.substr(0, authority.find(',', first_at));
  const std::size_t at = authority.rfind('@');
  const std::size_t colon = authority.find(':');
  if (colon == std::string_view::npos || colon > at) return;
  if (scheme == 0 && !looks_like_user(authority.substr(0, colon))) return;
  wipe(value + begin + colon + 1, at - colon - 1);
}

// Wipes the passwords of the URLs in `value`: one URL or a comma-separated list, without a
// scheme too when `bare` (--url, --proxy, a positional). Wiping too much only changes what ps
// shows; too little leaves a password there.
void wipe_url_password(char* value, bool bare) {
  const std::string_view v = value;
  for (std::size_t start = 0;;) {
    wipe_one_url_password(value, start, bare);
    const std::size_t comma = v.find(',', start);
    if (comma == std::string_view::npos) return;
    start = comma + 1;
  }
}

// Wipes what `flag`'s value holds of a credential: all of a secret flag's value, the value of a
// credential header given with -H ("Authorization: ApiKey …", "Cookie: …"), a URL's password.
void scrub_value(const FlagSpec& flag, char* value) {
  const std::string_view v = value;
  if (flag.secret) {
    wipe(value, v.size());
  } else if (flag.long_name == "header") {
    // "NAME: VALUE", or curl's "NAME;VALUE", which escurl reads the same way.
    const std::size_t colon = v.find_first_of(":;");
    std::string_view name = v.substr(0, colon);
    while (name.ends_with(' ') || name.ends_with('\t')) name.remove_suffix(1);
    if (colon != std::string_view::npos && is_credential_header(name)) {
      wipe(value + colon + 1, v.size() - colon - 1);
    }
  } else {
    wipe_url_password(value, flag.long_name == "url" || flag.long_name == "proxy");
  }
}

}  // namespace

void scrub_secret_args(int argc, char** argv) {
  bool options_ended = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (options_ended || arg.size() < 2 || arg[0] != '-') {
      wipe_url_password(argv[i], true);  // a URL given as a positional
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    if (arg.starts_with("--")) {
      const std::size_t eq = arg.find('=');
      const FlagSpec* flag = find_flag(arg.substr(2, eq == std::string_view::npos ? eq : eq - 2));
      if (flag == nullptr || !flag->takes_value()) continue;
      if (eq != std::string_view::npos) {
        scrub_value(*flag, argv[i] + eq + 1);
      } else if (i + 1 < argc) {
        scrub_value(*flag, argv[++i]);
      }
      continue;
    }
    // A cluster of short flags ("-ku user:pw", "-kuuser:pw"): the first flag that takes a value
    // takes the rest of the cluster, or the next argument.
    for (std::size_t j = 1; j < arg.size(); ++j) {
      const FlagSpec* flag = short_flag(arg[j]);
      if (flag == nullptr || !flag->takes_value()) continue;
      if (j + 1 < arg.size()) {
        scrub_value(*flag, argv[i] + j + 1);
      } else if (i + 1 < argc) {
        scrub_value(*flag, argv[++i]);
      }
      break;
    }
  }
}

}  // namespace escurl
