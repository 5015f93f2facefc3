// SPDX-License-Identifier: MIT
// Pins: the SHA-256 certificate fingerprint Elasticsearch 8 prints (--ca-fingerprint, 64 hex,
// colons optional, any case) and curl-style public-key pins (--pinnedpubkey sha256//B64 or a
// PEM/DER public key file). Parsing and the digests they are compared against.
#pragma once

#include <openssl/x509.h>

#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace escurl {

/// Normalises a certificate fingerprint to 64 lowercase hex digits. Usage error otherwise.
Result<std::string> parse_ca_fingerprint(std::string_view text);

/// Parses --pinnedpubkey: "sha256//B64[;sha256//B64…]" or a PEM or DER public key file.
/// Returns the base64 SHA-256 digests of the pinned SubjectPublicKeyInfo.
Result<std::vector<std::string>> parse_pinned_pubkeys(std::string_view text);

/// Base64 of the SHA-256 of a certificate's DER SubjectPublicKeyInfo (curl's pin value).
std::string spki_sha256_base64(X509* cert);

/// "ab:cd:…" upper-case form of a 64-hex fingerprint, as openssl x509 -fingerprint prints it.
std::string colon_fingerprint(std::string_view hex);

}  // namespace escurl
