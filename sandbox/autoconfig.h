// SPDX-License-Identifier: MIT
// First-start security auto-configuration, as Elasticsearch 8 does it: an HTTP CA
// (DIR/certs/http_ca.crt, key beside it, mode 0600), a node certificate for localhost, 127.0.0.1
// and ::1 signed by it, the elastic password; reused from DIR on later starts. Also the terminal
// banner and the atomically written ready file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "error.h"

namespace es_sandbox {

using escurl::Result;

/// What auto-configuration produced or found in the data directory.
struct SecuritySetup {
  std::string data_dir;         ///< absolute
  std::string ca_path;          ///< DIR/certs/http_ca.crt
  std::string ca_key_path;      ///< DIR/certs/http_ca.key (0600)
  std::string cert_chain_path;  ///< DIR/certs/http.crt: node certificate then CA
  std::string key_path;         ///< DIR/certs/http.key (0600)
  std::string fingerprint;      ///< SHA-256 of the CA's DER, 64 lowercase hex digits
  std::string elastic_password;
  std::string cluster_uuid;
  bool generated = false;  ///< true when the CA was created by this start
};

/// Creates or reuses the certificates and secrets under `data_dir` (created if missing).
/// `password` overrides the stored or generated elastic password.
Result<SecuritySetup> auto_configure(const std::string& data_dir,
                                     const std::optional<std::string>& password);

/// The start-up banner in Elasticsearch's wording (password, CA fingerprint).
std::string banner(const SecuritySetup& setup, bool tls);

/// Writes the ready file atomically (temporary file, then rename):
/// {"urls":[...],"ca":"...","fingerprint":"...","elastic_password":"..."}.
Result<void> write_ready_file(const std::string& path, const SecuritySetup& setup,
                              const std::vector<std::string>& urls);

}  // namespace es_sandbox
