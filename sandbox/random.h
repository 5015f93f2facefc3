// SPDX-License-Identifier: MIT
// Random identifiers and secrets in the shapes Elasticsearch generates: 20-character ids (API
// keys, documents), 22-character UUIDs (indices, nodes, clusters) and the generated password.
#pragma once

#include <string>

namespace es_sandbox {

/// `bytes` random bytes from OpenSSL's CSPRNG.
std::string random_bytes(size_t bytes);

/// A URL-safe base64 string of `length` characters, like Elasticsearch's time-based ids.
std::string random_id(size_t length = 20);

/// A 22-character URL-safe UUID, like an index or node UUID.
std::string random_uuid();

/// A password of `length` characters from [A-Za-z0-9_*+=-], like the auto-configured one.
std::string random_password(size_t length = 20);

}  // namespace es_sandbox
