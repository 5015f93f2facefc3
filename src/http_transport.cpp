// SPDX-License-Identifier: MIT
#include "http_transport.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/ssl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "client.h"
#include "clock.h"
#include "file_read.h"
#include "header_check.h"
#include "http_connection.h"
#include "http_exchange.h"
#include "interrupt.h"
#include "proxy_tunnel.h"
#include "reply_meter.h"
#include "retry.h"
#include "transport_errors.h"

namespace escurl {
namespace {

using SteadyTime = std::chrono::steady_clock;
constexpr std::size_t kMaxHeadLine = 8192;

// When the current connection came up (for SendInfo), and the verifier whose trust store the
// handshake loads; reset before every send.
struct ConnectTimes {
  std::optional<SteadyTime::time_point> connected_at;
  std::optional<SteadyTime::time_point> tls_done_at;
  TlsVerifier* verifier = nullptr;  // loads its trust store once the ClientHello is out
};

int connect_times_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

void note_client_hello(const SSL* ssl, int where, int) {
  auto* times =
      static_cast<ConnectTimes*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), connect_times_index()));
  if (times == nullptr || times->verifier == nullptr) return;
  if ((where & SSL_CB_LOOP) != 0 && SSL_get_state(ssl) == TLS_ST_CW_CLNT_HELLO) {
    // The ClientHello is written: send it now and parse the trust store while the server
    // answers, rather than before the connect or after the answer.
    (void)BIO_flush(SSL_get_wbio(ssl));
    times->verifier->load_trust_store();
  }
}

// What happened during one exchange, for classifying a failure afterwards.
struct Exchange {
  bool head_seen = false;
  std::uint64_t body_bytes = 0;
  std::optional<Error> body_source_error;
  std::atomic<bool> deadline_hit{false};
  std::atomic<bool> interrupted{false};
  ReplyMeter meter{HeadLimits{.max_line = kMaxHeadLine}};

  ExchangeFacts facts() const {
    return {head_seen, body_bytes, body_source_error, deadline_hit, interrupted, &meter};
  }
};

// Calls `stop` when --max-time runs out; joins on destruction.
class Watchdog {
 public:
  Watchdog(std::function<void()> stop, std::optional<double> seconds, Exchange& ex) {
    if (!seconds) return;
    const auto deadline = SteadyTime::now() + seconds_to_duration(*seconds);
    thread_ = std::thread([this, stop = std::move(stop), &ex, deadline] {
      std::unique_lock lock(mutex_);
      if (!cv_.wait_until(lock, deadline, [this] { return done_; })) {
        ex.deadline_hit = true;
        stop();
      }
    });
  }
  ~Watchdog() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
};

using UploadProgress = std::function<void(std::uint64_t, std::optional<std::uint64_t>)>;

// A body read from a file descriptor, with progress. A regular file is sent by pread at its
// offsets with its size as Content-Length; anything else (a pipe, a FIFO, /proc, a process
// substitution) is read as it comes and sent chunked, since its size says nothing.
struct FdBody {
  int fd = -1;
  bool owned = false;
  std::string what;  // "the body file 'x'" or "the body from stdin", for messages
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> total;
  std::uint64_t sent = 0;

  ~FdBody() {
    if (owned && fd >= 0) ::close(fd);
  }
};

