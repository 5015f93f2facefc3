// SPDX-License-Identifier: MIT
// REST API compatibility headers (reference §2.2): a request may ask for
// application/vnd.elasticsearch+json; compatible-with=N in Accept and Content-Type. Versions 7 and
// 8 are accepted and echoed in the response content type; anything else, or a mismatch, is
// Elasticsearch's 400 media_type_header_exception.
#pragma once

#include <optional>
#include <string>

#include "api.h"
#include "es_exception.h"

namespace es_sandbox {

/// The 400 Elasticsearch answers for unusable compatibility headers, if any.
std::optional<EsFailure> check_compatibility(const ApiRequest& request);

/// The content type to answer with: JSON replies become
/// "application/vnd.elasticsearch+json;compatible-with=N" when the request asked for version N.
std::string response_content_type(const ApiRequest& request, const std::string& content_type);

}  // namespace es_sandbox
