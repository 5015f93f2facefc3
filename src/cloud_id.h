// SPDX-License-Identifier: MIT
// Cloud ID: decodes an Elastic Cloud ID ("label:BASE64") into the Elasticsearch and Kibana URLs,
// exactly as the official clients' parse_cloud_id does. A Cloud ID holds no credential.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "error.h"

namespace escurl {

/// A decoded Cloud ID.
struct CloudId {
  std::string label;                      ///< the text before the first ':'; may be empty
  std::string es_url;                     ///< "https://<es_uuid>.<host>:<port>"
  std::optional<std::string> kibana_url;  ///< "https://<kibana_uuid>.<host>:<port>", if present
};

/// Decodes `<label>:<base64("<host>[:<port>]$<es_uuid>[$<kibana_uuid>]")>`; the port defaults to
/// 443. Surrounding whitespace is ignored. Any malformation is a BadUrl error with a hint.
Result<CloudId> decode_cloud_id(std::string_view text);

}  // namespace escurl