// Opened without blocking, so that a FIFO nobody writes to cannot hang the open; such a body then
// waits at most the connect timeout for its first byte (or its end), and from there streams as
// standard input does.
Result<void> open_file_body(FdBody& b, const BodySpec& body, double wait_seconds) {
  b.fd = ::open(body.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  b.owned = true;
  b.what = fmt::format("the body file '{}'", body.path);
  struct stat st {};
  if (b.fd < 0 || ::fstat(b.fd, &st) != 0) {
    return make_error(Errc::ReadBody,
                      fmt::format("cannot read {}: {}", b.what, std::strerror(errno)));
  }
  if (S_ISREG(st.st_mode)) {
    b.total = static_cast<std::uint64_t>(st.st_size);
    return ok();
  }
  if (!wait_for_input(b.fd, wait_seconds)) {
    return silent_file_error(
        {fmt::format("{} @{}", body.flag, body.path), 0, wait_seconds, Errc::ReadBody}, false);
  }
  // Something came: the rest is read as it comes, like a pipe on standard input.
  const int flags = ::fcntl(b.fd, F_GETFL);
  if (flags >= 0) ::fcntl(b.fd, F_SETFL, flags & ~O_NONBLOCK);
  return ok();
}

void use_stdin_body(FdBody& b) {
  b.fd = 0;
  b.what = "the body from stdin";
  struct stat st {};
  if (::fstat(0, &st) == 0 && S_ISREG(st.st_mode)) {
    // A redirected file: its size from where stdin stands is known, so send a Content-Length.
    const off_t start = ::lseek(0, 0, SEEK_CUR);
    b.total = static_cast<std::uint64_t>(st.st_size - std::max<off_t>(start, 0));
  }
}

BodySource fd_source(FdBody& b, Exchange& ex, const UploadProgress& progress, bool by_offset) {
  return [&b, &ex, &progress, by_offset](char* buf, std::size_t size) -> ssize_t {
    ssize_t n;
    do {
      n = by_offset ? ::pread(b.fd, buf, size, static_cast<off_t>(b.offset + b.sent))
                    : ::read(b.fd, buf, size);
    } while (n < 0 && errno == EINTR);
    if (n < 0 || (n == 0 && b.total && b.sent < *b.total)) {
      ex.body_source_error = make_error(
          Errc::ReadBody, fmt::format("reading {} failed: {}", b.what,
                                      n == 0 ? "it shrank while sending" : std::strerror(errno)));
      return -1;
    }
    b.sent += static_cast<std::uint64_t>(n);
    if (progress && n > 0) progress(b.sent, b.total);
    return n;
  };
}

// The Host field for the cluster: no port when it is the scheme's default.
std::string host_header(const Url& url) {
  if (url.port != (url.is_https() ? 443 : 80)) return url.authority();
  return url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
}

bool method_expects_body(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};

}  // namespace

struct HttpTransport::Connection {
  std::unique_ptr<TlsVerifier> verifier;
  std::unique_ptr<SSL_CTX, SslCtxFree> ctx;
  /// Through a proxy: the relay the connection goes to. Declared before `live` so the
  /// connection (and its socket) goes first.
  std::unique_ptr<ProxyTunnel> tunnel;
  std::unique_ptr<HttpConnection> live;  ///< the current socket; null until (re)connected
  ConnectSpec spec;
  ConnectTimes times;
};

HttpTransport::HttpTransport(TransportOptions options) : options_(std::move(options)) {}

HttpTransport::~HttpTransport() = default;

Result<void> HttpTransport::set_up_tls(Connection& c, const Url& url) {
  Result<std::unique_ptr<TlsVerifier>> v = TlsVerifier::create(options_.tls, url.host);
  if (!v) return v.take_error();
  c.verifier = std::move(*v);
  c.ctx.reset(SSL_CTX_new(TLS_client_method()));
  if (!c.ctx) return make_error(Errc::Internal, "cannot create a TLS context");
  SSL_CTX* ctx = c.ctx.get();
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  c.verifier->install(ctx);
  SSL_CTX_set_ex_data(ctx, connect_times_index(), &c.times);
  SSL_CTX_set_info_callback(ctx, note_client_hello);
  // Read-ahead takes a whole buffer of records per read() instead of a header and a body.
  SSL_CTX_set_read_ahead(ctx, 1);
  SSL_CTX_set_default_read_buffer_len(ctx, 64 * 1024);
  c.spec.tls = ctx;
  const std::string& name = options_.tls.server_name ? *options_.tls.server_name : url.host;
  if (!is_ip_literal(name)) c.spec.server_name = name;  // RFC 6066: no SNI for an address
  return ok();
}

