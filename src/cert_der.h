// SPDX-License-Identifier: MIT
// Reading a DER certificate without OpenSSL: a bounds-checked TLV walker that finds the subject
// Name inside TBSCertificate, and a match key for a Name that is the same for any two names
// OpenSSL's X509_NAME_cmp calls equal (it compares canonical forms: strings as UTF-8, case and
// whitespace folded), so a lookup can tell which certificates are worth decoding. Nothing here
// reads outside the bytes it is given; inputs come from files and are fuzzed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace escurl {

/// The subject Name (its whole TLV) of the DER certificate at the start of `cert_der`; nullopt
/// when the bytes are not a definite-length Certificate with a TBSCertificate up to its subject.
std::optional<std::string_view> certificate_subject_der(std::string_view cert_der);

/// A key for the DER Name at the start of `name_der`: two names X509_NAME_cmp finds equal get
/// equal keys (the key is coarser: it ignores how attributes are grouped into RDNs). nullopt when
/// the name uses an encoding the key does not fold; such a name must be treated as matching any.
std::optional<std::string> name_match_key(std::string_view name_der);

/// Whether names with these keys may be equal: keys equal, or either unknown.
inline bool may_match(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  return !a || !b || *a == *b;
}

}  // namespace escurl
