// SPDX-License-Identifier: MIT
// The request: method, URL, headers and body source, assembled from options and credentials.
// Credential headers hold Secrets; content type defaults follow the endpoint (NDJSON for _bulk
// and _msearch). Refuses credentials over plain http unless allowed.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "credentials.h"
#include "env.h"
#include "error.h"
#include "options.h"
#include "secret.h"
#include "secret_source.h"
#include "url.h"

namespace escurl {

/// One request header. Credential values are Secrets and print redacted.
struct HeaderField {
  std::string name;
  std::variant<std::string, Secret> value;
  /// Where it was set ("-H", "--run-as", "--bearer"...), for header_check's messages; empty
  /// for escurl's own.
  std::string origin = {};

  /// The bytes that go on the wire.
  const std::string& wire_value() const;
  /// The value as it may be printed.
  std::string display_value() const;
  bool is_secret() const { return value.index() == 1; }
};

/// A request ready for the transport.
struct Request {
  std::string method;
  Url url;
  std::vector<HeaderField> headers;
  BodySpec body;

  /// True when any header carries a credential.
  bool carries_credentials() const;
};

/// True when the path (query ignored) is an NDJSON endpoint: _bulk, _msearch,
/// _msearch/template and their index-scoped forms, and a few others.
bool is_ndjson_endpoint(std::string_view target);

/// The Content-Type of a body sent to `target`: JSON or NDJSON by endpoint, as the
/// compatible-with media type when `compat` (--compat) is set.
std::string body_content_type(std::string_view target, std::optional<int> compat);

/// Builds the request: -H headers (and @FILE header files), credential headers, defaults.
Result<Request> build_request(const Options& options, const Credentials& credentials, Env& env,
                              StdinClaim& stdin_claim);

}  // namespace escurl
