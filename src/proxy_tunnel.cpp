// SPDX-License-Identifier: MIT
#include "proxy_tunnel.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <utility>

#include "base64.h"
#include "terminal_text.h"

namespace escurl {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxHead = 16 * 1024;
constexpr std::size_t kRelayBuffer = 64 * 1024;
constexpr std::size_t kReasonChars = 100;

std::string proxy_name(const ProxyOptions& p) { return fmt::format("{}:{}", p.host, p.port); }

std::string target_authority(const TunnelTarget& t) {
  if (t.host.find(':') != std::string::npos) return fmt::format("[{}]:{}", t.host, t.port);
  return fmt::format("{}:{}", t.host, t.port);
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<std::int64_t>(0, left.count()));
}

void set_blocking(int fd, bool blocking) {
  const int flags = ::fcntl(fd, F_GETFL, 0);
  ::fcntl(fd, F_SETFL, blocking ? (flags & ~O_NONBLOCK) : (flags | O_NONBLOCK));
}

void set_nodelay(int fd) {
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

Error proxy_timeout(const ProxyOptions& p, double seconds, std::string_view what) {
  return make_error(Errc::Timeout, fmt::format("the proxy at {} did not {} within {}s",
                                               proxy_name(p), what, seconds));
}

// One address: a non-blocking connect bounded by the deadline. Returns the fd, or -1 with
// `timed_out` set when the deadline passed.
int connect_one(const addrinfo& ai, Clock::time_point deadline, bool& timed_out) {
  const int fd = ::socket(ai.ai_family, ai.ai_socktype | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) return -1;
  set_blocking(fd, false);
  if (::connect(fd, ai.ai_addr, ai.ai_addrlen) != 0 && errno != EINPROGRESS) {
    ::close(fd);
    return -1;
  }
  pollfd p{fd, POLLOUT, 0};
  int rc;
  do {
    rc = ::poll(&p, 1, remaining_ms(deadline));
  } while (rc < 0 && errno == EINTR);
  int so_error = 0;
  socklen_t len = sizeof so_error;
  if (rc <= 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0 || so_error != 0) {
    timed_out = rc == 0;
    ::close(fd);
    return -1;
  }
  set_blocking(fd, true);
  set_nodelay(fd);
  return fd;
}

Result<int> connect_to_proxy(const ProxyOptions& p, double seconds, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const std::string port = std::to_string(p.port);
  if (const int rc = ::getaddrinfo(p.host.c_str(), port.c_str(), &hints, &list); rc != 0) {
    return make_error(
        Errc::Resolve,
        fmt::format("cannot resolve the proxy host '{}': {}", p.host, gai_strerror(rc)),
        {"check --proxy or HTTPS_PROXY"});
  }
  bool timed_out = false;
  int fd = -1;
  for (const addrinfo* ai = list; ai != nullptr && fd < 0 && !timed_out; ai = ai->ai_next) {
    fd = connect_one(*ai, deadline, timed_out);
  }
  ::freeaddrinfo(list);
  if (fd >= 0) return fd;
  if (timed_out) return proxy_timeout(p, seconds, "accept a connection");
  return make_error(Errc::Connect, fmt::format("cannot connect to the proxy at {}", proxy_name(p)),
                    {"is the proxy running? check --proxy or HTTPS_PROXY"});
}

// The CONNECT head. The proxy password is in it, so the caller wipes it after sending.
std::string connect_head(const ProxyOptions& p, const TunnelTarget& t) {
  const std::string authority = target_authority(t);
  std::string head = fmt::format("CONNECT {0} HTTP/1.1\r\nHost: {0}\r\n", authority);
  if (p.user) {
    std::string pair = *p.user + ":" + (p.password ? p.password->reveal() : std::string());
    head += "Proxy-Authorization: Basic " + base64_encode(pair) + "\r\n";
    OPENSSL_cleanse(pair.data(), pair.size());
  }
  head += "\r\n";
  return head;
}

bool send_all(int fd, const std::string& data, Clock::time_point deadline) {
  std::size_t off = 0;
  while (off < data.size()) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, remaining_ms(deadline)) <= 0) return false;
    const ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads the proxy's answer head and nothing after it: bytes past the blank line belong to the
