// SPDX-License-Identifier: MIT
#include "config_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <tuple>
#include <type_traits>

#include "config_permissions.h"
#include "file_read.h"
#include "profile_schema.h"
#include "toml_prescan.h"

// toml++ is used header-only and without exceptions, whatever the build passes: its shared
// library is built with exceptions, and no exception may leave this module. Only its documented
// configuration macros are set, and only its public header is included: it is toml.h on both
// 3.3 (Debian 12) and 3.4 (Debian 13). What it cannot be given is kept from it by toml_prescan.
#undef TOML_HEADER_ONLY
#define TOML_HEADER_ONLY 1
#undef TOML_SHARED_LIB
#define TOML_SHARED_LIB 0
#undef TOML_EXCEPTIONS
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

// With exceptions, toml::parse() throws and its parse_result is toml::table itself.
static_assert(!std::is_same_v<toml::parse_result, toml::table>,
              "toml++ must report parse errors as values here");

namespace escurl {
namespace {

using K = ProfileKeyKind;

constexpr std::string_view kTopKeys[] = {"default_profile", "profiles"};

struct Where {
  const std::string& path;
  std::string at(const toml::source_region& r) const {
    return fmt::format("{}:{}:{}", path, r.begin.line, r.begin.column);
  }
  std::string line(const toml::source_region& r) const {
    return fmt::format("{}:{}", path, r.begin.line);
  }
  Error error(const toml::source_region& r, std::string message,
              std::vector<std::string> hints = {}) const {
    return make_error(Errc::Usage, fmt::format("{}: {}", at(r), message), std::move(hints));
  }
};

// toml++'s descriptions may quote what the parser saw, which could be part of a secret: such
// quotes are cut or replaced, as is the "Error while parsing X: " preamble. Key names, which
// it also quotes ("cannot redefine existing string 'url'"), stay.
std::string describe_parse_error(std::string_view d) {
  if (d.starts_with("Error while parsing ")) {
    if (const std::size_t colon = d.find(": "); colon != std::string_view::npos) {
      d.remove_prefix(colon + 2);
    }
  }
  std::string out(d.substr(0, d.find(", saw ")));
  for (const std::string_view cut : {" sequence '", " interpret '"}) {
    if (const std::size_t at = out.find(cut); at != std::string::npos)
      out.resize(at + cut.size() - 2);
  }
  if (out.starts_with('\'')) {
    const std::size_t close = out.find('\'', 1);
    out = "the value" +
          (close == std::string::npos ? std::string(" is invalid") : out.substr(close + 1));
  }
  return out;
}

void wipe_strings(toml::node& n) {
  if (toml::value<std::string>* s = n.as_string()) {
    secure_wipe(s->get());
  } else if (toml::array* a = n.as_array()) {
    for (toml::node& el : *a) wipe_strings(el);
  } else if (toml::table* t = n.as_table()) {
    for (auto&& [k, v] : *t) wipe_strings(v);
  }
}

// The file's text and mode, read through one descriptor so the mode is the text's.
struct FileText {
  std::string text;
  mode_t mode = 0;
  bool missing = false;
  ~FileText() { secure_wipe(text); }
};

// Reads the config file, refusing one that someone else could have changed before a byte of it
// is read: what it says (commands to run, where credentials go) cannot be trusted then.
Result<void> read_config_file(const std::string& path, FileText& out) {
  const FileRead how{fmt::format("the config file '{}'", path), kSmallFileLimit};
  const InputFile file(path);
  if (!file.is_open() && file.os_error() == ENOENT) {
    out.missing = true;
    return ok();
  }
  if (!file.is_open()) return file.open_error(how);
  if (!S_ISREG(file.status().st_mode)) {
    return make_error(Errc::Usage,
                      fmt::format("cannot read {}: it is not a regular file", how.what));
  }
  if (Result<void> r = check_config_owner(path, file.status()); !r) return r;
  out.mode = file.status().st_mode & 07777;
  return file.read_all(how, out.text);
}

// Everything learnt from a valid file.
struct Parsed {
  std::optional<std::string> default_profile;
  toml::source_region default_where;
  std::map<std::string, Profile> profiles;
  std::optional<std::string> literal_secret;  ///< "'password' in profile 'prod' at line 4"
};

std::optional<std::vector<std::string>> string_list(const toml::node& v) {
  const toml::array* a = v.as_array();
  if (!a || a->empty()) return std::nullopt;
  std::vector<std::string> out;
  for (const toml::node& el : *a) {
    if (!el.is_string()) return std::nullopt;
    out.push_back(el.as_string()->get());
  }
  return out;
}

std::optional<double> number(const toml::node& v) {
  if (const auto* i = v.as_integer()) return static_cast<double>(i->get());
  if (const auto* f = v.as_floating_point()) return f->get();
  return std::nullopt;
}

// Converts a value to its kind; nullopt when it has the wrong type or range.
std::optional<ProfileValue> convert(ProfileKeyKind kind, const toml::node& v) {
  const toml::value<std::string>* s = v.as_string();
  switch (kind) {
    case K::Text:
      if (s) return ProfileValue(s->get());
      return std::nullopt;
    case K::SecretText:
    case K::UserSecret:
      if (s) return ProfileValue(Secret(s->get()));
      return std::nullopt;
    case K::Url:
      if (s) return ProfileValue(std::vector<std::string>{s->get()});
      return std::nullopt;
    case K::Switch:
      if (const auto* b = v.as_boolean()) return ProfileValue(b->get());
      return std::nullopt;
    case K::Seconds:
    case K::NonNegSeconds: {
      const std::optional<double> n = number(v);
      if (!n || !std::isfinite(*n) || *n < 0 || (kind == K::Seconds && *n == 0)) {
        return std::nullopt;
      }
      return ProfileValue(*n);
    }
    case K::Count:
      if (const auto* i = v.as_integer(); i && i->get() >= 0) {
        return ProfileValue(static_cast<double>(i->get()));
      }
      return std::nullopt;
    case K::Urls:
    case K::Command: {
      std::optional<std::vector<std::string>> list = string_list(v);
      if (!list || (kind == K::Command && list->front().empty())) return std::nullopt;
      return ProfileValue(std::move(*list));
    }
  }
  return std::nullopt;
}

Error unknown_profile_key(const Where& w, const std::string& name, const toml::key& key) {
  std::vector<std::string> hints;
  if (const auto guess = closest_key(key.str(), profile_keys())) {
    hints.push_back(fmt::format("did you mean '{}'?", *guess));
  }
  hints.emplace_back("the keys a profile may hold are listed in docs/configuration.md");
  return w.error(key.source(), fmt::format("unknown key '{}' in profile '{}'", key.str(), name),
                 hints);
}

// A secret given both as a value and as a *_command is ambiguous.
Result<void> check_conflicts(const Profile& p) {
  for (const auto& [option, setting] : p.settings) {
    if (!option.ends_with("-command")) continue;
    const std::string base = option.substr(0, option.size() - std::string_view("-command").size());
    if (const ProfileSetting* other = p.find(base)) {
      return make_error(
          Errc::Usage,
          fmt::format("{}: profile '{}' sets both '{}' and '{}'", setting.source, p.name,
                      other->key, setting.key),
          {fmt::format("keep one of them ('{}' is at {})", other->key, other->source)});
    }
  }
  return ok();
}

Result<Profile> build_profile(const Where& w, const std::string& name, const toml::table& table,
                              Parsed& parsed) {
  Profile p;
  p.name = name;
  p.path = w.path;
  for (auto&& [key, node] : table) {
    const ProfileKeySpec* spec = find_profile_key(key.str());
    if (!spec) return unknown_profile_key(w, name, key);
    std::optional<ProfileValue> value = convert(spec->kind, node);
    if (!value) {
      return w.error(node.source(), fmt::format("'{}' in profile '{}' must be {}", key.str(), name,
                                                expected_profile_value(spec->kind)));
    }
    if (!parsed.literal_secret && is_literal_secret(spec->kind, *value)) {
      parsed.literal_secret =
          fmt::format("'{}' in profile '{}' at line {}", key.str(), name, node.source().begin.line);
    }
    const std::string option = profile_option_name(*spec);
    if (const ProfileSetting* earlier = p.find(option)) {
      return w.error(
          key.source(),
          fmt::format("profile '{}' sets both '{}' and '{}'", name, earlier->key, key.str()),
          {"keep one of them"});
    }
    p.settings.emplace(
        option, ProfileSetting{std::string(key.str()), std::move(*value), w.line(node.source())});
  }
  if (Result<void> r = check_conflicts(p); !r) return r.take_error();
  return p;
}

Error unknown_top_key(const Where& w, const toml::key& key, const toml::node& node) {
  if (find_profile_key(key.str())) {
    return w.error(key.source(), fmt::format("'{}' is outside any profile", key.str()),
                   {"put it under a [profiles.NAME] table, and name that profile in "
                    "default_profile = \"NAME\" to use it by default"});
  }
  std::vector<std::string> hints;
  if (node.is_table()) {
    hints.push_back(fmt::format("a profile's table is written [profiles.{}]", key.str()));
  } else if (const auto guess =
                 closest_key(key.str(), {std::begin(kTopKeys), std::end(kTopKeys)})) {
    hints.push_back(fmt::format("did you mean '{}'?", *guess));
  }
  return w.error(key.source(), fmt::format("unknown key '{}'", key.str()), hints);
}

Result<Parsed> interpret(const Where& w, const toml::table& doc) {
  Parsed parsed;
  for (auto&& [key, node] : doc) {
    if (key.str() == "default_profile") {
      if (!node.is_string()) {
        return w.error(node.source(), "'default_profile' must be a string: a profile's name");
      }
      parsed.default_profile = node.as_string()->get();
      parsed.default_where = node.source();
    } else if (key.str() == "profiles") {
      const toml::table* profiles = node.as_table();
      if (!profiles) return w.error(node.source(), "'profiles' must be a table of profiles");
      for (auto&& [name, body] : *profiles) {
        if (!body.is_table()) {
          return w.error(
              body.source(), fmt::format("profile '{}' must be a table", name.str()),
              {fmt::format("write it as [profiles.{}] followed by its keys", name.str())});
        }
        Result<Profile> p = build_profile(w, std::string(name.str()), *body.as_table(), parsed);
        if (!p) return p.take_error();
        parsed.profiles.emplace(name.str(), std::move(*p));
      }
    } else {
      return unknown_top_key(w, key, node);
    }
  }
  return parsed;
}

Result<toml::table> parse_toml(const std::string& path, const std::string& text) {
  // toml++ meets some invalid text with a failed assertion or undefined behaviour, not an error.
  if (const std::optional<TomlScanFinding> f = toml_prescan(text)) {
    toml::source_region at;
    at.begin = {static_cast<toml::source_index>(f->line),
                static_cast<toml::source_index>(f->column)};
    return Where{path}.error(at, "invalid TOML: " + f->message, {f->hint});
  }
  toml::parse_result r = toml::parse(std::string_view(text), std::string_view(path));
  if (!r) {
    return Where{path}.error(
        r.error().source(),
        fmt::format("invalid TOML: {}", describe_parse_error(r.error().description())),
        {"strings need double quotes (key = \"value\"); see docs/configuration.md"});
  }
  return std::move(r).table();
}

// Wipes every string in the parsed document when it goes, secrets included.
struct WipeOnExit {
  toml::table& doc;
  ~WipeOnExit() { wipe_strings(doc); }
};

std::string list_names(const Parsed& parsed) {
  if (parsed.profiles.empty()) return "the file has no profiles";
  std::string names;
  for (const auto& [name, p] : parsed.profiles) names += (names.empty() ? "" : ", ") + name;
  return "profiles in the file: " + names;
}

Result<std::optional<Profile>> select_profile(
    const std::string& path, Parsed& parsed,
    const std::optional<std::pair<std::string, std::string>>& ask) {
  std::string name;
  std::string by;
  if (ask) {
    std::tie(by, name) = *ask;
  } else if (parsed.default_profile) {
    name = *parsed.default_profile;
    by = "default_profile";
  } else {
    return std::optional<Profile>{};
  }
  const auto it = parsed.profiles.find(name);
  if (it == parsed.profiles.end()) {
    const std::string where = ask ? path : Where{path}.at(parsed.default_where);
    std::vector<std::string> hints;
    std::vector<std::string_view> names;
    for (const auto& [n, p] : parsed.profiles) names.push_back(n);
    if (const auto guess = closest_key(name, names)) {
      hints.push_back(fmt::format("did you mean '{}'?", *guess));
    }
    hints.push_back(list_names(parsed));
    return make_error(Errc::Usage,
                      fmt::format("{}: no profile '{}' (named by {})", where, name, by), hints);
  }
  it->second.selected_by = by;
  return std::optional<Profile>(std::move(it->second));
}

}  // namespace

const ProfileSetting* Profile::find(std::string_view option) const {
  const auto it = settings.find(option);
  return it == settings.end() ? nullptr : &it->second;
}

std::optional<ConfigLocation> config_location(const Env& env,
                                              const std::optional<std::string>& config_flag) {
  if (config_flag) return ConfigLocation{*config_flag, "--config", true};
  if (auto v = env.get("ESCURL_CONFIG"); v && !v->empty()) {
    return ConfigLocation{*v, "ESCURL_CONFIG", true};
  }
  if (auto v = env.get("XDG_CONFIG_HOME"); v && v->starts_with('/')) {
    return ConfigLocation{*v + "/escurl/config.toml", "XDG_CONFIG_HOME", false};
  }
  if (auto v = env.get("HOME"); v && !v->empty()) {
    return ConfigLocation{*v + "/.config/escurl/config.toml", "HOME", false};
  }
  return std::nullopt;
}

Result<std::optional<Profile>> load_profile(const Env& env, std::optional<std::string> config_flag,
                                            std::optional<std::string> profile_flag) {
  std::optional<std::pair<std::string, std::string>> ask;  // (who asked, name)
  if (profile_flag) {
    if (profile_flag->empty()) return make_error(Errc::Usage, "--profile needs a profile name");
    ask.emplace("--profile", *profile_flag);
  } else if (auto v = env.get("ESCURL_PROFILE"); v && !v->empty()) {
    ask.emplace("ESCURL_PROFILE", *v);
  }
  const std::optional<ConfigLocation> loc = config_location(env, config_flag);
  if (!loc) {
    if (!ask) return std::optional<Profile>{};
    return make_error(Errc::Usage,
                      fmt::format("profile '{}' (named by {}) needs a config file, and none can "
                                  "be found without HOME",
                                  ask->second, ask->first),
                      {"give the file with --config FILE or ESCURL_CONFIG"});
  }
  FileText file;
  if (Result<void> r = read_config_file(loc->path, file); !r) return r.take_error();
  if (file.missing) {
    if (loc->required) {
      return make_error(
          Errc::Usage,
          fmt::format("the config file '{}' (named by {}) does not exist", loc->path, loc->origin));
    }
    if (!ask) return std::optional<Profile>{};
    return make_error(Errc::Usage,
                      fmt::format("profile '{}' (named by {}) needs a config file, and '{}' "
                                  "does not exist",
                                  ask->second, ask->first, loc->path),
                      {"create it (see docs/configuration.md), or give --config FILE"});
  }
  Result<toml::table> doc = parse_toml(loc->path, file.text);
  if (!doc) return doc.take_error();
  WipeOnExit wipe{*doc};
  Result<Parsed> parsed = interpret(Where{loc->path}, *doc);
  if (!parsed) return parsed.take_error();
  if (Result<void> r = check_config_permissions(loc->path, file.mode, parsed->literal_secret); !r)
    return r.take_error();
  return select_profile(loc->path, *parsed, ask);
}

std::vector<std::string> profile_names(const Env& env, std::optional<std::string> config_flag) {
  const std::optional<ConfigLocation> loc = config_location(env, config_flag);
  FileText file;
  if (!loc || !read_config_file(loc->path, file) || file.missing) return {};
  Result<toml::table> doc = parse_toml(loc->path, file.text);
  if (!doc) return {};
  WipeOnExit wipe{*doc};
  std::vector<std::string> names;
  if (const toml::table* profiles = (*doc)["profiles"].as_table()) {
    for (auto&& [name, body] : *profiles) {
      if (body.is_table()) names.emplace_back(name.str());
    }
  }
  return names;
}

}  // namespace escurl
