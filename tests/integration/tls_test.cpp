// SPDX-License-Identifier: MIT
// TLS trust and identity against in-process servers with certificates made at test time:
// --ca-fingerprint (CA and leaf, colon and case variants, forged chains), expired / not yet
// valid / wrong host / self-signed servers, intermediates, --pinnedpubkey, --tls-server-name,
// mutual TLS (PEM, encrypted key, PKCS#12) and `escurl tls inspect`. Every refusal is checked
// to have delivered no HTTP request.
#include <openssl/pem.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "catch.h"
#include "certgen.h"
#include "run_cli.h"
#include "temp_dir.h"
#include "test_server.h"

using es_sandbox::Certificate;
using escurl::testing::run_cli;
using escurl::testing::RunOptions;
using escurl::testing::TempDir;
using escurl::testing::TestServer;
using escurl::testing::TlsFiles;

namespace {

constexpr long kDay = 24 * 3600;

void ok_routes(httplib::Server& s) {
  s.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"tagline":"You Know, for Search"})", "application/json");
  });
}

RunOptions opts() {
  RunOptions o;
  o.timeout_seconds = 30;
  return o;
}

Certificate leaf_for(const Certificate& ca, long not_before = -3600, long not_after = 30 * kDay,
                     std::vector<std::string> dns = {"localhost"},
                     std::vector<std::string> ips = {"127.0.0.1"}) {
  return *es_sandbox::make_signed({.common_name = "node-1",
                                   .dns_names = std::move(dns),
                                   .ip_addresses = std::move(ips),
                                   .not_before_offset_seconds = not_before,
                                   .not_after_offset_seconds = not_after},
                                  ca);
}

std::string with_colons_upper(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i) out += ':';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i])));
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i + 1])));
  }
  return out;
}

// An Elasticsearch-8-style server: a CA in no store, the chain leaf + CA presented.
struct Es8 {
  TempDir dir;
  Certificate ca =
      *es_sandbox::make_ca({.common_name = "Elasticsearch security auto-configuration HTTP CA"});
  Certificate leaf = leaf_for(ca);
  TestServer server{escurl::testing::write_tls_files(dir, leaf, {&ca}), ok_routes};
};

}  // namespace

TEST_CASE("tls: --ca-fingerprint trusts an Elasticsearch 8 cluster the safe way",
          "[integration][tls]") {
  Es8 es;
  REQUIRE(es.server.ok());
  auto run = [&](const std::string& fp) {
    return run_cli({"--ca-fingerprint", fp, es.server.url() + "/"}, opts());
  };
  SECTION("the CA's fingerprint, as Elasticsearch prints it") {
    const auto r = run(es.ca.sha256_fingerprint());
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"tagline":"You Know, for Search"})");
  }
  SECTION("with colons and upper case, as openssl prints it") {
    CHECK(run(with_colons_upper(es.ca.sha256_fingerprint())).exit_code == 0);
  }
  SECTION("the leaf's own fingerprint") { CHECK(run(es.leaf.sha256_fingerprint()).exit_code == 0); }
  SECTION("a wrong fingerprint: 90, and nothing sent") {
    Certificate unrelated = *es_sandbox::make_ca({.common_name = "Unrelated"});
    const auto r = run(unrelated.sha256_fingerprint());
    CHECK(r.exit_code == 90);
    CHECK(r.err.find("pin mismatch") != std::string::npos);
    CHECK(r.err.find(es.ca.sha256_fingerprint()) != std::string::npos);
    CHECK(es.server.requests_received() == 0);
  }
  SECTION("not a fingerprint: usage error") { CHECK(run("abc").exit_code == 2); }
  SECTION("with --cacert too, the fingerprint must be in the verified chain") {
    const std::string ca_file = es.dir.write("ca.pem", es.ca.cert_pem(), 0644);
    CHECK(run_cli({"--cacert", ca_file, "--ca-fingerprint", es.ca.sha256_fingerprint(),
                   es.server.url() + "/"},
                  opts())
              .exit_code == 0);
    Certificate unrelated = *es_sandbox::make_ca({.common_name = "Unrelated"});
    CHECK(run_cli({"--cacert", ca_file, "--ca-fingerprint", unrelated.sha256_fingerprint(),
                   es.server.url() + "/"},
                  opts())
              .exit_code == 90);
  }
}

