// SPDX-License-Identifier: MIT
// How Elasticsearch encodes and decodes credentials on the wire: Java's strict base64 decoder
// (whose error messages end up in 401 bodies) and the service account token format
// (00 01 00 01 "<namespace>/<service>/<name>:<secret>", base64 without padding).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "state.h"

namespace es_sandbox {

/// Decodes base64 as java.util.Base64.getDecoder() does (padding optional); on failure sets
/// `error` to Java's message (e.g. "Illegal base64 character 5f") and returns nullopt.
std::optional<std::string> java_base64_decode(std::string_view text, std::string& error);

/// A service account token's Bearer value: base64 without padding of 00 01 00 01 followed by
/// "<namespace>/<service>/<name>:<secret>".
std::string service_token_value(const ServiceTokenRecord& token);

/// The parts of a service account token Bearer value.
struct ServiceTokenParts {
  std::string service;  ///< "<namespace>/<service>"
  std::string name;
  std::string secret;
};

/// Parses a Bearer value as a service account token; nullopt when it is not one.
std::optional<ServiceTokenParts> parse_service_token(std::string_view bearer);

}  // namespace es_sandbox
