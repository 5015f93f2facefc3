// SPDX-License-Identifier: MIT
// Options: the raw command line resolved against the environment — which invocation form was
// used (curl or Console), the cluster URL, the full target URL, the method, the body source,
// timeouts and output settings. No network and no secrets here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "client_cert.h"
#include "env.h"
#include "error.h"
#include "raw_options.h"
#include "retry.h"
#include "tls.h"
#include "url.h"

namespace escurl {

/// Where the request body comes from.
struct BodySpec {
  enum class Kind { None, Inline, File, Stdin } kind = Kind::None;
  std::string bytes;  ///< Inline: the body itself
  std::string path;   ///< File: the path
  std::string flag;   ///< which argument gave it, for messages
};

/// A command other than a request.
enum class Subcommand {
  None,
  TlsInspect,
  Login,             ///< escurl login
  Logout,            ///< escurl logout
  Whoami,            ///< escurl whoami
  ApiKeyCreate,      ///< escurl api-key create --name N
  ApiKeyInvalidate,  ///< escurl api-key invalidate --id ID | --name N
  ConfigShow,        ///< escurl config show
  ConfigProfiles,    ///< escurl config profiles
};

/// Everything about the request except credentials, validated.
struct Options {
  Subcommand subcommand = Subcommand::None;
  bool json_format = false;       ///< --format json, for subcommands
  std::string profile;            ///< the profile in use (its tokens' name); "default" when none
  bool complete_indices = false;  ///< the profile's complete_indices: shell completion may ask
                                  ///< the cluster for index names
  std::string method;             ///< upper case
  Url url;                        ///< the full URL the request goes to (on the first node)
  std::vector<Url> nodes;         ///< the cluster's nodes (--url, repeatable, comma-separated)
  std::optional<std::string> cluster_path;  ///< the path on the cluster, unless a full URL
  BodySpec body;
  std::vector<std::string> header_args;

  TlsOptions tls;  ///< everything but the client identity, which needs secrets
  std::optional<ClientCertOptions> client_cert;  ///< key_password left unset: a secret
  std::optional<std::string> key_password_ref;   ///< the --key-password reference
  bool allow_insecure_http = false;
  RetryOptions retry;
  bool follow_redirects = false;
  int max_redirects = 10;
  std::optional<Url> proxy;                                  ///< after NO_PROXY is applied
  std::optional<std::string> proxy_user_ref;                 ///< --proxy-user (a secret)
  std::optional<std::string> proxy_password_ref;             ///< --proxy-password (a reference)
  std::vector<std::pair<std::string, std::string>> resolve;  ///< "host:port" → address
  bool compressed = false;
  bool sniff = false;
  std::optional<std::string> opaque_id;
  std::optional<int> compat;
  std::optional<std::string> batch;  ///< --batch FILE or "-"
  bool batch_ndjson = false;
  int parallel = 1;
  bool stop_on_error = false;
  double connect_timeout = 10;
  std::optional<double> max_time;
  double read_timeout = 300;

  /// How JSON bodies are written: as received, re-indented, or minified.
  enum class BodyFormat { Raw, Pretty, Compact } body_format = BodyFormat::Raw;
  bool color = false;
  bool include = false;
  bool verbose = false;
  bool silent = false;
  bool show_error = false;
  bool fail = true;
  std::optional<std::string> output;
  std::optional<std::string> write_out;  ///< the -w argument, not yet read (write_out.h)
  bool offline = false;                  ///< print the request, send nothing
  bool curl = false;                     ///< print the equivalent curl command, send nothing
  /// A progress line on stderr: a terminal there, not -s, and stdout not the same terminal.
  bool progress = false;

  /// Whether errors may be printed (-s hides them, -S brings them back).
  bool show_errors() const { return !silent || show_error; }
};

/// The cluster URL when none is given.
inline constexpr const char* kDefaultClusterUrl = "https://localhost:9200";

/// True for the Console-form method words, any case.
bool is_method_word(std::string_view word);

/// Resolves the raw command line. Usage and BadUrl errors name the argument at fault.
Result<Options> resolve_options(const RawOptions& raw, const Env& env);

}  // namespace escurl
