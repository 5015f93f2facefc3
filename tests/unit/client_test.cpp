// SPDX-License-Identifier: MIT
#include "client.h"

#include <sys/stat.h>

#include <deque>

#include "catch.h"
#include "fake_clock.h"
#include "scratch_dir.h"

using namespace escurl;
using escurl::testing::FakeClock;

namespace {

// Answers from a script: each entry is a status with a body, or a connection failure.
class FakeTransport : public Transport {
 public:
  struct Step {
    int status = 200;
    std::string body;
    bool refuse = false;
    std::vector<std::pair<std::string, std::string>> headers;
  };
  std::deque<Step> script;
  std::vector<Request> seen;

  Result<ResponseHead> send(const Request& r, ResponseSink& sink, SendInfo& info) override {
    seen.push_back(r);
    Step s = script.empty() ? Step{} : script.front();
    if (!script.empty()) script.pop_front();
    if (s.refuse) {
      info.connection_failed = true;
      return make_error(Errc::Connect, "refused");
    }
    info.request_sent = true;
    ResponseHead h;
    h.status = s.status;
    h.headers = s.headers;
    sink.on_head(h);
    sink.on_body(s.body.data(), s.body.size());
    return h;
  }
};

class Collect : public ResponseSink {
 public:
  bool on_head(const ResponseHead& h) override {
    statuses.push_back(h.status);
    return true;
  }
  bool on_body(const char* d, std::size_t n) override {
    body.append(d, n);
    return true;
  }
  std::vector<int> statuses;
  std::string body;
};

Request get(std::string url) {
  Request r;
  r.method = "GET";
  r.url = *parse_url(url);
  r.headers.push_back({"Authorization", Secret("Basic abc")});
  r.headers.push_back({"es-security-runas-user", std::string("bob")});
  r.headers.push_back({"User-Agent", std::string("escurl")});
  return r;
}

}  // namespace

TEST_CASE("client: 503, 503, 200 succeeds after two retries and prints only the 200", "[client]") {
  FakeClock clock;
  FakeTransport t;
  t.script = {{503, "busy1"}, {503, "busy2"}, {200, "ok"}};
  NodePool pool({*parse_url("https://a:9200")}, clock);
  Client c(t, pool, clock, {});
  Collect out;
  const auto head = c.execute(get("https://a:9200/"), std::string("/"), out);
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(out.statuses == std::vector<int>{200});
  CHECK(out.body == "ok");
  CHECK(c.last_retries() == 2);
  CHECK(clock.sleeps.size() == 2);
}

TEST_CASE("client: 401 is never retried", "[client]") {
  FakeClock clock;
  FakeTransport t;
  t.script = {{401, "no"}, {200, "ok"}};
  NodePool pool({*parse_url("https://a:9200")}, clock);
  Client c(t, pool, clock, {});
  Collect out;
  CHECK(c.execute(get("https://a:9200/"), std::string("/"), out)->status == 401);
  CHECK(t.seen.size() == 1);
  CHECK(out.body == "no");
}

TEST_CASE("client: the last retryable answer is printed when retries run out", "[client]") {
  FakeClock clock;
  FakeTransport t;
  t.script = {{503, "1"}, {503, "2"}};
  NodePool pool({*parse_url("https://a:9200")}, clock);
  ClientOptions o;
  o.retry.max_retries = 1;
  Client c(t, pool, clock, o);
  Collect out;
  CHECK(c.execute(get("https://a:9200/"), std::string("/"), out)->status == 503);
  CHECK(out.body == "2");
}

TEST_CASE("client: a dead node moves the request to the next, and is skipped afterwards",
          "[client]") {
  FakeClock clock;
  FakeTransport t;
  t.script = {{.refuse = true}, {200, "from b"}, {200, "again b"}};
  NodePool pool({*parse_url("https://a:9200"), *parse_url("https://b:9200")}, clock);
  Client c(t, pool, clock, {});
  Collect out;
  CHECK(c.execute(get("https://a:9200/"), std::string("/x"), out)->status == 200);
  CHECK(t.seen[0].url.host == "a");
  CHECK(t.seen[1].url.host == "b");
  CHECK(t.seen[1].url.target == "/x");
  CHECK(clock.sleeps.front() == Clock::Duration::zero());  // another node: no wait
  Collect again;
  CHECK(c.execute(get("https://a:9200/"), std::string("/y"), again)->status == 200);
  CHECK(t.seen[2].url.host == "b");
}

