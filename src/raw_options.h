// SPDX-License-Identifier: MIT
// RawOptions: the command line exactly as typed, before any I/O or defaults. Secret flags hold
// their unresolved references (a literal, @FILE, @-, env:NAME); credentials.cpp resolves them.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace escurl {

/// How a -d style flag treats its value.
enum class DataKind {
  Data,  ///< -d/--data and --data-binary: "@FILE" and "@-" read a file or stdin
  Raw,   ///< --data-raw: the value is the body, even when it starts with '@'
};

/// One body argument as given.
struct DataArg {
  DataKind kind;
  std::string value;
  std::string flag;  ///< the flag's name, for messages
};

/// A secret a profile gives as a command: `api_key_command = ["pass", "show", "es/prod"]`.
struct SecretCommand {
  std::vector<std::string> argv;
  std::string what;  ///< for messages: "api_key_command in profile 'prod'"
};

/// Everything the command line said, unvalidated.
struct RawOptions {
  std::vector<std::string> positionals;
  std::vector<std::string> urls;
  std::optional<std::string> method;
  std::vector<std::string> headers;
  std::vector<DataArg> data;

  std::optional<std::string> user;
  std::optional<std::string> password;
  std::optional<std::string> api_key;
  std::optional<std::string> bearer;
  std::optional<std::string> secondary_user;
  std::optional<std::string> secondary_password;
  std::optional<std::string> secondary_api_key;
  std::optional<std::string> secondary_bearer;
  std::optional<std::string> run_as;
  std::optional<std::string> client_secret;
  std::optional<std::string> cloud_id;
  bool netrc = false;
  bool netrc_optional = false;
  std::optional<std::string> netrc_file;

  std::optional<std::string> cacert;
  std::optional<std::string> capath;
  std::optional<std::string> ca_fingerprint;
  std::optional<std::string> pinned_pubkey;
  std::optional<std::string> tls_server_name;
  std::optional<std::string> cert;
  std::optional<std::string> key;
  std::optional<std::string> cert_type;
  std::optional<std::string> key_password;
  std::optional<std::string> tls_min;
  std::optional<std::string> tls_max;
  std::vector<std::string> subcommand;  ///< e.g. {"tls", "inspect"}; filled by cli.cpp
  std::optional<std::string> format;
  bool insecure = false;
  bool allow_insecure_http = false;

  std::optional<int> retry;
  std::optional<double> retry_delay;
  std::optional<double> retry_max_time;
  bool retry_all = false;
  bool location = false;
  std::optional<int> max_redirs;
  std::optional<std::string> proxy;
  std::optional<std::string> proxy_user;
  std::optional<std::string> proxy_password;
  std::optional<std::string> noproxy;
  std::vector<std::string> resolve;
  bool compressed = false;
  bool sniff = false;
  std::optional<std::string> opaque_id;
  std::optional<std::string> compat;
  std::optional<std::string> batch;
  std::optional<std::string> batch_format;
  std::optional<int> parallel;
  bool stop_on_error = false;

  std::optional<double> connect_timeout;
  std::optional<double> max_time;
  std::optional<double> read_timeout;

  bool pretty = false;
  bool compact = false;
  std::optional<std::string> color;
  bool include = false;
  bool verbose = false;
  bool silent = false;
  bool show_error = false;
  std::optional<std::string> output;
  bool fail = true;
  std::optional<std::string> write_out;  ///< -w: the format, or @FILE / @-
  bool offline = false;
  bool curl = false;

  bool help = false;
  bool version = false;

  // Profiles (config_file.h, profile_layer.h) and the auth subcommands.
  std::optional<std::string> profile;  ///< --profile NAME
  std::optional<std::string> config;   ///< --config FILE
  /// Secrets a profile gives as commands (`api_key_command = [...]`), by option name
  /// ("api-key"): the program and its arguments. Such an option's own field stays unset.
  std::map<std::string, SecretCommand, std::less<>> secret_commands;
  std::optional<double> command_timeout;        ///< seconds a credential command may take
  bool complete_indices = false;                ///< a profile's complete_indices
  std::optional<std::string> name;              ///< --name (api-key create|invalidate)
  std::optional<std::string> id;                ///< --id (api-key invalidate)
  std::optional<std::string> expiration;        ///< --expiration (api-key create)
  std::optional<std::string> role_descriptors;  ///< --role-descriptors (api-key create)
};

}  // namespace escurl
