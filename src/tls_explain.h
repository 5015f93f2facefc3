// SPDX-License-Identifier: MIT
// Explanations of refused certificates: each names its cause and the way out — expired on DATE
// (N days ago), not yet valid, the names a certificate holds versus the one asked for, an
// unknown issuer with the presented chain and the exact --ca-fingerprint to pass, a pin mismatch
// with expected and presented values.
#pragma once

#include <openssl/x509.h>

#include <string>
#include <vector>

#include "error.h"
#include "tls.h"

namespace escurl {

/// The DNS and IP names a certificate holds (subjectAltName), for messages: passed through
/// terminal_text, since the server chose them.
std::vector<std::string> certificate_names(X509* cert);

/// A certificate time as "2026-11-22 18:00:00 UTC".
std::string certificate_time(const ASN1_TIME* t);

/// The error for an X509_V_ERR_* `err` found on `cert` while verifying for `host`.
Error explain_verify_error(int err, X509* cert, const std::string& host,
                           const std::vector<PresentedCert>& chain, const TlsOptions& options);

/// The error for a --ca-fingerprint that no presented certificate has.
Error explain_fingerprint_mismatch(const std::string& expected,
                                   const std::vector<PresentedCert>& chain);

}  // namespace escurl
