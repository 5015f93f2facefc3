// SPDX-License-Identifier: MIT
// API calls for the subcommands (login, logout, whoami, api-key): one small JSON request to the
// cluster with given credentials, its response collected (bounded) rather than streamed, since
// the subcommand reads it. Bodies may hold tokens or passwords: both are wiped when done.
#pragma once

#include <string>
#include <string_view>

#include "credentials.h"
#include "env.h"
#include "error.h"
#include "options.h"
#include "response.h"
#include "transport.h"

namespace escurl {

/// The most of a response body an API call keeps.
inline constexpr std::size_t kMaxApiReply = 1 << 20;

/// A collected response.
struct ApiReply {
  ResponseHead head;
  std::string body;  ///< wiped on destruction: it may hold tokens
  ApiReply() = default;
  ApiReply(ApiReply&&) = default;
  ApiReply& operator=(ApiReply&&) = default;
  ~ApiReply() { secure_wipe(body); }
};

/// Sends `method path` with a JSON `body` (empty: none) to the cluster nodes of `o`, with o's
/// retries and timeouts, authenticated by `credentials`; `body` is wiped afterwards.
Result<ApiReply> call_api(const Options& o, const TransportOptions& transport,
                          const Credentials& credentials, std::string_view method,
                          std::string_view path, std::string body, Env& env);

/// The error for a reply with status >= 400: "`what`: HTTP 401 …" with Elasticsearch's reason
/// and the usual hint, classified by status (401 → exit 67, 403 → 9, other → 22).
Error api_failure(std::string_view what, const ApiReply& reply, const Credentials& credentials);

}  // namespace escurl
