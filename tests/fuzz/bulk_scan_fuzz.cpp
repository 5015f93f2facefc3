// SPDX-License-Identifier: MIT
// The bulk-failure scanner: never crashes, bounded examples, and the same summary however the
// body is split.
#include <string_view>

#include "bulk_scan.h"
#include "fuzz_util.h"

using escurl::BulkKind;
using escurl::BulkScanner;
using escurl::BulkSummary;

namespace {

BulkSummary scan(std::string_view input, BulkKind kind, std::size_t chunk) {
  BulkScanner s(kind, 3);
  for (std::size_t i = 0; i < input.size(); i += chunk) s.feed(input.substr(i, chunk));
  s.finish();
  return s.summary();
}

bool same(const BulkSummary& a, const BulkSummary& b) {
  if (a.errors_flag != b.errors_flag || a.items != b.items || a.failed != b.failed ||
      a.by_status_and_type != b.by_status_and_type || a.parse_failed != b.parse_failed ||
      a.parse_error_offset != b.parse_error_offset || a.examples.size() != b.examples.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.examples.size(); ++i) {
    const auto& x = a.examples[i];
    const auto& y = b.examples[i];
    if (x.position != y.position || x.op != y.op || x.index != y.index || x.id != y.id ||
        x.status != y.status || x.type != y.type || x.reason != y.reason) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  for (const BulkKind kind : {BulkKind::Bulk, BulkKind::Msearch}) {
    const BulkSummary whole = scan(input, kind, size + 1);
    fuzz_require(whole.examples.size() <= 3, "more examples kept than asked for");
    fuzz_require(whole.failed <= whole.items, "more failures than items");
    fuzz_require(same(scan(input, kind, split_point(input) + 1), whole),
                 "summary depends on chunking");
    if (size <= 256) fuzz_require(same(scan(input, kind, 1), whole), "byte-at-a-time differs");
  }
  return 0;
}
