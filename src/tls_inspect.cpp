// SPDX-License-Identifier: MIT
#include "tls_inspect.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "diagnostics.h"
#include "exit_code.h"
#include "output.h"
#include "pins.h"
#include "terminal_text.h"
#include "tls_explain.h"

namespace escurl {
namespace {

// A connected TCP socket, or the error, within the connect timeout.
Result<int> connect_tcp(const Url& url, double timeout_seconds) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(url.port);
  if (const int rc = ::getaddrinfo(url.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return make_error(Errc::Resolve,
                      fmt::format("cannot resolve host '{}': {}", url.host, gai_strerror(rc)));
  }
  int fd = -1;
  bool timed_out = false;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int err = 0;
      socklen_t len = sizeof err;
      const int ready = ::poll(&p, 1, static_cast<int>(timeout_seconds * 1000));
      timed_out = ready == 0;
      if (ready != 1 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
        ::close(fd);
        fd = -1;
      }
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) {
    return make_error(timed_out ? Errc::Timeout : Errc::Connect,
                      fmt::format("cannot connect to {}", url.authority()));
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  timeval tv{static_cast<time_t>(timeout_seconds), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return fd;
}

struct CertView {
  std::string subject, issuer, not_before, not_after, sha256, pin;
  std::vector<std::string> names;
  bool is_ca = false;
};

// Every name is the server's text: escaped for the terminal, and so valid UTF-8 for the JSON.
CertView view_of(X509* c) {
  return {terminal_text(x509_name_line(X509_get_subject_name(c))),
          terminal_text(x509_name_line(X509_get_issuer_name(c))),
          certificate_time(X509_get0_notBefore(c)),
          certificate_time(X509_get0_notAfter(c)),
          sha256_fingerprint(c),
          "sha256//" + spki_sha256_base64(c),
          certificate_names(c),
          X509_check_ca(c) > 0};
}

std::string render_text(const Url& url, const std::string& protocol,
                        const std::vector<CertView>& chain, const std::optional<Error>& verdict) {
  std::string out = fmt::format("{} ({}), {} certificate{} presented\n", url.authority(), protocol,
                                chain.size(), chain.size() == 1 ? "" : "s");
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const CertView& c = chain[i];
    out += fmt::format("\n[{}] {}{}\n", i, c.subject, c.is_ca ? "  (CA)" : "");
    out += fmt::format("    issuer:      {}\n", c.issuer);
    out += fmt::format("    valid:       {} to {}\n", c.not_before, c.not_after);
    if (!c.names.empty()) out += fmt::format("    names:       {}\n", fmt::join(c.names, ", "));
    out += fmt::format("    sha256:      {}\n", c.sha256);
    out += fmt::format("    public key:  {}\n", c.pin);
  }
  if (!verdict) return out + "\nverifies: yes\n";
  out += fmt::format("\nverifies: no: {}\n", verdict->message);
  for (const std::string& h : verdict->hints) out += fmt::format("  hint: {}\n", h);
  return out;
}

std::string render_json(const Url& url, const std::string& protocol,
                        const std::vector<CertView>& chain, const std::optional<Error>& verdict) {
  nlohmann::ordered_json doc;
  doc["host"] = url.host;
  doc["port"] = url.port;
  doc["protocol"] = protocol;
  doc["chain"] = nlohmann::ordered_json::array();
  for (const CertView& c : chain) {
    doc["chain"].push_back({{"subject", c.subject},
                            {"issuer", c.issuer},
                            {"not_before", c.not_before},
                            {"not_after", c.not_after},
                            {"names", c.names},
                            {"sha256", c.sha256},
                            {"pin", c.pin},
                            {"is_ca", c.is_ca}});
  }
  doc["verified"] = !verdict.has_value();
  if (verdict) {
    doc["error"] = verdict->message;
    doc["exit_code"] = exit_code_for(verdict->code);
  }
  return doc.dump(2) + "\n";
}

}  // namespace

int run_tls_inspect(const Options& o) {
  Result<std::unique_ptr<TlsVerifier>> verifier = TlsVerifier::create(o.tls, o.url.host);
  if (!verifier) {
    if (o.show_errors()) report_error(verifier.error());
    return exit_code_for(verifier.error().code);
  }
  Result<int> fd = connect_tcp(o.url, o.connect_timeout);
  if (!fd) {
    if (o.show_errors()) report_error(fd.error());
    return exit_code_for(fd.error().code);
  }
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_min_proto_version(ctx, o.tls.min_version);
  SSL_CTX_set_max_proto_version(ctx, o.tls.max_version);
  // Verification happens after the handshake, so a refused chain can still be shown.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, *fd);
  if (!is_ip_literal(o.url.host)) SSL_set_tlsext_host_name(ssl, o.url.host.c_str());
  int code = 0;
  if (SSL_connect(ssl) != 1) {
    const unsigned long e = ERR_get_error();
    const char* reason = ERR_reason_error_string(e);
    const Error err = make_error(Errc::TlsHandshake,
                                 fmt::format("TLS handshake with {} failed: {}", o.url.authority(),
                                             reason ? reason : "the server closed the connection"));
    if (o.show_errors()) report_error(err);
    code = exit_code_for(err.code);
  } else {
    STACK_OF(X509)* presented = SSL_get_peer_cert_chain(ssl);
    std::vector<CertView> chain;
    for (int i = 0; i < sk_X509_num(presented); ++i)
      chain.push_back(view_of(sk_X509_value(presented, i)));
    const std::optional<Error> verdict = (*verifier)->check(sk_X509_value(presented, 0), presented);
    const std::string text = o.json_format
                                 ? render_json(o.url, SSL_get_version(ssl), chain, verdict)
                                 : render_text(o.url, SSL_get_version(ssl), chain, verdict);
    write_all(1, text.data(), text.size());
    code = verdict ? exit_code_for(verdict->code) : 0;
    SSL_shutdown(ssl);
  }
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  ::close(*fd);
  ERR_clear_error();
  return code;
}

}  // namespace escurl
