// SPDX-License-Identifier: MIT
// Errors as values: the Errc every failure is classified by, the Error that carries its message
// and hints, and Result<T>. Nothing here throws; exceptions never cross a module boundary.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace escurl {

/// What went wrong, in the terms the exit-code table speaks (exit_code.h maps each to a code).
enum class Errc {
  Internal,            ///< a bug or an unexpected library failure
  Usage,               ///< bad flag, value, combination, or unreadable secret source
  BadUrl,              ///< the URL or target cannot be parsed
  Resolve,             ///< the host name does not resolve
  Connect,             ///< the TCP connection was refused or unreachable
  HttpForbidden,       ///< HTTP 403 with --fail
  HttpError,           ///< HTTP status >= 400 other than 401/403 with --fail
  WriteOutput,         ///< stdout or the -o file cannot be written
  ReadBody,            ///< a request body file or stdin cannot be read
  Timeout,             ///< connect, overall or idle timeout
  TlsHandshake,        ///< the TLS handshake failed for a reason other than trust
  EmptyReply,          ///< the server closed without a reply (often a TLS/plain mismatch)
  RecvError,           ///< the connection broke while receiving the response
  BadReply,            ///< the reply is not HTTP, or its head breaks the limits
  ClientCert,          ///< local client certificate or key problem
  CertUntrusted,       ///< server certificate not trusted, or host name mismatch
  HttpUnauthorized,    ///< HTTP 401 with --fail
  CaUnreadable,        ///< --cacert / --capath cannot be read
  PinMismatch,         ///< fingerprint or public-key pin mismatch
  Interrupted,         ///< SIGINT
  BulkFailures,        ///< a _bulk or _msearch response (HTTP 200) with failed items
  ProxyRefused,        ///< the proxy answered the CONNECT request other than 2xx
  BadContentEncoding,  ///< the response body's gzip (or deflate) coding is corrupt
  SendRewind,          ///< a redirect needs the body again, but it came from stdin or a pipe
};

/// A failure: its class, a one-line lowercase message, and optional hint lines.
struct Error {
  Errc code = Errc::Internal;
  std::string message;
  std::vector<std::string> hints;
};

/// Builds an Error; `hints` are printed as "  hint: ..." lines below the message.
inline Error make_error(Errc code, std::string message, std::vector<std::string> hints = {}) {
  return Error{code, std::move(message), std::move(hints)};
}

/// A value or an Error. Test it with `if (r)`; `value()` and `error()` assert the right state.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design
  explicit operator bool() const { return v_.index() == 0; }
  T& value() & {
    assert(*this);
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(*this);
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(*this);
    return std::get<0>(std::move(v_));
  }
  const Error& error() const {
    assert(!*this);
    return std::get<1>(v_);
  }
  Error&& take_error() {
    assert(!*this);
    return std::get<1>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

 private:
  std::variant<T, Error> v_;
};

/// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }
  Error&& take_error() {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

/// Success for Result<void>.
inline Result<void> ok() { return {}; }

}  // namespace escurl
