// SPDX-License-Identifier: MIT
// Token session pieces that need no cluster: the expired-token challenge, reading a token
// reply, the gate that holds back the expired 401, and the Authorization swap for the replay.
#include "token_session.h"

#include "catch.h"

using namespace escurl;

namespace {

ResponseHead head_of(int status, std::vector<std::pair<std::string, std::string>> headers) {
  ResponseHead h;
  h.status = status;
  h.headers = std::move(headers);
  return h;
}

constexpr const char* kExpired =
    "Bearer realm=\"security\", error=\"invalid_token\", error_description=\"The access token "
    "expired\"";

struct Recorder : ResponseSink {
  std::vector<int> heads;
  std::string body;
  bool on_head(const ResponseHead& h) override {
    heads.push_back(h.status);
    return true;
  }
  bool on_body(const char* d, std::size_t n) override {
    body.append(d, n);
    return true;
  }
};

}  // namespace

TEST_CASE("token session: only Elasticsearch's expired-token challenge counts", "[token_session]") {
  CHECK(is_expired_token_challenge(head_of(401, {{"WWW-Authenticate", kExpired}})));
  CHECK(is_expired_token_challenge(head_of(
      401, {{"www-authenticate", "Basic realm=\"security\""}, {"WWW-Authenticate", kExpired}})));
  CHECK_FALSE(is_expired_token_challenge(head_of(403, {{"WWW-Authenticate", kExpired}})));
  CHECK_FALSE(is_expired_token_challenge(
      head_of(401, {{"WWW-Authenticate", "Bearer realm=\"security\""}})));
  CHECK_FALSE(is_expired_token_challenge(
      head_of(401, {{"WWW-Authenticate",
                     "Bearer realm=\"security\", error=\"invalid_token\", "
                     "error_description=\"The access token is malformed\""}})));
}

TEST_CASE("token session: a token reply becomes stored tokens", "[token_session]") {
  ApiReply reply;
  reply.head.status = 200;
  reply.body = R"({"access_token":"AT","type":"Bearer","expires_in":30,"refresh_token":"RT"})";
  Result<StoredTokens> t = tokens_from_reply(reply, "https://h:9200", 1000);
  REQUIRE(t);
  CHECK(t->access_token.reveal() == "AT");
  CHECK(t->refresh_token.reveal() == "RT");
  CHECK(t->expires_at_epoch_s == 1030);
  CHECK(t->url == "https://h:9200");
  CHECK(bearer_of(*t).header_value().reveal() == "Bearer AT");

  reply.body = R"({"type":"Bearer"})";
  CHECK_FALSE(tokens_from_reply(reply, "https://h:9200", 1000));
  reply.body = "not json";
  CHECK_FALSE(tokens_from_reply(reply, "https://h:9200", 1000));
}

TEST_CASE("token session: the gate holds back only the expired 401", "[token_session]") {
  Recorder inner;
  ExpiredTokenGate gate(inner);
  CHECK(gate.on_head(head_of(401, {{"WWW-Authenticate", kExpired}})));
  CHECK(gate.on_body("{\"error\":1}", 11));
  CHECK(gate.held());
  CHECK(inner.heads.empty());
  CHECK(inner.body.empty());
  CHECK(gate.on_head(head_of(200, {})));
  CHECK(gate.on_body("ok", 2));
  CHECK_FALSE(gate.held());
  CHECK(inner.heads == std::vector<int>{200});
  CHECK(inner.body == "ok");
}

TEST_CASE("token session: the replay carries the new token only", "[token_session]") {
  Request r;
  r.headers.push_back({"Authorization", Secret("Bearer old")});
  r.headers.push_back({"X-Opaque-Id", std::string("job")});
  replace_authorization(r, AuthHeader{AuthScheme::Bearer, Secret("new")});
  int authorizations = 0;
  for (const HeaderField& h : r.headers) {
    if (h.name == "Authorization") {
      ++authorizations;
      CHECK(h.wire_value() == "Bearer new");
      CHECK(h.is_secret());
    }
  }
  CHECK(authorizations == 1);
  CHECK(r.headers.size() == 2);
}
