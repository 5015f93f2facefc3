// SPDX-License-Identifier: MIT
// URL, Console path and Cloud ID parsing: never crash; a parsed URL prints without its
// password and parses again to the same origin and target.
#include <string>
#include <string_view>

#include "cloud_id.h"
#include "fuzz_util.h"
#include "url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  if (auto url = escurl::parse_url(input)) {
    fuzz_require(url->port > 0 && url->port < 65536, "port out of range");
    fuzz_require(url->target.starts_with('/'), "target without a leading slash");
    const std::string shown = url->display();
    fuzz_require(shown == url->origin() + url->target, "display() is not origin and target");
    auto again = escurl::parse_url(shown);
    fuzz_require(static_cast<bool>(again), "display() does not parse");
    fuzz_require(again->origin() == url->origin(), "origin changes on a round trip");
    const escurl::Url joined = escurl::join_path(*url, input);
    fuzz_require(joined.target.starts_with('/'), "joined target without a leading slash");
  } else {
    fuzz_require(!url.error().message.empty(), "URL error without a message");
  }
  if (auto cloud = escurl::decode_cloud_id(input)) {
    fuzz_require(static_cast<bool>(escurl::parse_url(cloud->es_url)),
                 "Cloud ID URL does not parse");
  }
  return 0;
}
