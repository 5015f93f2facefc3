// SPDX-License-Identifier: MIT
#include "exit_code.h"

#include <fmt/format.h>

#include <array>

namespace escurl {
namespace {

// Success is row 0; its Errc is never looked up. Codes 67 and 9 are curl's "login denied" and
// "access denied", reused for HTTP 401 and 403 so scripts can branch on authentication.
constexpr std::array<ExitCodeRow, 25> kTable{{
    {0, Errc::Internal, "success: HTTP status 2xx or 3xx; any status with --no-fail"},
    {1, Errc::Internal, "internal error"},
    {2, Errc::Usage,
     "usage or configuration error (bad flag or combination, unreadable secret source, no "
     "terminal for a prompt)"},
    {3, Errc::BadUrl, "malformed URL"},
    {6, Errc::Resolve, "host name not resolved"},
    {7, Errc::Connect, "could not connect"},
    {8, Errc::BadReply,
     "the reply is not HTTP, or its head breaks the limits (a line over 8 KiB, the whole head "
     "over 256 KiB)"},
    {9, Errc::HttpForbidden, "HTTP 403 (authenticated, but not authorized)"},
    {22, Errc::HttpError, "any other HTTP status >= 400"},
    {23, Errc::WriteOutput, "cannot write output"},
    {26, Errc::ReadBody, "cannot read a request body file or stdin"},
    {28, Errc::Timeout, "timeout"},
    {35, Errc::TlsHandshake, "TLS handshake failure"},
    {52, Errc::EmptyReply, "empty reply (e.g. plain HTTP to a TLS port, or TLS to a plain port)"},
    {56, Errc::RecvError,
     "connection lost or reset while receiving, or a malformed chunked body (the response is "
     "incomplete)"},
    {58, Errc::ClientCert, "local client certificate or key problem"},
    {60, Errc::CertUntrusted, "server certificate not trusted, or host name mismatch"},
    {61, Errc::BadContentEncoding,
     "the response body is not valid gzip (or deflate) with --compressed"},
    {62, Errc::BulkFailures,
     "a _bulk or _msearch answered 200 but some items failed (summary on stderr)"},
    {65, Errc::SendRewind,
     "a redirect (307, 308) needs the request body again, but it came from stdin or a pipe"},
    {67, Errc::HttpUnauthorized, "HTTP 401 (credentials missing or rejected)"},
    {77, Errc::CaUnreadable, "CA file or directory unreadable"},
    {90, Errc::PinMismatch, "pin mismatch (--ca-fingerprint, --pinnedpubkey)"},
    {97, Errc::ProxyRefused,
     "the proxy refused the tunnel (e.g. 407: --proxy-user missing or wrong)"},
    {130, Errc::Interrupted, "interrupted (SIGINT)"},
}};

}  // namespace

std::span<const ExitCodeRow> exit_code_table() { return kTable; }

int exit_code_for(Errc errc) {
  for (std::size_t i = 1; i < kTable.size(); ++i) {
    if (kTable[i].errc == errc) return kTable[i].code;
  }
  return 1;
}

bool status_is_failure(int status, bool fail) { return fail && status >= 400; }

Errc errc_for_status(int status) {
  if (status == 401) return Errc::HttpUnauthorized;
  if (status == 403) return Errc::HttpForbidden;
  return Errc::HttpError;
}

std::string render_exit_codes_markdown() {
  std::string out =
      "# Exit codes\n\n"
      "<!-- Generated from src/exit_code.cpp; a unit test fails when this file is stale. -->\n\n"
      "escurl uses curl's numbers where the meaning is curl's, so scripts written around\n"
      "`curl --fail` keep working; 67 and 9 (curl's \"login denied\" and \"access denied\") tell\n"
      "an authentication failure (HTTP 401) from an authorization failure (HTTP 403).\n"
      "`--fail` is the default: the response body is still written, and the exit code says how\n"
      "the request went. `--no-fail` makes every HTTP status exit 0.\n\n"
      "| code | meaning |\n|---|---|\n";
  for (const ExitCodeRow& row : kTable) out += fmt::format("| {} | {} |\n", row.code, row.meaning);
  return out;
}

std::string render_exit_codes_help() {
  std::string out;
  for (const ExitCodeRow& row : kTable) out += fmt::format("  {:>3}  {}\n", row.code, row.meaning);
  return out;
}

}  // namespace escurl
