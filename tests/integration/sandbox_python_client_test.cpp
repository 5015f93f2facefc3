// SPDX-License-Identifier: MIT
// The acceptance test of es-sandbox's fidelity: Elastic's official Python client
// (python3-elasticsearch, 7.x or 8.x) must take it for a genuine Elasticsearch (product check and
// 8.x's compatible-with=8 media types included) and run info, security.authenticate,
// security.create_api_key, index, search and node sniffing.
// Skipped, with a warning, only when `python3 -c "import elasticsearch"` fails.
#include "catch.h"
#include "run_cli.h"
#include "sandbox_process.h"

namespace {

using escurl::testing::run_cli;
using escurl::testing::RunOptions;
using escurl::testing::SandboxOptions;
using escurl::testing::SandboxProcess;

// For the 7.17 client Debian 12 ships and the 8.17 one of Debian 13, branching where their APIs
// differ; argv: url ca password [urls...].
constexpr const char* kClientScript = R"PY(
import sys, warnings
warnings.simplefilter("ignore", DeprecationWarning)
import elasticsearch
from elasticsearch import Elasticsearch
from elasticsearch.exceptions import AuthenticationException, AuthorizationException

url, ca, password = sys.argv[1], sys.argv[2], sys.argv[3]
others = sys.argv[4:]
# 8.x renamed http_auth to basic_auth, deprecates body= for keyword arguments (which 7.17 takes
# for index and search already), has no scheme= and keeps its nodes in transport.node_pool.
v8 = elasticsearch.__version__[0] >= 8

def client(auth=None, **kwargs):
    if auth:
        kwargs["basic_auth" if v8 else "http_auth"] = auth
    return Elasticsearch([url], ca_certs=ca, **kwargs)

es = client(("elastic", password))
info = es.info()
assert info["version"]["number"] == "8.15.0", info
assert es.security.authenticate()["username"] == "elastic"

key_request = {"name": "python-client", "expiration": "1h"}
if v8:
    key = es.security.create_api_key(**key_request)
else:
    key = es.security.create_api_key(body=key_request)
with_key = client(api_key=(key["id"], key["api_key"]))
who = with_key.security.authenticate()
assert who["authentication_type"] == "api_key", who
with_key.index(index="py-docs", id="1", document={"title": "hello"})
hits = with_key.search(index="py-docs", query={"match_all": {}})["hits"]
assert hits["total"]["value"] == 1, hits
assert hits["hits"][0]["_source"] == {"title": "hello"}, hits

try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client(("elastic", "wrong")).info()
    raise SystemExit("expected a 401")
except AuthenticationException as e:
    assert e.status_code == 401 and e.error == "security_exception", e

try:
    client(("jdoe", "jdoe-readonly")).indices.create(index="nope")
    raise SystemExit("expected a 403")
except AuthorizationException as e:
    assert e.status_code == 403, e

if others:
    if v8:
        # 8.x sends no credentials with its own sniffing request (elasticsearch-py#2005), which
        # Elasticsearch answers with a 401: the seed node carries them as a header instead, and
        # the nodes sniffed from it inherit that.
        import base64
        from urllib.parse import urlsplit
        from elastic_transport import NodeConfig
        basic = base64.b64encode(f"elastic:{password}".encode()).decode()
        seed = urlsplit(url)
        seed = NodeConfig(seed.scheme, seed.hostname, seed.port,
                          headers={"authorization": "Basic " + basic})
        sniffer = Elasticsearch([seed], ca_certs=ca, sniff_on_start=True)
        hosts = sorted(n.base_url for n in sniffer.transport.node_pool.all())
    else:
        sniffer = client(("elastic", password), sniff_on_start=True, scheme="https")
        hosts = sorted(c.host for c in sniffer.transport.connection_pool.connections)
    assert hosts == sorted([url] + others), hosts
    sniffer.info()
print("OK")
)PY";

// The first python3 that can import the official client, or "".
std::string python_with_client() {
  for (const char* candidate : {"/usr/bin/python3", "/usr/local/bin/python3"}) {
    RunOptions options;
    options.program = candidate;
    options.timeout_seconds = 30;
    if (run_cli({"-c", "import elasticsearch"}, options).exit_code == 0) return candidate;
  }
  return {};
}

}  // namespace

TEST_CASE("sandbox: the official Python client accepts the sandbox as Elasticsearch",
          "[integration][sandbox]") {
  const std::string python = python_with_client();
  if (python.empty()) {
    WARN("python3 -c \"import elasticsearch\" fails; install python3-elasticsearch to run this");
    return;
  }
  SandboxProcess sandbox(SandboxOptions{.nodes = 2});
  INFO(sandbox.error());
  REQUIRE(sandbox.ready());
  const std::string script = sandbox.dir().write("client.py", kClientScript);
  REQUIRE_FALSE(script.empty());
  RunOptions options;
  options.program = python;
  options.timeout_seconds = 60;
  const auto result = run_cli(
      {script, sandbox.url(0), sandbox.ca_path(), sandbox.elastic_password(), sandbox.url(1)},
      options);
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out == "OK\n");
}
