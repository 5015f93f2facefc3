// SPDX-License-Identifier: MIT
#include "environment.h"

namespace escurl {
namespace {

void apply_credentials(RawOptions& raw, const Env& env, SettingSources& from) {
  if (has_primary_credential(raw)) return;  // the flags gave credentials: none are mixed in
  if (auto key = env.first_of({"ELASTIC_API_KEY", "ES_API_KEY", "ES_LOCAL_API_KEY"})) {
    raw.api_key = "env:" + key->first;
    from["api-key"] = "env " + key->first;
  } else if (auto user = env.get("ELASTICSEARCH_USERNAME"); user && !user->empty()) {
    raw.user = *user;
    from["user"] = "env ELASTICSEARCH_USERNAME";
    if (!raw.password && env.get("ELASTICSEARCH_PASSWORD")) {
      raw.password = "env:ELASTICSEARCH_PASSWORD";
      from["password"] = "env ELASTICSEARCH_PASSWORD";
    }
  } else if (auto pw = env.get("ES_LOCAL_PASSWORD"); pw && !pw->empty()) {
    // start-local's variable: the password of the built-in elastic user.
    raw.user = "elastic";
    from["user"] = "env ES_LOCAL_PASSWORD";
    if (!raw.password) {
      raw.password = "env:ES_LOCAL_PASSWORD";
      from["password"] = "env ES_LOCAL_PASSWORD";
    }
  } else if (auto bearer = env.get("ELASTICSEARCH_BEARER_TOKEN"); bearer && !bearer->empty()) {
    raw.bearer = "env:ELASTICSEARCH_BEARER_TOKEN";
    from["bearer"] = "env ELASTICSEARCH_BEARER_TOKEN";
  }
}

void apply_trust(RawOptions& raw, const Env& env, SettingSources& from) {
  if (raw.cacert || raw.capath || raw.ca_fingerprint || raw.insecure) return;
  if (auto ca = env.get("ELASTICSEARCH_CA"); ca && !ca->empty()) {
    raw.cacert = *ca;
    from["cacert"] = "env ELASTICSEARCH_CA";
  }
  if (auto fp = env.get("ELASTICSEARCH_CA_FINGERPRINT"); fp && !fp->empty()) {
    raw.ca_fingerprint = *fp;
    from["ca-fingerprint"] = "env ELASTICSEARCH_CA_FINGERPRINT";
  }
}

}  // namespace

bool has_primary_credential(const RawOptions& raw) {
  return raw.user || raw.api_key || raw.bearer || raw.secret_commands.contains("api-key") ||
         raw.secret_commands.contains("bearer");
}

void apply_environment(RawOptions& raw, const Env& env, SettingSources* sources) {
  SettingSources ignored;
  SettingSources& from = sources ? *sources : ignored;
  if (raw.urls.empty() && !raw.cloud_id) {
    if (auto url =
            env.first_of({"ELASTICSEARCH_URL", "ES_URL", "ELASTICSEARCH_HOSTS", "ES_LOCAL_URL"})) {
      raw.urls.push_back(url->second);  // a comma-separated list is several nodes
      from["url"] = "env " + url->first;
    } else if (auto cloud = env.get("ELASTIC_CLOUD_ID"); cloud && !cloud->empty()) {
      raw.cloud_id = *cloud;
      from["cloud-id"] = "env ELASTIC_CLOUD_ID";
    }
  }
  apply_credentials(raw, env, from);
  apply_trust(raw, env, from);
}

}  // namespace escurl
