// SPDX-License-Identifier: MIT
// TestServer: an in-process HTTPS (or plain HTTP) server on 127.0.0.1 and an ephemeral port for
// integration tests, built on httplib. Owns the listening thread, a count of the HTTP requests
// that reached routing (so a test can prove a refused TLS handshake delivered none), and a record
// of every request. Also writes certgen certificates into the files httplib::SSLServer loads.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "certgen.h"
#include "temp_dir.h"

namespace escurl::testing {

/// The files an HTTPS TestServer loads. cert_chain_path may hold the leaf followed by CAs.
struct TlsFiles {
  std::string cert_chain_path{};  ///< PEM: server certificate first, then its chain
  std::string key_path{};         ///< PEM private key of the server certificate (unencrypted)
  std::string client_ca_path{};   ///< non-empty: demand a client certificate issued by these CAs
};

/// Writes leaf + chain to "<prefix>chain.pem" and the key to "<prefix>key.pem" in `dir`.
TlsFiles write_tls_files(const TempDir& dir, const es_sandbox::Certificate& leaf,
                         const std::vector<const es_sandbox::Certificate*>& chain = {},
                         const std::string& prefix = "server-");

/// A CA and a server certificate it signed for localhost and 127.0.0.1 (and `extra_dns`), with
/// the CA's PEM and the server's TLS files written to a private directory: the usual set-up of
/// an HTTPS TestServer.
struct TestPki {
  explicit TestPki(const std::string& ca_name = "Test CA", std::vector<std::string> extra_dns = {})
      : ca(*es_sandbox::make_ca({.common_name = ca_name})),
        leaf(make_leaf(ca, std::move(extra_dns))) {
    ca_path = dir.write("ca.pem", ca.cert_pem(), 0644);
    files = write_tls_files(dir, leaf, {&ca});
  }
  TempDir dir;
  es_sandbox::Certificate ca;
  es_sandbox::Certificate leaf;
  std::string ca_path;
  TlsFiles files;

 private:
  static es_sandbox::Certificate make_leaf(const es_sandbox::Certificate& ca,
                                           std::vector<std::string> extra_dns) {
    extra_dns.insert(extra_dns.begin(), "localhost");
    return *es_sandbox::make_signed(
        {.common_name = "localhost", .dns_names = extra_dns, .ip_addresses = {"127.0.0.1"}}, ca);
  }
};

/// One request as the server saw it.
struct CapturedRequest {
  std::string method{};
  std::string path{};  ///< path plus "?query" exactly as sent (still percent-encoded)
  std::vector<std::pair<std::string, std::string>> headers{};  ///< sorted by name by httplib
  std::string body{};  ///< empty for GET/HEAD even if one was sent: httplib 0.11 does not read it
  std::string client_cert_subject{};  ///< one-line subject of the TLS client certificate, if any
  int remote_port = 0;  ///< the client's port: distinct ports are distinct connections

  /// The first value of header `name` (case-insensitive), if present.
  std::optional<std::string> header(const std::string& name) const;
};

/// A running server; handlers are registered through http(). Non-copyable, non-movable.
class TestServer {
 public:
  /// Called with the server before it starts listening, to register handlers race-free.
  using Setup = std::function<void(httplib::Server&)>;

  /// Plain HTTP server.
  explicit TestServer(Setup setup = {});
  /// HTTPS server using `tls`; with tls.client_ca_path set it requires client certificates.
  explicit TestServer(const TlsFiles& tls, Setup setup = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  /// Whether the server is listening; if not, error() says why.
  bool ok() const { return port_ > 0; }
  /// Why the server did not start.
  const std::string& error() const { return error_; }
  /// The bound port (0 if not listening).
  int port() const { return port_; }
  /// "https://127.0.0.1:PORT" or "http://127.0.0.1:PORT".
  std::string url() const;
  /// The underlying server, to register handlers (before sending requests). Do not replace its
  /// pre- or post-routing handlers: they do the counting and capturing.
  httplib::Server& http() { return *server_; }
  /// How many HTTP requests reached routing (a failed TLS handshake delivers none).
  int requests_received() const { return requests_.load(); }
  /// Every request that got a response, in the order they were answered.
  std::vector<CapturedRequest> captured() const;
  /// How many distinct client connections the captured requests came on.
  std::size_t connections_seen() const;

 private:
  void start(Setup setup);
  void capture(const httplib::Request& req);

  std::unique_ptr<httplib::Server> server_;
  bool tls_ = false;
  int port_ = 0;
  std::string error_;
  std::atomic<int> requests_{0};
  mutable std::mutex mu_;
  std::vector<CapturedRequest> captured_;
  std::thread thread_;
};

}  // namespace escurl::testing
