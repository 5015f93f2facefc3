// SPDX-License-Identifier: MIT
#include "environment.h"

#include "catch.h"

using namespace escurl;

namespace {
Env env_of(std::map<std::string, std::string> vars) {
  Env e;
  e.vars = std::move(vars);
  return e;
}
}  // namespace

TEST_CASE("environment: the cluster URL variables, first found wins", "[environment]") {
  struct Case {
    std::map<std::string, std::string> vars;
    std::vector<std::string> urls;
    std::optional<std::string> cloud;
  };
  const std::vector<Case> cases = {
      {{{"ELASTICSEARCH_URL", "https://a:9200"}, {"ES_URL", "https://b:9200"}},
       {"https://a:9200"},
       {}},
      {{{"ES_URL", "https://b:9200"}, {"ELASTICSEARCH_HOSTS", "https://c:9200"}},
       {"https://b:9200"},
       {}},
      {{{"ELASTICSEARCH_HOSTS", "https://c:9200,https://d:9200"}},
       {"https://c:9200,https://d:9200"},
       {}},
      {{{"ES_LOCAL_URL", "http://localhost:9200"}}, {"http://localhost:9200"}, {}},
      {{{"ELASTIC_CLOUD_ID", "x:abc"}}, {}, "x:abc"},
      {{{"ELASTICSEARCH_URL", ""}, {"ES_URL", "https://b:9200"}}, {"https://b:9200"}, {}},
  };
  for (const Case& c : cases) {
    RawOptions raw;
    apply_environment(raw, env_of(c.vars));
    CHECK(raw.urls == c.urls);
    CHECK(raw.cloud_id == c.cloud);
  }
  RawOptions flagged;
  flagged.urls = {"https://flag:9200"};
  apply_environment(flagged, env_of({{"ELASTICSEARCH_URL", "https://env:9200"}}));
  CHECK(flagged.urls == std::vector<std::string>{"https://flag:9200"});
}

TEST_CASE("environment: credentials come whole from one layer, as references", "[environment]") {
  SECTION("an API key variable, never its value") {
    RawOptions raw;
    apply_environment(raw, env_of({{"ES_API_KEY", "k1"}, {"ELASTICSEARCH_USERNAME", "u"}}));
    CHECK(raw.api_key == "env:ES_API_KEY");
    CHECK_FALSE(raw.user.has_value());
  }
  SECTION("user and password") {
    RawOptions raw;
    apply_environment(raw,
                      env_of({{"ELASTICSEARCH_USERNAME", "u"}, {"ELASTICSEARCH_PASSWORD", "p"}}));
    CHECK(raw.user == "u");
    CHECK(raw.password == "env:ELASTICSEARCH_PASSWORD");
  }
  SECTION("start-local's ES_LOCAL_PASSWORD is elastic's") {
    RawOptions raw;
    apply_environment(raw, env_of({{"ES_LOCAL_PASSWORD", "p"}}));
    CHECK(raw.user == "elastic");
    CHECK(raw.password == "env:ES_LOCAL_PASSWORD");
  }
  SECTION("a bearer token") {
    RawOptions raw;
    apply_environment(raw, env_of({{"ELASTICSEARCH_BEARER_TOKEN", "t"}}));
    CHECK(raw.bearer == "env:ELASTICSEARCH_BEARER_TOKEN");
  }
  SECTION("a flag's credential is not mixed with the environment's") {
    RawOptions raw;
    raw.bearer = "flag-token";
    apply_environment(raw, env_of({{"ELASTIC_API_KEY", "k"}, {"ELASTICSEARCH_USERNAME", "u"}}));
    CHECK_FALSE(raw.api_key.has_value());
    CHECK_FALSE(raw.user.has_value());
  }
}

TEST_CASE("environment: trust from ELASTICSEARCH_CA and _CA_FINGERPRINT unless a flag decides",
          "[environment]") {
  RawOptions raw;
  apply_environment(
      raw, env_of({{"ELASTICSEARCH_CA", "/ca.pem"}, {"ELASTICSEARCH_CA_FINGERPRINT", "ab"}}));
  CHECK(raw.cacert == "/ca.pem");
  CHECK(raw.ca_fingerprint == "ab");
  RawOptions flagged;
  flagged.insecure = true;
  apply_environment(flagged, env_of({{"ELASTICSEARCH_CA", "/ca.pem"}}));
  CHECK_FALSE(flagged.cacert.has_value());
}
