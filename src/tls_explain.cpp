// SPDX-License-Identifier: MIT
#include "tls_explain.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <string_view>

#include "terminal_text.h"

namespace escurl {
namespace {

// A DNS name is at most 253 characters; a longer one is cut in messages.
constexpr std::size_t kNameChars = 256;

std::string ip_text(const ASN1_OCTET_STRING* s) {
  char text[INET6_ADDRSTRLEN] = {};
  const int len = ASN1_STRING_length(s);
  const int family = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;
  if (family == 0 || inet_ntop(family, ASN1_STRING_get0_data(s), text, sizeof text) == nullptr) {
    return "<bad IP>";
  }
  return text;
}

long days_from_now(const ASN1_TIME* t) {
  int days = 0;
  int seconds = 0;
  ASN1_TIME_diff(&days, &seconds, nullptr, t);
  return days;
}

std::string top_ca_fingerprint(const std::vector<PresentedCert>& chain) {
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (it->is_ca) return it->sha256;
  }
  return chain.empty() ? std::string() : chain.front().sha256;
}

Error untrusted_issuer(int err, const std::vector<PresentedCert>& chain, const TlsOptions& o) {
  std::vector<std::string> hints;
  for (const PresentedCert& c : chain) {
    hints.push_back(fmt::format("presented: {} (SHA-256 {})", terminal_text(c.subject), c.sha256));
  }
  if (o.cacert) hints.push_back(fmt::format("the issuer is not among the CAs in '{}'", *o.cacert));
  hints.push_back(
      "trust the cluster's CA with --cacert FILE (Elasticsearch 8: "
      "config/certs/http_ca.crt)");
  if (const std::string fp = top_ca_fingerprint(chain); !fp.empty()) {
    hints.push_back(fmt::format("or, if you trust it, pin it: --ca-fingerprint {}", fp));
  }
  return make_error(
      Errc::CertUntrusted,
      fmt::format("the server certificate is not trusted: {}", X509_verify_cert_error_string(err)),
      std::move(hints));
}

}  // namespace

std::vector<std::string> certificate_names(X509* cert) {
  std::vector<std::string> names;
  auto* sans =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(sans, i);
    if (gn->type == GEN_DNS) {
      // The server's bytes: a DNS name in a certificate can hold anything, escape sequences too.
      const ASN1_STRING* s = gn->d.dNSName;
      names.push_back(
          terminal_text(std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                         static_cast<std::size_t>(ASN1_STRING_length(s))),
                        kNameChars));
    } else if (gn->type == GEN_IPADD) {
      names.push_back(ip_text(gn->d.iPAddress));
    }
  }
  GENERAL_NAMES_free(sans);
  return names;
}

std::string certificate_time(const ASN1_TIME* t) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return "<unreadable time>";
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

Error explain_verify_error(int err, X509* cert, const std::string& host,
                           const std::vector<PresentedCert>& chain, const TlsOptions& options) {
  const std::string subject = terminal_text(x509_name_line(X509_get_subject_name(cert)));
  switch (err) {
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH: {
      std::string names;
      for (const std::string& n : certificate_names(cert)) names += (names.empty() ? "" : ", ") + n;
      return make_error(
          Errc::CertUntrusted,
          fmt::format("host name mismatch: the certificate is for {}, not '{}'",
                      names.empty() ? "no host name" : names, host),
          {"connect with a name the certificate holds, or check it against another name with "
           "--tls-server-name NAME"});
    }
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return make_error(Errc::CertUntrusted,
                        fmt::format("the certificate {} expired on {} ({} days ago)", subject,
                                    certificate_time(X509_get0_notAfter(cert)),
                                    -days_from_now(X509_get0_notAfter(cert))),
                        {"the cluster's certificate must be renewed"});
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return make_error(Errc::CertUntrusted,
                        fmt::format("the certificate {} is not valid before {} (in {} days)",
                                    subject, certificate_time(X509_get0_notBefore(cert)),
                                    days_from_now(X509_get0_notBefore(cert))),
                        {"check this machine's clock and the certificate's dates"});
    default:
      return untrusted_issuer(err, chain, options);
  }
}

Error explain_fingerprint_mismatch(const std::string& expected,
                                   const std::vector<PresentedCert>& chain) {
  std::vector<std::string> hints;
  for (const PresentedCert& c : chain) {
    hints.push_back(fmt::format("presented: {} (SHA-256 {})", terminal_text(c.subject), c.sha256));
  }
  hints.push_back("if the cluster's CA changed, check the new fingerprint before trusting it");
  return make_error(Errc::PinMismatch,
                    fmt::format("pin mismatch: no certificate the server presented has the "
                                "--ca-fingerprint {}",
                                expected),
                    std::move(hints));
}

}  // namespace escurl
