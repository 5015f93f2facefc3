// SPDX-License-Identifier: MIT
// SandboxProcess: runs es-sandbox (ES_SANDBOX_BIN) for one test in its own temporary directory
// with --port 0 and a ready file, waits until it listens, exposes its URLs, CA, fingerprint and
// elastic password, and SIGTERMs and reaps it on destruction. Also a small HTTPS client trusting
// the sandbox CA, and a raw TLS exchange for observing the connection-level fault modes.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "run_cli.h"
#include "temp_dir.h"

namespace escurl::testing {

/// How to start the sandbox.
struct SandboxOptions {
  int nodes = 1;
  bool http = false;                    ///< plain HTTP (--http)
  int token_lifetime_seconds = 0;       ///< 0: the sandbox default
  std::vector<std::string> extra_args;  ///< e.g. {"--fault", "path=/,status=503,count=1"}
  std::string data_dir;                 ///< empty: data_dir() inside the test's own directory
  int ready_timeout_ms = 20000;
};

/// One node's counters from GET /_sandbox/stats.
struct SandboxNodeStats {
  int64_t connections = 0;
  int64_t requests = 0;
};

/// A response as the test client saw it.
struct SandboxResponse {
  bool ok = false;    ///< a complete HTTP response arrived
  std::string error;  ///< why not, when !ok
  int status = 0;
  std::multimap<std::string, std::string> headers;  ///< names lowercased
  std::string body;

  /// The first value of header `name` (any case), or "".
  std::string header(const std::string& name) const;
  /// Every value of header `name`, in order.
  std::vector<std::string> header_values(const std::string& name) const;
  /// Whether the response has header `name`.
  bool has_header(const std::string& name) const;
};

/// What a raw TLS exchange observed.
struct RawExchange {
  bool connected = false;
  std::string received;                     ///< every byte before the connection ended
  bool clean_eof = false;                   ///< ended by close_notify or FIN
  bool reset = false;                       ///< ended by ECONNRESET
  std::chrono::milliseconds first_byte{0};  ///< time to the first byte
  std::chrono::milliseconds total{0};       ///< time to the end
};

/// A running es-sandbox.
class SandboxProcess {
 public:
  /// Starts the sandbox and waits for its ready file; check ready() afterwards.
  explicit SandboxProcess(SandboxOptions options = {});
  /// SIGTERM, then reap (SIGKILL after 10 s).
  ~SandboxProcess();
  SandboxProcess(const SandboxProcess&) = delete;
  SandboxProcess& operator=(const SandboxProcess&) = delete;

  /// Whether the sandbox is up; error() says why not.
  bool ready() const { return ready_; }
  const std::string& error() const { return error_; }

  const std::vector<std::string>& urls() const { return urls_; }
  const std::string& url(size_t node = 0) const { return urls_.at(node); }
  /// The port of `node`.
  int port(size_t node = 0) const;
  const std::string& ca_path() const { return ca_path_; }
  const std::string& fingerprint() const { return fingerprint_; }
  const std::string& elastic_password() const { return elastic_password_; }
  /// The --data directory.
  std::string data_dir() const {
    return options_.data_dir.empty() ? dir_.file("data") : options_.data_dir;
  }
  /// The scratch directory the sandbox runs in (tests may put files there).
  const TempDir& dir() const { return dir_; }
  /// What the sandbox printed to stdout so far.
  std::string output() const;

  /// GET /_sandbox/stats: per-node counters, or nullopt if unreachable.
  std::optional<std::vector<SandboxNodeStats>> stats() const;

  /// Sends one request to `node` over HTTPS (trusting the sandbox CA) or HTTP.
  SandboxResponse send(const std::string& method, const std::string& path,
                       const std::string& body = {},
                       const std::map<std::string, std::string>& headers = {},
                       size_t node = 0) const;
  /// Like send() with Basic credentials `user`:`password`.
  SandboxResponse send_as(const std::string& user, const std::string& password,
                          const std::string& method, const std::string& path,
                          const std::string& body = {},
                          std::map<std::string, std::string> headers = {}, size_t node = 0) const;
  /// Like send() as the elastic superuser.
  SandboxResponse send_as_elastic(const std::string& method, const std::string& path,
                                  const std::string& body = {},
                                  std::map<std::string, std::string> headers = {},
                                  size_t node = 0) const;

  /// Writes `request` verbatim over TLS to `node` and records everything until the end.
  RawExchange raw_exchange(const std::string& request, size_t node = 0) const;

  /// SIGTERM and wait; returns the exit code (also done by the destructor).
  int stop();

 private:
  bool wait_ready(int timeout_ms);

  SandboxOptions options_;
  TempDir dir_;
  std::optional<RunningCli> process_;
  bool ready_ = false;
  bool stopped_ = false;
  int exit_code_ = -1;
  std::string error_;
  std::vector<std::string> urls_;
  std::string ca_path_;
  std::string fingerprint_;
  std::string elastic_password_;
};

/// "Basic " + base64(user:password).
std::string basic_auth(const std::string& user, const std::string& password);

}  // namespace escurl::testing