// tunnel. Peeks, then consumes exactly what it has looked at.
Result<std::string> read_head(int fd, const ProxyOptions& p, double seconds,
                              Clock::time_point deadline) {
  std::string head;
  char buf[4096];
  while (head.size() < kMaxHead) {
    pollfd pf{fd, POLLIN, 0};
    const int rc = ::poll(&pf, 1, remaining_ms(deadline));
    if (rc == 0) return proxy_timeout(p, seconds, "answer the CONNECT request");
    if (rc < 0 && errno == EINTR) continue;
    const ssize_t peeked = ::recv(fd, buf, sizeof buf, MSG_PEEK);
    if (peeked <= 0) {
      return make_error(Errc::EmptyReply,
                        fmt::format("the proxy at {} closed the connection without answering "
                                    "the CONNECT request",
                                    proxy_name(p)));
    }
    // The blank line may straddle what was read before and what is peeked now.
    const std::size_t before = head.size();
    head.append(buf, static_cast<std::size_t>(peeked));
    const std::size_t end = head.find("\r\n\r\n", before >= 3 ? before - 3 : 0);
    const std::size_t take =
        end == std::string::npos ? static_cast<std::size_t>(peeked) : end + 4 - before;
    head.resize(before + take);
    if (::recv(fd, buf, take, 0) != static_cast<ssize_t>(take)) break;
    if (end != std::string::npos) return head;
  }
  return make_error(
      Errc::EmptyReply,
      fmt::format("the proxy at {} sent no valid answer to the CONNECT request", proxy_name(p)));
}

Error refusal(const ProxyOptions& p, const TunnelTarget& t, int status, const std::string& reason) {
  // The reason phrase is the proxy's to choose: shown escaped and bounded.
  const std::string answer =
      fmt::format("{}{}{}", status, reason.empty() ? "" : " ", terminal_text(reason, kReasonChars));
  if (status == 407) {
    return p.user ? make_error(Errc::ProxyRefused,
                               fmt::format("the proxy at {} rejected the --proxy-user credentials "
                                           "({})",
                                           proxy_name(p), answer),
                               {"check the user and password given with --proxy-user"})
                  : make_error(Errc::ProxyRefused,
                               fmt::format("the proxy at {} wants credentials ({})", proxy_name(p),
                                           answer),
                               {"give them with --proxy-user USER[:PASSWORD]"});
  }
  if (status == 502 || status == 503 || status == 504) {
    // The proxy could not reach the node: for the node pool and retries, a failed connection.
    return make_error(Errc::Connect,
                      fmt::format("the proxy at {} could not connect to {} ({})", proxy_name(p),
                                  target_authority(t), answer),
                      {"is the cluster running, and is this its HTTP port?"});
  }
  return make_error(Errc::ProxyRefused,
                    fmt::format("the proxy at {} refused a tunnel to {} ({})", proxy_name(p),
                                target_authority(t), answer),
                    {"the proxy may not allow CONNECT to this port; ask its operator, or use "
                     "--noproxy for this host"});
}

// A connected socket through the proxy to the target, or why not.
Result<int> open_tunnel(const ProxyOptions& p, const TunnelTarget& t) {
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(t.timeout_seconds));
  Result<int> fd = connect_to_proxy(p, t.timeout_seconds, deadline);
  if (!fd) return fd;
  std::string head = connect_head(p, t);
  const bool sent = send_all(*fd, head, deadline);
  OPENSSL_cleanse(head.data(), head.size());
  Result<std::string> answer =
      sent ? read_head(*fd, p, t.timeout_seconds, deadline)
           : Result<std::string>(proxy_timeout(p, t.timeout_seconds, "take the CONNECT request"));
  if (!answer) {
    ::close(*fd);
    return answer.take_error();
  }
  std::string reason;
  const int status = parse_connect_status(*answer, reason);
  if (status >= 200 && status < 300) return fd;
  ::close(*fd);
  if (status < 0) {
    return make_error(Errc::EmptyReply,
                      fmt::format("the proxy at {} did not answer in HTTP", proxy_name(p)));
  }
  return refusal(p, t, status, reason);
}

Result<int> listen_loopback(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(fd, 4) != 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return make_error(Errc::Internal, fmt::format("cannot open the local proxy relay: {}", why));
  }
  port = ntohs(addr.sin_port);
  return fd;
}

/// Bytes read from one socket, waiting to be written to the other.
struct Pending {
  char data[kRelayBuffer];
  std::size_t begin = 0, end = 0;
  bool empty() const { return begin == end; }
};

}  // namespace

struct ProxyTunnel::State {
  ProxyOptions proxy;
  TunnelTarget target;
  int listen_fd = -1;
  int first_tunnel = -1;
  int port = 0;
  int wake[2] = {-1, -1};
  std::thread relay;

  ~State() {
    for (int fd : {listen_fd, first_tunnel, wake[0], wake[1]}) {
      if (fd >= 0) ::close(fd);
    }
  }

