// SPDX-License-Identifier: MIT
// Secret references: a literal, @FILE (one trailing newline trimmed), @- (stdin, claimable once)
// and env:NAME. Errors are Usage errors naming the flag, never the secret.
#include "secret_source.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "catch.h"
#include "scratch_dir.h"

using escurl::Env;
using escurl::Errc;
using escurl::Result;
using escurl::Secret;
using escurl::SecretSourceKind;
using escurl::StdinClaim;

namespace {

// Every test of this file writes its files into its own scratch directory.
struct TempDir : escurl::testing::ScratchDir {
  TempDir() : ScratchDir("secret-source") {}
};

// An Env with the given variables whose stdin yields `stdin_text` and counts the reads.
Env make_env(std::map<std::string, std::string> vars = {}, std::string stdin_text = "",
             std::shared_ptr<int> stdin_reads = std::make_shared<int>(0)) {
  Env env;
  env.vars = std::move(vars);
  env.read_stdin = [stdin_text, stdin_reads]() -> Result<std::string> {
    ++*stdin_reads;
    return stdin_text;
  };
  env.prompt_secret = [](std::string_view) -> Result<Secret> {
    return escurl::make_error(Errc::Usage, "no terminal to prompt on");
  };
  return env;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("secret_source: classifies references without reading them", "[secret_source]") {
  const struct {
    const char* ref;
    SecretSourceKind kind;
  } cases[] = {
      {"hunter2", SecretSourceKind::Literal},
      {"", SecretSourceKind::Literal},
      {"-", SecretSourceKind::Literal},
      {"pass@word", SecretSourceKind::Literal},
      {"@-", SecretSourceKind::Stdin},
      {"@/etc/escurl/password", SecretSourceKind::File},
      {"@relative.txt", SecretSourceKind::File},
      {"@--", SecretSourceKind::File},
      {"env:ES_PASSWORD", SecretSourceKind::EnvVar},
  };
  for (const auto& c : cases) {
    CAPTURE(c.ref);
    CHECK(escurl::secret_source_kind(c.ref) == c.kind);
  }
}

TEST_CASE("secret_source: trim_one_newline removes exactly one line ending", "[secret_source]") {
  const struct {
    std::string in;
    std::string out;
  } cases[] = {
      {"secret\n", "secret"},
      {"secret\r\n", "secret"},
      {"secret", "secret"},
      {"secret\n\n", "secret\n"},
      {"secret\r\n\r\n", "secret\r\n"},
      {"secret\r", "secret\r"},
      {"a\nb\n", "a\nb"},
      {"\n", ""},
      {"", ""},
      {"secret \n", "secret "},
  };
  for (const auto& c : cases) {
    std::string s = c.in;
    escurl::trim_one_newline(s);
    CAPTURE(c.in);
    CHECK(s == c.out);
  }
}

TEST_CASE("secret_source: a literal is the secret itself", "[secret_source]") {
  Env env = make_env();
  StdinClaim claim;
  Result<Secret> s = escurl::read_secret("p@ss:w0rd\n", "--password", env, claim);
  REQUIRE(s);
  CHECK(s->reveal() == "p@ss:w0rd\n");  // literals are not trimmed
  CHECK(claim.claimed_by.empty());
}

TEST_CASE("secret_source: @FILE reads the file and trims one trailing newline", "[secret_source]") {
  TempDir dir;
  const struct {
    std::string content;
    std::string secret;
  } cases[] = {
      {"s3cret", "s3cret"},
      {"s3cret\n", "s3cret"},
      {"s3cret\r\n", "s3cret"},
      {"s3cret\n\n", "s3cret\n"},
      {"s3cret\r\n\r\n", "s3cret\r\n"},
      {"line1\nline2\n", "line1\nline2"},
      {" spaced \n", " spaced "},
      {"", ""},
  };
  int i = 0;
  for (const auto& c : cases) {
    const std::string path = dir.file("secret" + std::to_string(i++), c.content);
    Env env = make_env();
    StdinClaim claim;
    CAPTURE(c.content);
    Result<Secret> s = escurl::read_secret("@" + path, "--password", env, claim);
    REQUIRE(s);
    CHECK(s->reveal() == c.secret);
  }
}

TEST_CASE("secret_source: @- reads standard input through env.read_stdin", "[secret_source]") {
  auto reads = std::make_shared<int>(0);
  Env env = make_env({}, "tok3n\r\n", reads);
  StdinClaim claim;
  Result<Secret> s = escurl::read_secret("@-", "--bearer", env, claim);
  REQUIRE(s);
  CHECK(s->reveal() == "tok3n");
  CHECK(*reads == 1);
  CHECK(claim.claimed_by == "--bearer");
}

TEST_CASE("secret_source: a failing stdin read is a Usage error naming the flag",
          "[secret_source]") {
  Env env = make_env();
  env.read_stdin = []() -> Result<std::string> {
    return escurl::make_error(Errc::ReadBody, "cannot read: Bad file descriptor");
  };
  StdinClaim claim;
  Result<Secret> s = escurl::read_secret("@-", "--api-key", env, claim);
  REQUIRE_FALSE(s);
  CHECK(s.error().code == Errc::Usage);
  CHECK(contains(s.error().message, "--api-key"));
}

TEST_CASE("secret_source: env:NAME reads the environment variable", "[secret_source]") {
  SECTION("a set variable") {
    Env env = make_env({{"ES_PASSWORD", "from-env\n"}});
    StdinClaim claim;
    Result<Secret> s = escurl::read_secret("env:ES_PASSWORD", "--password", env, claim);
    REQUIRE(s);
    CHECK(s->reveal() == "from-env\n");
  }
  SECTION("a set but empty variable counts as set") {
    Env env = make_env({{"ES_PASSWORD", ""}});
    StdinClaim claim;
    Result<Secret> s = escurl::read_secret("env:ES_PASSWORD", "--password", env, claim);
    REQUIRE(s);
    CHECK(s->empty());
  }
}

TEST_CASE("secret_source: an unset environment variable is a Usage error naming flag and name",
          "[secret_source]") {
  // A neighbouring variable holds a secret; the message must not show it.
  Env env = make_env({{"ES_PASSWORD_OLD", "hunter2-old"}, {"OTHER", "hunter2"}});
  StdinClaim claim;
  Result<Secret> s = escurl::read_secret("env:ES_PASSWORD", "--password", env, claim);
  REQUIRE_FALSE(s);
  const escurl::Error& e = s.error();
  CHECK(e.code == Errc::Usage);
  CHECK(contains(e.message, "--password"));
  CHECK(contains(e.message, "ES_PASSWORD"));
  CHECK_FALSE(contains(e.message, "hunter2"));
}

TEST_CASE("secret_source: a missing file is a Usage error naming the flag and the path",
          "[secret_source]") {
  TempDir dir;
  const std::string path = dir.path() + "/no-such-secret";
  Env env = make_env();
  StdinClaim claim;
  Result<Secret> s = escurl::read_secret("@" + path, "--api-key", env, claim);
  REQUIRE_FALSE(s);
  CHECK(s.error().code == Errc::Usage);
  CHECK(contains(s.error().message, "--api-key"));
  CHECK(contains(s.error().message, path));
}

TEST_CASE("secret_source: an unreadable file's error never shows its content", "[secret_source]") {
  // A directory opens but cannot be read; nothing of what sits beside it may be shown either.
  TempDir dir;
  dir.file("inner", "hunter2");
  Env env = make_env();
  StdinClaim claim;
  Result<Secret> s = escurl::read_secret("@" + dir.path(), "--client-secret", env, claim);
  REQUIRE_FALSE(s);
  CHECK(s.error().code == Errc::Usage);
  CHECK(contains(s.error().message, "--client-secret"));
  CHECK(contains(s.error().message, dir.path()));
  CHECK_FALSE(contains(s.error().message, "hunter2"));
}

TEST_CASE("secret_source: standard input can be claimed by one flag only", "[secret_source]") {
  SECTION("two @- references") {
    auto reads = std::make_shared<int>(0);
    Env env = make_env({}, "first\n", reads);
    StdinClaim claim;
    Result<Secret> a = escurl::read_secret("@-", "--password", env, claim);
    REQUIRE(a);
    CHECK(a->reveal() == "first");
    Result<Secret> b = escurl::read_secret("@-", "--client-secret", env, claim);
    REQUIRE_FALSE(b);
    CHECK(b.error().code == Errc::Usage);
    CHECK(contains(b.error().message, "--password"));
    CHECK(contains(b.error().message, "--client-secret"));
    CHECK(*reads == 1);  // the second claim fails before reading
  }
  SECTION("StdinClaim::claim directly") {
    StdinClaim claim;
    CHECK(static_cast<bool>(claim.claim("-d @-")));
    CHECK(claim.claimed_by == "-d @-");
    Result<void> again = claim.claim("--api-key");
    REQUIRE_FALSE(again);
    CHECK(again.error().code == Errc::Usage);
    CHECK(contains(again.error().message, "-d @-"));
    CHECK(contains(again.error().message, "--api-key"));
    CHECK(claim.claimed_by == "-d @-");
  }
}

TEST_CASE("secret_source: @FIFO with no writer gives up after env.file_wait; /dev/zero at the cap",
          "[secret_source]") {
  TempDir dir;
  const std::string fifo = dir.path() + "/fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  Env env = make_env();
  env.file_wait = 0.2;
  StdinClaim claim;
  Result<Secret> silent = escurl::read_secret("@" + fifo, "--password", env, claim);
  REQUIRE_FALSE(silent);
  CHECK(silent.error().code == Errc::Usage);
  CHECK(silent.error().message == "gave up reading --password @" + fifo +
                                      " after 0.2 s: nothing was written to it (a FIFO with no "
                                      "writer?)");
  Result<Secret> zero = escurl::read_secret("@/dev/zero", "--bearer", env, claim);
  REQUIRE_FALSE(zero);
  CHECK(zero.error().message ==
        "cannot read --bearer @/dev/zero: it is larger than 1 MiB, the most escurl reads from such "
        "a file");
}
