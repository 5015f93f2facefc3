// SPDX-License-Identifier: MIT
// ConnectProxy: blocking sockets, one thread per client. Stopping relies on shutdown(2): it wakes
// accept() on the listening socket and every recv()/poll() on a client or upstream socket, so no
// thread needs a timeout. A socket is closed only by the thread that owns it, after it has been
// unregistered, so the destructor never shuts down a descriptor number that was reused.
#include "connect_proxy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "base64.h"

namespace escurl::testing {
namespace {

constexpr const char* kHost = "127.0.0.1";
constexpr std::size_t kMaxHead = 64 * 1024;
constexpr std::size_t kChunk = 64 * 1024;

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

/// The parts of a request head the proxy acts on.
struct Head {
  std::string method;
  std::string target;
  std::string version;
  std::optional<std::string> proxy_authorization;
};

Head parse_head(std::string_view head) {
  Head h;
  std::size_t eol = head.find("\r\n");
  const std::string_view line = head.substr(0, eol);
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 != std::string_view::npos) {
    h.method = std::string(line.substr(0, sp1));
    h.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
    h.version = std::string(line.substr(sp2 + 1));
  }
  while (eol != std::string_view::npos) {
    const std::size_t start = eol + 2;
    eol = head.find("\r\n", start);
    const std::string_view field = head.substr(start, eol - start);
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string name(field.substr(0, colon));
    if (::strcasecmp(name.c_str(), "Proxy-Authorization") == 0 && !h.proxy_authorization) {
      h.proxy_authorization = trim(field.substr(colon + 1));
    }
  }
  return h;
}

/// Splits "host:port" (host may be a bracketed IPv6 literal); false if there is no port.
bool split_target(const std::string& target, std::string& host, std::string& port) {
  const std::size_t colon = target.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= target.size()) return false;
  host = target.substr(0, colon);
  port = target.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return port.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

ConnectProxy::ConnectProxy(std::optional<Credentials> required_credentials, bool announce_close)
    : required_(std::move(required_credentials)), announce_close_(announce_close) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) {
    error_ = "socket() failed";
    return;
  }
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  ::inet_pton(AF_INET, kHost, &addr.sin_addr);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    error_ = "cannot listen on an ephemeral port on 127.0.0.1";
    ::close(listen_fd_);
    listen_fd_ = -1;
    return;
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

ConnectProxy::~ConnectProxy() {
  stopping_ = true;
  if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  {
    std::lock_guard lock(mu_);
    for (const int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  // The acceptor has ended, so workers_ no longer grows.
  for (std::thread& t : workers_) t.join();
}

std::string ConnectProxy::url() const {
  return std::string("http://") + kHost + ":" + std::to_string(port_);
}

std::vector<std::string> ConnectProxy::targets() const {
  std::lock_guard lock(mu_);
  return targets_;
}

std::vector<std::string> ConnectProxy::authorizations() const {
  std::lock_guard lock(mu_);
  return authorizations_;
}

std::vector<std::string> ConnectProxy::heads() const {
  std::lock_guard lock(mu_);
  return heads_;
}

bool ConnectProxy::track(int fd) {
  std::lock_guard lock(mu_);
  if (stopping_) {
    ::close(fd);
    return false;
  }
  open_fds_.insert(fd);
  return true;
}

void ConnectProxy::release(int fd) {
  {
    std::lock_guard lock(mu_);
    open_fds_.erase(fd);
  }
  ::close(fd);
}

void ConnectProxy::accept_loop() {
  while (!stopping_) {
    const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) {
      if (!stopping_ && (errno == EINTR || errno == ECONNABORTED)) continue;
      return;  // shut down (EINVAL) or a failure that will not go away
    }
    if (!track(client)) return;
    std::lock_guard lock(mu_);
    workers_.emplace_back([this, client] { serve(client); });
  }
}

void ConnectProxy::refuse(int client, const std::string& status, const std::string& extra) {
  send_all(client, "HTTP/1.1 " + status + "\r\n" + extra + "Content-Length: 0\r\n" +
                       (announce_close_ ? "Connection: close\r\n" : "") + "\r\n");
  release(client);
}

void ConnectProxy::serve(int client) {
  std::string buf;
  std::size_t end = std::string::npos;
  char chunk[4096];
  while ((end = buf.find("\r\n\r\n")) == std::string::npos && buf.size() < kMaxHead) {
    const ssize_t n = ::recv(client, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      release(client);
      return;
    }
    buf.append(chunk, static_cast<std::size_t>(n));
  }
  if (end == std::string::npos) {
    refuse(client, "431 Request Header Fields Too Large");
    return;
  }
  const std::string head_text = buf.substr(0, end);
  std::string pending = buf.substr(end + 4);  // bytes the client sent ahead of our answer
  const Head head = parse_head(head_text);
  const bool is_connect = head.method == "CONNECT";
  {
    std::lock_guard lock(mu_);
    heads_.push_back(head_text);
    if (is_connect) {
      targets_.push_back(head.target);
      authorizations_.push_back(head.proxy_authorization.value_or(""));
    }
  }
  std::string host;
  std::string port;
  if (!is_connect) {
    refuse(client, "405 Method Not Allowed", "Allow: CONNECT\r\n");
    return;
  }
  if (head.version != "HTTP/1.1" || !split_target(head.target, host, port)) {
    refuse(client, "400 Bad Request");
    return;
  }
  if (required_) {
    const std::string expected =
        "Basic " + escurl::base64_encode(required_->first + ":" + required_->second);
    if (head.proxy_authorization != expected) {
      ++refusals_;
      refuse(client, "407 Proxy Authentication Required",
             "Proxy-Authenticate: Basic realm=\"test\"\r\n");
      return;
    }
  }

  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int upstream = -1;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) == 0) {
    for (const addrinfo* a = found; a != nullptr && upstream < 0; a = a->ai_next) {
      const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
      if (fd < 0 || !track(fd)) continue;
      if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
        upstream = fd;
      } else {
        release(fd);
      }
    }
    ::freeaddrinfo(found);
  }
  if (upstream < 0) {
    refuse(client, "502 Bad Gateway");
    return;
  }
  ++tunnels_;
  if (!send_all(client, "HTTP/1.1 200 Connection established\r\n\r\n")) {
    release(upstream);
    release(client);
    return;
  }
  splice(client, upstream, std::move(pending));
}

void ConnectProxy::splice(int client, int upstream, std::string pending) {
  bool open = pending.empty() || send_all(upstream, pending);
  char buf[kChunk];
  while (open) {
    pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
    const int ready = ::poll(fds, 2, -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    for (int i = 0; i < 2 && open; ++i) {
      if (fds[i].revents == 0) continue;
      const int from = fds[i].fd;
      const int to = i == 0 ? upstream : client;
      ssize_t n;
      do {
        n = ::recv(from, buf, sizeof buf, 0);
      } while (n < 0 && errno == EINTR);
      open = n > 0 && send_all(to, std::string_view(buf, static_cast<std::size_t>(n)));
    }
  }
  release(upstream);
  release(client);
}

}  // namespace escurl::testing
