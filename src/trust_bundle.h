// SPDX-License-Identifier: MIT
// TrustBundle: a PEM bundle of CA certificates (the system's ca-certificates.crt, a large
// --cacert file) indexed by subject name without decoding any certificate, served to OpenSSL as
// an X509_LOOKUP so that verification decodes only the certificates it asks for. OpenSSL 3 spends
// 1–2 M instructions decoding one certificate (its public key goes through the provider
// decoders), so loading a 145-certificate bundle up front was most of a request's CPU time.
#pragma once

#include <openssl/x509_vfy.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace escurl {

/// The certificates of PEM bundles, each decoded at most once and only when asked for.
class TrustBundle {
 public:
  /// Indexes the "CERTIFICATE" and "X509 CERTIFICATE" blocks of `pem` and, with
  /// `trusted_blocks`, "TRUSTED CERTIFICATE" ones (with their trust settings, as
  /// X509_STORE_load_file reads them; PEM_read_bio_X509 skips them). Blocks that are not base64
  /// or whose DER does not reach a subject name are skipped; other text is ignored.
  void add_pem(std::string_view pem, bool trusted_blocks);
  /// Takes the entries of `other` (for a second bundle on the same store).
  void absorb(TrustBundle&& other);

  /// How many certificate blocks were indexed.
  std::size_t size() const;
  /// How many entries have been decoded (successfully or not).
  std::size_t decoded_count() const;

  /// Decodes every entry not decoded yet and adds it to `store`; returns how many entries decoded
  /// into a certificate, counting earlier ones.
  std::size_t load_all(X509_STORE* store);
  /// Decodes every entry whose subject may equal `name` and adds it to `store`, so the store holds
  /// every bundle certificate with that subject (as OpenSSL's own lookups leave it). Returns the
  /// first whose subject X509_NAME_cmp finds equal, owned by this bundle; null when none is.
  X509* find(X509_STORE* store, const X509_NAME* name);

 private:
  struct CertFree {
    void operator()(X509* x) const { X509_free(x); }
  };
  struct Entry {
    std::string der;                 ///< the decoded base64: a DER certificate (and trust settings)
    std::optional<std::string> key;  ///< name_match_key of the subject
    bool trusted_form = false;       ///< from a TRUSTED CERTIFICATE block: d2i_X509_AUX
    bool decoded = false;
    std::unique_ptr<X509, CertFree> cert;  ///< null until decoded, or when decoding failed
  };
  void decode(Entry& e, X509_STORE* store);

  mutable std::mutex mutex_;  // a store may be shared by threads; lookups run unlocked
  std::vector<Entry> entries_;
};

/// Hands `bundle` to a lookup on `store`, which owns it from then on (it is freed with the store).
/// A store that has a bundle lookup already takes the entries into it. The lookup is consulted in
/// the order it was added among the store's lookups. Returns the store's bundle, or null when no
/// lookup could be added (out of memory), having then loaded every certificate into the store.
TrustBundle* install_trust_bundle(X509_STORE* store, std::unique_ptr<TrustBundle> bundle);

}  // namespace escurl
