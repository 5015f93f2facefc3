// SPDX-License-Identifier: MIT
// Elasticsearch's error envelope: an exception (type, reason, metadata, caused_by, header) and
// its rendering as {"error":{"root_cause":[...],...},"status":N}, with root causes found the way
// ElasticsearchException.guessRootCauses does. Outcome<T> carries a value or such a failure.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "es_json.h"

namespace es_sandbox {

/// One exception in Elasticsearch's error chain.
struct EsException {
  std::string type;                ///< snake_case class name, e.g. "security_exception"
  std::string reason;              ///< the message
  Json metadata = Json::object();  ///< printed after reason, in insertion order
  std::shared_ptr<const EsException> caused_by;  ///< printed after metadata, never in root_cause
  std::vector<std::string> www_authenticate;     ///< the exception's WWW-Authenticate header
  /// False for a plain Java exception (e.g. illegal_argument_exception as a cause): the
  /// root-cause walk stops above it.
  bool elasticsearch = true;
  /// search_phase_execution_exception: each failed shard's cause. Its root_cause lists their
  /// root causes instead of its own (SearchPhaseExecutionException.guessRootCauses).
  std::vector<std::shared_ptr<const EsException>> shard_causes;
};

/// An HTTP error response: status plus the exception rendered as its body.
struct EsFailure {
  int status = 500;
  EsException error;
};

/// Renders the exception's own fields; `with_cause` adds caused_by (root causes omit it).
Json exception_json(const EsException& e, bool with_cause = true);

/// The full body: {"error":{"root_cause":[...], <exception>},"status":N}.
Json failure_json(const EsFailure& failure);

/// A value or an EsFailure, for code that answers HTTP requests.
template <class T>
class [[nodiscard]] Outcome {
 public:
  Outcome(T value) : v_(std::move(value)) {}              // NOLINT: implicit by design
  Outcome(EsFailure failure) : v_(std::move(failure)) {}  // NOLINT: implicit by design
  explicit operator bool() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const EsFailure& failure() const { return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

 private:
  std::variant<T, EsFailure> v_;
};

/// A failure with one exception of `type` and `reason`.
EsFailure make_failure(int status, std::string type, std::string reason,
                       Json metadata = Json::object());

/// 404 index_not_found_exception for `index`.
EsFailure index_not_found(const std::string& index);

/// 400 resource_already_exists_exception for an index that exists with `uuid`.
EsFailure index_already_exists(const std::string& index, const std::string& uuid);

/// 400 invalid_index_name_exception; `why` follows "Invalid index name [x], ".
EsFailure invalid_index_name(const std::string& index, const std::string& why);

/// 400 parse_exception "request body is required".
EsFailure body_required();

/// 400 x_content_parse_exception for a body that is not JSON.
EsFailure json_syntax_failure(const JsonSyntaxError& error);

/// 400 action_request_validation_exception listing the numbered validation errors.
EsFailure validation_failure(const std::vector<std::string>& errors);

/// Checks an index name as MetadataCreateIndexService.validateIndexOrAliasName does.
std::optional<EsFailure> check_index_name(const std::string& index);

}  // namespace es_sandbox