Result<HttpTransport::Connection*> HttpTransport::connection_for(const Url& url) {
  std::unique_ptr<Connection>& slot = connections_[url.origin()];
  if (slot) return slot.get();
  auto c = std::make_unique<Connection>();
  c->spec.host = url.host;
  c->spec.port = url.port;
  c->spec.timeout = connect_seconds(options_);
  for (const auto& [host_port, addr] : options_.resolve) {
    if (host_port == fmt::format("{}:{}", url.host, url.port)) c->spec.host = addr;
  }
  Result<void> prepared = ok();
  if (url.is_https()) prepared = set_up_tls(*c, url);
  if (prepared && url.is_https() && options_.proxy) {
    // The CONNECT is escurl's own (proxy_tunnel.h); TLS goes to the cluster through a
    // loopback relay, still naming and verifying the cluster's host.
    Result<std::unique_ptr<ProxyTunnel>> t =
        ProxyTunnel::open(*options_.proxy, {url.host, url.port, connect_seconds(options_)});
    if (t) {
      c->tunnel = std::move(*t);
      c->spec.host = "127.0.0.1";
      c->spec.port = c->tunnel->local_port();
    } else {
      prepared = t.take_error();
    }
  }
  if (!prepared) {
    connections_.erase(url.origin());
    return prepared.take_error();
  }
  c->spec.on_tcp_connected = [times = &c->times] { times->connected_at = SteadyTime::now(); };
  ++connections_opened_;
  if (options_.trace) {
    options_.trace(fmt::format("connection #{} to {}{}", connections_opened_, url.origin(),
                               options_.proxy ? " through the proxy" : ""));
  }
  slot = std::move(c);
  return slot.get();
}

Result<ResponseHead> HttpTransport::send(const Request& request, ResponseSink& sink,
                                         SendInfo& info) {
  // Every request passes here, whoever built it: nothing reaches the wire (or even connects)
  // with a header that could end the head early or contradict escurl's framing.
  if (Result<void> r = check_request_head(request); !r) return r.take_error();
  Result<Connection*> c = connection_for(request.url);
  if (!c) {
    // A proxy that cannot reach the node (or be reached) failed before any request byte.
    info.connection_failed = c.error().code == Errc::Connect || c.error().code == Errc::Timeout;
    return c.take_error();
  }
  Result<ResponseHead> head = exchange_once(**c, request, sink, info);
  const bool stale = !head && info.reused_connection && info.request_sent &&
                     head.error().code == Errc::EmptyReply && body_can_be_resent(request.body) &&
                     is_idempotent(request.method);
  if (!head) connections_.erase(request.url.origin());
  if (stale) {
    // The server closed the kept-alive connection as we reused it. That is most likely an idle
    // close, but a close under the request looks the same, so only a request that may safely
    // be sent twice goes again, once, on a fresh connection.
    Result<Connection*> fresh = connection_for(request.url);
    if (!fresh) return fresh.take_error();
    head = exchange_once(**fresh, request, sink, info);
    if (!head) connections_.erase(request.url.origin());
  }
  return head;
}

WireRequest HttpTransport::wire_request(const Request& request, const std::string& target) const {
  WireRequest w;
  w.method = request.method;
  w.target = target;
  w.headers.reserve(request.headers.size() + 1);
  bool has_host = false;
  for (const HeaderField& h : request.headers) {
    has_host = has_host || field_name_equal(h.name, "Host");
    w.headers.emplace_back(h.name, h.wire_value());
  }
  if (!has_host) w.headers.insert(w.headers.begin(), {"Host", host_header(request.url)});
  w.close = !options_.keep_alive;
  w.decompress = options_.decompress;
  return w;
}

