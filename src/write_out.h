// SPDX-License-Identifier: MIT
// --write-out: curl's format language — %{variable}, %header{name}, %%, the \n \r \t escapes,
// %{stdout} and %{stderr} to switch streams — rendered after the transfer from a
// TransferReport, also when the transfer failed. A format is parsed up front, so an unknown
// variable is a usage error before anything is sent. Nothing here sees a request header:
// header_json and %header{} are the response's, and credential headers among them (Set-Cookie)
// print redacted; url_effective never has user information.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "env.h"
#include "error.h"
#include "response.h"
#include "secret_source.h"

namespace escurl {

/// What --write-out can tell about one transfer.
struct TransferReport {
  std::optional<ResponseHead> head;  ///< the final response's head, when one came
  int exit_code = 0;
  std::string errormsg;  ///< empty on success
  std::string method;
  std::string url_effective;  ///< the last URL requested, without user information
  int num_retries = 0;
  int num_redirects = 0;
  std::uint64_t size_download = 0;  ///< body bytes received
  std::uint64_t size_upload = 0;    ///< body bytes sent, when known
  double time_total = 0;            ///< seconds from the start to the end of output
  double time_connect = 0;          ///< seconds until the TCP connection was up (0: none)
  double time_appconnect = 0;       ///< seconds until the TLS handshake finished (0: none)
  double time_starttransfer = 0;    ///< seconds until the response head arrived (0: none)
};

/// Seconds from `start` to `at`, or 0 when `at` is unset.
double seconds_since(std::chrono::steady_clock::time_point start,
                     std::optional<std::chrono::steady_clock::time_point> at);

/// Text bound for one stream: 1 (stdout) or 2 (stderr).
struct WriteOutPiece {
  int fd = 1;
  std::string text;
};

/// A parsed --write-out format.
class WriteOutFormat {
 public:
  /// Parses curl's syntax; a Usage error naming an unknown variable (with the nearest known one).
  static Result<WriteOutFormat> parse(std::string_view format);
  /// The output, split where %{stdout}/%{stderr} switch streams; empty pieces are dropped.
  std::vector<WriteOutPiece> render(const TransferReport& report) const;

 private:
  struct Token {
    enum class Kind { Text, Variable, Header, Stream } kind;
    std::string value;  ///< text, variable name, header name, or "stdout"/"stderr"
  };
  std::vector<Token> tokens_;
};

/// The format given to -w: the text itself, or read from "@FILE" / "@-" (standard input).
Result<std::string> load_write_out_format(std::string_view arg, Env& env, StdinClaim& claim);

/// Every variable name %{…} accepts, for help and did-you-mean.
const std::vector<std::string_view>& write_out_variables();

}  // namespace escurl