TEST_CASE("tls: a forged leaf presented with the genuine CA is refused with 90",
          "[integration][tls]") {
  TempDir dir;
  Certificate ca = *es_sandbox::make_ca({.common_name = "Genuine CA"});
  Certificate attacker = *es_sandbox::make_ca({.common_name = "Attacker CA"});
  // Issuer name copied from the genuine CA, signed with the attacker's key.
  Certificate forged = *es_sandbox::make_signed({.common_name = "node-1",
                                                 .dns_names = {"localhost"},
                                                 .ip_addresses = {"127.0.0.1"},
                                                 .issuer_common_name_override = "Genuine CA"},
                                                attacker);
  TestServer server(escurl::testing::write_tls_files(dir, forged, {&ca}), ok_routes);
  REQUIRE(server.ok());
  const auto r =
      run_cli({"--ca-fingerprint", ca.sha256_fingerprint(), "-u", "elastic:pw", server.url() + "/"},
              opts());
  CHECK(r.exit_code == 90);
  CHECK(r.err.find("forged") != std::string::npos);
  CHECK(server.requests_received() == 0);
}

TEST_CASE("tls: untrusted servers are refused with 60 and the cause named, nothing sent",
          "[integration][tls]") {
  TempDir dir;
  Certificate ca = *es_sandbox::make_ca({.common_name = "Test CA"});
  const std::string ca_file = dir.write("ca.pem", ca.cert_pem(), 0644);
  struct Case {
    std::string name;
    Certificate leaf;
    std::string expect;
  };
  std::vector<Case> cases;
  cases.push_back({"expired", leaf_for(ca, -30 * kDay, -3 * kDay), "expired on"});
  cases.push_back({"not yet valid", leaf_for(ca, 5 * kDay, 30 * kDay), "not valid before"});
  cases.push_back(
      {"wrong host", leaf_for(ca, -3600, 30 * kDay, {"es.example.com"}, {}), "es.example.com"});
  cases.push_back(
      {"self-signed",
       *es_sandbox::make_self_signed_leaf(
           {.common_name = "localhost", .dns_names = {"localhost"}, .ip_addresses = {"127.0.0.1"}}),
       "not trusted"});
  for (Case& c : cases) {
    CAPTURE(c.name);
    TestServer server(escurl::testing::write_tls_files(dir, c.leaf, {&ca}, c.name + "-"),
                      ok_routes);
    REQUIRE(server.ok());
    const auto r = run_cli({"--cacert", ca_file, "-u", "elastic:pw", server.url() + "/"}, opts());
    CHECK(r.exit_code == 60);
    CHECK(r.err.find(c.expect) != std::string::npos);
    CHECK(server.requests_received() == 0);
  }
  SECTION("an expired leaf is refused even when its fingerprint is pinned") {
    Certificate expired = leaf_for(ca, -30 * kDay, -3 * kDay);
    TestServer server(escurl::testing::write_tls_files(dir, expired, {&ca}, "pinned-"), ok_routes);
    const auto r =
        run_cli({"--ca-fingerprint", expired.sha256_fingerprint(), server.url() + "/"}, opts());
    CHECK(r.exit_code == 60);
    CHECK(server.requests_received() == 0);
  }
  SECTION("the unknown-issuer message names the --ca-fingerprint to pass") {
    Certificate leaf = leaf_for(ca);
    TestServer server(escurl::testing::write_tls_files(dir, leaf, {&ca}, "hint-"), ok_routes);
    const auto r = run_cli({server.url() + "/"}, opts());
    CHECK(r.exit_code == 60);
    CHECK(r.err.find("--ca-fingerprint " + ca.sha256_fingerprint()) != std::string::npos);
  }
}

TEST_CASE("tls: intermediates, a CA that is not sent, and --tls-server-name",
          "[integration][tls]") {
  TempDir dir;
  Certificate root = *es_sandbox::make_ca({.common_name = "Root CA"});
  Certificate inter =
      *es_sandbox::make_signed({.common_name = "Intermediate CA", .is_ca = true}, root);
  Certificate leaf = leaf_for(inter);
  const std::string root_file = dir.write("root.pem", root.cert_pem(), 0644);
  TestServer server(escurl::testing::write_tls_files(dir, leaf, {&inter}), ok_routes);
  REQUIRE(server.ok());
  CHECK(run_cli({"--cacert", root_file, server.url() + "/"}, opts()).exit_code == 0);
  CHECK(run_cli({"--ca-fingerprint", inter.sha256_fingerprint(), server.url() + "/"}, opts())
            .exit_code == 0);
  // The root is not presented, so a fingerprint alone cannot find it...
  CHECK(run_cli({"--ca-fingerprint", root.sha256_fingerprint(), server.url() + "/"}, opts())
            .exit_code == 90);
  // ...but with --cacert it is part of the verified chain.
  CHECK(run_cli({"--cacert", root_file, "--ca-fingerprint", root.sha256_fingerprint(),
                 server.url() + "/"},
                opts())
            .exit_code == 0);

  SECTION("a leaf sent without its CA verifies with --cacert") {
    Certificate ca = *es_sandbox::make_ca({.common_name = "Lonely CA"});
    Certificate alone = leaf_for(ca);
    const std::string ca_file = dir.write("lonely.pem", ca.cert_pem(), 0644);
    TestServer s(escurl::testing::write_tls_files(dir, alone, {}, "alone-"), ok_routes);
    CHECK(run_cli({"--cacert", ca_file, s.url() + "/"}, opts()).exit_code == 0);
  }
  SECTION("--tls-server-name checks another name instead of switching checks off") {
    Certificate ca = *es_sandbox::make_ca({.common_name = "LB CA"});
    Certificate lb = leaf_for(ca, -3600, 30 * kDay, {"es.internal"}, {});
    const std::string ca_file = dir.write("lb.pem", ca.cert_pem(), 0644);
    TestServer s(escurl::testing::write_tls_files(dir, lb, {&ca}, "lb-"), ok_routes);
    CHECK(run_cli({"--cacert", ca_file, s.url() + "/"}, opts()).exit_code == 60);
    CHECK(run_cli({"--cacert", ca_file, "--tls-server-name", "es.internal", s.url() + "/"}, opts())
              .exit_code == 0);
    CHECK(
        run_cli({"--cacert", ca_file, "--tls-server-name", "other.internal", s.url() + "/"}, opts())
            .exit_code == 60);
  }
}

