// SPDX-License-Identifier: MIT
// The real binary on a machine shared with other users, and with files that are not what they
// seem: a FIFO nobody writes to (each reader gives up after --connect-timeout with its documented
// code), /dev/zero (each reader stops at its cap), a config file another user owns or can change
// (refused before any of its commands runs), a credential command's descriptors and environment,
// -o through a symbolic link another user planted in a sticky directory, and no core file.
// "Another user" is uid 65534 (nobody): the tests run as root, which can give it files.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "catch.h"
#include "raw_server.h"
#include "run_cli.h"
#include "temp_dir.h"

using escurl::testing::RawConnection;
using escurl::testing::RawServer;
using escurl::testing::run_cli;
using escurl::testing::RunOptions;
using escurl::testing::RunResult;
using escurl::testing::start_cli;
using escurl::testing::TempDir;

namespace {

constexpr uid_t kNobody = 65534;
// Nothing listens here: a run that gets as far as connecting fails at once.
constexpr const char* kNowhere = "http://127.0.0.1:9";

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// A run that must end by itself, well before this guard: reaching it means escurl hung.
RunOptions guarded() {
  RunOptions o;
  o.timeout_seconds = 30;
  return o;
}

void check_outcome(const RunResult& r, int code, const std::string& needle) {
  INFO("stderr: " << r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.term_signal == 0);
  CHECK(r.exit_code == code);
  CHECK(contains(r.err, needle));
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

std::string make_fifo(const TempDir& dir, const std::string& name) {
  const std::string path = dir.file(name);
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  return path;
}

// A plain server answering every request with `body`.
RawServer answering(std::string body) {
  return RawServer([body](RawConnection& c) {
    if (c.read_head().empty()) return;
    c.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    c.pause(50);
    c.close();
  });
}

}  // namespace

TEST_CASE("local files: a FIFO with no writer ends each reader after --connect-timeout",
          "[integration][local_files]") {
  TempDir dir;
  const std::string fifo = make_fifo(dir, "fifo");
  const std::vector<std::string> quick = {"--connect-timeout", "1", "--retry", "0"};
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), quick.begin(), quick.end());
    return run_cli(args, guarded());
  };
  SECTION("--password @FIFO: a usage error") {
    check_outcome(run({"--url", kNowhere, "-u", "elastic", "--password", "@" + fifo, "GET", "/"}),
                  2,
                  "gave up reading --password @" + fifo +
                      " after 1 s: nothing was written to it (a FIFO with no writer?)");
  }
  SECTION("--netrc-file FIFO: a usage error") {
    check_outcome(run({"--url", kNowhere, "--netrc-file", fifo, "GET", "/"}), 2,
                  "gave up reading the .netrc file '" + fifo + "' after 1 s");
  }
  SECTION("--data @FIFO: the body cannot be read (26)") {
    check_outcome(run({"--url", kNowhere, "--data", "@" + fifo, "POST", "/i/_doc"}), 26,
                  "gave up reading --data @" + fifo + " after 1 s");
  }
  SECTION("--cacert FIFO: the CA file cannot be read (77)") {
    check_outcome(run({"--url", "https://127.0.0.1:9", "--cacert", fifo, "GET", "/"}), 77,
                  "gave up reading CA file '" + fifo + "' after 1 s");
  }
}

TEST_CASE("local files: a body from a FIFO that is written is sent whole, chunked",
          "[integration][local_files]") {
  TempDir dir;
  const std::string fifo = make_fifo(dir, "body");
  std::string seen;
  std::mutex mu;
  RawServer server([&](RawConnection& c) {
    std::string head = c.read_head();
    // The chunked body may follow the head in a later segment.
    for (int i = 0; i < 50 && !contains(head, "\r\n0\r\n\r\n"); ++i) {
      c.pause(20);
      head += c.read_head(100);
    }
    {
      std::lock_guard lock(mu);
      seen = head;
    }
    c.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    c.pause(50);
    c.close();
  });
  REQUIRE(server.ok());
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);  // waits for escurl to open it
    if (fd < 0) return;
    (void)!::write(fd, "{\"a\":1}\n", 8);
    ::close(fd);
  });
  const RunResult r = run_cli(
      {"--connect-timeout", "5", "--url", server.url(), "--data", "@" + fifo, "POST", "/i/_doc"},
      guarded());
  writer.join();
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  std::lock_guard lock(mu);
  CHECK(contains(seen, "Transfer-Encoding: chunked"));
  CHECK(contains(seen, "{\"a\":1}"));
}

TEST_CASE("local files: /dev/zero as a secret, -H @ or -w @ stops at the cap",
          "[integration][local_files]") {
  const std::vector<std::string> base = {
      "--connect-timeout", "1", "--retry", "0", "--url", kNowhere};
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), base.begin(), base.end());
    return run_cli(args, guarded());
  };
  check_outcome(run({"-u", "elastic", "--password", "@/dev/zero", "GET", "/"}), 2,
                "cannot read --password @/dev/zero: it is larger than 1 MiB");
  check_outcome(run({"-H", "@/dev/zero", "GET", "/"}), 2,
                "cannot read -H @/dev/zero: it is larger than 1 MiB");
  check_outcome(run({"-w", "@/dev/zero", "GET", "/"}), 2,
                "cannot read --write-out @/dev/zero: it is larger than 1 MiB");
}