Result<ResponseHead> HttpTransport::exchange_once(Connection& c, const Request& request,
                                                  ResponseSink& sink, SendInfo& info) {
  const Url& url = request.url;
  Exchange ex;
  const std::string target = encode_target(url.target);
  WireRequest w = wire_request(request, target);
  FdBody fd_body;
  switch (request.body.kind) {
    case BodySpec::Kind::None:
      if (method_expects_body(request.method)) w.framing = {RequestFraming::Kind::Length, 0};
      break;
    case BodySpec::Kind::Inline:
      w.inline_body = request.body.bytes;
      if (!w.inline_body.empty() || method_expects_body(request.method)) {
        w.framing = {RequestFraming::Kind::Length, w.inline_body.size()};
      }
      break;
    case BodySpec::Kind::File:
    case BodySpec::Kind::Stdin: {
      if (request.body.kind == BodySpec::Kind::File) {
        if (Result<void> r = open_file_body(fd_body, request.body, connect_seconds(options_)); !r)
          return r.take_error();
      } else {
        use_stdin_body(fd_body);
      }
      const bool regular_file = request.body.kind == BodySpec::Kind::File && fd_body.total;
      w.source = fd_source(fd_body, ex, options_.upload_progress, regular_file);
      w.framing = fd_body.total ? RequestFraming{RequestFraming::Kind::Length, *fd_body.total}
                                : RequestFraming{RequestFraming::Kind::Chunked, 0};
      break;
    }
  }

  const bool reused = c.live && c.live->usable_for_reuse();
  if (!reused) c.live.reset();
  info.reused_connection = reused;
  auto connection = reused ? std::move(c.live) : std::make_unique<HttpConnection>();
  ResponseHead head;
  bool sink_refused = false;
  WireCallbacks callbacks{.on_head =
                              [&](const ResponseHead& h) {
                                ex.head_seen = true;
                                head = h;
                                sink_refused = !sink.on_head(head);
                                return !sink_refused;
                              },
                          .on_body =
                              [&](const char* data, std::size_t n) {
                                ex.body_bytes += n;
                                sink_refused = !sink.on_body(data, n);
                                return !sink_refused;
                              }};
  c.times = ConnectTimes{.verifier = c.verifier.get()};
  const SteadyTime::time_point start = SteadyTime::now();
  WireError error = WireError::None;
  std::string detail;
  WireOutcome outcome;
  {
    HttpConnection* live = connection.get();
    Watchdog watchdog([live] { live->cancel(); }, options_.max_time, ex);
    CancelOnInterrupt cancel([&ex, live] {
      ex.interrupted = true;
      live->cancel();
    });
    // A SIGINT just before the registration found nothing to cancel here.
    if (interrupted()) ex.interrupted = true;
    if (!ex.interrupted && !reused) error = connection->open(c.spec, detail);
    if (!ex.interrupted && error == WireError::None) {
      if (!reused && url.is_https()) c.times.tls_done_at = SteadyTime::now();
      connection->stream().set_timeouts(options_.read_timeout, options_.read_timeout);
      connection->stream().set_before_wait([&sink] { sink.on_idle(); });
      outcome = run_exchange(connection->stream(), w, ex.meter, callbacks);
      connection->stream().set_before_wait({});
      error = outcome.error;
      if (!outcome.detail.empty()) detail = outcome.detail;
    }
    if (connection->cancelled() || ex.interrupted) error = WireError::Canceled;
  }
  const bool sent = outcome.request_started;
  info.request_sent = sent;
  // A kept-alive connection was up, and its handshake done, when the send began.
  info.connected_at = reused ? std::optional(start) : c.times.connected_at;
  if (url.is_https()) info.tls_done_at = reused ? std::optional(start) : c.times.tls_done_at;
  // Only a TCP connection that never came up is worth another node or try: a refused
  // certificate or a failed handshake will fail the same way again.
  info.connection_failed =
      !sent && (error == WireError::Connection || error == WireError::ConnectionTimeout);
  if (sink_refused) return head;  // the sink knows why (e.g. output failed) and reports it
  if (error != WireError::None) {
    // A trust store that cannot be loaded is the cause to report, whatever the connection did.
    if (!sent && c.verifier) {
      if (std::optional<Error> e = c.verifier->trust_error()) return *e;
    }
    return classify({error, detail, sent}, url, ex.facts(), options_, c.verifier.get());
  }
  if (outcome.reusable) c.live = std::move(connection);
  return head;
}

}  // namespace escurl