TEST_CASE("tls: --pinnedpubkey matches any certificate of the verified chain",
          "[integration][tls]") {
  TempDir dir;
  Certificate ca = *es_sandbox::make_ca({.common_name = "Pin CA"});
  Certificate leaf = leaf_for(ca);
  const std::string ca_file = dir.write("ca.pem", ca.cert_pem(), 0644);
  TestServer server(escurl::testing::write_tls_files(dir, leaf, {&ca}), ok_routes);
  REQUIRE(server.ok());
  auto run = [&](const std::string& pin) {
    return run_cli({"--cacert", ca_file, "--pinnedpubkey", pin, server.url() + "/"}, opts());
  };
  CHECK(run(leaf.spki_pin()).exit_code == 0);
  CHECK(run(ca.spki_pin()).exit_code == 0);
  CHECK(run("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=;" + ca.spki_pin()).exit_code ==
        0);
  const auto wrong = run("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  CHECK(wrong.exit_code == 90);
  CHECK(wrong.err.find(leaf.spki_pin()) != std::string::npos);
  CHECK(server.requests_received() == 3);
  // A PEM public key file works as in curl.
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, ca.key());
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  const std::string pub_file =
      dir.write("ca.pub", std::string(data, static_cast<std::size_t>(len)), 0644);
  BIO_free(bio);
  CHECK(run(pub_file).exit_code == 0);
}

TEST_CASE("tls: mutual TLS with PEM, an encrypted key and PKCS#12", "[integration][tls][mtls]") {
  TempDir dir;
  Certificate ca = *es_sandbox::make_ca({.common_name = "mTLS CA"});
  Certificate leaf = leaf_for(ca);
  Certificate client =
      *es_sandbox::make_signed({.common_name = "escurl-client", .client_auth = true}, ca);
  TlsFiles files = escurl::testing::write_tls_files(dir, leaf, {&ca});
  files.client_ca_path = dir.write("client-ca.pem", ca.cert_pem(), 0644);
  TestServer server(files, ok_routes);
  REQUIRE(server.ok());
  const std::string ca_file = files.client_ca_path;
  const std::string cert = dir.write("client.pem", client.cert_pem(), 0644);
  const std::string key = dir.write("client.key", client.key_pem(), 0600);
  const std::string enc_key =
      dir.write("client-enc.key", *client.key_pem_encrypted("k3y-pass"), 0600);
  const std::string pw_file = dir.write("pw.txt", "k3y-pass\n", 0600);
  const std::string p12 =
      dir.write("client.p12", *es_sandbox::make_p12(client, {&ca}, "p12-pass"), 0600);
  const std::vector<std::string> base = {"--cacert", ca_file};
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(server.url() + "/");
    return run_cli(args, opts());
  };
  SECTION("PEM certificate and key") {
    CHECK(run({"--cert", cert, "--key", key}).exit_code == 0);
    REQUIRE(!server.captured().empty());
    CHECK(server.captured().back().client_cert_subject.find("escurl-client") != std::string::npos);
  }
  SECTION("an encrypted key with --key-password @file") {
    CHECK(run({"--cert", cert, "--key", enc_key, "--key-password", "@" + pw_file}).exit_code == 0);
  }
  SECTION("a wrong key password: 58") {
    const auto r = run({"--cert", cert, "--key", enc_key, "--key-password", "nope"});
    CHECK(r.exit_code == 58);
    CHECK(r.err.find("wrong") != std::string::npos);
    CHECK(server.requests_received() == 0);
  }
  SECTION("a PKCS#12 bundle, type inferred from .p12") {
    CHECK(run({"--cert", p12, "--key-password", "p12-pass"}).exit_code == 0);
  }
  SECTION("a key that does not match the certificate: 58") {
    Certificate other = *es_sandbox::make_signed({.common_name = "other", .client_auth = true}, ca);
    const std::string other_key = dir.write("other.key", other.key_pem(), 0600);
    const auto r = run({"--cert", cert, "--key", other_key});
    CHECK(r.exit_code == 58);
    CHECK(r.err.find("does not match") != std::string::npos);
  }
  SECTION("no client certificate: refused, and the message says one is required") {
    const auto r = run({"-u", "elastic:pw"});
    CHECK(r.exit_code != 0);
    INFO(r.err);
    CHECK(r.err.find("client certificate") != std::string::npos);
  }
  SECTION("client certificates are still sent when a fingerprint decides trust") {
    const auto r = run_cli({"--ca-fingerprint", ca.sha256_fingerprint(), "--cert", cert, "--key",
                            key, server.url() + "/"},
                           opts());
    CHECK(r.exit_code == 0);
  }
}

