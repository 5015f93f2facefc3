// SPDX-License-Identifier: MIT
// Explanations of failed responses: one line built from Elasticsearch's error envelope (and its
// old {"error":"…","status":401} form) — status, error.type, error.reason — plus what to do:
// which flags to give on a 401 without credentials, which scheme was rejected, which privilege
// a 403 needs, and for the common index, document and search errors (index_not_found,
// resource_already_exists, version_conflict, mapper/document parsing, search_phase_execution
// with its root causes, rejected execution and circuit breakers) what to do next. Never
// includes a secret: only the scheme and user name are named.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credentials.h"

namespace escurl {

/// What the request authenticated with, as far as messages may tell.
struct AuthContext {
  std::optional<AuthScheme> primary;
  std::string user;  ///< Basic user name, when Basic
  bool secondary = false;
  std::optional<std::string> run_as;

  /// Builds the context from resolved credentials.
  static AuthContext from(const Credentials& c);
};

/// The parts of an Elasticsearch error body.
struct EsError {
  std::string type;
  std::string reason;
  std::string caused_by_reason;
  std::string unsuccessful;  ///< additional_unsuccessful_credentials, joined with "; "
  std::string caused_by_type;
  std::string durability;  ///< circuit_breaking_exception: TRANSIENT or PERMANENT
  /// root_cause entries (and failed_shards reasons), "type: reason", without repeats.
  std::vector<std::string> root_causes;
};

/// Parses an error body; nullopt when it is not Elasticsearch's envelope.
std::optional<EsError> parse_es_error(std::string_view body);

/// One line for a response with status >= 400: "HTTP 401 security_exception: <reason> — <hint>".
std::string explain_http_error(int status, std::string_view reason_phrase, std::string_view body,
                               const AuthContext& auth);

}  // namespace escurl
