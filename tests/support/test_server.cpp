// SPDX-License-Identifier: MIT
// TestServer: counting happens in the pre-routing handler (runs once the request head is parsed,
// before any handler), capturing in the post-routing handler (runs after the handler, before the
// response is written, so a client that has its response always finds the request recorded).
#include "test_server.h"

#include <openssl/ssl.h>
#include <strings.h>

#include <chrono>
#include <set>

namespace escurl::testing {
namespace {

constexpr const char* kHost = "127.0.0.1";
constexpr auto kStartTimeout = std::chrono::seconds(10);

const char* or_null(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

std::string peer_subject(const httplib::Request& req) {
  if (req.ssl == nullptr) return {};
  // Certificate takes ownership of the reference SSL_get1_peer_certificate hands out.
  es_sandbox::Certificate peer(SSL_get1_peer_certificate(req.ssl), nullptr);
  return peer.subject();
}

}  // namespace

TlsFiles write_tls_files(const TempDir& dir, const es_sandbox::Certificate& leaf,
                         const std::vector<const es_sandbox::Certificate*>& chain,
                         const std::string& prefix) {
  std::vector<const es_sandbox::Certificate*> all{&leaf};
  all.insert(all.end(), chain.begin(), chain.end());
  TlsFiles files;
  files.cert_chain_path = dir.write(prefix + "chain.pem", es_sandbox::chain_pem(all), 0644);
  files.key_path = dir.write(prefix + "key.pem", leaf.key_pem(), 0600);
  return files;
}

std::optional<std::string> CapturedRequest::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (::strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  }
  return std::nullopt;
}

TestServer::TestServer(Setup setup) : server_(std::make_unique<httplib::Server>()) {
  start(std::move(setup));
}

TestServer::TestServer(const TlsFiles& tls, Setup setup) : tls_(true) {
  server_ = std::make_unique<httplib::SSLServer>(tls.cert_chain_path.c_str(), tls.key_path.c_str(),
                                                 or_null(tls.client_ca_path));
  // Kept even when invalid so http() stays usable; the server just never listens.
  if (!server_->is_valid()) {
    error_ = "httplib::SSLServer rejected " + tls.cert_chain_path + " / " + tls.key_path;
    return;
  }
  start(std::move(setup));
}

TestServer::~TestServer() {
  if (!thread_.joinable()) return;
  // stop() only acts once listen_after_bind has set is_running, so wait for that first.
  auto give_up = std::chrono::steady_clock::now() + kStartTimeout;
  while (!server_->is_running() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  server_->stop();
  thread_.join();
}

void TestServer::start(Setup setup) {
  server_->set_pre_routing_handler([this](const httplib::Request&, httplib::Response&) {
    requests_.fetch_add(1);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_->set_post_routing_handler(
      [this](const httplib::Request& req, httplib::Response&) { capture(req); });
  if (setup) setup(*server_);
  int port = server_->bind_to_any_port(kHost);
  if (port <= 0) {
    error_ = "cannot bind to an ephemeral port on 127.0.0.1";
    return;
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  auto give_up = std::chrono::steady_clock::now() + kStartTimeout;
  while (!server_->is_running() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!server_->is_running()) {
    error_ = "the server thread did not start listening";
    return;
  }
  port_ = port;
}

std::string TestServer::url() const {
  return std::string(tls_ ? "https://" : "http://") + kHost + ":" + std::to_string(port_);
}

std::vector<CapturedRequest> TestServer::captured() const {
  std::lock_guard lock(mu_);
  return captured_;
}

void TestServer::capture(const httplib::Request& req) {
  CapturedRequest record;
  record.method = req.method;
  record.path = req.target;
  record.headers.assign(req.headers.begin(), req.headers.end());
  record.body = req.body;
  record.client_cert_subject = peer_subject(req);
  record.remote_port = req.remote_port;
  std::lock_guard lock(mu_);
  captured_.push_back(std::move(record));
}

std::size_t TestServer::connections_seen() const {
  std::set<int> ports;
  for (const CapturedRequest& r : captured()) ports.insert(r.remote_port);
  return ports.size();
}

}  // namespace escurl::testing