  void run() {
    for (;;) {
      pollfd fds[2] = {{listen_fd, POLLIN, 0}, {wake[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (fds[1].revents != 0) return;
      const int client = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      set_nodelay(client);
      int tunnel = std::exchange(first_tunnel, -1);
      if (tunnel < 0) {
        // A reconnect after the first connection closed: a fresh tunnel. A refusal now cannot be
        // reported here; closing the client makes the HTTP client see an empty reply.
        Result<int> fresh = open_tunnel(proxy, target);
        tunnel = fresh ? *fresh : -1;
      }
      const bool stop = tunnel >= 0 && !splice(client, tunnel);
      ::close(client);
      if (tunnel >= 0) ::close(tunnel);
      if (stop) return;
    }
  }

  // Copies both ways until either side closes; flushes what the other side still has to get.
  // Returns false when asked to stop.
  bool splice(int a, int b) {
    set_blocking(a, false);
    set_blocking(b, false);
    auto ab = std::make_unique<Pending>();
    auto ba = std::make_unique<Pending>();
    bool a_open = true, b_open = true;
    while ((a_open && b_open) || !ab->empty() || !ba->empty()) {
      pollfd fds[3] = {{a, 0, 0}, {b, 0, 0}, {wake[0], POLLIN, 0}};
      if (a_open && b_open && ab->empty()) fds[0].events |= POLLIN;
      if (a_open && b_open && ba->empty()) fds[1].events |= POLLIN;
      if (!ba->empty()) fds[0].events |= POLLOUT;
      if (!ab->empty()) fds[1].events |= POLLOUT;
      if (::poll(fds, 3, -1) < 0) {
        if (errno == EINTR) continue;
        return true;
      }
      if (fds[2].revents != 0) return false;
      if (!pump(fds[0], *ab, b, a_open) || !pump(fds[1], *ba, a, b_open)) return true;
    }
    return true;
  }

  // Reads from `src` into `buf` when it is readable, writes `buf`'s bytes for the other side
  // when that is writable. False when a write failed (the other side is gone).
  static bool pump(const pollfd& src, Pending& buf, int dst, bool& src_open) {
    if ((src.revents & (POLLIN | POLLHUP | POLLERR)) != 0 && buf.empty() && src_open) {
      const ssize_t n = ::recv(src.fd, buf.data, sizeof buf.data, 0);
      if (n > 0) {
        buf.begin = 0;
        buf.end = static_cast<std::size_t>(n);
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        src_open = false;
      }
    }
    while (!buf.empty()) {
      const ssize_t n = ::send(dst, buf.data + buf.begin, buf.end - buf.begin, MSG_NOSIGNAL);
      if (n > 0) {
        buf.begin += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;
      return false;
    }
    return true;
  }
};

int parse_connect_status(std::string_view head, std::string& reason) {
  if (!head.starts_with("HTTP/1.") || head.size() < 12 || head[8] != ' ') return -1;
  int status = 0;
  for (std::size_t i = 9; i < 12; ++i) {
    if (head[i] < '0' || head[i] > '9') return -1;
    status = status * 10 + (head[i] - '0');
  }
  const std::size_t eol = head.find("\r\n");
  reason = head.size() > 13 && eol > 13 && eol != std::string_view::npos
               ? std::string(head.substr(13, eol - 13))
               : std::string();
  return status;
}

Result<std::unique_ptr<ProxyTunnel>> ProxyTunnel::open(const ProxyOptions& proxy,
                                                       const TunnelTarget& target) {
  Result<int> tunnel = open_tunnel(proxy, target);
  if (!tunnel) return tunnel.take_error();
  auto state = std::make_unique<State>();
  state->first_tunnel = *tunnel;
  state->proxy = proxy;
  state->target = target;
  Result<int> listener = listen_loopback(state->port);
  if (!listener) return listener.take_error();
  state->listen_fd = *listener;
  if (::pipe2(state->wake, O_CLOEXEC) != 0) {
    return make_error(Errc::Internal,
                      fmt::format("cannot open the local proxy relay: {}", std::strerror(errno)));
  }
  State* s = state.get();
  state->relay = std::thread([s] { s->run(); });
  return std::unique_ptr<ProxyTunnel>(new ProxyTunnel(std::move(state)));
}

ProxyTunnel::ProxyTunnel(std::unique_ptr<State> state) : state_(std::move(state)) {}

ProxyTunnel::~ProxyTunnel() {
  const char byte = 0;
  [[maybe_unused]] const ssize_t n = ::write(state_->wake[1], &byte, 1);
  if (state_->relay.joinable()) state_->relay.join();
}

int ProxyTunnel::local_port() const { return state_->port; }

}  // namespace escurl
