// SPDX-License-Identifier: MIT
#include "app.h"

#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "autoconfig.h"
#include "cluster.h"
#include "server.h"

namespace es_sandbox {
namespace {

namespace fs = std::filesystem;

int fail(const escurl::Error& error) {
  std::cerr << "es-sandbox: " << error.message << "\n";
  for (const auto& hint : error.hints) std::cerr << "  hint: " << hint << "\n";
  return 1;
}

// A data directory that exists only for this run when --data is not given.
std::string temporary_data_dir() {
  std::string pattern = (fs::temp_directory_path() / "es-sandbox.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

sigset_t termination_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

int serve(const Options& options, const SecuritySetup& setup) {
  ClusterConfig config;
  config.tls = !options.http;
  config.token_lifetime_seconds = options.token_lifetime_seconds;
  config.elastic_password = setup.elastic_password;
  config.cluster_uuid = setup.cluster_uuid;
  config.nodes = static_cast<size_t>(options.nodes);
  Cluster cluster(config);
  for (const auto& fault : options.faults) cluster.faults.add(fault);

  std::optional<TlsFiles> tls;
  if (config.tls) tls = TlsFiles{setup.cert_chain_path, setup.key_path};
  ServerGroup servers(cluster, tls);
  if (auto bound = servers.bind(options.port); !bound) return fail(bound.error());
  servers.start();

  std::vector<std::string> urls;
  for (size_t i = 0; i < cluster.nodes.size(); ++i) urls.push_back(cluster.node_url(i));
  std::cout << banner(setup, config.tls);
  for (size_t i = 0; i < urls.size(); ++i) {
    std::cout << "es-sandbox: node " << i << " listening on " << urls[i] << "\n";
  }
  std::cout << std::flush;
  if (!options.ready_file.empty()) {
    if (auto written = write_ready_file(options.ready_file, setup, urls); !written) {
      servers.stop();
      return fail(written.error());
    }
  }
  const sigset_t signals = termination_signals();
  int received = 0;
  sigwait(&signals, &received);
  std::cout << "es-sandbox: stopping" << std::endl;
  servers.stop();
  return 0;
}

}  // namespace

int run_sandbox(const Options& options) {
  // Block the termination signals before any thread starts, so that only sigwait sees them.
  const sigset_t signals = termination_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A client that hangs up mid-response must not kill the server.
  signal(SIGPIPE, SIG_IGN);

  const bool temporary = options.data_dir.empty();
  const std::string data_dir = temporary ? temporary_data_dir() : options.data_dir;
  if (data_dir.empty()) return fail(escurl::make_error(escurl::Errc::Internal, "mkdtemp failed"));
  auto setup = auto_configure(data_dir, options.elastic_password);
  const int code = setup ? serve(options, *setup) : fail(setup.error());
  if (temporary) {
    std::error_code ignored;
    fs::remove_all(data_dir, ignored);
  }
  return code;
}

}  // namespace es_sandbox
