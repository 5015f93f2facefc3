// SPDX-License-Identifier: MIT
#include "sandbox_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "base64.h"
#include "http_transport.h"
#include "url.h"

namespace escurl::testing {
namespace {

#ifdef ES_SANDBOX_BIN
constexpr const char* kSandboxBin = ES_SANDBOX_BIN;
#else
constexpr const char* kSandboxBin = "";
#endif

using Clock = std::chrono::steady_clock;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// A blocking TCP connection to 127.0.0.1:port, or -1.
int connect_local(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  timeval timeout{15, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

}  // namespace

std::string SandboxResponse::header(const std::string& name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::vector<std::string> SandboxResponse::header_values(const std::string& name) const {
  std::vector<std::string> out;
  auto [first, last] = headers.equal_range(lower(name));
  for (auto it = first; it != last; ++it) out.push_back(it->second);
  return out;
}

bool SandboxResponse::has_header(const std::string& name) const {
  return headers.count(lower(name)) > 0;
}

std::string basic_auth(const std::string& user, const std::string& password) {
  return "Basic " + escurl::base64_encode(user + ":" + password);
}

SandboxProcess::SandboxProcess(SandboxOptions options)
    : options_(std::move(options)), dir_("es-sandbox-test-") {
  if (std::string(kSandboxBin).empty()) {
    error_ = "ES_SANDBOX_BIN is not defined";
    return;
  }
  if (!dir_.valid()) {
    error_ = "cannot create a temporary directory";
    return;
  }
  std::vector<std::string> args = {"--port",       "0",
                                   "--data",       data_dir(),
                                   "--ready-file", dir_.file("ready.json"),
                                   "--nodes",      std::to_string(options_.nodes)};
  if (options_.http) args.push_back("--http");
  if (options_.token_lifetime_seconds > 0) {
    args.push_back("--token-lifetime");
    args.push_back(std::to_string(options_.token_lifetime_seconds));
  }
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  RunOptions run;
  run.program = kSandboxBin;
  run.timeout_seconds = 600;
  process_.emplace(start_cli(args, run));
  ready_ = wait_ready(options_.ready_timeout_ms);
}

SandboxProcess::~SandboxProcess() { stop(); }

bool SandboxProcess::wait_ready(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < deadline) {
    if (process_->finished()) {
      error_ = "es-sandbox exited early: " + process_->err_so_far() + process_->out_so_far();
      return false;
    }
    if (auto text = read_file(dir_.file("ready.json"))) {
      auto json = nlohmann::json::parse(*text, nullptr, false);
      if (json.is_object()) {
        urls_ = json.value("urls", std::vector<std::string>{});
        ca_path_ = json.value("ca", std::string());
        fingerprint_ = json.value("fingerprint", std::string());
        elastic_password_ = json.value("elastic_password", std::string());
        return true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  error_ = "es-sandbox did not become ready: " + process_->err_so_far();
  return false;
}

int SandboxProcess::port(size_t node) const {
  const std::string& u = url(node);
  return std::stoi(u.substr(u.rfind(':') + 1));
}

std::string SandboxProcess::output() const { return process_ ? process_->out_so_far() : ""; }

int SandboxProcess::stop() {
  if (stopped_ || !process_) return exit_code_;
  stopped_ = true;
  process_->send_signal(SIGTERM);
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!process_->finished() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!process_->finished()) process_->send_signal(SIGKILL);
  exit_code_ = process_->wait().exit_code;
  return exit_code_;
}

SandboxResponse SandboxProcess::send(const std::string& method, const std::string& path,
                                     const std::string& body,
                                     const std::map<std::string, std::string>& headers,
                                     size_t node) const {
  // escurl's own transport, so the headers come back in the order the sandbox sent them
  // (httplib 0.18 keeps them in an unordered multimap).
  SandboxResponse out;
  escurl::TransportOptions options;
  if (!options_.http) options.tls.cacert = ca_path_;
  options.connect_timeout = 5;
  options.read_timeout = 15;
  options.keep_alive = false;
  Result<Url> url = escurl::parse_url(this->url(node) + path);
  if (!url) {
    out.error = "bad URL: " + url.error().message;
    return out;
  }
  escurl::Request request;
  request.method = method;
  request.url = *url;
  bool has_accept = false;
  for (const auto& [name, value] : headers) {
    request.headers.push_back({name, value});
    has_accept = has_accept || lower(name) == "accept";
  }
  // What a generic HTTP client sends unless told otherwise.
  if (!has_accept) request.headers.push_back({"Accept", std::string("*/*")});
  if (!body.empty() && headers.count("Content-Type") == 0) {
    request.headers.push_back({"Content-Type", std::string("application/json")});
  }
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request.body.kind = escurl::BodySpec::Kind::Inline;
    request.body.bytes = body;
  }
  struct Collect : escurl::ResponseSink {
    std::string body;
    bool on_head(const escurl::ResponseHead&) override { return true; }
    bool on_body(const char* data, std::size_t n) override {
      body.append(data, n);
      return true;
    }
  } sink;
  escurl::HttpTransport transport(options);
  escurl::SendInfo info;
  Result<escurl::ResponseHead> head = transport.send(request, sink, info);
  if (!head) {
    out.error = "transport error: " + head.error().message;
    return out;
  }
  out.ok = true;
  out.status = head->status;
  out.body = std::move(sink.body);
  for (const auto& [name, value] : head->headers) out.headers.emplace(lower(name), value);
  return out;
}

SandboxResponse SandboxProcess::send_as(const std::string& user, const std::string& password,
                                        const std::string& method, const std::string& path,
                                        const std::string& body,
                                        std::map<std::string, std::string> headers,
                                        size_t node) const {
  headers["Authorization"] = basic_auth(user, password);
  return send(method, path, body, headers, node);
}

SandboxResponse SandboxProcess::send_as_elastic(const std::string& method, const std::string& path,
                                                const std::string& body,
                                                std::map<std::string, std::string> headers,
                                                size_t node) const {
  return send_as("elastic", elastic_password_, method, path, body, std::move(headers), node);
}

std::optional<std::vector<SandboxNodeStats>> SandboxProcess::stats() const {
  auto response = send("GET", "/_sandbox/stats");
  if (!response.ok || response.status != 200) return std::nullopt;
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  std::vector<SandboxNodeStats> out;
  for (const auto& node : json["nodes"]) {
    out.push_back({node.value("connections", int64_t{0}), node.value("requests", int64_t{0})});
  }
  return out;
}

RawExchange SandboxProcess::raw_exchange(const std::string& request, size_t node) const {
  RawExchange out;
  const auto start = Clock::now();
  const int fd = connect_local(port(node));
  if (fd < 0) return out;
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_load_verify_locations(ctx, ca_path_.c_str(), nullptr);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  if (SSL_connect(ssl) == 1 &&
      SSL_write(ssl, request.data(), static_cast<int>(request.size())) > 0) {
    out.connected = true;
    char buffer[4096];
    for (;;) {
      errno = 0;
      const int n = SSL_read(ssl, buffer, sizeof buffer);
      if (n > 0) {
        if (out.received.empty()) out.first_byte = since(start);
        out.received.append(buffer, static_cast<size_t>(n));
        continue;
      }
      const int error = SSL_get_error(ssl, n);
      out.reset = errno == ECONNRESET;
      out.clean_eof = error == SSL_ERROR_ZERO_RETURN || (error == SSL_ERROR_SYSCALL && errno == 0);
      break;
    }
  }
  out.total = since(start);
  ERR_clear_error();
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  close(fd);
  return out;
}

}  // namespace escurl::testing
