// SPDX-License-Identifier: MIT
#include "http_transport.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <httplib.h>
#include <openssl/ssl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <type_traits>

#include "interrupt.h"
#include "proxy_tunnel.h"
#include "reply_meter.h"
#include "retry.h"
#include "stream_adapters.h"
#include "transport_errors.h"

namespace escurl {
namespace {

using SteadyTime = std::chrono::steady_clock;
constexpr std::size_t kChunk = 64 * 1024;

// A client that notes when each new TCP connection is up (curl's time_connect) and shows every
// read to the current exchange's ReplyMeter. The TLS handshake's end is noted by an info callback
// on the connection's SSL_CTX.
template <class Base>
class TimedClient : public Base {
 public:
  using Base::Base;
  std::function<void()> on_connected;
  ReplyMeter* meter = nullptr;  ///< set for the length of one send
  std::function<void()> idle;   ///< the sink's on_idle, set for the length of one send

 private:
  // Replaces the base's (private, so not callable): the same stream, under a MeteredStream.
  bool process_socket(const httplib::ClientImpl::Socket& socket,
                      std::function<bool(httplib::Stream& strm)> callback) override {
    auto metered = [this, &callback](httplib::Stream& strm) {
      if (meter == nullptr) return callback(strm);
      MeteredStream m(strm, *meter);
      return callback(m);
    };
    const double read_timeout = seconds(this->read_timeout_sec_, this->read_timeout_usec_);
    const double write_timeout = seconds(this->write_timeout_sec_, this->write_timeout_usec_);
    if constexpr (std::is_base_of_v<httplib::SSLClient, Base>) {
      TlsStream tls(socket.sock, socket.ssl, read_timeout, write_timeout, idle);
      return metered(tls);
    } else {
      PlainStream plain(socket.sock, read_timeout, write_timeout, idle);
      return metered(plain);
    }
  }
  static double seconds(time_t whole, time_t micros) {
    return static_cast<double>(whole) + static_cast<double>(micros) / 1e6;
  }

  // Same as the base's (SSLClient's adds only the is_valid check), then the note.
  bool create_and_connect_socket(httplib::ClientImpl::Socket& socket,
                                 httplib::Error& error) override {
    const bool ok =
        this->is_valid() && httplib::ClientImpl::create_and_connect_socket(socket, error);
    if (ok && on_connected) on_connected();
    return ok;
  }
};

// Points `client`'s reads at an exchange's meter and its sink's on_idle, for one send.
template <class Client>
std::function<void(ReplyMeter*, std::function<void()>)> meter_setter(Client* client) {
  return [client](ReplyMeter* meter, std::function<void()> idle) {
    client->meter = meter;
    client->idle = std::move(idle);
  };
}

// When the current connection came up (for SendInfo), and the verifier whose trust store the
// handshake loads; reset before every send.
struct ConnectTimes {
  std::optional<SteadyTime::time_point> connected_at;
  std::optional<SteadyTime::time_point> tls_done_at;
  bool awaiting_handshake = false;  // a new socket whose handshake has not finished
  TlsVerifier* verifier = nullptr;  // loads its trust store once the ClientHello is out
};

int connect_times_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// TLS 1.3 reports a post-handshake NewSessionTicket as another handshake: only the first
// one after a new socket counts.
void note_handshake(const SSL* ssl, int where, int) {
  auto* times =
      static_cast<ConnectTimes*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), connect_times_index()));
  if (times == nullptr) return;
  if ((where & SSL_CB_LOOP) != 0 && SSL_get_state(ssl) == TLS_ST_CW_CLNT_HELLO &&
      times->verifier != nullptr) {
    // The ClientHello is written: send it now and parse the trust store while the server
    // answers, rather than before the connect or after the answer.
    (void)BIO_flush(SSL_get_wbio(ssl));
    times->verifier->load_trust_store();
  }
  if ((where & SSL_CB_HANDSHAKE_DONE) == 0 || !times->awaiting_handshake) return;
  times->awaiting_handshake = false;
  times->tls_done_at = SteadyTime::now();
}

void set_timeout(httplib::ClientImpl& c, double seconds,
                 void (httplib::ClientImpl::*setter)(time_t, time_t)) {
  const auto whole = static_cast<time_t>(seconds);
  const auto micros =
      static_cast<time_t>(std::llround((seconds - static_cast<double>(whole)) * 1e6));
  (c.*setter)(whole, micros);
}

