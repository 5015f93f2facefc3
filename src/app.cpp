// SPDX-License-Identifier: MIT
#include "app.h"

#include <fmt/format.h>
#include <openssl/opensslv.h>

#include <cerrno>
#include <chrono>

#include "api_key.h"
#include "batch.h"
#include "batch_runner.h"
#include "bulk_scan.h"
#include "cli.h"
#include "client.h"
#include "completion_command.h"
#include "config_show.h"
#include "credentials.h"
#include "diagnostics.h"
#include "environment.h"
#include "es_error.h"
#include "exit_code.h"
#include "http_transport.h"
#include "interrupt.h"
#include "json_stream.h"
#include "login.h"
#include "options.h"
#include "output.h"
#include "profile_layer.h"
#include "progress.h"
#include "request.h"
#include "request_preview.h"
#include "secret_source.h"
#include "sniff.h"
#include "tls_inspect.h"
#include "token_session.h"
#include "transfer_meter.h"
#include "version.h"
#include "whoami.h"
#include "write_out.h"

namespace escurl {
namespace {

// Enough of an error body to explain it; a larger one is still streamed whole to the output.
constexpr std::size_t kErrorBodyKeep = 64 * 1024;

std::string render_request_head(const Request& r) {
  std::string out = fmt::format("> {} {} HTTP/1.1\n> Host: {}\n", r.method,
                                encode_target(r.url.target), r.url.authority());
  for (const HeaderField& h : r.headers)
    out += fmt::format("> {}: {}\n", h.name, h.display_value());
  return out + ">\n";
}

std::string render_response_head(const ResponseHead& h, std::string_view prefix,
                                 std::string_view eol) {
  std::string out = fmt::format("{}{} {} {}{}", prefix, h.version, h.status, h.reason, eol);
  for (const auto& [name, value] : h.headers) {
    out += fmt::format("{}{}: {}{}", prefix, name, value, eol);
  }
  return out + std::string(prefix) + std::string(eol);
}

// Streams the body to the output — re-indented or minified when asked, scanned for failed
// items on _bulk and _msearch — shows heads as asked, and keeps the start of an error body.
class BodyPrinter : public ResponseSink {
 public:
  BodyPrinter(Output& out, const Options& o, std::string_view path)
      : out_(out), o_(o), path_(path) {}
  bool on_head(const ResponseHead& head) override {
    if (o_.verbose) {
      const std::string text = render_response_head(head, "< ", "\n");
      write_all(2, text.data(), text.size());
    }
    capture_ = head.status >= 400;
    formatter_.reset();
    scanner_.reset();
    const std::optional<BodyKind> kind =
        body_kind_for_content_type(head.header("Content-Type").value_or(""));
    if (kind && o_.body_format != Options::BodyFormat::Raw) {
      formatter_.emplace(
          JsonStyle{o_.body_format == Options::BodyFormat::Compact ? JsonStyle::Mode::Compact
                                                                   : JsonStyle::Mode::Pretty,
                    o_.color},
          *kind);
    }
    if (head.status == 200) {
      if (const std::optional<BulkKind> bulk = bulk_kind_for_path(path_)) scanner_.emplace(*bulk);
    }
    return !o_.include || out_.write(render_response_head(head, "", "\r\n"));
  }
  bool on_body(const char* data, std::size_t size) override {
    if (capture_ && error_body_.size() < kErrorBodyKeep) {
      error_body_.append(data, std::min(size, kErrorBodyKeep - error_body_.size()));
    }
    if (scanner_) scanner_->feed(std::string_view(data, size));
    if (!formatter_) return write(data, size);
    buffer_.clear();
    formatter_->feed(std::string_view(data, size), buffer_);
    return write(buffer_.data(), buffer_.size());
  }
  /// Flushes the formatter at the end of a complete body.
  bool finish() {
    if (scanner_) scanner_->finish();
    if (!formatter_) return true;
    buffer_.clear();
    formatter_->finish(buffer_);
    return write(buffer_.data(), buffer_.size());
  }
  /// Failed _bulk / _msearch items, when the body was scanned and some failed.
  const BulkSummary* bulk_failures() const {
    return scanner_ && scanner_->summary().failed > 0 ? &scanner_->summary() : nullptr;
  }
  const std::string& error_body() const { return error_body_; }
  /// Whether the last byte written was a newline (so a terminal prompt starts on its own line).
  bool ended_with_newline() const { return last_ == '\n'; }

