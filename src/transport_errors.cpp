// SPDX-License-Identifier: MIT
#include "transport_errors.h"

#include <fmt/format.h>
#include <openssl/err.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>

namespace escurl {
namespace {

std::string openssl_reasons() {
  std::string out;
  while (const unsigned long e = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(e);
    // An SSL_shutdown on a connection that broke adds this; it explains nothing.
    if (reason != nullptr && std::string_view(reason) == "shutdown while in init") continue;
    if (reason != nullptr) out += (out.empty() ? "" : "; ") + std::string(reason);
  }
  return out;
}

// The server refused our side of mutual TLS. TLS 1.3 says so only after the handshake, on the
// first read; TLS 1.2 during it.
std::optional<Error> client_cert_refusal(const std::string& reasons, bool have_identity) {
  const bool required = reasons.find("certificate required") != std::string::npos;
  const bool refused = reasons.find("alert bad certificate") != std::string::npos ||
                       reasons.find("alert unknown ca") != std::string::npos ||
                       reasons.find("alert certificate unknown") != std::string::npos;
  const bool handshake = reasons.find("alert handshake failure") != std::string::npos;
  if (required || (!have_identity && handshake)) {
    return make_error(Errc::TlsHandshake,
                      fmt::format("the server requires a client certificate ({})", reasons),
                      {"give one with --cert FILE --key FILE, or a .p12 with --cert"});
  }
  if (refused && have_identity) {
    return make_error(Errc::TlsHandshake,
                      fmt::format("the server rejected the client certificate ({})", reasons),
                      {"check that the cluster trusts the CA that issued --cert"});
  }
  return std::nullopt;
}

Error classify_tls_failure(const Url& url, const std::string& reasons, bool have_identity) {
  if (auto refusal = client_cert_refusal(reasons, have_identity)) return *refusal;
  if (reasons.find("wrong version number") != std::string::npos ||
      reasons.find("packet length too long") != std::string::npos ||
      reasons.find("unexpected eof") != std::string::npos ||
      reasons.find("record layer failure") != std::string::npos) {
    return make_error(Errc::EmptyReply,
                      fmt::format("{} did not answer TLS ({})", url.authority(), reasons),
                      {"the port may speak plain HTTP: check the port, or use http:// if the "
                       "cluster really has TLS off"});
  }
  return make_error(Errc::TlsHandshake,
                    fmt::format("TLS handshake with {} failed: {}", url.authority(),
                                reasons.empty() ? "no reason given" : reasons));
}

std::string lowercase_first(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

// Appended to a failure after the head: the body written so far is not the whole response.
std::string incomplete(const ExchangeFacts& f) {
  if (!f.head_seen) return "";
  return fmt::format("; the response is incomplete ({} body bytes received)", f.body_bytes);
}

bool was_reset(const ExchangeFacts& f) {
  return f.meter != nullptr && f.meter->read_errno() == ECONNRESET;
}

// A head broken by the limits, or a reply that is not HTTP at all.
std::optional<Error> bad_head(const Url& url, const ReplyMeter& m) {
  switch (m.overrun()) {
    case ReplyMeter::Overrun::Line:
      return make_error(Errc::BadReply,
                        fmt::format("{} sent a response header line longer than {} bytes",
                                    url.authority(), m.limits().max_line));
    case ReplyMeter::Overrun::Head:
      return make_error(Errc::BadReply,
                        fmt::format("the response head from {} did not end within {} KiB (the "
                                    "server kept sending header lines)",
                                    url.authority(), m.limits().max_head / 1024));
    case ReplyMeter::Overrun::None:
      break;
  }
  if (m.head_bytes() == 0) return std::nullopt;
  if (looks_like_tls(m.first_bytes())) {
    return make_error(Errc::EmptyReply,
                      fmt::format("{} answered in TLS, not plain HTTP", url.authority()),
                      {"use https:// for this port"});
  }
  const std::string& first = m.first_bytes();
  const std::string_view http = "HTTP/";
  const bool http_start =
      first.size() >= http.size() ? first.starts_with(http) : http.starts_with(first);
  if (http_start) return std::nullopt;  // a head that was cut short
  return make_error(Errc::BadReply,
                    fmt::format("{} did not answer with HTTP: the reply starts \"{}\"",
                                url.authority(), printable_prefix(first)),
                    {"check that the URL names the cluster's HTTP port"});
}

// The connection failed while receiving (or sending): timeout, bad head, or lost.
Error classify_broken(const Url& url, const ExchangeFacts& f, const TransportOptions& o) {
  const std::string reasons = openssl_reasons();
  if (auto refusal = client_cert_refusal(reasons, o.tls.identity != nullptr)) return *refusal;
  if (f.meter != nullptr && !f.head_seen) {
    if (auto bad = bad_head(url, *f.meter)) return *bad;
  }
  const auto last = f.meter != nullptr ? f.meter->last_byte_at() : std::chrono::steady_clock::now();
  const double idle =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - last).count();
  if (idle >= o.read_timeout * 0.95) {
    return make_error(Errc::Timeout,
                      fmt::format("no data from {} for {}s (--read-timeout){}", url.authority(),
                                  o.read_timeout, incomplete(f)),
                      {"raise --read-timeout if the cluster is slow to answer"});
  }
  const std::string how = was_reset(f) ? "reset" : "closed";
  const std::string tls = reasons.empty() ? "" : fmt::format(" (TLS: {})", reasons);
  if (!f.head_seen) {
    const std::uint64_t got = f.meter != nullptr ? f.meter->head_bytes() : 0;
    if (got == 0) {
      return make_error(Errc::EmptyReply, fmt::format("{} {} the connection without a reply{}",
                                                      url.authority(), how, tls));
    }
    return make_error(Errc::RecvError,
                      fmt::format("{} {} the connection after {} bytes of the response head{}; "
                                  "no response was received",
                                  url.authority(), how, got, tls));
  }
  return make_error(
      Errc::RecvError,
      fmt::format("connection to {} {} after {} body bytes{}; the response is "
                  "incomplete",
                  url.authority(), was_reset(f) ? "reset" : "lost", f.body_bytes, tls));
}

}  // namespace

Error classify(const WireFailure& w, const Url& url, const ExchangeFacts& f,
               const TransportOptions& o, const TlsVerifier* verifier) {
  if (f.interrupted) return make_error(Errc::Interrupted, "interrupted" + incomplete(f));
  if (f.deadline_hit) {
    return make_error(Errc::Timeout, fmt::format("the transfer did not finish within --max-time "
                                                 "{}s{}",
                                                 *o.max_time, incomplete(f)));
  }
  if (f.body_source_error) return *f.body_source_error;
  const bool connected = w.error != WireError::Resolve && w.error != WireError::Connection &&
                         w.error != WireError::ConnectionTimeout;
  if (verifier != nullptr && verifier->client_cert_requested() && !f.head_seen && connected) {
    const std::string reasons = openssl_reasons();
    return make_error(Errc::TlsHandshake,
                      fmt::format("the server requires a client certificate{}",
                                  reasons.empty() ? "" : " (" + reasons + ")"),
                      {"give one with --cert FILE --key FILE, or a .p12 with --cert"});
  }
  switch (w.error) {
    case WireError::Resolve:
      return make_error(Errc::Resolve,
                        fmt::format("cannot resolve host '{}': {}", url.host, w.detail));
    case WireError::Connection:
      return make_error(Errc::Connect,
                        fmt::format("cannot connect to {}{}", url.authority(),
                                    w.detail.empty() ? "" : ": " + lowercase_first(w.detail)),
                        {"is the cluster running, and is this its HTTP port?"});
    case WireError::ConnectionTimeout:
      return make_error(
          Errc::Timeout,
          fmt::format("connecting to {} timed out after {}s", url.authority(), connect_seconds(o)),
          {"raise --connect-timeout if the network is slow"});
    case WireError::TlsHandshakeTimeout:
      return make_error(Errc::Timeout,
                        fmt::format("the TLS handshake with {} did not finish within {}s "
                                    "(--connect-timeout)",
                                    url.authority(), connect_seconds(o)),
                        {"the port may not speak TLS, or the server is overloaded: check the "
                         "URL, or raise --connect-timeout"});
    case WireError::TlsHandshake:
      if (verifier != nullptr && verifier->failure()) return *verifier->failure();
      return classify_tls_failure(url, openssl_reasons(), o.tls.identity != nullptr);
    case WireError::Read:
    case WireError::Write:
      return classify_broken(url, f, o);
    case WireError::Framing:
      if (!f.head_seen) {
        if (f.meter != nullptr) {
          if (auto bad = bad_head(url, *f.meter)) return *bad;
        }
        return make_error(Errc::BadReply, fmt::format("{} sent a malformed response: {}",
                                                      url.authority(), w.detail));
      }
      // Only the chunked coding frames a body after its head: curl's 56 for a bad chunk.
      return make_error(Errc::RecvError,
                        fmt::format("the response body from {} is corrupt: bad chunked coding "
                                    "({}){}",
                                    url.authority(), w.detail, incomplete(f)));
    case WireError::Decode:
      return make_error(Errc::BadContentEncoding,
                        fmt::format("the response body from {} is not valid {}{}", url.authority(),
                                    w.detail, incomplete(f)),
                        {"try again without --compressed"});
    case WireError::BodySource:
    case WireError::Canceled:
    case WireError::None:
      break;
  }
  return make_error(Errc::Internal,
                    fmt::format("the exchange with {} failed unexpectedly", url.authority()));
}

}  // namespace escurl