// What happened during one exchange, for classifying a failure afterwards.
struct Exchange {
  bool head_seen = false;
  std::uint64_t body_bytes = 0;
  std::optional<Error> body_source_error;
  std::atomic<bool> deadline_hit{false};
  std::atomic<bool> interrupted{false};
  ReplyMeter meter{HeadLimits{.max_line = CPPHTTPLIB_HEADER_MAX_LENGTH}};

  ExchangeFacts facts() const {
    return {head_seen, body_bytes, body_source_error, deadline_hit, interrupted, &meter};
  }
};

// Stops the client when --max-time runs out; joins on destruction.
class Watchdog {
 public:
  Watchdog(httplib::ClientImpl& client, std::optional<double> seconds, Exchange& ex) {
    if (!seconds) return;
    const auto deadline = SteadyTime::now() + std::chrono::duration_cast<SteadyTime::duration>(
                                                  std::chrono::duration<double>(*seconds));
    thread_ = std::thread([this, &client, &ex, deadline] {
      std::unique_lock lock(mutex_);
      if (!cv_.wait_until(lock, deadline, [this] { return done_; })) {
        ex.deadline_hit = true;
        client.stop();
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

ResponseHead head_from(const httplib::Response& r) {
  ResponseHead h;
  h.version = r.version.empty() ? "HTTP/1.1" : r.version;
  h.status = r.status;
  h.reason = r.reason;
  for (const auto& [name, value] : r.headers) h.headers.emplace_back(name, value);
  return h;
}

using UploadProgress = std::function<void(std::uint64_t, std::optional<std::uint64_t>)>;

Result<void> attach_file_body(httplib::Request& req, const BodySpec& body, Exchange& ex,
                              std::shared_ptr<int>& fd_holder, const UploadProgress& progress) {
  const int fd = ::open(body.path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    if (fd >= 0) ::close(fd);
    return make_error(Errc::ReadBody, fmt::format("cannot read the body file '{}': {}", body.path,
                                                  std::strerror(errno)));
  }
  fd_holder = std::shared_ptr<int>(new int(fd), [](int* p) {
    ::close(*p);
    delete p;
  });
  req.content_length_ = static_cast<std::size_t>(st.st_size);
  const auto total = static_cast<std::uint64_t>(st.st_size);
  req.content_provider_ = [fd, &ex, &progress, total, path = body.path](
                              std::size_t offset, std::size_t length, httplib::DataSink& sink) {
    char buf[kChunk];
    const ssize_t n = ::pread(fd, buf, std::min(length, sizeof buf), static_cast<off_t>(offset));
    if (n <= 0) {
      ex.body_source_error = make_error(
          Errc::ReadBody, fmt::format("reading the body file '{}' failed: {}", path,
                                      n == 0 ? "it shrank while sending" : std::strerror(errno)));
      return false;
    }
    if (progress) progress(offset + static_cast<std::uint64_t>(n), total);
    return sink.write(buf, static_cast<std::size_t>(n));
  };
  return ok();
}

void attach_stdin_body(httplib::Request& req, Exchange& ex, const UploadProgress& progress) {
  struct stat st {};
  if (::fstat(0, &st) == 0 && S_ISREG(st.st_mode)) {
    // A redirected file: its size is known, so send a Content-Length.
    const off_t start = ::lseek(0, 0, SEEK_CUR);
    req.content_length_ = static_cast<std::size_t>(st.st_size - std::max<off_t>(start, 0));
  } else {
    req.is_chunked_content_provider_ = true;
    req.headers.emplace("Transfer-Encoding", "chunked");
  }
  std::optional<std::uint64_t> total;
  if (!req.is_chunked_content_provider_) total = req.content_length_;
  req.content_provider_ = [&ex, &progress, total, sent = std::uint64_t{0},
                           chunked = req.is_chunked_content_provider_](
                              std::size_t, std::size_t, httplib::DataSink& sink) mutable {
    char buf[kChunk];
    ssize_t n;
    do {
      n = ::read(0, buf, sizeof buf);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      ex.body_source_error =
          make_error(Errc::ReadBody,
                     fmt::format("reading the body from stdin failed: {}", std::strerror(errno)));
      return false;
    }
    if (n == 0) {
      if (chunked) sink.done();
      return chunked;
    }
    sent += static_cast<std::uint64_t>(n);
    if (progress) progress(sent, total);
    return sink.write(buf, static_cast<std::size_t>(n));
  };
}

// The Host field as httplib would write it for the cluster: no port when it is https's 443.
std::string host_header(const Url& url) {
  if (url.port != 443) return url.authority();
  return url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
}

// How long a connection may take to come up: --connect-timeout, within --max-time.
double connect_seconds(const TransportOptions& o) {
  return o.max_time ? std::min(o.connect_timeout, *o.max_time) : o.connect_timeout;
}

void configure(httplib::ClientImpl& client, const TransportOptions& o, const Url& url) {
  set_timeout(client, connect_seconds(o), &httplib::ClientImpl::set_connection_timeout);
  set_timeout(client, o.read_timeout, &httplib::ClientImpl::set_read_timeout);
  set_timeout(client, o.read_timeout, &httplib::ClientImpl::set_write_timeout);
  client.set_keep_alive(o.keep_alive);
  // Small requests and the end of an upload must not wait for the server's delayed ACK.
  client.set_tcp_nodelay(true);
  client.set_url_encode(false);
  client.set_decompress(o.decompress);
  for (const auto& [host_port, addr] : o.resolve) {
    if (host_port == fmt::format("{}:{}", url.host, url.port)) {
      client.set_hostname_addr_map({{url.host, addr}});
    }
  }
}

}  // namespace

struct HttpTransport::Connection {
  std::unique_ptr<TlsVerifier> verifier;
  /// Through a proxy: the relay the client connects to. Declared before `client` so the client
  /// (and its socket) goes first.
  std::unique_ptr<ProxyTunnel> tunnel;
  std::unique_ptr<httplib::ClientImpl> client;
  int uses = 0;
  ConnectTimes times;
  /// Points the client's reads at an exchange's meter and its sink's on_idle (null, empty: none).
  std::function<void(ReplyMeter*, std::function<void()>)> set_meter;
};

HttpTransport::HttpTransport(TransportOptions options) : options_(std::move(options)) {}

HttpTransport::~HttpTransport() = default;

Result<HttpTransport::Connection*> HttpTransport::connection_for(const Url& url) {
  std::unique_ptr<Connection>& slot = connections_[url.origin()];
  if (slot) return slot.get();
  auto c = std::make_unique<Connection>();
  if (url.is_https()) {
    Result<std::unique_ptr<TlsVerifier>> v = TlsVerifier::create(options_.tls, url.host);
    if (!v) {
      connections_.erase(url.origin());
      return v.take_error();
    }
    c->verifier = std::move(*v);
    int port = url.port;
    if (options_.proxy) {
      // The CONNECT is escurl's own (proxy_tunnel.h); the client talks TLS to the cluster
      // through a loopback relay, still naming and verifying the cluster's host.
      Result<std::unique_ptr<ProxyTunnel>> t =
          ProxyTunnel::open(*options_.proxy, {url.host, url.port, connect_seconds(options_)});
      if (!t) {
        connections_.erase(url.origin());
        return t.take_error();
      }
      c->tunnel = std::move(*t);
      port = c->tunnel->local_port();
    }
    auto ssl = std::make_unique<TimedClient<httplib::SSLClient>>(url.host, port);
    // escurl verifies in its own callback (tls.cpp); httplib's check would load the whole
    // system bundle and could not explain a failure.
    ssl->enable_server_certificate_verification(false);
    c->verifier->install(ssl->ssl_context());
    SSL_CTX_set_ex_data(ssl->ssl_context(), connect_times_index(), &c->times);
    SSL_CTX_set_info_callback(ssl->ssl_context(), note_handshake);
    ssl->on_connected = [times = &c->times] {
      times->connected_at = SteadyTime::now();
      times->awaiting_handshake = true;
    };
    // Read-ahead takes a whole buffer of records per read() instead of a header and a body.
    SSL_CTX_set_read_ahead(ssl->ssl_context(), 1);
    SSL_CTX_set_default_read_buffer_len(ssl->ssl_context(), kChunk);
    c->set_meter = meter_setter(ssl.get());
    c->client = std::move(ssl);
  } else {
    auto plain = std::make_unique<TimedClient<httplib::ClientImpl>>(url.host, url.port);
    plain->on_connected = [times = &c->times] { times->connected_at = SteadyTime::now(); };
    c->set_meter = meter_setter(plain.get());
    c->client = std::move(plain);
  }
  configure(*c->client, options_, url);
  if (c->tunnel) c->client->set_hostname_addr_map({{url.host, "127.0.0.1"}});
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
  Result<Connection*> c = connection_for(request.url);
  if (!c) {
    // A proxy that cannot reach the node (or be reached) failed before any request byte.
    info.connection_failed = c.error().code == Errc::Connect || c.error().code == Errc::Timeout;
    return c.take_error();
  }
  info.reused_connection = (*c)->uses > 0;
  Result<ResponseHead> head = exchange_once(**c, request, sink, info);
  const bool stale = !head && info.reused_connection && info.request_sent &&
                     head.error().code == Errc::EmptyReply &&
                     request.body.kind != BodySpec::Kind::Stdin && is_idempotent(request.method);
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

Result<ResponseHead> HttpTransport::exchange_once(Connection& c, const Request& request,
                                                  ResponseSink& sink, SendInfo& info) {
  const Url& url = request.url;
  ++c.uses;
  Exchange ex;
  ResponseHead head;
  bool sink_refused = false;
  httplib::Request req;
  req.method = request.method;
  req.path = encode_target(url.target);
  for (const HeaderField& h : request.headers) req.headers.emplace(h.name, h.wire_value());
  if (c.tunnel && !req.has_header("Host")) {
    // The client's own Host would name the relay's port.
    req.headers.emplace("Host", host_header(url));
  }
  std::shared_ptr<int> body_fd;
  switch (request.body.kind) {
    case BodySpec::Kind::None:
      break;
    case BodySpec::Kind::Inline:
      req.body = request.body.bytes;
      break;
    case BodySpec::Kind::File:
      if (Result<void> r =
              attach_file_body(req, request.body, ex, body_fd, options_.upload_progress);
          !r) {
        return r.take_error();
      }
      break;
    case BodySpec::Kind::Stdin:
      attach_stdin_body(req, ex, options_.upload_progress);
      break;
  }
  req.response_handler = [&](const httplib::Response& r) {
    ex.head_seen = true;
    ex.meter.head_done();
    head = head_from(r);
    sink_refused = !sink.on_head(head);
    return !sink_refused;
  };
  req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
    ex.body_bytes += n;
    sink_refused = !sink.on_body(data, n);
    return !sink_refused;
  };

  httplib::Response res;
  httplib::Error err = httplib::Error::Success;
  bool sent = false;
  c.times = ConnectTimes{.verifier = c.verifier.get()};
  const SteadyTime::time_point start = SteadyTime::now();
  {
    Watchdog watchdog(*c.client, options_.max_time, ex);
    CancelOnInterrupt cancel([&] {
      ex.interrupted = true;
      c.client->stop();
    });
    c.set_meter(&ex.meter, [&sink] { sink.on_idle(); });
    // A SIGINT just before the registration found nothing to cancel here.
    if (interrupted()) {
      ex.interrupted = true;
    } else {
      sent = c.client->send(req, res, err);
    }
    c.set_meter(nullptr, {});
  }
  if (ex.interrupted && !sent) err = httplib::Error::Canceled;
  info.request_sent = sent || !nothing_sent(err);
  // A kept-alive connection was up, and its handshake done, when the send began.
  info.connected_at = c.times.connected_at;
  if (!info.connected_at && info.request_sent) info.connected_at = start;
  if (url.is_https()) {
    info.tls_done_at = c.times.tls_done_at;
    if (!info.tls_done_at && info.request_sent && !c.times.awaiting_handshake) {
      info.tls_done_at = start;
    }
  }
  // Only a TCP connection that never came up is worth another node or try: a refused
  // certificate or a failed handshake will fail the same way again.
  info.connection_failed =
      !sent && !ex.deadline_hit &&
      (err == httplib::Error::Connection || err == httplib::Error::ConnectionTimeout);
  if (sink_refused) return head;  // the sink knows why (e.g. output failed) and reports it
  if (!sent) {
    // A trust store that cannot be loaded is the cause to report, whatever the connection did.
    if (c.verifier) {
      if (std::optional<Error> e = c.verifier->trust_error()) return *e;
    }
    return classify(err, url, ex.facts(), options_, c.verifier.get());
  }
  if (!ex.head_seen) {
    // HEAD requests and 204s carry no body, so httplib never called the handler.
    head = head_from(res);
    if (!sink.on_head(head)) return head;
  }
  return head;
}

}  // namespace escurl
