// SPDX-License-Identifier: MIT
#include "batch_runner.h"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "diagnostics.h"
#include "exit_code.h"
#include "interrupt.h"
#include "redact.h"

namespace escurl {
namespace {

constexpr std::size_t kErrorBodyKeep = 64 * 1024;

// One request's outcome, collected when output must wait (ndjson, --parallel).
struct Outcome {
  Result<ResponseHead> head = make_error(Errc::Internal, "not run");
  std::string body;
  double took_ms = 0;
  bool done = false;
};

Request request_for(const BatchContext& ctx, const BatchRequest& b) {
  Request r = ctx.base;
  r.method = b.method;
  r.url = join_path(ctx.options.nodes.front(), b.path);
  r.body = {};
  std::erase_if(r.headers, [](const HeaderField& h) { return iequals(h.name, "Content-Type"); });
  if (b.has_body) {
    r.body.kind = BodySpec::Kind::Inline;
    r.body.bytes = b.body;
    r.body.flag = "the batch body";
    r.headers.push_back({"Content-Type", body_content_type(b.path, ctx.options.compat)});
  }
  return r;
}

// Collects a whole response in memory (ndjson output and --parallel need it whole).
class CollectSink : public ResponseSink {
 public:
  explicit CollectSink(std::string& body) : body_(body) {}
  bool on_head(const ResponseHead&) override { return true; }
  bool on_body(const char* data, std::size_t size) override {
    body_.append(data, size);
    return true;
  }

 private:
  std::string& body_;
};

// Streams one response to the output, keeping the start of an error body to explain it.
class StreamSink : public ResponseSink {
 public:
  StreamSink(Output& out, std::string& error_body) : out_(out), error_body_(error_body) {}
  bool on_head(const ResponseHead& h) override {
    capture_ = h.status >= 400;
    return true;
  }
  bool on_body(const char* data, std::size_t size) override {
    if (capture_ && error_body_.size() < kErrorBodyKeep) {
      error_body_.append(data, std::min(size, kErrorBodyKeep - error_body_.size()));
    }
    last_ = size ? data[size - 1] : last_;
    return out_.write(data, size);
  }
  void on_idle() override { out_.flush(); }
  char last() const { return last_; }

 private:
  Output& out_;
  std::string& error_body_;
  bool capture_ = false;
  char last_ = '\n';
};

std::string ndjson_line(const BatchRequest& b, const Outcome& o) {
  nlohmann::ordered_json line;
  line["request"] = fmt::format("{} {}", b.method, b.path);
  line["status"] = o.head ? o.head->status : 0;
  line["took_ms"] = std::round(o.took_ms * 10) / 10;
  const nlohmann::json parsed = nlohmann::json::parse(o.body, nullptr, false);
  if (!o.head) {
    line["error"] = o.head.error().message;
  } else if (!parsed.is_discarded()) {
    line["body"] = parsed;
  } else {
    line["body"] = o.body;
  }
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

int interrupted_code() { return exit_code_for(Errc::Interrupted); }

// Reports a failed request on stderr; returns its exit code (0 for success).
int report(const BatchContext& ctx, const BatchRequest& b, const Result<ResponseHead>& head,
           std::string_view error_body) {
  const bool show = ctx.options.show_errors();
  if (!head) {
    if (show)
      report_line(
          fmt::format("line {}: {} {}: {}", b.line, b.method, b.path, head.error().message));
    return exit_code_for(head.error().code);
  }
  const bool failing = status_is_failure(head->status, ctx.options.fail);
  // -s hides explanations; -S brings back those of requests that fail.
  if (head->status >= 400 && (!ctx.options.silent || (ctx.options.show_error && failing))) {
    report_line(fmt::format("line {}: {} {}: {}", b.line, b.method, b.path,
                            explain_http_error(head->status, head->reason, error_body, ctx.auth)));
  }
  if (!failing) return 0;
  return exit_code_for(errc_for_status(head->status));
}

int run_sequential_text(const BatchContext& ctx, const std::vector<BatchRequest>& requests,
                        Output& out) {
  std::unique_ptr<Transport> transport = ctx.make_transport();
  SteadyClock clock;
  NodePool pool(ctx.options.nodes, clock);
  Client client(*transport, pool, clock, ctx.client_options);
  int first_failure = 0;
  for (const BatchRequest& b : requests) {
    if (ctx.stdout_tty && !out.write(fmt::format("# {} {}\n", b.method, b.path))) break;
    std::string error_body;
    StreamSink sink(out, error_body);
    const Result<ResponseHead> head = client.execute(request_for(ctx, b), b.path, sink);
    if (out.broken_pipe() || out.error()) break;
    if (interrupted()) {
      report(ctx, b, head, error_body);
      break;
    }
    if (sink.last() != '\n' && !out.write("\n")) break;
    const int code = report(ctx, b, head, error_body);
    if (code != 0 && first_failure == 0) first_failure = code;
    if (code != 0 && ctx.options.stop_on_error) break;
  }
  return first_failure;
}

// Workers take requests in order and fill outcomes; the caller prints them in input order.
void run_workers(const BatchContext& ctx, const std::vector<BatchRequest>& requests,
                 std::vector<Outcome>& outcomes, std::mutex& mu, std::condition_variable& cv,
                 std::atomic<bool>& stop) {
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < ctx.options.parallel; ++w) {
    workers.emplace_back([&] {
      std::unique_ptr<Transport> transport = ctx.make_transport();
      SteadyClock clock;
      NodePool pool(ctx.options.nodes, clock);
      Client client(*transport, pool, clock, ctx.client_options);
      for (std::size_t i = next++; i < requests.size() && !stop; i = next++) {
        Outcome o;
        CollectSink sink(o.body);
        const auto start = std::chrono::steady_clock::now();
        o.head = client.execute(request_for(ctx, requests[i]), requests[i].path, sink);
        o.took_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        o.done = true;
        std::lock_guard lock(mu);
        outcomes[i] = std::move(o);
        cv.notify_all();
      }
    });
  }
  for (std::thread& t : workers) t.join();
}

int run_collected(const BatchContext& ctx, const std::vector<BatchRequest>& requests, Output& out) {
  std::vector<Outcome> outcomes(requests.size());
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<bool> stop{false};
  std::thread runner([&] { run_workers(ctx, requests, outcomes, mu, cv, stop); });
  int first_failure = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    Outcome o;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return outcomes[i].done; });
      o = std::move(outcomes[i]);
    }
    const BatchRequest& b = requests[i];
    std::string text;
    if (ctx.options.batch_ndjson) {
      text = ndjson_line(b, o);
    } else {
      if (ctx.stdout_tty) text = fmt::format("# {} {}\n", b.method, b.path);
      text += o.body;
      if (!o.body.empty() && o.body.back() != '\n') text += '\n';
    }
    if (!out.write(text)) stop = true;
    const int code = report(ctx, b, o.head, o.body);
    if (code != 0 && first_failure == 0) first_failure = code;
    if ((code != 0 && ctx.options.stop_on_error) || stop || interrupted()) {
      stop = true;
      break;
    }
  }
  runner.join();
  return first_failure;
}

}  // namespace

int run_batch(const BatchContext& ctx, const std::vector<BatchRequest>& requests, Output& out) {
  const int code = !ctx.options.batch_ndjson && ctx.options.parallel == 1
                       ? run_sequential_text(ctx, requests, out)
                       : run_collected(ctx, requests, out);
  return interrupted() ? interrupted_code() : code;
}

}  // namespace escurl
