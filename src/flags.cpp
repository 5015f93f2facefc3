// SPDX-License-Identifier: MIT
#include "flags.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>

namespace escurl {
namespace {

using R = Result<void>;

Result<double> parse_seconds(std::string_view flag, std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v <= 0) {
    return make_error(Errc::Usage,
                      fmt::format("--{} wants a positive number of seconds, got '{}'", flag, text),
                      {fmt::format("for example: --{} 2.5", flag)});
  }
  return v;
}

R set_seconds(std::optional<double>& field, std::string_view flag, std::string_view text) {
  Result<double> v = parse_seconds(flag, text);
  if (!v) return v.take_error();
  field = *v;
  return ok();
}

Result<int> parse_count(std::string_view flag, std::string_view text, int min, int max) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    return make_error(Errc::Usage, fmt::format("--{} wants a whole number from {} to {}, got '{}'",
                                               flag, min, max, text));
  }
  return v;
}

R set_count(std::optional<int>& field, std::string_view flag, std::string_view text, int min,
            int max) {
  Result<int> v = parse_count(flag, text, min, max);
  if (!v) return v.take_error();
  field = *v;
  return ok();
}

R set_zero_or_more_seconds(std::optional<double>& field, std::string_view flag,
                           std::string_view text) {
  if (text == "0") {
    field = 0.0;
    return ok();
  }
  return set_seconds(field, flag, text);
}

R add_data(RawOptions& o, DataKind kind, std::string_view flag, std::string_view v) {
  o.data.push_back({kind, std::string(v), std::string(flag)});
  return ok();
}

