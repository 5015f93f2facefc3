// SPDX-License-Identifier: MIT
#include "exchange.h"

#include <fmt/format.h>

#include <chrono>

#include "bulk_scan.h"
#include "diagnostics.h"
#include "es_error.h"
#include "exit_code.h"
#include "format_worker.h"
#include "http_transport.h"
#include "json_stream.h"
#include "output.h"
#include "progress.h"
#include "redact.h"
#include "sniff.h"
#include "terminal_text.h"
#include "transfer_meter.h"

namespace escurl {
namespace {

// Enough of an error body to explain it; a larger one is still streamed whole to the output.
constexpr std::size_t kErrorBodyKeep = 64 * 1024;
// How much of a Location the "not followed" line shows.
constexpr std::size_t kLocationChars = 500;

// For -v. A value header_check will refuse (a line break in --opaque-id) shows escaped.
std::string render_request_head(const Request& r) {
  std::string out = fmt::format("> {} {} HTTP/1.1\n> Host: {}\n", terminal_text(r.method),
                                encode_target(r.url.target), r.url.authority());
  for (const HeaderField& h : r.headers)
    out += fmt::format("> {}: {}\n", terminal_text(h.name), terminal_text(h.display_value()));
  return out + ">\n";
}

// For the terminal (-v on stderr) credential fields show as <redacted> and every byte the
// server chose passes terminal_text; -i writes the head to the output as received, as curl does.
std::string render_response_head(const ResponseHead& h, std::string_view prefix,
                                 std::string_view eol, bool for_terminal) {
  const auto text = [for_terminal](std::string_view s) {
    return for_terminal ? terminal_text(s) : std::string(s);
  };
  std::string out =
      fmt::format("{}{} {} {}{}", prefix, text(h.version), h.status, text(h.reason), eol);
  for (const auto& [name, value] : h.headers) {
    out +=
        fmt::format("{}{}: {}{}", prefix, text(name),
                    for_terminal ? terminal_text(display_header_value(name, value)) : value, eol);
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
      const std::string text = render_response_head(head, "< ", "\n", true);
      write_all(2, text.data(), text.size());
    }
    capture_ = head.status >= 400;
    worker_.reset();
    scanner_.reset();
    const std::optional<BodyKind> kind =
        body_kind_for_content_type(head.header("Content-Type").value_or(""));
    if (kind && o_.body_format != Options::BodyFormat::Raw) {
      worker_.emplace(JsonFormatter(JsonStyle{o_.body_format == Options::BodyFormat::Compact
                                                  ? JsonStyle::Mode::Compact
                                                  : JsonStyle::Mode::Pretty,
                                              o_.color},
                                    *kind),
                      out_);
    }
    if (head.status == 200) {
      if (const std::optional<BulkKind> bulk = bulk_kind_for_path(path_)) scanner_.emplace(*bulk);
    }
    return !o_.include || out_.write(render_response_head(head, "", "\r\n", false));
  }
  bool on_body(const char* data, std::size_t size) override {
    if (capture_ && error_body_.size() < kErrorBodyKeep) {
      error_body_.append(data, std::min(size, kErrorBodyKeep - error_body_.size()));
    }
    if (scanner_) scanner_->feed(std::string_view(data, size));
    if (worker_) return worker_->write(data, size);
    if (size > 0) last_ = data[size - 1];
    return out_.write(data, size);
  }
  void on_idle() override {
    // While the formatter's thread runs, only it writes to the output.
    if (worker_) {
      worker_->flush();
    } else {
      out_.flush();
    }
  }
  /// Waits until everything received is formatted and written: the output is the caller's
  /// again.
  void settle() {
    if (worker_) worker_->drain();
  }
  /// Flushes the formatter at the end of a complete body.
  bool finish() {
    if (scanner_) scanner_->finish();
    return !worker_ || worker_->finish();
  }
  /// Failed _bulk / _msearch items, when the body was scanned and some failed.
  const BulkSummary* bulk_failures() const {
    return scanner_ && scanner_->summary().failed > 0 ? &scanner_->summary() : nullptr;
  }
  const std::string& error_body() const { return error_body_; }
  /// Whether the last byte written was a newline (so a terminal prompt starts on its own line).
  bool ended_with_newline() const { return (worker_ ? worker_->last_byte() : last_) == '\n'; }

 private:
  Output& out_;
  const Options& o_;
  std::string path_;
  bool capture_ = false;
  std::string error_body_;
  std::optional<BulkScanner> scanner_;
  std::optional<FormatWorker> worker_;  // declared last: its thread goes before the rest
  char last_ = '\n';
};

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
  const bool replay = refresh && body_can_be_resent(request.body);
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
  printer.settle();
  out->flush();                      // what arrived is out before any message about it
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
  if (out->broken_pipe()) return 0;
  if (head->status >= 300 && head->status < 400 && !o.silent) {
    if (auto location = head->header("Location")) {
      report_line(fmt::format("HTTP {} redirect to {} (not followed: add -L to follow)",
                              head->status, terminal_text(*location, kLocationChars)));
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

}  // namespace

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

}  // namespace escurl
