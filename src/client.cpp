// SPDX-License-Identifier: MIT
#include "client.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include "redact.h"

namespace escurl {
namespace {

// A retryable or redirect response's body kept aside; past this it is passed on, and the
// request is no longer retried.
constexpr std::size_t kHoldLimit = 1 << 20;

// Holds back the response of an attempt that may be retried or redirected, passing it on only
// once it is final.
class GateSink : public ResponseSink {
 public:
  GateSink(ResponseSink& inner, std::function<bool(const ResponseHead&)> hold_if)
      : inner_(inner), hold_if_(std::move(hold_if)) {}
  bool on_head(const ResponseHead& head) override {
    head_ = head;
    held_ = hold_if_(head);
    if (held_) return true;
    passed_on_ = true;
    return inner_.on_head(head);
  }
  bool on_body(const char* data, std::size_t size) override {
    if (!held_) return inner_.on_body(data, size);
    buffer_.append(data, size);
    if (buffer_.size() <= kHoldLimit) return true;
    return release();  // too large to hold: it becomes the final answer
  }
  void on_idle() override {
    if (!held_) inner_.on_idle();
  }
  /// Passes a held response on; it is final from now on.
  bool release() {
    if (!held_) return true;
    held_ = false;
    passed_on_ = true;
    return inner_.on_head(head_) && inner_.on_body(buffer_.data(), buffer_.size());
  }
  bool held() const { return held_; }
  bool passed_on() const { return passed_on_; }

