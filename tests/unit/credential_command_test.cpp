// SPDX-License-Identifier: MIT
// Credential commands: output less trailing whitespace is the secret, no shell is involved,
// stdin is /dev/null and stderr is discarded; failures (exit status, signal, missing program,
// empty or oversized output, timeout) are Usage errors naming the program and never its output,
// and a timed-out child is killed and reaped.
#include "credential_command.h"

#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <vector>

#include "catch.h"

using escurl::Errc;
using escurl::Result;
using escurl::Secret;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kWhat = "api_key_command in profile 'test'";

Result<Secret> run(std::vector<std::string> argv,
                   std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
  return escurl::run_credential_command(argv, timeout, kWhat);
}

Result<Secret> sh(const std::string& script,
                  std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
  return run({"/bin/sh", "-c", script}, timeout);
}

// True when no child of this process is a zombie. WNOWAIT leaves any child as it is, so other
// tests' children are not disturbed.
bool no_zombie_children() {
  siginfo_t info{};
  const int rc = ::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT);
  return (rc == -1 && errno == ECHILD) || (rc == 0 && info.si_pid == 0);
}

}  // namespace

TEST_CASE("credential_command: standard output less trailing whitespace is the secret",
          "[credential_command]") {
  const struct {
    std::string script;
    std::string secret;
  } cases[] = {
      {"printf 's3cret\\n'", "s3cret"},
      {"printf 's3cret'", "s3cret"},
      {"printf 's3cret \\t\\r\\n\\n  \\n'", "s3cret"},
      // Leading and inner whitespace belong to the secret.
      {"printf '  a b\\n'", "  a b"},
      {"printf 'line1\\nline2\\n'", "line1\nline2"},
      // Standard error is discarded, not mixed in.
      {"echo noise >&2; echo s3cret", "s3cret"},
      // Standard input is /dev/null, so reading it ends at once.
      {"cat; echo s3cret", "s3cret"},
      // Exactly the maximum is allowed.
      {"head -c 65536 /dev/zero | tr '\\0' a", std::string(65536, 'a')},
  };
  for (const auto& c : cases) {
    CAPTURE(c.script);
    Result<Secret> r = sh(c.script);
    REQUIRE(r);
    CHECK(r->reveal() == c.secret);
  }
  CHECK(no_zombie_children());
}

TEST_CASE("credential_command: arguments reach the program without a shell",
          "[credential_command]") {
  Result<Secret> r = run({"printf", "%s", "a b;$HOME `id` *"});
  REQUIRE(r);
  CHECK(r->reveal() == "a b;$HOME `id` *");
}

TEST_CASE("credential_command: failures name the program, never the output",
          "[credential_command]") {
  const struct {
    std::vector<std::string> argv;
    std::string message;
  } cases[] = {
      {{"/bin/sh", "-c", "echo s3cret; echo s3cret >&2; exit 3"}, "'/bin/sh' exited with status 3"},
      {{"/bin/sh", "-c", "echo s3cret; kill -TERM $$"}, "'/bin/sh' was killed by signal 15"},
      {{"/bin/sh", "-c", "true"}, "'/bin/sh' printed nothing on standard output"},
      {{"/bin/sh", "-c", "printf ' \\n\\t\\n'"}, "'/bin/sh' printed nothing on standard output"},
      {{"/bin/sh", "-c", "head -c 65537 /dev/zero | tr '\\0' s"},
       "'/bin/sh' printed more than 65536 bytes"},
      // An endless writer is stopped at the limit, not at the timeout.
      {{"yes", "s3cret"}, "'yes' printed more than 65536 bytes"},
      {{"/nonexistent/escurl-no-such-helper"},
       "'/nonexistent/escurl-no-such-helper' cannot be run: No such file or directory"},
      {{"escurl-no-such-helper-in-path"},
       "'escurl-no-such-helper-in-path' cannot be run: No such file or directory"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.argv[0], c.message);
    Result<Secret> r = run(c.argv);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(r.error().message == std::string(kWhat) + ": " + c.message);
    CHECK(r.error().message.find("s3cret") == std::string::npos);
    REQUIRE(r.error().hints.size() == 1);
    CHECK(r.error().hints[0].find("s3cret") == std::string::npos);
  }
  CHECK(no_zombie_children());
}

TEST_CASE("credential_command: an empty command is refused", "[credential_command]") {
  for (const std::vector<std::string>& argv :
       {std::vector<std::string>{}, std::vector<std::string>{""}}) {
    Result<Secret> r = run(argv);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(r.error().message == std::string(kWhat) + ": the command is empty");
  }
}

TEST_CASE("credential_command: a command past its timeout is killed and reaped",
          "[credential_command]") {
  // The second script closes its output first, so the wait for its exit is what times out.
  for (const std::string script : {"sleep 5", "printf s3cret; exec >&-; sleep 5"}) {
    CAPTURE(script);
    const auto start = std::chrono::steady_clock::now();
    Result<Secret> r = sh(script, 200ms);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(r.error().message ==
          std::string(kWhat) + ": '/bin/sh' did not finish within 200 ms and was killed");
    CHECK(elapsed >= 200ms);
    // kill_and_reap waits for the child, so returning well before the sleep ends shows it died.
    CHECK(elapsed < 2s);
    CHECK(no_zombie_children());
  }
}
