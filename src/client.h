// SPDX-License-Identifier: MIT
// The client: the loop that ties a request to the cluster — pick a node, send, decide whether to
// retry (retry.h) or move on (node_pool.h), follow redirects when asked. A retryable response's
// body is held back (bounded) until it is known not to be retried, so nothing reaches the
// output twice. A redirect to another origin drops every credential header.
#pragma once

#include <functional>
#include <optional>
#include <random>
#include <string>

#include "clock.h"
#include "node_pool.h"
#include "request.h"
#include "retry.h"
#include "transport.h"

namespace escurl {

/// How the client behaves around the transport.
struct ClientOptions {
  RetryOptions retry;
  bool follow_redirects = false;
  int max_redirects = 10;
  /// Receives one line per retry or redirect ("retrying in 0.4 s: HTTP 503"), for -v.
  std::function<void(const std::string&)> trace;
};

/// Sends requests over a node pool with retries.
class Client {
 public:
  Client(Transport& transport, NodePool& pool, Clock& clock, ClientOptions options);

  /// Sends `request`. When `cluster_path` is set the request goes to a node of the pool (the
  /// path joined to that node's URL); otherwise to request.url as given.
  Result<ResponseHead> execute(const Request& request,
                               const std::optional<std::string>& cluster_path, ResponseSink& sink);
  /// Retries spent by the last execute().
  int last_retries() const { return last_retries_; }
  /// What the transport said about the last attempt of the last execute() (its timings).
  const SendInfo& last_send_info() const { return last_info_; }
  /// The URL the last attempt went to, and how many redirects led there.
  const Url& last_url() const { return last_url_; }
  int last_redirects() const { return last_redirects_; }

 private:
  /// Turns a held redirect into the next request; an error when it must not be followed.
  Result<void> redirect(Request& request, const ResponseHead& head, int& redirects_left);
  void note_node_health(std::optional<std::size_t> node, const Result<ResponseHead>& head,
                        const SendInfo& info);
  void trace(const std::string& line) const;

  Transport& transport_;
  NodePool& pool_;
  Clock& clock_;
  ClientOptions options_;
  std::mt19937_64 rng_;
  int last_retries_ = 0;
  SendInfo last_info_;
  Url last_url_;
  int last_redirects_ = 0;
};

/// Whether `body` can be sent a second time (a retry, a 307 or 308 redirect): an inline body or
/// a regular file can; stdin, and a file that is a pipe, FIFO or device, were read as they came.
bool body_can_be_resent(const BodySpec& body);

/// Removes every credential header (Authorization, es-secondary-authorization,
/// es-security-runas-user, ES-Client-Authentication, Cookie, Proxy-Authorization, and any -H
/// carrying one), for a request leaving its origin.
void strip_credentials(Request& request);

}  // namespace escurl
