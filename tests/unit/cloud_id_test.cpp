// SPDX-License-Identifier: MIT
// Cloud ID: the vectors from elastic-transport's tests (with and without a port), an empty
// label, an absent Kibana part, and every malformation, each a BadUrl error with a hint.
#include "cloud_id.h"

#include <optional>
#include <string>

#include "catch.h"
#include "url.h"

using escurl::CloudId;
using escurl::Errc;
using escurl::Result;

namespace {

constexpr const char* kEsUuid = "4fa8821e75634032bed1cf22110e2f97";

}  // namespace

TEST_CASE("cloud_id: decodes the reference vectors", "[cloud_id]") {
  const struct {
    std::string text;
    std::string label;
    std::string es_url;
    std::optional<std::string> kibana_url;
  } cases[] = {
      {"cluster:dXMtZWFzdC0xLmF3cy5mb3VuZC5pbyQ0ZmE4ODIxZTc1NjM0MDMyYmVkMWNmMjIxMTBlMmY5NyQ0ZmE4"
       "ODIxZTc1NjM0MDMyYmVkMWNmMjIxMTBlMmY5Ng==",
       "cluster", "https://4fa8821e75634032bed1cf22110e2f97.us-east-1.aws.found.io:443",
       "https://4fa8821e75634032bed1cf22110e2f96.us-east-1.aws.found.io:443"},
      {":dXMtZWFzdC0xLmF3cy5mb3VuZC5pbzo5MjQzJDRmYTg4MjFlNzU2MzQwMzJiZWQxY2YyMjExMGUyZjk3JDRmYTg4"
       "MjFlNzU2MzQwMzJiZWQxY2YyMjExMGUyZjk2",
       "", "https://4fa8821e75634032bed1cf22110e2f97.us-east-1.aws.found.io:9243",
       "https://4fa8821e75634032bed1cf22110e2f96.us-east-1.aws.found.io:9243"},
      // Without a Kibana part, or with an empty one, there is no Kibana URL.
      {"c:ZXhhbXBsZS5jb20kYWJj", "c", "https://abc.example.com:443", std::nullopt},
      {"c:ZXhhbXBsZS5jb20kYWJjJA==", "c", "https://abc.example.com:443", std::nullopt},
      {"c:ZXhhbXBsZS5jb206OTI0MyRhYmMkJA==", "c", "https://abc.example.com:9243", std::nullopt},
      // Surrounding whitespace, as a pasted value or an @file brings it, is ignored.
      {"  c:ZXhhbXBsZS5jb20kYWJj\n", "c", "https://abc.example.com:443", std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    Result<CloudId> r = escurl::decode_cloud_id(c.text);
    REQUIRE(r);
    CHECK(r->label == c.label);
    CHECK(r->es_url == c.es_url);
    CHECK(r->kibana_url == c.kibana_url);
  }
}

TEST_CASE("cloud_id: rejects malformed Cloud IDs with the reason", "[cloud_id]") {
  const struct {
    std::string text;
    std::string reason;
  } cases[] = {
      {"cluster:", "nothing follows 'name:'"},
      {"", "nothing follows 'name:'"},
      // A Cloud ID without its label is all base64 and no ':'.
      {"dXMtZWFzdC0xLmF3cy5mb3VuZC5pbyQ0ZmE4ODIxZTc1NjM0MDMyYmVkMWNmMjIxMTBlMmY5NyQ0ZmE4ODIxZTc1"
       "NjM0MDMyYmVkMWNmMjIxMTBlMmY5Ng==",
       "nothing follows 'name:'"},
      {"cl\xc3\xbcster:ZXhhbXBsZS5jb20kYWJj", "it contains non-ASCII characters"},
      {"c:ZXhhbXBsZS5jb20kYWJj\xc3\xa9", "it contains non-ASCII characters"},
      {"c:aMOpLmNvbSR4", "the decoded text is not ASCII"},
      {"c:not base64!", "the part after 'name:' is not base64"},
      {"c:ZXhhKm1wbGUuY29tJGFiYw==",
       "the host or the cluster id holds a character a host name cannot"},
      {"c:ZXhhbXBsZS5jb20kYS9i", "the host or the cluster id holds a character a host name cannot"},
      {"c:ZXhhbXBsZS5jb20kYWJj-_", "the part after 'name:' is not base64"},
      // Only the first ':' ends the label, so a second one lands in the base64.
      {"a:b:ZXhhbXBsZS5jb20kYWJj", "the part after 'name:' is not base64"},
      {"c:JGFiYyRkZWY=", "it names no host"},
      {"c:OjkyNDMkeA==", "it names no host"},
      {"c:ZXhhbXBsZS5jb20=", "it names no Elasticsearch cluster"},
      {"c:ZXhhbXBsZS5jb20k", "it names no Elasticsearch cluster"},
      {"c:ZXhhbXBsZS5jb206YWJjJHg=", "the port after the host is not a number from 1 to 65535"},
      {"c:ZXhhbXBsZS5jb206MCR4", "the port after the host is not a number from 1 to 65535"},
      {"c:ZXhhbXBsZS5jb206NjU1MzYkeA==", "the port after the host is not a number from 1 to 65535"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    Result<CloudId> r = escurl::decode_cloud_id(c.text);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::BadUrl);
    CHECK(r.error().message == "the Cloud ID is not properly formatted: " + c.reason);
    REQUIRE(r.error().hints.size() == 1);
    CHECK(r.error().hints[0].find("'name:BASE64'") != std::string::npos);
  }
}

TEST_CASE("cloud_id: the ES URL parses with the uuid as the host's first label", "[cloud_id]") {
  Result<CloudId> r = escurl::decode_cloud_id(
      "cluster:dXMtZWFzdC0xLmF3cy5mb3VuZC5pbyQ0ZmE4ODIxZTc1NjM0MDMyYmVkMWNmMjIxMTBlMmY5NyQ0ZmE4"
      "ODIxZTc1NjM0MDMyYmVkMWNmMjIxMTBlMmY5Ng==");
  REQUIRE(r);
  Result<escurl::Url> url = escurl::parse_url(r->es_url);
  REQUIRE(url);
  CHECK(url->scheme == "https");
  CHECK(url->host == std::string(kEsUuid) + ".us-east-1.aws.found.io");
  CHECK(url->port == 443);
  CHECK(url->target == "/");
}
