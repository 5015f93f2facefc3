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
     .env = "ELASTICSEARCH_URL, ES_URL, ELASTICSEARCH_HOSTS, ES_LOCAL_URL",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.urls.emplace_back(v);
       return ok();
     }},
    {.long_name = "cloud-id",
     .value_name = "ID",
     .category = Category::Request,
     .help = "Elastic Cloud deployment ID, instead of --url",
     .long_help = "Elastic Cloud's deployment ID (name:base64) decoded into the cluster's https "
                  "URL. Give it or --url, not both.",
     .env = "ELASTIC_CLOUD_ID",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.cloud_id = std::string(v);
       return ok();
     }},
    {.long_name = "profile",
     .value_name = "NAME",
     .category = Category::Request,
     .help = "Use the settings of profile NAME in the config file",
     .long_help = "Takes the cluster, credentials, TLS, retry and timeout settings of "
                  "[profiles.NAME] in the config file, below flags and environment variables. "
                  "Without it, ESCURL_PROFILE, then the file's default_profile.",
     .env = "ESCURL_PROFILE",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.profile = std::string(v);
       return ok();
     }},
    {.long_name = "config",
     .value_name = "FILE",
     .category = Category::Request,
     .help = "Config file (default $XDG_CONFIG_HOME/escurl/config.toml)",
     .long_help = "The TOML file holding the profiles. A file that holds a literal secret must "
                  "not be readable by group or others.",
     .env = "ESCURL_CONFIG",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.config = std::string(v);
       return ok();
     }},
    {.long_name = "request",
     .short_name = 'X',
     .value_name = "METHOD",
     .category = Category::Request,
     .help = "HTTP method for the curl form (default GET, or POST with a body)",
     .long_help = "The method of a curl-form request. Without it the method is GET, or POST when "
                  "a body is given. In the Console form the method is the first word and -X must "
                  "agree with it.",
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
     .long_help = "The request body: inline text, @FILE, or @- to stream standard input. Bytes go "
                  "out unchanged, newlines included, so _bulk files work as they are. "
                  "Content-Type is application/x-ndjson for _bulk and _msearch, application/json "
                  "otherwise; -H overrides it.",
     .apply = [](RawOptions& o,
                 std::string_view v) { return add_data(o, DataKind::Data, "--data", v); }},
    {.long_name = "data-binary",
     .value_name = "DATA | @FILE | @-",
     .category = Category::Request,
     .help = "Same as --data",
     .long_help = "Exactly --data, kept for scripts written for curl, where the two differ.",
     .apply = [](RawOptions& o,
                 std::string_view v) { return add_data(o, DataKind::Data, "--data-binary", v); }},
    {.long_name = "data-raw",
     .value_name = "DATA",
     .category = Category::Request,
     .help = "Request body taken literally, even when it starts with @",
     .long_help = "The value is the body itself, even when it starts with @: nothing is read from "
                  "a file or standard input.",
     .apply = [](RawOptions& o,
                 std::string_view v) { return add_data(o, DataKind::Raw, "--data-raw", v); }},
    {.long_name = "opaque-id",
     .value_name = "ID",
     .category = Category::Request,
     .help = "Send X-Opaque-Id (default: the CI job's id when run in CI)",
     .long_help = "Sends X-Opaque-Id so the cluster's tasks, slow logs and deprecation logs name "
                  "the caller. In CI it defaults to the job: GitHub Actions, GitLab, Jenkins, "
                  "Buildkite or CircleCI.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.opaque_id = std::string(v);
       return ok();
     }},
    {.long_name = "compat",
     .value_name = "8|9",
     .category = Category::Request,
     .help = "Ask for REST API compatibility with this major version",
     .long_help = "Sends Accept (and Content-Type with a body) as "
                  "application/vnd.elasticsearch+json; compatible-with=N, so a newer cluster "
                  "answers as the older major version would.",
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
     .env = "ELASTICSEARCH_USERNAME",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.user = std::string(v);
       return ok();
     }},
    {.long_name = "password",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "Password for --user",
     .long_help = "The password of --user. Without either, escurl prompts on the terminal, and "
                  "fails with exit 2 when there is none.",
     .secret = true,
     .env = "ELASTICSEARCH_PASSWORD, ES_LOCAL_PASSWORD",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.password = std::string(v);
       return ok();
     }},
    {.long_name = "api-key",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "API key: encoded, ID:KEY, or the create-API-key JSON",
     .long_help = "Sends Authorization: ApiKey. Takes the encoded key, ID:KEY (encoded for you), "
                  "or the JSON of POST _security/api_key (its encoded value, or id and api_key).",
     .secret = true,
     .env = "ELASTIC_API_KEY, ES_API_KEY, ES_LOCAL_API_KEY",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.api_key = std::string(v);
       return ok();
     }},
    {.long_name = "bearer",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "Bearer token: service account token, OAuth2 access token or JWT",
     .long_help = "Sends Authorization: Bearer with the token as given: a service account token, "
                  "an OAuth2 access token from POST _security/oauth2/token, or a JWT for a JWT "
                  "realm.",
     .secret = true,
     .env = "ELASTICSEARCH_BEARER_TOKEN",
     .alias = "oauth2-bearer",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.bearer = std::string(v);
       return ok();
     }},
    {.long_name = "secondary-user",
     .value_name = "USER[:PASSWORD]",
     .category = Category::Auth,
     .help = "Secondary authorization as a user (es-secondary-authorization: Basic)",
     .long_help = "Sends es-secondary-authorization: Basic, for the APIs that run work as a "
                  "second identity, such as transforms and datafeeds. Split at the first colon; "
                  "the password may also come from --secondary-password.",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.secondary_user = std::string(v);
       return ok();
     }},
    {.long_name = "secondary-password",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "Password for --secondary-user",
     .long_help = "The password of --secondary-user.",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.secondary_password = std::string(v);
       return ok();
     }},
    {.long_name = "secondary-api-key",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "Secondary authorization with an API key",
     .long_help = "Sends es-secondary-authorization: ApiKey; the same formats as --api-key.",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.secondary_api_key = std::string(v);
       return ok();
     }},
    {.long_name = "secondary-bearer",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "Secondary authorization with a bearer token",
     .long_help = "Sends es-secondary-authorization: Bearer with this token.",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.secondary_bearer = std::string(v);
       return ok();
     }},
    {.long_name = "run-as",
     .value_name = "USER",
     .category = Category::Auth,
     .help = "Run the request as another user (es-security-runas-user)",
     .long_help = "Sends es-security-runas-user, so the request runs with USER's privileges; the "
                  "authenticated user needs the run_as privilege for USER.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.run_as = std::string(v);
       return ok();
     }},
    {.long_name = "client-secret",
     .value_name = "SECRET",
     .category = Category::Auth,
     .help = "JWT realm client authentication (ES-Client-Authentication: SharedSecret)",
     .long_help = "Sends ES-Client-Authentication: SharedSecret, which a JWT realm with "
                  "client_authentication.type shared_secret requires next to the --bearer JWT.",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.client_secret = std::string(v);
       return ok();
     }},
    {.long_name = "netrc",
     .category = Category::Auth,
     .help = "Take the user and password for the host from ~/.netrc (or $NETRC)",
     .long_help = "Reads the login and password for the cluster's host from ~/.netrc ($NETRC "
                  "moves it); -u USER without a password looks up USER's. A missing file is an "
                  "error; a host without an entry gets no credentials from it.",
     .env = "NETRC",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.netrc = true;
       return ok();
     }},
    {.long_name = "netrc-optional",
     .category = Category::Auth,
     .help = "Like --netrc, but a missing file is fine",
     .long_help = "Reads ~/.netrc like --netrc, and carries on without credentials when the file "
                  "is missing.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.netrc_optional = true;
       return ok();
     }},
    {.long_name = "netrc-file",
     .value_name = "FILE",
     .category = Category::Auth,
     .help = "Like --netrc, with this file",
     .long_help = "Reads this file instead of ~/.netrc; it must exist.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.netrc_file = std::string(v);
       return ok();
     }},
    // TLS
    {.long_name = "cacert",
     .value_name = "FILE",
     .category = Category::Tls,
     .help = "Trust the CA certificates in FILE (PEM) instead of the system store",
     .long_help = "Trust exactly the CA certificates in this PEM file, instead of the system "
                  "trust store; Elasticsearch 8 writes its CA to config/certs/http_ca.crt.",
     .env = "ELASTICSEARCH_CA",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.cacert = std::string(v);
       return ok();
     }},
    {.long_name = "capath",
     .value_name = "DIR",
     .category = Category::Tls,
     .help = "Trust the CA certificates in DIR (hashed, as openssl rehash makes it)",
     .long_help = "Trust the CA certificates in this directory, named by their subject hash as "
                  "openssl rehash names them.",
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
     .env = "ELASTICSEARCH_CA_FINGERPRINT",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.ca_fingerprint = std::string(v);
       return ok();
     }},
    {.long_name = "pinnedpubkey",
     .value_name = "sha256//B64[;…] | FILE",
     .category = Category::Tls,
     .help = "Also require a certificate of the verified chain to have this public key",
     .long_help = "After the chain is verified, one of its certificates must have one of these "
                  "public keys: sha256// base64 digests joined by ';', or a PEM or DER public key "
                  "file. A mismatch exits 90.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.pinned_pubkey = std::string(v);
       return ok();
     }},
    {.long_name = "tls-server-name",
     .value_name = "NAME",
     .category = Category::Tls,
     .help = "Check the certificate against NAME instead of the URL's host",
     .long_help = "Checks the certificate against NAME (and sends it as the TLS server name), for "
                  "clusters reached by IP address or through a tunnel.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.tls_server_name = std::string(v);
       return ok();
     }},
    {.long_name = "cert",
     .value_name = "FILE",
     .category = Category::Tls,
     .help = "Client certificate for mutual TLS (PEM, or PKCS#12 with .p12/.pfx)",
     .long_help = "A client certificate for mutual TLS (a PKI realm): PEM, with its key inside or "
                  "in --key, or PKCS#12 (.p12, .pfx) as elasticsearch-certutil writes it.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.cert = std::string(v);
       return ok();
     }},
    {.long_name = "key",
     .value_name = "FILE",
     .category = Category::Tls,
     .help = "Private key for --cert (PEM; default: inside the --cert file)",
     .long_help = "The PEM private key of --cert when it is not in the same file. An encrypted "
                  "key takes its password from --key-password or a prompt.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.key = std::string(v);
       return ok();
     }},
    {.long_name = "cert-type",
     .value_name = "PEM|P12",
     .category = Category::Tls,
     .help = "Format of --cert (default: P12 for .p12/.pfx, else PEM)",
     .long_help = "How to read --cert when its extension does not say: PEM, or P12 for PKCS#12.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.cert_type = std::string(v);
       return ok();
     }},
    {.long_name = "key-password",
     .value_name = "SECRET",
     .category = Category::Tls,
     .help = "Password of an encrypted --key or PKCS#12 --cert",
     .long_help = "Unlocks an encrypted --key or a PKCS#12 --cert. Without it escurl prompts on "
                  "the terminal.",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.key_password = std::string(v);
       return ok();
     }},
    {.long_name = "tls-min",
     .value_name = "1.2|1.3",
     .category = Category::Tls,
     .help = "Lowest TLS version to accept (default 1.2)",
     .long_help = "The lowest TLS version to accept: 1.2 (the default) or 1.3.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.tls_min = std::string(v);
       return ok();
     }},
    {.long_name = "tls-max",
     .value_name = "1.2|1.3",
     .category = Category::Tls,
     .help = "Highest TLS version to offer",
     .long_help = "The highest TLS version to offer: 1.2 or 1.3 (the default: the highest OpenSSL "
                  "supports).",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.tls_max = std::string(v);
       return ok();
     }},
    {.long_name = "insecure",
     .short_name = 'k',
     .category = Category::Tls,
     .help = "Do not verify the server's certificate (warns every time)",
     .long_help = "Sends the request without checking the server's certificate or name. Anyone in "
                  "the path can read and change it, credentials included, so escurl warns on "
                  "every use. Prefer --ca-fingerprint for a new cluster.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.insecure = true;
       return ok();
     }},
    // Connection
    {.long_name = "connect-timeout",
     .value_name = "SECONDS",
     .category = Category::Connection,
     .help = "Give up connecting after SECONDS (default 10)",
     .long_help = "How long to wait for the TCP connection and the TLS handshake. A timeout exits "
                  "28.",
     .apply =
         [](RawOptions& o, std::string_view v) {
           return set_seconds(o.connect_timeout, "connect-timeout", v);
         }},
    {.long_name = "max-time",
     .short_name = 'm',
     .value_name = "SECONDS",
     .category = Category::Connection,
     .help = "Give up on the whole transfer after SECONDS",
     .long_help = "The limit for the whole transfer. A timeout exits 28.",
     .apply = [](RawOptions& o,
                 std::string_view v) { return set_seconds(o.max_time, "max-time", v); }},
    {.long_name = "read-timeout",
     .value_name = "SECONDS",
     .category = Category::Connection,
     .help = "Give up when no byte arrives for SECONDS (default 300)",
     .long_help = "How long the response may go without a byte before escurl gives up, so a "
                  "stalled node is not waited for forever.",
     .apply = [](RawOptions& o,
                 std::string_view v) { return set_seconds(o.read_timeout, "read-timeout", v); }},
    {.long_name = "allow-insecure-http",
     .category = Category::Connection,
     .help = "Allow credentials over plain http:// (they can be read on the network)",
     .long_help = "Without it, escurl refuses to send a password, key or token to an http:// URL "
                  "(exit 2), because anyone on the network can read it.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.allow_insecure_http = true;
       return ok();
     }},
    {.long_name = "retry",
     .value_name = "N",
     .category = Category::Connection,
     .help = "Retry connection failures, 429, 502, 503, 504 up to N times (default 3)",
     .long_help = "Retries a failed connection and HTTP 429, 502, 503 and 504, on the next live "
                  "node, with exponential backoff and jitter, or after the Retry-After the "
                  "cluster asks for. A POST or PATCH that was already sent is not retried unless "
                  "--retry-all. 0 turns retries off.",
     .apply = [](RawOptions& o,
                 std::string_view v) { return set_count(o.retry, "retry", v, 0, 100); }},
    {.long_name = "retry-delay",
     .value_name = "SECONDS",
     .category = Category::Connection,
     .help = "Wait this long between retries (default: exponential backoff with jitter)",
     .long_help = "A fixed wait between retries instead of the backoff; 0 retries at once.",
     .apply =
         [](RawOptions& o, std::string_view v) {
           return set_zero_or_more_seconds(o.retry_delay, "retry-delay", v);
         }},
    {.long_name = "retry-max-time",
     .value_name = "SECONDS",
     .category = Category::Connection,
     .help = "Spend at most this long waiting to retry (default 120)",
     .long_help = "Stops retrying when the next wait would take the total time spent waiting past "
                  "this many seconds.",
     .apply =
         [](RawOptions& o, std::string_view v) {
           return set_zero_or_more_seconds(o.retry_max_time, "retry-max-time", v);
         }},
    {.long_name = "retry-all",
     .category = Category::Connection,
     .help = "Also retry POST and PATCH after request bytes were sent",
     .long_help = "Also retries POST and PATCH requests that may have reached the cluster; a "
                  "_bulk or _update retried this way may apply twice.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.retry_all = true;
       return ok();
     }},
    {.long_name = "location",
     .short_name = 'L',
     .category = Category::Connection,
     .help = "Follow redirects (credentials are dropped when the origin changes)",
     .long_help = "Follows 3xx redirects. Credentials go only to the origin they were given for; "
                  "a redirect to another host, port or scheme gets none.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.location = true;
       return ok();
     }},
    {.long_name = "max-redirs",
     .value_name = "N",
     .category = Category::Connection,
     .help = "Follow at most N redirects (default 10)",
     .long_help = "The most redirects -L follows; one more is an error.",
     .apply = [](RawOptions& o,
                 std::string_view v) { return set_count(o.max_redirs, "max-redirs", v, 0, 100); }},
    {.long_name = "proxy",
     .short_name = 'x',
     .value_name = "URL",
     .category = Category::Connection,
     .help = "Tunnel https through this HTTP proxy (CONNECT)",
     .long_help = "Tunnels https through this HTTP proxy with CONNECT; TLS is still end to end "
                  "with the cluster. HTTPS_PROXY stands in for it, NO_PROXY exempts hosts.",
     .env = "HTTPS_PROXY, https_proxy",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.proxy = std::string(v);
       return ok();
     }},
    {.long_name = "proxy-user",
     .value_name = "USER[:PASSWORD]",
     .category = Category::Connection,
     .help = "Basic credentials for the proxy",
     .long_help = "Proxy-Authorization: Basic for the CONNECT request only; the cluster never "
                  "sees it. Without a password, --proxy-password gives it, else escurl prompts.",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.proxy_user = std::string(v);
       return ok();
     }},
    {.long_name = "proxy-password",
     .value_name = "SECRET",
     .category = Category::Connection,
     .help = "Password for --proxy-user: literal, @FILE, @- or env:NAME",
     .long_help = "The proxy password, kept out of argv and shell history: read from a file, "
                  "standard input or an environment variable. Needs --proxy-user USER without a "
                  "password.",
     .secret = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.proxy_password = std::string(v);
       return ok();
     }},
    {.long_name = "noproxy",
     .value_name = "HOSTS",
     .category = Category::Connection,
     .help = "Comma-separated hosts to reach without the proxy",
     .long_help = "Hosts reached directly even when a proxy is set; a name also matches its "
                  "subdomains, and * matches every host.",
     .env = "NO_PROXY, no_proxy",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.noproxy = std::string(v);
       return ok();
     }},
    {.long_name = "resolve",
     .value_name = "HOST:PORT:ADDR",
     .category = Category::Connection,
     .help = "Connect to ADDR for HOST:PORT instead of resolving HOST",
     .long_help = "Connects to ADDR whenever HOST:PORT is asked for, while TLS still checks HOST, "
                  "as curl's --resolve does.",
     .repeatable = true,
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.resolve.emplace_back(v);
       return ok();
     }},
    {.long_name = "compressed",
     .category = Category::Connection,
     .help = "Ask for a gzip response and decode it",
     .long_help = "Sends Accept-Encoding: gzip and decodes the response as it streams.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.compressed = true;
       return ok();
     }},
    {.long_name = "sniff",
     .category = Category::Connection,
     .help = "Read the cluster's nodes from GET _nodes/http at start and use them all",
     .long_help = "Asks the first node for the cluster's HTTP nodes (GET _nodes/http) and spreads "
                  "requests and retries over all of them.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.sniff = true;
       return ok();
     }},
    // Output
    {.long_name = "include",
     .short_name = 'i',
     .category = Category::Output,
     .help = "Print the response head before the body on stdout",
     .long_help = "Writes the status line and response headers before the body on standard "
                  "output, as curl -i does.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.include = true;
       return ok();
     }},
    {.long_name = "verbose",
     .short_name = 'v',
     .category = Category::Output,
     .help = "Print request and response heads on stderr (credentials redacted)",
     .long_help = "Writes the request and response heads, connection and retry notes to standard "
                  "error. Every credential header shows as <redacted>.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.verbose = true;
       return ok();
     }},
    {.long_name = "silent",
     .short_name = 's',
     .category = Category::Output,
     .help = "Print no diagnostics on stderr",
     .long_help = "No diagnostics on standard error: no error explanations or bulk summaries. The "
                  "exit code still tells what happened.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.silent = true;
       return ok();
     }},
    {.long_name = "show-error",
     .short_name = 'S',
     .category = Category::Output,
     .help = "With --silent, still print errors",
     .long_help = "Keeps error messages with --silent, as curl -sS does.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.show_error = true;
       return ok();
     }},
    {.long_name = "output",
     .short_name = 'o',
     .value_name = "FILE",
     .category = Category::Output,
     .help = "Write the body to FILE (replaced only when the transfer completes)",
     .long_help = "Writes the body to FILE through a temporary file that replaces FILE only when "
                  "the transfer completed, so a failed request leaves no half file.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.output = std::string(v);
       return ok();
     }},
    {.long_name = "pretty",
     .category = Category::Output,
     .help = "Re-indent JSON bodies as they stream (the default on a terminal)",
     .long_help = "Re-indents JSON and NDJSON bodies as they stream. It is the default when "
                  "standard output is a terminal.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.pretty = true;
       return ok();
     }},
    {.long_name = "compact",
     .category = Category::Output,
     .help = "Re-emit JSON bodies minified",
     .long_help = "Re-emits JSON and NDJSON bodies without whitespace.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.compact = true;
       return ok();
     }},
    {.long_name = "color",
     .value_name = "auto|always|never",
     .category = Category::Output,
     .help = "Colour JSON output (auto: on a terminal, unless NO_COLOR is set)",
     .long_help = "auto colours JSON on a terminal unless NO_COLOR is set; always and never "
                  "decide regardless.",
     .env = "NO_COLOR",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.color = std::string(v);
       return ok();
     }},
    {.long_name = "fail",
     .category = Category::Output,
     .help = "Exit non-zero on HTTP status >= 400 (the default)",
     .long_help = "Exits 67 for HTTP 401, 9 for 403 and 22 for other statuses of 400 or more, "
                  "after writing the body. This is the default.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.fail = true;
       return ok();
     }},
    {.long_name = "no-fail",
     .category = Category::Output,
     .help = "Exit 0 whatever the HTTP status",
     .long_help = "Exits 0 for any HTTP status, as plain curl does; network and TLS failures "
                  "still exit non-zero.",
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
     .long_help = "Reads requests in Kibana Dev Tools Console syntax (METHOD path lines, JSON or "
                  "NDJSON bodies, # comments) from FILE or standard input and sends them over "
                  "kept-alive connections. A syntax error sends nothing.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.batch = std::string(v);
       return ok();
     }},
    {.long_name = "batch-format",
     .value_name = "text|ndjson",
     .category = Category::Batch,
     .help = "ndjson: one JSON object per request (request, status, took_ms, body)",
     .long_help = "text writes the bodies one after another; ndjson writes one JSON object per "
                  "request with its request line, status, took_ms and body.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.batch_format = std::string(v);
       return ok();
     }},
    {.long_name = "parallel",
     .value_name = "N",
     .category = Category::Batch,
     .help = "Spread a batch over N connections; output stays in input order",
     .long_help = "Sends up to N batch requests at once over N connections; the output keeps the "
                  "input's order.",
     .apply = [](RawOptions& o,
                 std::string_view v) { return set_count(o.parallel, "parallel", v, 1, 64); }},
    {.long_name = "stop-on-error",
     .category = Category::Batch,
     .help = "Stop a batch at the first failing request",
     .long_help = "Sends no further batch request after one fails; the exit code is that "
                  "request's.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.stop_on_error = true;
       return ok();
     }},
    // Other
    {.long_name = "format",
     .value_name = "text|json",
     .category = Category::Other,
     .help = "Output format of subcommands such as `escurl tls inspect`",
     .long_help = "text for people, json for scripts.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.format = std::string(v);
       return ok();
     }},
    {.long_name = "name",
     .value_name = "NAME",
     .category = Category::Subcommand,
     .help = "The API key's name, for `escurl api-key create|invalidate`",
     .long_help = "With `api-key create`, the name the new key gets (required). With `api-key "
                  "invalidate`, invalidates every key of this name that the caller may manage.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.name = std::string(v);
       return ok();
     }},
    {.long_name = "id",
     .value_name = "ID",
     .category = Category::Subcommand,
     .help = "The API key's id, for `escurl api-key invalidate`",
     .long_help = "With `api-key invalidate`, the id of the one key to invalidate, as `api-key "
                  "create` printed it on stderr or `whoami` shows it.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.id = std::string(v);
       return ok();
     }},
    {.long_name = "expiration",
     .value_name = "DURATION",
     .category = Category::Subcommand,
     .help = "Lifetime of a new API key, such as 1d or 12h (default: none)",
     .long_help = "With `api-key create`, how long the key is valid, in Elasticsearch's time "
                  "units (30m, 12h, 7d). Without it the key does not expire: give one for keys "
                  "handed to CI jobs.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.expiration = std::string(v);
       return ok();
     }},
    {.long_name = "role-descriptors",
     .value_name = "JSON | @FILE",
     .category = Category::Subcommand,
     .help = "Limit a new API key to these role descriptors (a JSON object)",
     .long_help = "With `api-key create`, the key's role_descriptors as a JSON object, given "
                  "inline or as @FILE. Without it the key has the creator's privileges at the "
                  "time it is used.",
     .apply = [](RawOptions& o, std::string_view v) -> R {
       o.role_descriptors = std::string(v);
       return ok();
     }},
    {.long_name = "help",
     .short_name = 'h',
     .category = Category::Other,
     .help = "Show this help and the exit codes",
     .long_help = "Prints the options by category and the exit codes, and exits 0.",
     .apply = [](RawOptions& o, std::string_view) -> R {
       o.help = true;
       return ok();
     }},
    {.long_name = "version",
     .category = Category::Other,
     .help = "Show the version, commit and OpenSSL version",
     .long_help = "Prints escurl's version, the commit it was built from and the OpenSSL it was "
                  "built with.",
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
    case Category::Subcommand:
      return "Subcommand options";
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