TEST_CASE("tls: `escurl tls inspect` shows the fingerprint --ca-fingerprint then accepts",
          "[integration][tls][inspect]") {
  Es8 es;
  REQUIRE(es.server.ok());
  const auto text = run_cli({"tls", "inspect", es.server.url()}, opts());
  CHECK(text.exit_code == 60);
  CHECK(text.out.find(es.ca.sha256_fingerprint()) != std::string::npos);
  CHECK(text.out.find(es.leaf.spki_pin()) != std::string::npos);
  CHECK(text.out.find("verifies: no") != std::string::npos);
  const auto json = run_cli({"tls", "inspect", "--format", "json", es.server.url()}, opts());
  const auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["verified"] == false);
  CHECK(doc["chain"].size() == 2);
  const std::string ca_fp = doc["chain"][1]["sha256"];
  CHECK(ca_fp == es.ca.sha256_fingerprint());
  const auto trusted =
      run_cli({"tls", "inspect", "--ca-fingerprint", ca_fp, es.server.url()}, opts());
  CHECK(trusted.exit_code == 0);
  CHECK(trusted.out.find("verifies: yes") != std::string::npos);
  CHECK(es.server.requests_received() == 0);
  CHECK(run_cli({"--ca-fingerprint", ca_fp, es.server.url() + "/"}, opts()).exit_code == 0);
}

TEST_CASE("tls: a refused certificate is not retried", "[integration][tls]") {
  Es8 es;
  REQUIRE(es.server.ok());
  Certificate other = *es_sandbox::make_ca({.common_name = "Other CA"});
  const std::string other_file = es.dir.write("other.pem", other.cert_pem(), 0644);
  const auto r = run_cli({"-v", "--cacert", other_file, es.server.url() + "/"}, opts());
  CHECK(r.exit_code == 60);
  CHECK(r.err.find("retry") == std::string::npos);
  CHECK(r.err.find("connection #2") == std::string::npos);
}

TEST_CASE("tls: a large bundle in SSL_CERT_FILE or --cacert is read lazily and still decides",
          "[integration][tls]") {
  // Many CAs, so the bundle goes through the lazy index, with the server's CA in the middle.
  Es8 es;
  REQUIRE(es.server.ok());
  std::string without;
  std::string with;
  for (int i = 0; i < 40; ++i) {
    if (i == 20) with += es.ca.cert_pem();
    const std::string pem =
        es_sandbox::make_ca({.common_name = "Bundle CA " + std::to_string(i)})->cert_pem();
    without += pem;
    with += pem;
  }
  const std::string with_ca = es.dir.write("with.pem", with, 0644);
  const std::string without_ca = es.dir.write("without.pem", without, 0644);
  auto env = [&](const std::string& file) {
    RunOptions o = opts();
    o.env = {"SSL_CERT_FILE=" + file, "SSL_CERT_DIR=" + es.dir.path()};
    return o;
  };
  SECTION("SSL_CERT_FILE") {
    const auto ok = run_cli({es.server.url() + "/"}, env(with_ca));
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.find("You Know, for Search") != std::string::npos);
    CHECK(run_cli({es.server.url() + "/"}, env(without_ca)).exit_code == 60);
  }
  SECTION("--cacert") {
    CHECK(run_cli({"--cacert", with_ca, es.server.url() + "/"}, opts()).exit_code == 0);
    CHECK(run_cli({"--cacert", without_ca, es.server.url() + "/"}, opts()).exit_code == 60);
  }
  CHECK(es.server.requests_received() == 1);  // the refused runs sent nothing
}