constexpr FlagSpec kTable[] = {
    // Request
    {.long_name = "url",
     .value_name = "URL",
     .category = Category::Request,
     .help = "Cluster URL (default https://localhost:9200)",
     .long_help = "The cluster's base URL. Console-form paths are joined to it. A URL without a "
                  "scheme means https.",
     .env = "ELASTICSEARCH_URL, ES_URL",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.urls.emplace_back(v);
       return ok();
     }},
    {.long_name = "cloud-id",
     .value_name = "ID",
     .category = Category::Request,
     .help = "Elastic Cloud deployment ID, instead of --url",
     .env = "ELASTIC_CLOUD_ID",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.cloud_id = std::string(v);
       return ok();
     }},
    {.long_name = "request",
     .short_name = 'X',
     .value_name = "METHOD",
     .category = Category::Request,
     .help = "HTTP method for the curl form (default GET, or POST with a body)",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.method = std::string(v);
       return ok();
     }},
    {.long_name = "header",
     .short_name = 'H',
     .value_name = "'NAME: VALUE' | @FILE",
     .category = Category::Request,
     .help = "Add a request header; @FILE reads one header per line",
     .long_help = "Adds a header. 'NAME:' with no value removes a header escurl would send. "
                  "@FILE reads one header per line, so secret headers stay out of argv.",
     .repeatable = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.headers.emplace_back(v);
       return ok();
     }},
    {.long_name = "data",
     .short_name = 'd',
     .value_name = "DATA | @FILE | @-",
     .category = Category::Request,
     .help = "Request body, sent byte for byte (newlines kept)",
     .apply = [](RawOptions& o,
                 std::string_view v) { return add_data(o, DataKind::Data, "--data", v); }},
    {.long_name = "data-binary",
     .value_name = "DATA | @FILE | @-",
     .category = Category::Request,
     .help = "Same as --data",
     .apply = [](RawOptions& o,
                 std::string_view v) { return add_data(o, DataKind::Data, "--data-binary", v); }},
    {.long_name = "data-raw",
     .value_name = "DATA",
     .category = Category::Request,
     .help = "Request body taken literally, even when it starts with @",
     .apply = [](RawOptions& o,
                 std::string_view v) { return add_data(o, DataKind::Raw, "--data-raw", v); }},
    {.long_name = "opaque-id",
     .value_name = "ID",
     .category = Category::Request,
     .help = "Send X-Opaque-Id (default: the CI job's id when run in CI)",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.opaque_id = std::string(v);
       return ok();
     }},
    {.long_name = "compat",
     .value_name = "8|9",
     .category = Category::Request,
     .help = "Ask for REST API compatibility with this major version",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.compat = std::string(v);
       return ok();
     }},
    // Auth
    {.long_name = "user",
     .short_name = 'u',
     .value_name = "USER[:PASSWORD]",
     .category = Category::Auth,
     .help = "Basic auth; prompts for the password when it is missing",
     .long_help = "Split at the first colon, so passwords may contain colons. Without a password "
                  "(and without --password) escurl prompts on the terminal.",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.user = std::string(v);
       return ok();
     }},
    {.long_name = "password",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "Password for --user",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.password = std::string(v);
       return ok();
     }},
    {.long_name = "api-key",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "API key: encoded, ID:KEY, or the create-API-key JSON",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.api_key = std::string(v);
       return ok();
     }},
    {.long_name = "bearer",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "Bearer token: service account token, OAuth2 access token or JWT",
     .secret = true,
     .alias = "oauth2-bearer",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.bearer = std::string(v);
       return ok();
     }},
    {.long_name = "secondary-user",
     .value_name = "USER[:PASSWORD]",
     .category = Category::Auth,
     .help = "Secondary authorization as a user (es-secondary-authorization: Basic)",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.secondary_user = std::string(v);
       return ok();
     }},
    {.long_name = "secondary-password",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "Password for --secondary-user",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.secondary_password = std::string(v);
       return ok();
     }},
    {.long_name = "secondary-api-key",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "Secondary authorization with an API key",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.secondary_api_key = std::string(v);
       return ok();
     }},
    {.long_name = "secondary-bearer",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "Secondary authorization with a bearer token",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.secondary_bearer = std::string(v);
       return ok();
     }},
    {.long_name = "run-as",
     .value_name = "USER",
     .category = Category::Auth,
     .help = "Run the request as another user (es-security-runas-user)",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.run_as = std::string(v);
       return ok();
     }},
    {.long_name = "client-secret",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "JWT realm client authentication (ES-Client-Authentication: SharedSecret)",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.client_secret = std::string(v);
       return ok();
     }},
    {.long_name = "netrc",
     .category = Category::Auth,
     .help = "Take the user and password for the host from ~/.netrc (or $NETRC)",
     .env = "NETRC",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.netrc = true;
       return ok();
     }},
    {.long_name = "netrc-optional",
     .category = Category::Auth,
     .help = "Like --netrc, but a missing file is fine",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.netrc_optional = true;
       return ok();
     }},
    {.long_name = "netrc-file",
     .value_name = "FILE",
     .category = Category::Auth,
     .help = "Like --netrc, with this file",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.netrc_file = std::string(v);
       return ok();
     }},
    // TLS
    {.long_name = "cacert",
     .value_name = "FILE",
     .category = Category::Tls,
     .help = "Trust the CA certificates in FILE (PEM) instead of the system store",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.cacert = std::string(v);
       return ok();
     }},
    {.long_name = "capath",
     .value_name = "DIR",
     .category = Category::Tls,
     .help = "Trust the CA certificates in DIR (hashed, as openssl rehash makes it)",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.capath = std::string(v);
       return ok();
     }},
    {.long_name = "ca-fingerprint",
     .value_name = "HEX",
     .category = Category::Tls,
     .help = "Trust the certificate with this SHA-256 fingerprint (as Elasticsearch 8 prints it)",
     .long_help = "64 hex digits, colons optional, any case. A presented CA that matches becomes "
                  "the only trust anchor and the server's certificate must verify up to it in "
                  "full; a match on the server's own certificate trusts exactly that certificate.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.ca_fingerprint = std::string(v);
       return ok();
     }},
    {.long_name = "pinnedpubkey",
     .value_name = "sha256//B64[;…] | FILE",
     .category = Category::Tls,
     .help = "Also require a certificate of the verified chain to have this public key",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.pinned_pubkey = std::string(v);
       return ok();
     }},
    {.long_name = "tls-server-name",
     .value_name = "NAME",
     .category = Category::Tls,
     .help = "Check the certificate against NAME instead of the URL's host",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.tls_server_name = std::string(v);
       return ok();
     }},
    {.long_name = "cert",
     .value_name = "FILE",
     .category = Category::Tls,
     .help = "Client certificate for mutual TLS (PEM, or PKCS#12 with .p12/.pfx)",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.cert = std::string(v);
       return ok();
     }},
    {.long_name = "key",
     .value_name = "FILE",
     .category = Category::Tls,
     .help = "Private key for --cert (PEM; default: inside the --cert file)",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.key = std::string(v);
       return ok();
     }},
    {.long_name = "cert-type",
     .value_name = "PEM|P12",
     .category = Category::Tls,
     .help = "Format of --cert (default: P12 for .p12/.pfx, else PEM)",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.cert_type = std::string(v);
       return ok();
     }},
    {.long_name = "key-password",
     .value_name = "SECRET",
     .category = Category::Tls,
     .help = "Password of an encrypted --key or PKCS#12 --cert",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.key_password = std::string(v);
       return ok();
     }},
    {.long_name = "tls-min",
     .value_name = "1.2|1.3",
     .category = Category::Tls,
     .help = "Lowest TLS version to accept (default 1.2)",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.tls_min = std::string(v);
       return ok();
     }},
    {.long_name = "tls-max",
     .value_name = "1.2|1.3",
     .category = Category::Tls,
     .help = "Highest TLS version to offer",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.tls_max = std::string(v);
       return ok();
     }},
    {.long_name = "insecure",
     .short_name = 'k',
     .category = Category::Tls,
     .help = "Do not verify the server's certificate (warns every time)",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.insecure = true;
       return ok();
     }},
    // Connection
    {.long_name = "connect-timeout",
     .value_name = "SECONDS",
     .category = Category::Connection,
     .help = "Give up connecting after SECONDS (default 10)",
     .apply =
         [](RawOptions& o, std::string_view v) {
           return set_seconds(o.connect_timeout, "connect-timeout", v);
         }},
    {.long_name = "max-time",
     .short_name = 'm',
     .value_name = "SECONDS",
     .category = Category::Connection,
     .help = "Give up on the whole transfer after SECONDS",
     .apply = [](RawOptions& o,
                 std::string_view v) { return set_seconds(o.max_time, "max-time", v); }},
    {.long_name = "read-timeout",
     .value_name = "SECONDS",
     .category = Category::Connection,
     .help = "Give up when no byte arrives for SECONDS (default 300)",
     .apply = [](RawOptions& o,
                 std::string_view v) { return set_seconds(o.read_timeout, "read-timeout", v); }},
    {.long_name = "allow-insecure-http",
     .category = Category::Connection,
     .help = "Allow credentials over plain http:// (they can be read on the network)",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.allow_insecure_http = true;
       return ok();
     }},
    {.long_name = "retry",
     .value_name = "N",
     .category = Category::Connection,
     .help = "Retry connection failures, 429, 502, 503, 504 up to N times (default 3)",
     .apply = [](RawOptions& o,
                 std::string_view v) { return set_count(o.retry, "retry", v, 0, 100); }},
    {.long_name = "retry-delay",
     .value_name = "SECONDS",
     .category = Category::Connection,
     .help = "Wait this long between retries (default: exponential backoff with jitter)",
     .apply =
         [](RawOptions& o, std::string_view v) {
           return set_zero_or_more_seconds(o.retry_delay, "retry-delay", v);
         }},
    {.long_name = "retry-max-time",
     .value_name = "SECONDS",
     .category = Category::Connection,
     .help = "Spend at most this long waiting to retry (default 120)",
     .apply =
         [](RawOptions& o, std::string_view v) {
           return set_zero_or_more_seconds(o.retry_max_time, "retry-max-time", v);
         }},
    {.long_name = "retry-all",
     .category = Category::Connection,
     .help = "Also retry POST and PATCH after request bytes were sent",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.retry_all = true;
       return ok();
     }},
    {.long_name = "location",
     .short_name = 'L',
     .category = Category::Connection,
     .help = "Follow redirects (credentials are dropped when the origin changes)",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.location = true;
       return ok();
     }},
    {.long_name = "max-redirs",
     .value_name = "N",
     .category = Category::Connection,
     .help = "Follow at most N redirects (default 10)",
     .apply = [](RawOptions& o,
                 std::string_view v) { return set_count(o.max_redirs, "max-redirs", v, 0, 100); }},
    {.long_name = "proxy",
     .short_name = 'x',
     .value_name = "URL",
     .category = Category::Connection,
     .help = "Tunnel https through this HTTP proxy (CONNECT)",
     .env = "HTTPS_PROXY, https_proxy",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.proxy = std::string(v);
       return ok();
     }},
    {.long_name = "proxy-user",
     .value_name = "USER[:PASSWORD]",
     .category = Category::Connection,
     .help = "Basic credentials for the proxy",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.proxy_user = std::string(v);
       return ok();
     }},
    {.long_name = "noproxy",
     .value_name = "HOSTS",
     .category = Category::Connection,
     .help = "Comma-separated hosts to reach without the proxy",
     .env = "NO_PROXY, no_proxy",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.noproxy = std::string(v);
       return ok();
     }},
    {.long_name = "resolve",
     .value_name = "HOST:PORT:ADDR",
     .category = Category::Connection,
     .help = "Connect to ADDR for HOST:PORT instead of resolving HOST",
     .repeatable = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.resolve.emplace_back(v);
       return ok();
     }},
    {.long_name = "compressed",
     .category = Category::Connection,
     .help = "Ask for a gzip response and decode it",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.compressed = true;
       return ok();
     }},
    {.long_name = "sniff",
     .category = Category::Connection,
     .help = "Read the cluster's nodes from GET _nodes/http at start and use them all",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.sniff = true;
       return ok();
     }},
    // Output
    {.long_name = "include",
     .short_name = 'i',
     .category = Category::Output,
     .help = "Print the response head before the body on stdout",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.include = true;
       return ok();
     }},
    {.long_name = "verbose",
     .short_name = 'v',
     .category = Category::Output,
     .help = "Print request and response heads on stderr (credentials redacted)",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.verbose = true;
       return ok();
     }},
    {.long_name = "silent",
     .short_name = 's',
     .category = Category::Output,
     .help = "Print no diagnostics on stderr",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.silent = true;
       return ok();
     }},
    {.long_name = "show-error",
     .short_name = 'S',
     .category = Category::Output,
     .help = "With --silent, still print errors",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.show_error = true;
       return ok();
     }},
    {.long_name = "output",
     .short_name = 'o',
     .value_name = "FILE",
     .category = Category::Output,
     .help = "Write the body to FILE (replaced only when the transfer completes)",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.output = std::string(v);
       return ok();
     }},
    {.long_name = "pretty",
     .category = Category::Output,
     .help = "Re-indent JSON bodies as they stream (the default on a terminal)",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.pretty = true;
       return ok();
     }},
    {.long_name = "compact",
     .category = Category::Output,
     .help = "Re-emit JSON bodies minified",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.compact = true;
       return ok();
     }},
    {.long_name = "color",
     .value_name = "auto|always|never",
     .category = Category::Output,
     .help = "Colour JSON output (auto: on a terminal, unless NO_COLOR is set)",
     .env = "NO_COLOR",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.color = std::string(v);
       return ok();
     }},
    {.long_name = "fail",
     .category = Category::Output,
     .help = "Exit non-zero on HTTP status >= 400 (the default)",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.fail = true;
       return ok();
     }},
    {.long_name = "no-fail",
     .category = Category::Output,
     .help = "Exit 0 whatever the HTTP status",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.fail = false;
       return ok();
     }},
    {.long_name = "write-out",
     .short_name = 'w',
     .value_name = "FORMAT",
     .category = Category::Output,
     .help = "After the transfer, print FORMAT with %{variables} filled in (curl's syntax)",
     .long_help =
         "Printed on stdout after the transfer, also when it failed. curl's syntax: %{name} is a "
         "variable, %header{name} a response header, %% a percent sign, \\n \\r \\t are "
         "newline, carriage return and tab; %{stderr} and %{stdout} switch the stream for what "
         "follows. @FILE reads the format from a file, @- from stdin. Variables: content_type, "
         "errormsg, exitcode, header_json, http_code, http_version, json, method, num_redirects, "
         "num_retries, response_code, size_download, size_upload, speed_download, "
         "time_appconnect, time_connect, time_starttransfer, time_total (seconds), url_effective. "
         "Only response headers appear, credentials among them redacted; url_effective never "
         "has user information.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.write_out = std::string(v);
       return ok();
     }},
    {.long_name = "offline",
     .category = Category::Output,
     .help = "Print the request that would be sent (credentials redacted) and send nothing",
     .long_help =
         "Prints the request line, Host, every header (credential headers as <redacted>) and "
         "the body when it is inline and small, or a note of the file or stdin it would be "
         "read from. Nothing is sent and nothing is read from a body file or stdin; exit 0.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.offline = true;
       return ok();
     }},
    {.long_name = "curl",
     .category = Category::Output,
     .help = "Print the equivalent curl command (secrets as $ESCURL_* variables), send nothing",
     .long_help =
         "Prints one shell-quoted curl command line on stdout. Credentials appear as "
         "references to environment variables (for example -H \"Authorization: ApiKey "
         "$ESCURL_API_KEY\"); stderr lists the variables to set. TLS trust maps to --cacert, "
         "--capath and --pinnedpubkey; a --ca-fingerprint has no curl equivalent, which stderr "
         "says. Nothing is sent; exit 0.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.curl = true;
       return ok();
     }},
    // Batches
    {.long_name = "batch",
     .value_name = "FILE | -",
     .category = Category::Batch,
     .help = "Run the requests in FILE (Kibana Dev Tools Console syntax) over shared connections",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.batch = std::string(v);
       return ok();
     }},
    {.long_name = "batch-format",
     .value_name = "text|ndjson",
     .category = Category::Batch,
     .help = "ndjson: one JSON object per request (request, status, took_ms, body)",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.batch_format = std::string(v);
       return ok();
     }},
    {.long_name = "parallel",
     .value_name = "N",
     .category = Category::Batch,
     .help = "Spread a batch over N connections; output stays in input order",
     .apply = [](RawOptions& o,
                 std::string_view v) { return set_count(o.parallel, "parallel", v, 1, 64); }},
    {.long_name = "stop-on-error",
     .category = Category::Batch,
     .help = "Stop a batch at the first failing request",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.stop_on_error = true;
       return ok();
     }},
    // Other
    {.long_name = "format",
     .value_name = "text|json",
     .category = Category::Other,
     .help = "Output format of subcommands such as `escurl tls inspect`",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.format = std::string(v);
       return ok();
     }},
    {.long_name = "help",
     .short_name = 'h',
     .category = Category::Other,
     .help = "Show this help and the exit codes",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.help = true;
       return ok();
     }},
    {.long_name = "version",
     .category = Category::Other,
     .help = "Show the version, commit and OpenSSL version",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.version = true;
       return ok();
     }},
};

}  // namespace

std::string_view category_title(Category c) {
  switch (c) {
    case Category::Request:
      return "Request";
    case Category::Auth:
      return "Authentication";
    case Category::Tls:
      return "TLS";
    case Category::Connection:
      return "Connection";
    case Category::Output:
      return "Output";
    case Category::Batch:
      return "Batches";
    case Category::Other:
      return "Other";
  }
  return "Other";
}

std::span<const FlagSpec> all_flags() { return kTable; }

const FlagSpec* find_flag(std::string_view long_name) {
  for (const FlagSpec& f : kTable) {
    if (f.long_name == long_name || (!f.alias.empty() && f.alias == long_name)) return &f;
  }
  return nullptr;
}

}  // namespace escurl
