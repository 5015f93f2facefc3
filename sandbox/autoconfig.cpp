// SPDX-License-Identifier: MIT
#include "autoconfig.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "certgen.h"
#include "es_json.h"
#include "random.h"

namespace es_sandbox {
namespace {

namespace fs = std::filesystem;
using escurl::Errc;
using escurl::make_error;

// Elasticsearch's auto-configured CA is named like this and valid for three years.
constexpr const char* kCaName = "Elasticsearch security auto-configuration HTTP CA";
constexpr long kCaLifetimeSeconds = 3L * 365 * 24 * 3600;
constexpr long kNodeLifetimeSeconds = 2L * 365 * 24 * 3600;

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Result<Certificate> load_pair(const std::string& cert_path, const std::string& key_path) {
  auto cert = read_file(cert_path);
  auto key = read_file(key_path);
  if (!cert || !key) return make_error(Errc::Internal, "cannot read " + cert_path);
  return load_pem(*cert, *key);
}

Result<Certificate> new_ca() {
  CertSpec spec;
  spec.common_name = kCaName;
  spec.is_ca = true;
  spec.not_after_offset_seconds = kCaLifetimeSeconds;
  return make_ca(spec);
}

Result<void> write_node_certificate(const SecuritySetup& s, const Certificate& ca) {
  CertSpec spec;
  spec.common_name = "localhost";
  spec.dns_names = {"localhost"};
  spec.ip_addresses = {"127.0.0.1", "::1"};
  spec.not_after_offset_seconds = kNodeLifetimeSeconds;
  auto leaf = make_signed(spec, ca);
  if (!leaf) return leaf.take_error();
  if (auto w = write_file(s.cert_chain_path, chain_pem({&*leaf, &ca}), 0644); !w) return w;
  return write_file(s.key_path, leaf->key_pem(), 0600);
}

// The CA: reused when DIR has one, else created (which also replaces the node certificate).
Result<Certificate> ensure_ca(SecuritySetup& s) {
  if (fs::exists(s.ca_path) && fs::exists(s.ca_key_path))
    return load_pair(s.ca_path, s.ca_key_path);
  auto ca = new_ca();
  if (!ca) return ca;
  s.generated = true;
  if (auto w = write_file(s.ca_path, ca->cert_pem(), 0644); !w) return w.take_error();
  if (auto w = write_file(s.ca_key_path, ca->key_pem(), 0600); !w) return w.take_error();
  return ca;
}

// The password and cluster UUID persist in DIR/es-sandbox.json so later starts reuse them.
void load_state(SecuritySetup& s, const std::string& state_path) {
  auto text = read_file(state_path);
  if (!text) return;
  JsonSyntaxError error;
  auto json = parse_json(*text, error);
  if (!json || !json->is_object()) return;
  s.elastic_password = json->value("elastic_password", std::string());
  s.cluster_uuid = json->value("cluster_uuid", std::string());
}

}  // namespace

Result<SecuritySetup> auto_configure(const std::string& data_dir,
                                     const std::optional<std::string>& password) {
  std::error_code ec;
  fs::create_directories(fs::path(data_dir) / "certs", ec);
  if (ec)
    return make_error(Errc::Usage, fmt::format("cannot create {}: {}", data_dir, ec.message()));
  SecuritySetup s;
  s.data_dir = fs::absolute(data_dir).lexically_normal().string();
  const fs::path certs = fs::path(s.data_dir) / "certs";
  s.ca_path = (certs / "http_ca.crt").string();
  s.ca_key_path = (certs / "http_ca.key").string();
  s.cert_chain_path = (certs / "http.crt").string();
  s.key_path = (certs / "http.key").string();
  auto ca = ensure_ca(s);
  if (!ca) return ca.take_error();
  if (s.generated || !fs::exists(s.cert_chain_path) || !fs::exists(s.key_path)) {
    if (auto w = write_node_certificate(s, *ca); !w) return w.take_error();
  }
  s.fingerprint = ca->sha256_fingerprint();
  const std::string state_path = (fs::path(s.data_dir) / "es-sandbox.json").string();
  load_state(s, state_path);
  if (password) s.elastic_password = *password;
  if (s.elastic_password.empty()) s.elastic_password = random_password(20);
  if (s.cluster_uuid.empty()) s.cluster_uuid = random_uuid();
  const Json state =
      Json::object({{"elastic_password", s.elastic_password}, {"cluster_uuid", s.cluster_uuid}});
  if (auto w = write_file(state_path, state.dump(2) + "\n", 0600); !w) return w.take_error();
  return s;
}

std::string banner(const SecuritySetup& s, bool tls) {
  const std::string rule(80, '-');
  std::string out = rule + "\n";
  out += s.generated
             ? "✅ Elasticsearch security features have been automatically configured!\n"
             : "✅ Elasticsearch security features are configured (reusing " + s.data_dir + ").\n";
  out += tls ? "✅ Authentication is enabled and cluster connections are encrypted.\n"
             : "✅ Authentication is enabled; HTTP is plain text (--http).\n";
  out += "\nℹ️  Password for the elastic user (set it with `es-sandbox --elastic-password`):\n";
  out += "  " + s.elastic_password + "\n";
  out += "\nℹ️  HTTP CA certificate SHA-256 fingerprint:\n";
  out += "  " + s.fingerprint + "\n";
  out += "\nℹ️  HTTP CA certificate: " + s.ca_path + "\n";
  out += rule + "\n";
  return out;
}

Result<void> write_ready_file(const std::string& path, const SecuritySetup& setup,
                              const std::vector<std::string>& urls) {
  const Json ready = Json::object({{"urls", urls},
                                   {"ca", setup.ca_path},
                                   {"fingerprint", setup.fingerprint},
                                   {"elastic_password", setup.elastic_password}});
  const std::string temporary = path + ".tmp";
  if (auto w = write_file(temporary, ready.dump() + "\n", 0600); !w) return w;
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return make_error(Errc::WriteOutput, "cannot rename " + temporary + " to " + path);
  }
  return escurl::ok();
}

}  // namespace es_sandbox
