// SPDX-License-Identifier: MIT
#include "server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "compatibility.h"
#include "control_api.h"
#include "dispatch.h"
#include "handlers.h"

namespace es_sandbox {
namespace {

using escurl::Errc;
using escurl::make_error;

constexpr const char* kBindHost = "127.0.0.1";
constexpr int kResetGraceMs = 100;
constexpr std::string_view kGarbageStatusLine = "GARBAGE/9.9 ??? not an HTTP status line\r\n\r\n";

Result<int> listen_on(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return make_error(Errc::Internal, "socket() failed");
  const int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, kBindHost, &address.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(fd, 512) != 0) {
    close(fd);
    return make_error(Errc::Connect, fmt::format("cannot listen on {}:{}", kBindHost, port),
                      {"is another process using that port? --port 0 picks free ports"});
  }
  return fd;
}

int bound_port(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

HeaderList reply_headers(const ApiRequest& request, const ApiReply& reply) {
  HeaderList headers;
  // DefaultRestChannel: X-Opaque-Id first, then the response's own headers, then the thread
  // context's (X-elastic-product), then content-type and content-length.
  if (auto opaque = request.header("X-Opaque-Id")) headers.emplace_back("X-Opaque-Id", *opaque);
  for (const auto& header : reply.headers) headers.push_back(header);
  // RestResponse.filterHeaders drops X-elastic-product from 401 and 403 responses.
  if (reply.status != 401 && reply.status != 403) {
    headers.emplace_back("X-elastic-product", "Elasticsearch");
  }
  headers.emplace_back("content-type", response_content_type(request, reply.content_type));
  headers.emplace_back("content-length", std::to_string(reply.body.size()));
  return headers;
}

void answer_and_close(Connection& connection, int status) {
  connection.write_all(response_head(status, {{"content-length", "0"}, {"connection", "close"}}));
  connection.close_orderly();
}

}  // namespace

ApiRequest to_api_request(int node, const HttpRequest& http) {
  ApiRequest api;
  api.method = http.method;
  api.uri = http.target;
  split_target(http.target, api.path, api.params);
  api.body = http.body;
  api.headers = http.headers;
  api.node = node;
  return api;
}

ServerGroup::ServerGroup(Cluster& cluster, std::optional<TlsFiles> tls)
    : cluster_(cluster), router_(api_routes()), tls_files_(std::move(tls)) {}

ServerGroup::~ServerGroup() { stop(); }

Result<void> ServerGroup::bind(int first_port) {
  if (tls_files_) {
    auto context = TlsContext::load(tls_files_->cert_chain_path, tls_files_->key_path);
    if (!context) return context.take_error();
    tls_ = std::move(*context);
  }
  for (size_t i = 0; i < cluster_.nodes.size(); ++i) {
    auto fd = listen_on(first_port == 0 ? 0 : first_port + static_cast<int>(i));
    if (!fd) return fd.take_error();
    listeners_.push_back(*fd);
    cluster_.nodes[i].port = bound_port(*fd);
  }
  return escurl::ok();
}

void ServerGroup::start() {
  for (size_t i = 0; i < listeners_.size(); ++i) {
    acceptors_.emplace_back([this, i] { accept_loop(i); });
  }
}

void ServerGroup::stop() {
  if (stopped_) return;
  stopped_ = true;
  stopping_ = true;
  for (auto& thread : acceptors_) {
    if (thread.joinable()) thread.join();
  }
  for (int fd : listeners_) close(fd);
  std::list<Worker> workers;
  {
    std::lock_guard lock(workers_mutex_);
    workers.swap(workers_);
  }
  for (auto& worker : workers) worker.connection->interrupt();
  for (auto& worker : workers) worker.thread.join();
}

void ServerGroup::reap_finished_workers() {
  std::list<Worker> finished;
  {
    std::lock_guard lock(workers_mutex_);
    for (auto it = workers_.begin(); it != workers_.end();) {
      auto next = std::next(it);
      if (*it->done) finished.splice(finished.end(), workers_, it);
      it = next;
    }
  }
  for (auto& worker : finished) worker.thread.join();
}

void ServerGroup::accept_loop(size_t node) {
  const int listener = listeners_[node];
  while (!stopping_) {
    reap_finished_workers();
    pollfd waiting{listener, POLLIN, 0};
    if (poll(&waiting, 1, 100) <= 0) continue;
    sockaddr_in peer{};
    socklen_t length = sizeof peer;
    const int fd = accept4(listener, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
    if (fd < 0) continue;
    // Head and body go out in separate writes; without this, Nagle and the client's delayed
    // ACK hold every response back about 40 ms.
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char host[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &peer.sin_addr, host, sizeof host);
    auto connection =
        std::make_shared<Connection>(fd, tls_ ? tls_->get() : nullptr, host, ntohs(peer.sin_port));
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::lock_guard lock(workers_mutex_);
    if (stopping_) break;  // stop() has already collected the workers; the connection closes
    workers_.push_back(Worker{std::thread([this, node, connection, done] {
                                serve_connection(node, *connection);
                                *done = true;
                              }),
                              connection, done});
  }
}

void ServerGroup::serve_connection(size_t node, Connection& connection) {
  if (!connection.handshake()) return;
  std::string buffer;
  while (!stopping_) {
    HttpRequest http;
    const ReadResult read = read_request(connection, buffer, http);
    if (read == ReadResult::Closed) return;
    if (read == ReadResult::Malformed) return answer_and_close(connection, 400);
    if (read == ReadResult::TooLarge) return answer_and_close(connection, 413);
    if (!serve_request(node, connection, http)) return;
    if (!http.keep_alive) return connection.close_orderly();
  }
}

bool ServerGroup::serve_request(size_t node, Connection& connection, const HttpRequest& http) {
  ApiRequest request = to_api_request(static_cast<int>(node), http);
  if (is_control_path(request.path)) {
    return send_reply(connection, http, request, handle_control(cluster_, request), std::nullopt);
  }
  cluster_.stats.record(static_cast<int>(node), connection.remote_addr(), connection.remote_port());
  const auto fault = cluster_.faults.take(static_cast<int>(node), request.method, request.path);
  if (fault && fault->delay_ms > 0) pause(fault->delay_ms);
  if (fault && (fault->close || fault->garbage)) {
    if (fault->garbage) connection.write_all(kGarbageStatusLine);
    connection.close_orderly();
    return false;
  }
  const ApiReply reply = fault && fault->status != 0 ? fault_status_reply(request, *fault)
                                                     : dispatch(cluster_, router_, request);
  return send_reply(connection, http, request, reply, fault);
}

bool ServerGroup::send_reply(Connection& connection, const HttpRequest& http,
                             const ApiRequest& request, const ApiReply& reply,
                             const std::optional<FaultSpec>& fault) {
  const std::string head = response_head(reply.status, reply_headers(request, reply));
  if (!connection.write_all(head)) return false;
  if (http.method == "HEAD") return true;
  const std::string_view body = reply.body;
  const bool reset = fault && fault->reset_after >= 0;
  const size_t limit =
      reset ? std::min(body.size(), static_cast<size_t>(fault->reset_after)) : body.size();
  const size_t step = fault && fault->trickle_bytes > 0 ? static_cast<size_t>(fault->trickle_bytes)
                                                        : std::max<size_t>(limit, 1);
  for (size_t offset = 0; offset < limit; offset += step) {
    if (offset > 0) pause(fault->trickle_interval_ms);
    if (stopping_ || !connection.write_all(body.substr(offset, std::min(step, limit - offset)))) {
      return false;
    }
  }
  if (reset) {
    // Give the client time to read the partial body: a reset arriving first would make the
    // peer's kernel discard the unread bytes.
    pause(kResetGraceMs);
    connection.reset();
    return false;
  }
  return true;
}

void ServerGroup::pause(int milliseconds) const {
  // Sleep in slices so that shutting down is not held up by an injected delay.
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
  while (!stopping_ && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace es_sandbox