TEST_CASE("client: 429 honours Retry-After", "[client]") {
  FakeClock clock;
  FakeTransport t;
  t.script = {{429, "slow down", false, {{"Retry-After", "2"}}}, {200, "ok"}};
  NodePool pool({*parse_url("https://a:9200")}, clock);
  Client c(t, pool, clock, {});
  Collect out;
  CHECK(c.execute(get("https://a:9200/"), std::string("/"), out)->status == 200);
  REQUIRE(clock.sleeps.size() == 1);
  CHECK(clock.sleeps[0] == std::chrono::seconds(2));
}

TEST_CASE("client: redirects are followed only with -L; other origins lose credentials",
          "[client]") {
  FakeClock clock;
  NodePool pool({*parse_url("https://a:9200")}, clock);
  SECTION("not followed by default: the 3xx is the answer") {
    FakeTransport t;
    t.script = {{302, "", false, {{"Location", "https://b:9200/z"}}}};
    Client c(t, pool, clock, {});
    Collect out;
    CHECK(c.execute(get("https://a:9200/"), std::nullopt, out)->status == 302);
    CHECK(t.seen.size() == 1);
  }
  SECTION("same origin keeps credentials") {
    FakeTransport t;
    t.script = {{307, "", false, {{"Location", "/other"}}}, {200, "ok"}};
    ClientOptions o;
    o.follow_redirects = true;
    Client c(t, pool, clock, o);
    Collect out;
    CHECK(c.execute(get("https://a:9200/x"), std::nullopt, out)->status == 200);
    CHECK(out.statuses == std::vector<int>{200});
    CHECK(t.seen[1].url.target == "/other");
    CHECK(t.seen[1].carries_credentials());
  }
  SECTION("another port drops every credential header") {
    FakeTransport t;
    t.script = {{302, "", false, {{"Location", "https://a:9201/x"}}}, {200, "ok"}};
    ClientOptions o;
    o.follow_redirects = true;
    Client c(t, pool, clock, o);
    Collect out;
    CHECK(c.execute(get("https://a:9200/x"), std::nullopt, out)->status == 200);
    CHECK_FALSE(t.seen[1].carries_credentials());
    CHECK(t.seen[1].headers.size() == 1);  // only User-Agent is left
  }
  SECTION("https to http is refused") {
    FakeTransport t;
    t.script = {{301, "", false, {{"Location", "http://a:9200/x"}}}};
    ClientOptions o;
    o.follow_redirects = true;
    Client c(t, pool, clock, o);
    Collect out;
    const auto r = c.execute(get("https://a:9200/x"), std::nullopt, out);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("https to") != std::string::npos);
  }
  SECTION("--max-redirs bounds a loop") {
    FakeTransport t;
    for (int i = 0; i < 5; ++i) t.script.push_back({302, "", false, {{"Location", "/loop"}}});
    ClientOptions o;
    o.follow_redirects = true;
    o.max_redirects = 3;
    Client c(t, pool, clock, o);
    Collect out;
    CHECK_FALSE(c.execute(get("https://a:9200/x"), std::nullopt, out));
    CHECK(t.seen.size() == 4);
  }
}

TEST_CASE("client: a protocol-relative Location is another authority, with the scheme kept",
          "[client]") {
  FakeClock clock;
  NodePool pool({*parse_url("https://a:9200")}, clock);
  ClientOptions o;
  o.follow_redirects = true;
  SECTION("//host:port/path goes to that host, without credentials") {
    FakeTransport t;
    t.script = {{302, "", false, {{"Location", "//b:9201/landing?x=1"}}}, {200, "ok"}};
    Client c(t, pool, clock, o);
    Collect out;
    CHECK(c.execute(get("https://a:9200/x"), std::nullopt, out)->status == 200);
    REQUIRE(t.seen.size() == 2);
    CHECK(t.seen[1].url.display() == "https://b:9201/landing?x=1");
    CHECK_FALSE(t.seen[1].carries_credentials());
  }
  SECTION("a path whose query holds '://' stays on the origin") {
    FakeTransport t;
    t.script = {{307, "", false, {{"Location", "/next?from=https://b:9201/"}}}, {200, "ok"}};
    Client c(t, pool, clock, o);
    Collect out;
    CHECK(c.execute(get("https://a:9200/x"), std::nullopt, out)->status == 200);
    CHECK(t.seen[1].url.display() == "https://a:9200/next?from=https://b:9201/");
    CHECK(t.seen[1].carries_credentials());
  }
}

