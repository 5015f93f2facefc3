// SPDX-License-Identifier: MIT
#include "app.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include <algorithm>

#include "api_key.h"
#include "batch_command.h"
#include "cli.h"
#include "clock.h"
#include "completion_command.h"
#include "config_show.h"
#include "credentials.h"
#include "diagnostics.h"
#include "environment.h"
#include "exchange.h"
#include "login.h"
#include "options.h"
#include "output.h"
#include "profile_layer.h"
#include "request.h"
#include "request_preview.h"
#include "secret_source.h"
#include "tls_inspect.h"
#include "token_session.h"
#include "version.h"
#include "whoami.h"
#include "write_out.h"

namespace escurl {
namespace {

// The OpenSSL actually loaded, which a library upgrade changes without a rebuild.
std::string version_text() {
  return fmt::format("escurl {}{} ({})\n", kVersion,
                     std::string_view(kCommit).empty() ? "" : fmt::format(" (commit {})", kCommit),
                     OpenSSL_version(OPENSSL_VERSION));
}

// The proxy, with its password from --proxy-user, --proxy-password's source, or the prompt.
Result<std::optional<ProxyOptions>> proxy_options(const Options& o, Env& env, StdinClaim& claim) {
  if (!o.proxy) return std::optional<ProxyOptions>();
  ProxyOptions p{o.proxy->host, o.proxy->port, o.proxy->user, o.proxy->password};
  if (o.proxy_user_ref) {
    const std::size_t colon = o.proxy_user_ref->find(':');
    p.user = o.proxy_user_ref->substr(0, colon);
    if (colon != std::string::npos) {
      p.password = Secret(o.proxy_user_ref->substr(colon + 1));
    } else if (o.proxy_password_ref) {
      Result<Secret> pw = read_secret(*o.proxy_password_ref, "--proxy-password", env, claim);
      if (!pw) return pw.take_error();
      p.password = std::move(*pw);
    } else {
      Result<Secret> pw =
          env.prompt_secret(fmt::format("Enter proxy password for '{}': ", *p.user));
      if (!pw) {
        return make_error(Errc::Usage, "--proxy-user has no password and there is no terminal",
                          {"give it with --proxy-password @FILE, @- or env:NAME"});
      }
      p.password = std::move(*pw);
    }
  }
  return std::optional<ProxyOptions>(std::move(p));
}

Result<TransportOptions> transport_options(const Options& o, Env& env, StdinClaim& claim) {
  TransportOptions t;
  t.tls = o.tls;
  // Past kMaxWaitSeconds a wait is forever; beyond it, deadlines would overflow the clock.
  t.connect_timeout = std::min(o.connect_timeout, kMaxWaitSeconds);
  t.read_timeout = std::min(o.read_timeout, kMaxWaitSeconds);
  if (o.max_time) t.max_time = std::min(*o.max_time, kMaxWaitSeconds);
  t.decompress = o.compressed;
  t.resolve = o.resolve;
  if (o.verbose) {
    t.trace = [](const std::string& line) {
      const std::string text = fmt::format("* {}\n", line);
      write_all(2, text.data(), text.size());
    };
  }
  Result<std::optional<ProxyOptions>> proxy = proxy_options(o, env, claim);
  if (!proxy) return proxy.take_error();
  t.proxy = std::move(*proxy);
  return t;
}

// Loads the --cert identity into the TLS options; its password may come from any secret source.
Result<void> load_identity(const RawOptions& raw, Options& o, Env& env, StdinClaim& stdin_claim) {
  if (!o.client_cert) return ok();
  if (option_given(raw, o.key_password_ref, "key-password")) {
    Result<Secret> pw =
        read_option_secret(raw, o.key_password_ref, "key-password", env, stdin_claim);
    if (!pw) return pw.take_error();
    o.client_cert->key_password = std::move(*pw);
  }
  Result<std::shared_ptr<const ClientIdentity>> identity = load_client_identity(
      *o.client_cert, [&env] { return env.prompt_secret("Enter password for the client key: "); });
  if (!identity) return identity.take_error();
  o.tls.identity = std::move(*identity);
  return ok();
}

// The subcommands that talk to the cluster with the request's credentials.
Result<void> run_auth_subcommand(const RawOptions& raw, const Options& o, SessionCredentials& c,
                                 const TransportOptions& topts, Env& env) {
  switch (o.subcommand) {
    case Subcommand::Login:
      return run_login(o, c.credentials, topts, env);
    case Subcommand::Logout:
      return run_logout(o, topts, c.base, env);
    case Subcommand::Whoami:
      return run_whoami(o, c.credentials, topts, env);
    case Subcommand::ApiKeyCreate:
      return run_api_key_create(raw, o, c.credentials, topts, env);
    case Subcommand::ApiKeyInvalidate:
      return run_api_key_invalidate(raw, o, c.credentials, topts, env);
    default:
      return make_error(Errc::Internal, "not an auth subcommand");
  }
}

}  // namespace

int run(Env& env) {
  // 1. The command line, exactly as typed.
  Result<RawOptions> raw = parse_command_line(env.args);
  if (!raw) return fail_with(raw.error(), true);
  if (raw->help) return write_all(1, render_help().data(), render_help().size()) ? 0 : 23;
  if (raw->version) return write_all(1, version_text().data(), version_text().size()) ? 0 : 23;
  if (is_generator_command(raw->positionals)) return run_generator_command(raw->positionals);
  const bool index_completion = is_index_completion(raw->positionals);
  if (index_completion) prepare_index_completion(*raw, env);
  const bool show = !raw->silent || raw->show_error;
  const RawOptions flags = *raw;
  if (raw->positionals == std::vector<std::string>{"config", "profiles"}) {
    Result<void> r = run_config_profiles(*raw, env);
    return r ? 0 : fail_with(r.error(), show);
  }
  // 1b. The environment, then the profile, fill what the flags left unset.
  SettingSources sources;
  apply_environment(*raw, env, &sources);
  const bool outer_primary = has_primary_credential(*raw);
  Result<std::optional<Profile>> profile = load_and_apply_profile(*raw, env, sources);
  if (!profile) return fail_with(profile.error(), show);
  // 2. Options: invocation form, URL, body source, timeouts.
  Result<Options> options = resolve_options(*raw, env);
  if (!options) return fail_with(options.error(), show);
  env.file_wait = options->connect_timeout;  // for @FILE and -H @file that are FIFOs
  options->profile = *profile ? (*profile)->name : "default";
  if (options->subcommand != Subcommand::None && (options->offline || options->curl)) {
    // login, logout and api-key send requests of their own: "send nothing" cannot hold there.
    return fail_with(make_error(Errc::Usage,
                                "--offline and --curl show a request; subcommands "
                                "such as login or whoami cannot be previewed"),
                     show);
  }
  if (Result<void> r = check_api_key_flags(*raw, options->subcommand); !r)
    return fail_with(r.error(), show);
  if (options->subcommand == Subcommand::ConfigShow) {
    Result<void> r =
        run_config_show({flags, *raw, sources, *options, *profile, outer_primary}, env);
    return r ? 0 : fail_with(r.error(), show);
  }
  if (index_completion && !options->complete_indices) return 0;  // never asked: offer nothing
  // 3. Credentials, read from their sources (files, stdin, environment, prompt).
  StdinClaim stdin_claim;
  if (Result<void> r = load_identity(*raw, *options, env, stdin_claim); !r)
    return fail_with(r.error(), show);
  if (options->subcommand == Subcommand::TlsInspect) return run_tls_inspect(*options);
  if (options->offline || options->curl) {
    // A preview prints the secrets still to come as <redacted> or as variable references, never
    // their values: nobody needs to type one just to see the request. (A client key's password
    // was needed above: the key is read to be named.)
    env.prompt_secret = [](std::string_view) -> Result<Secret> {
      return Secret(std::string("not-asked-for-a-preview"));
    };
  }
  Result<TransportOptions> topts = transport_options(*options, env, stdin_claim);
  if (!topts) return fail_with(topts.error(), show);
  const bool login = options->subcommand == Subcommand::Login;
  // A user in the URL, or one .netrc may give, is found with its password: no need to ask.
  const bool user_elsewhere =
      options->url.user || raw->netrc || raw->netrc_optional || raw->netrc_file;
  if (login && !has_primary_credential(*raw) && !user_elsewhere) {
    if (Result<void> r = ask_login_user(*raw, env); !r) return fail_with(r.error(), show);
  }
  // A stored login stands in for the profile's credentials (not for login itself).
  Result<SessionCredentials> credentials =
      resolve_session_credentials(*raw, outer_primary || login, *options, *topts, env, stdin_claim);
  if (!credentials) return fail_with(credentials.error(), show);
  if (options->subcommand != Subcommand::None) {
    Result<void> r = run_auth_subcommand(*raw, *options, *credentials, *topts, env);
    return r ? 0 : fail_with(r.error(), show);
  }
  // 4. The request, with its headers; refuses credentials over plain http.
  Result<Request> request = build_request(*options, credentials->credentials, env, stdin_claim);
  if (!request) return fail_with(request.error(), show);
  if (options->offline || options->curl) {
    return run_preview(*options, *request, credentials->credentials);
  }
  std::optional<WriteOutFormat> write_out;
  if (options->write_out) {
    Result<std::string> text = load_write_out_format(*options->write_out, env, stdin_claim);
    if (!text) return fail_with(text.error(), show);
    Result<WriteOutFormat> format = WriteOutFormat::parse(*text);
    if (!format) return fail_with(format.error(), show);
    write_out = std::move(*format);
  }
  if (options->tls.insecure && request->url.is_https()) {
    report_warning(
        "--insecure: the server's certificate is not verified; anyone in the path "
        "can read this request and its credentials");
  }
  if (index_completion) return print_index_names(*options, *request, *topts);
  // 5. Send, stream the response, and turn the outcome into an exit code.
  if (options->batch) {
    return run_batch_command(*options, *request, credentials->credentials, *topts, env,
                             stdin_claim);
  }
  return send_one(*options, *request, credentials->credentials, *topts, env.stdout_tty, write_out,
                  credentials->refresher(*options, *topts, env));
}

}  // namespace escurl