TEST_CASE("local files: a config file someone else could change is refused, its command unrun",
          "[integration][local_files]") {
  if (::geteuid() != 0) {
    WARN("not root: cannot give a file to another user");
    return;
  }
  TempDir dir;
  const std::string marker = dir.file("command-ran");
  const std::string text = "[profiles.p]\nurl = \"" + std::string(kNowhere) +
                           "\"\napi_key_command = [\"touch\", \"" + marker + "\"]\n";
  const auto run = [&](const std::string& config) {
    return run_cli({"--config", config, "--profile", "p", "GET", "/"}, guarded());
  };
  SECTION("owned by another user, mode 0644") {
    const std::string config = dir.write("theirs.toml", text, 0644);
    REQUIRE(::chown(config.c_str(), kNobody, kNobody) == 0);
    check_outcome(run(config), 2,
                  "refusing the config file '" + config + "': it belongs to another user");
    SECTION("and through a symbolic link of ours") {
      const std::string link = dir.file("link.toml");
      REQUIRE(::symlink(config.c_str(), link.c_str()) == 0);
      check_outcome(run(link), 2, "(a symbolic link to '" + config + "'): it belongs to another");
    }
  }
  SECTION("ours, but group-writable") {
    const std::string config = dir.write("group.toml", text, 0664);
    check_outcome(run(config), 2, "its group can change it (mode 0664)");
  }
  CHECK_FALSE(exists(marker));
}

TEST_CASE("local files: a credential command inherits no descriptor and no secret variable",
          "[integration][local_files]") {
  TempDir dir;
  const std::string fds = dir.file("fds");
  const std::string env = dir.file("env");
  // The shell lists its own descriptors: those it was given.
  const std::string script =
      "ls -l /proc/$$/fd > '" + fds + "'; env > '" + env + "'; echo my-id:my-key";
  const std::string config =
      dir.write("c.toml",
                "[profiles.p]\nurl = \"" + std::string(kNowhere) +
                    "\"\napi_key_command = [\"sh\", \"-c\", \"" + script + "\"]\n",
                0600);
  RunOptions o = guarded();
  o.program = "/bin/sh";
  o.env = {"ELASTICSEARCH_PASSWORD=pw-from-the-environment", "KEEP_ME=kept"};
  // escurl itself is given descriptor 7, as a careless parent would leave one open.
  const RunResult r =
      run_cli({"-c", "exec 7</dev/null; exec \"$0\" \"$@\"", ESCURL_BIN, "--config", config,
               "--profile", "p", "--connect-timeout", "1", "--retry", "0", "GET", "/"},
              o);
  INFO("stderr: " << r.err);
  CHECK_FALSE(r.timed_out);
  const std::string listed = read_text(fds);
  INFO("descriptors: " << listed);
  CHECK(contains(listed, " 0 -> "));
  CHECK(contains(listed, " 1 -> "));
  CHECK(contains(listed, " 2 -> "));
  CHECK_FALSE(contains(listed, " 3 -> "));
  CHECK_FALSE(contains(listed, " 7 -> "));
  const std::string vars = read_text(env);
  CHECK(contains(vars, "KEEP_ME=kept"));
  CHECK_FALSE(contains(vars, "ELASTICSEARCH_PASSWORD"));
  CHECK_FALSE(contains(vars, "pw-from-the-environment"));
}

TEST_CASE("local files: -o through a link another user planted in a sticky directory is refused",
          "[integration][local_files]") {
  if (::geteuid() != 0) {
    WARN("not root: cannot plant a link as another user");
    return;
  }
  RawServer server = answering("{\"new\":true}");
  REQUIRE(server.ok());
  TempDir shared("escurl-shared-");
  REQUIRE(::chmod(shared.path().c_str(), 01777) == 0);
  TempDir mine;
  const std::string victim = mine.write("victim.json", "precious", 0644);
  const std::string link = shared.file("out.json");
  REQUIRE(::symlink(victim.c_str(), link.c_str()) == 0);
  const auto fetch = [&] {
    return run_cli({"--url", server.url(), "-o", link, "GET", "/"}, guarded());
  };
  SECTION("a link owned by another user: refused, the target untouched") {
    REQUIRE(::lchown(link.c_str(), kNobody, kNobody) == 0);
    check_outcome(fetch(), 23, "refusing -o " + link);
    CHECK(read_text(victim) == "precious");
    CHECK(mine.entries() == std::vector<std::string>{"victim.json"});
  }
  SECTION("a link of our own there is followed, as before") {
    const RunResult r = fetch();
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(read_text(victim) == "{\"new\":true}");
  }
}

TEST_CASE("local files: escurl leaves no core file", "[integration][local_files]") {
  // A server that never answers keeps escurl waiting while its limits are read.
  RawServer server([](RawConnection& c) {
    c.read_head();
    c.pause(10000);
  });
  REQUIRE(server.ok());
  RunOptions o = guarded();
  o.program = "/bin/sh";
  // Core files allowed, as a shell with `ulimit -c unlimited` would start it.
  auto cli = start_cli({"-c", "ulimit -c unlimited; exec \"$0\" \"$@\"", ESCURL_BIN, "-m", "20",
                        "--url", server.url(), "GET", "/"},
                       o);
  for (int i = 0; i < 200 && server.connections() == 0; ++i) ::usleep(20 * 1000);
  REQUIRE(server.connections() > 0);
  const std::string limits = read_text("/proc/" + std::to_string(cli.pid()) + "/limits");
  cli.send_signal(SIGKILL);
  cli.wait();
  std::istringstream lines(limits);
  std::string line;
  std::string core;
  while (std::getline(lines, line)) {
    if (line.starts_with("Max core file size")) core = line;
  }
  INFO("limits: " << limits);
  REQUIRE_FALSE(core.empty());
  std::istringstream fields(core.substr(std::string("Max core file size").size()));
  std::string soft;
  std::string hard;
  fields >> soft >> hard;
  CHECK(soft == "0");
}