 private:
  bool write(const char* data, std::size_t size) {
    if (size > 0) last_ = data[size - 1];
    return out_.write(data, size);
  }
  Output& out_;
  const Options& o_;
  std::string path_;
  bool capture_ = false;
  std::string error_body_;
  std::optional<JsonFormatter> formatter_;
  std::optional<BulkScanner> scanner_;
  std::string buffer_;
  char last_ = '\n';
};

int fail_with(const Error& e, bool show) {
  if (show) report_error(e);
  return exit_code_for(e.code);
}

std::string version_text() {
  return fmt::format("escurl {}{} ({})\n", kVersion,
                     std::string_view(kCommit).empty() ? "" : fmt::format(" (commit {})", kCommit),
                     OPENSSL_VERSION_TEXT);
}

// The proxy, with its password read from wherever --proxy-user's reference points.
Result<std::optional<ProxyOptions>> proxy_options(const Options& o, Env& env) {
  if (!o.proxy) return std::optional<ProxyOptions>();
  ProxyOptions p{o.proxy->host, o.proxy->port, o.proxy->user, o.proxy->password};
  if (o.proxy_user_ref) {
    const std::size_t colon = o.proxy_user_ref->find(':');
    p.user = o.proxy_user_ref->substr(0, colon);
    if (colon != std::string::npos) {
      p.password = Secret(o.proxy_user_ref->substr(colon + 1));
    } else {
      Result<Secret> pw =
          env.prompt_secret(fmt::format("Enter proxy password for '{}': ", *p.user));
      if (!pw) {
        return make_error(Errc::Usage, "--proxy-user has no password and there is no terminal",
                          {"give it as --proxy-user USER:PASSWORD"});
      }
      p.password = std::move(*pw);
    }
  }
  return std::optional<ProxyOptions>(std::move(p));
}

Result<TransportOptions> transport_options(const Options& o, Env& env) {
  TransportOptions t;
  t.tls = o.tls;
  t.connect_timeout = o.connect_timeout;
  t.read_timeout = o.read_timeout;
  t.max_time = o.max_time;
  t.decompress = o.compressed;
  t.resolve = o.resolve;
  if (o.verbose) {
    t.trace = [](const std::string& line) {
      const std::string text = fmt::format("* {}\n", line);
      write_all(2, text.data(), text.size());
    };
  }
  Result<std::optional<ProxyOptions>> proxy = proxy_options(o, env);
  if (!proxy) return proxy.take_error();
  t.proxy = std::move(*proxy);
  return t;
}

ClientOptions client_options(const Options& o) {
  ClientOptions c;
  c.retry = o.retry;
  c.follow_redirects = o.follow_redirects;
  c.max_redirects = o.max_redirects;
  if (o.verbose) {
    c.trace = [](const std::string& line) {
      const std::string text = fmt::format("* {}\n", line);
      write_all(2, text.data(), text.size());
    };
  }
  return c;
}

// Whether an HTTP failure's explanation is shown: -s hides it, -S brings back those that fail.
bool show_http_explanation(const Options& o, bool failing) {
  return !o.silent || (o.show_error && failing);
}

// Sends the request and prints the response; returns the exit code. Fills `report` for
// --write-out as far as the transfer got. `refresh`, when set, renews a stored login: a 401
// saying the access token expired is then held back, and a replayable request is sent once
// more with the new token.
int exchange(const Options& o, const Request& request, const Credentials& credentials,
             TransportOptions topts, bool stdout_tty, TransferReport& report,
             const std::function<Result<AuthHeader>()>& refresh) {
  auto fail = [&](const Error& e) {
    report.errormsg = e.message;
    return fail_with(e, o.show_errors());
  };
  Result<Output> out = o.output ? Output::to_file(*o.output) : Output::to_stdout();
  if (!out) return fail(out.error());
  if (o.verbose) {
    const std::string head = render_request_head(request);
    write_all(2, head.data(), head.size());
  }
  SteadyClock clock;
  const Clock::TimePoint start = clock.now();
  std::optional<Progress> progress;
  if (o.progress && !o.verbose) {
    progress.emplace(clock, [](std::string_view t) { write_all(2, t.data(), t.size()); });
  }
  topts.upload_progress = [&](std::uint64_t sent, std::optional<std::uint64_t> total) {
    report.size_upload = sent;
    if (progress) progress->upload(sent, total);
  };
  BodyPrinter printer(*out, o, request.url.target.substr(0, request.url.target.find('?')));
  TransferMeter meter(printer, clock, progress ? &*progress : nullptr);
  HttpTransport transport(topts);
  NodePool pool(o.cluster_path ? o.nodes : std::vector<Url>{o.url}, clock);
  Client client(transport, pool, clock, client_options(o));
  if (o.sniff && o.cluster_path) {
    Result<std::vector<Url>> nodes = sniff_nodes(client, request);
    if (!nodes) return fail(nodes.error());
    pool.replace(std::move(*nodes));
  }
  ExpiredTokenGate gate(meter);
  const bool replay = refresh && request.body.kind != BodySpec::Kind::Stdin;
  Result<ResponseHead> head =
      client.execute(request, o.cluster_path, replay ? static_cast<ResponseSink&>(gate) : meter);
  if (head && gate.held()) {
    Result<AuthHeader> fresh = refresh();
    if (!fresh) return fail(fresh.error());
    if (o.verbose) {
      constexpr std::string_view kLine = "* the access token expired: refreshed, sending again\n";
      write_all(2, kLine.data(), kLine.size());
    }
    Request again = request;
    replace_authorization(again, *fresh);
    head = client.execute(again, o.cluster_path, meter);
  }
  if (progress) progress->finish();
  report.num_retries = client.last_retries();
  report.num_redirects = client.last_redirects();
  report.url_effective = client.last_url().display();
  report.size_download = meter.body_bytes();
  report.time_connect = seconds_since(start, client.last_send_info().connected_at);
  report.time_appconnect = seconds_since(start, client.last_send_info().tls_done_at);
  report.time_starttransfer = seconds_since(start, meter.head_at());
  if (request.body.kind == BodySpec::Kind::Inline && client.last_send_info().request_sent) {
    report.size_upload = request.body.bytes.size();
  }
  if (head) report.head = *head;
  if (out->broken_pipe()) return 0;  // the reader left (`escurl … | head`): not an error
  if (out->error()) return fail(*out->error());
  if (!head) {
    out->abandon();
    return fail(head.error());
  }
  if (!printer.finish() && out->error()) return fail(*out->error());
  // On a terminal, a body without a final newline would run into the shell's prompt.
  if (stdout_tty && !o.output && !printer.ended_with_newline()) out->write("\n");
  if (Result<void> done = out->finish(); !done) return fail(done.error());
  if (head->status >= 300 && head->status < 400 && !o.silent) {
    if (auto location = head->header("Location")) {
      report_line(fmt::format("HTTP {} redirect to {} (not followed: add -L to follow)",
                              head->status, *location));
    }
  }
  const bool failing = status_is_failure(head->status, o.fail);
  if (head->status >= 400) {
    const std::string line = explain_http_error(head->status, head->reason, printer.error_body(),
                                                AuthContext::from(credentials));
    if (failing) report.errormsg = line;
    if (show_http_explanation(o, failing)) report_line(line);
  }
  if (const BulkSummary* failures = printer.bulk_failures()) {
    std::string text = render_bulk_summary(*failures);
    if (o.fail) report.errormsg = text.substr(0, text.find('\n'));
    if (show_http_explanation(o, o.fail)) {
      if (!text.ends_with('\n')) text += '\n';
      write_all(2, text.data(), text.size());
    }
    if (o.fail) return exit_code_for(Errc::BulkFailures);
  }
  if (!failing) return 0;
  return exit_code_for(errc_for_status(head->status));
}

// One request, then its --write-out.
int send_one(const Options& o, const Request& request, const Credentials& credentials,
             const TransportOptions& topts, bool stdout_tty,
             const std::optional<WriteOutFormat>& write_out,
             const std::function<Result<AuthHeader>()>& refresh) {
  TransferReport report;
  report.method = request.method;
  report.url_effective = request.url.display();
  const auto start = std::chrono::steady_clock::now();
  report.exit_code = exchange(o, request, credentials, topts, stdout_tty, report, refresh);
  report.time_total = seconds_since(start, std::chrono::steady_clock::now());
  if (write_out) {
    for (const WriteOutPiece& piece : write_out->render(report)) {
      write_all(piece.fd, piece.text.data(), piece.text.size());
    }
  }
  return report.exit_code;
}

// --offline and --curl: the request as text on stdout, nothing sent.
int preview(const Options& o, const Request& request, const Credentials& credentials) {
  if (o.offline) {
    const std::string text = render_offline(request);
    return write_all(1, text.data(), text.size()) || errno == EPIPE
               ? 0
               : exit_code_for(Errc::WriteOutput);
  }
  const CurlCommand cmd = render_curl(request, o, credentials);
  if (!o.silent) {
    if (!cmd.variables.empty()) {
      std::string list;
      for (const std::string& v : cmd.variables) list += "\n  " + v;
      report_line(fmt::format("--curl: set these environment variables first:{}", list));
    }
    for (const std::string& w : cmd.warnings) report_warning(w);
  }
  return write_all(1, cmd.command.data(), cmd.command.size()) || errno == EPIPE
             ? 0
             : exit_code_for(Errc::WriteOutput);
}

// Reads and runs a --batch file; a syntax error sends nothing.
int batch(const Options& o, const Request& base, const Credentials& credentials,
          const TransportOptions& topts, Env& env, StdinClaim& claim) {
  Result<std::string> text = make_error(Errc::Internal, "");
  if (*o.batch == "-") {
    if (Result<void> c = claim.claim("--batch -"); !c) return fail_with(c.error(), o.show_errors());
    text = env.read_stdin();
  } else {
    text = read_file(*o.batch);
  }
  if (!text) {
    return fail_with(make_error(Errc::ReadBody, fmt::format("--batch: {}", text.error().message)),
                     o.show_errors());
  }
  Result<std::vector<BatchRequest>> requests =
      parse_batch(*text, *o.batch == "-" ? "<stdin>" : *o.batch);
  if (!requests) return fail_with(requests.error(), o.show_errors());
  Result<Output> out = o.output ? Output::to_file(*o.output) : Output::to_stdout();
  if (!out) return fail_with(out.error(), o.show_errors());
  BatchContext ctx{o,
                   base,
                   AuthContext::from(credentials),
                   env.stdout_tty && !o.output,
                   [&topts] { return std::unique_ptr<Transport>(new HttpTransport(topts)); },
                   client_options(o)};
  const int code = run_batch(ctx, *requests, *out);
  if (interrupted()) {
    out->abandon();  // an interrupted batch leaves no -o file
    return code;
  }
  if (out->error()) return fail_with(*out->error(), o.show_errors());
  if (Result<void> done = out->finish(); !done) return fail_with(done.error(), o.show_errors());
  return code;
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
  options->profile = *profile ? (*profile)->name : "default";
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
  Result<TransportOptions> topts = transport_options(*options, env);
  if (!topts) return fail_with(topts.error(), show);
  const bool login = options->subcommand == Subcommand::Login;
  if (login && !has_primary_credential(*raw)) {
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
    return preview(*options, *request, credentials->credentials);
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
    return batch(*options, *request, credentials->credentials, *topts, env, stdin_claim);
  }
  return send_one(*options, *request, credentials->credentials, *topts, env.stdout_tty, write_out,
                  credentials->refresher(*options, *topts, env));
}

}  // namespace escurl