TEST_CASE("client: a 307 or 308 re-sends the body only when it can be read again", "[client]") {
  FakeClock clock;
  NodePool pool({*parse_url("https://a:9200")}, clock);
  ClientOptions o;
  o.follow_redirects = true;
  escurl::testing::ScratchDir dir("client");
  auto post = [](BodySpec body) {
    Request r = get("https://a:9200/idx/_doc");
    r.method = "POST";
    r.body = std::move(body);
    return r;
  };
  BodySpec from_stdin{.kind = BodySpec::Kind::Stdin};
  BodySpec file{.kind = BodySpec::Kind::File, .path = dir.file("body.json", "{}")};
  const std::string fifo_path = dir.path() + "/fifo";
  REQUIRE(::mkfifo(fifo_path.c_str(), 0600) == 0);
  BodySpec fifo{.kind = BodySpec::Kind::File, .path = fifo_path};
  CHECK(body_can_be_resent(BodySpec{}));
  CHECK(body_can_be_resent(BodySpec{.kind = BodySpec::Kind::Inline, .bytes = "{}"}));
  CHECK(body_can_be_resent(file));
  CHECK_FALSE(body_can_be_resent(from_stdin));
  CHECK_FALSE(body_can_be_resent(fifo));
  for (const int status : {307, 308}) {
    CAPTURE(status);
    DYNAMIC_SECTION("stdin: exit 65, and nothing sent again, " << status) {
      FakeTransport t;
      t.script = {{status, "", false, {{"Location", "/moved"}}}, {200, "ok"}};
      Client c(t, pool, clock, o);
      Collect out;
      const auto r = c.execute(post(from_stdin), std::nullopt, out);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == Errc::SendRewind);
      CHECK(r.error().message == "the server redirected (" + std::to_string(status) +
                                     ") to https://a:9200/moved; the body came from stdin and "
                                     "cannot be sent again; give it as @FILE");
      CHECK(t.seen.size() == 1);
      CHECK(out.statuses.empty());
    }
    DYNAMIC_SECTION("a FIFO: exit 65, " << status) {
      FakeTransport t;
      t.script = {{status, "", false, {{"Location", "/moved"}}}, {200, "ok"}};
      Client c(t, pool, clock, o);
      Collect out;
      const auto r = c.execute(post(fifo), std::nullopt, out);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == Errc::SendRewind);
      CHECK(r.error().message.find("not a regular file") != std::string::npos);
      CHECK(t.seen.size() == 1);
    }
    DYNAMIC_SECTION("a regular file goes again, whole, with the method, " << status) {
      FakeTransport t;
      t.script = {{status, "", false, {{"Location", "/moved"}}}, {200, "ok"}};
      Client c(t, pool, clock, o);
      Collect out;
      CHECK(c.execute(post(file), std::nullopt, out)->status == 200);
      REQUIRE(t.seen.size() == 2);
      CHECK(t.seen[1].method == "POST");
      CHECK(t.seen[1].body.kind == BodySpec::Kind::File);
      CHECK(t.seen[1].body.path == file.path);
    }
  }
  SECTION("303, and 301/302 for a POST, turn into a GET without the body, as before") {
    for (const int status : {301, 302, 303}) {
      CAPTURE(status);
      FakeTransport t;
      t.script = {{status, "", false, {{"Location", "/moved"}}}, {200, "ok"}};
      Client c(t, pool, clock, o);
      Collect out;
      CHECK(c.execute(post(from_stdin), std::nullopt, out)->status == 200);
      REQUIRE(t.seen.size() == 2);
      CHECK(t.seen[1].method == "GET");
      CHECK(t.seen[1].body.kind == BodySpec::Kind::None);
    }
  }
}