 private:
  ResponseSink& inner_;
  std::function<bool(const ResponseHead&)> hold_if_;
  ResponseHead head_;
  std::string buffer_;
  bool held_ = false;
  bool passed_on_ = false;
};

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// A node answering like this is unhealthy (restarting, overloaded proxy), unlike a 429.
bool is_node_failure_status(int status) { return status == 502 || status == 503 || status == 504; }

Result<Url> resolve_location(const Url& base, std::string_view location) {
  if (scheme_length(location) != 0) return parse_url(location);
  // "//host:port/path" names a new authority (RFC 3986 4.2), reached with the current scheme.
  if (location.starts_with("//")) return parse_url(base.scheme + ":" + std::string(location));
  Url u = base;
  if (location.starts_with('/')) {
    u.target = std::string(location);
  } else if (location.starts_with('?')) {
    u.target = base.target.substr(0, base.target.find('?')) + std::string(location);
  } else {
    const std::string path = base.target.substr(0, base.target.find('?'));
    u.target = path.substr(0, path.rfind('/') + 1) + std::string(location);
  }
  return u;
}

}  // namespace

bool body_can_be_resent(const BodySpec& body) {
  switch (body.kind) {
    case BodySpec::Kind::None:
    case BodySpec::Kind::Inline:
      return true;
    case BodySpec::Kind::Stdin:
      return false;
    case BodySpec::Kind::File: {
      // What it is now: a process substitution or a FIFO that was read once is not a file.
      struct stat st {};
      return ::stat(body.path.c_str(), &st) != 0 || S_ISREG(st.st_mode);
    }
  }
  return false;
}

void strip_credentials(Request& request) {
  std::erase_if(request.headers, [](const HeaderField& h) {
    return h.is_secret() || is_credential_header(h.name) ||
           iequals(h.name, "es-security-runas-user");
  });
}

Client::Client(Transport& transport, NodePool& pool, Clock& clock, ClientOptions options)
    : transport_(transport),
      pool_(pool),
      clock_(clock),
      options_(std::move(options)),
      rng_(std::random_device{}()) {}

void Client::trace(const std::string& line) const {
  if (options_.trace) options_.trace(line);
}

void Client::note_node_health(std::optional<std::size_t> node, const Result<ResponseHead>& head,
                              const SendInfo& info) {
  if (!node) return;
  if (info.connection_failed || (head && is_node_failure_status(head->status))) {
    pool_.mark_dead(*node);
  } else if (head) {
    pool_.mark_live(*node);
  }
}

Result<void> Client::redirect(Request& request, const ResponseHead& head, int& redirects_left) {
  const std::optional<std::string> location = head.header("Location");
  if (!location)
    return make_error(Errc::HttpError, fmt::format("HTTP {} without a Location", head.status));
  if (redirects_left-- <= 0) {
    return make_error(Errc::HttpError,
                      fmt::format("more than {} redirects", options_.max_redirects),
                      {"raise --max-redirs if the chain is expected"});
  }
  Result<Url> next = resolve_location(request.url, *location);
  if (!next) return next.take_error();
  if (request.url.is_https() && !next->is_https()) {
    return make_error(
        Errc::HttpError,
        fmt::format("refusing to follow a redirect from https to {}", next->display()),
        {"a redirect must not downgrade the connection to plain http"});
  }
  if (next->origin() != request.url.origin()) {
    // Credentials are bound to the origin they were given for.
    strip_credentials(request);
    trace(fmt::format("redirect to another origin ({}): credentials dropped", next->origin()));
  }
  if (head.status == 303 ||
      ((head.status == 301 || head.status == 302) && request.method == "POST")) {
    request.method = request.method == "HEAD" ? "HEAD" : "GET";
    request.body = {};
    std::erase_if(request.headers,
                  [](const HeaderField& h) { return iequals(h.name, "Content-Type"); });
  }
  if (!body_can_be_resent(request.body)) {
    // The body was read as it came: what is left of it is nothing. curl fails the same way
    // (CURLE_SEND_FAIL_REWIND) rather than send an empty body.
    const bool from_stdin = request.body.kind == BodySpec::Kind::Stdin;
    return make_error(
        Errc::SendRewind,
        fmt::format("the server redirected ({}) to {}; the body came from {} and cannot be sent "
                    "again; {}",
                    head.status, encode_target(next->display()),
                    from_stdin ? std::string("stdin")
                               : fmt::format("'{}', which is not a regular file,",
                                             encode_target(request.body.path)),
                    from_stdin ? "give it as @FILE" : "save it to a file and give that as @FILE"));
  }
  trace(fmt::format("following HTTP {} to {}", head.status, next->display()));
  request.url = std::move(*next);
  return ok();
}

Result<ResponseHead> Client::execute(const Request& original,
                                     const std::optional<std::string>& cluster_path,
                                     ResponseSink& sink) {
  last_retries_ = 0;
  double waited = 0;
  int redirects_left = options_.max_redirects;
  Request request = original;
  std::optional<std::string> path = cluster_path;
  // A body read from a pipe cannot be sent twice.
  const bool replayable = body_can_be_resent(original.body);
  for (;;) {
    std::optional<std::size_t> node;
    if (path) {
      node = pool_.select();
      request.url = join_path(pool_.node(*node), *path);
    }
    const bool may_retry = replayable && last_retries_ < options_.retry.max_retries;
    GateSink gate(sink, [&](const ResponseHead& h) {
      return (may_retry && is_retryable_status(h.status)) ||
             (options_.follow_redirects && is_redirect(h.status));
    });
    SendInfo info;
    Result<ResponseHead> head = transport_.send(request, gate, info);
    last_info_ = info;
    last_url_ = request.url;
    last_redirects_ = options_.max_redirects - redirects_left;
    note_node_health(node, head, info);
    Attempt a;
    a.retries_so_far = last_retries_;
    a.idempotent = is_idempotent(request.method);
    a.request_sent = info.request_sent;
    a.output_started = gate.passed_on();
    a.connection_failed = !head && info.connection_failed;
    a.status = head ? head->status : 0;
    if (head && head->status == 429) {
      if (auto ra = head->header("Retry-After")) a.retry_after = parse_retry_after(*ra);
    }
    a.waited_so_far = waited;
    RetryDecision d = may_retry ? decide_retry(a, options_.retry, rng_) : RetryDecision{};
    if (d.retry) {
      // Another live node can take a connection failure at once; a status means wait.
      if (a.connection_failed && node && pool_.size() > 1) d.delay = 0;
      trace(fmt::format("retry {} of {} in {:.2f}s: {} from {}", last_retries_ + 1,
                        options_.retry.max_retries, d.delay, d.reason, request.url.origin()));
      clock_.sleep(seconds_to_duration(d.delay));
      waited += d.delay;
      ++last_retries_;
      continue;
    }
    if (!head) return head;
    if (gate.held() && options_.follow_redirects && is_redirect(head->status)) {
      if (Result<void> r = redirect(request, *head, redirects_left); !r) return r.take_error();
      path.reset();  // a redirect names its URL: no node pool from here
      continue;
    }
    gate.release();  // a failed write is reported by the sink's owner
    return head;
  }
}

}  // namespace escurl
