// SPDX-License-Identifier: MIT
// Output: an -o file appears only when finish() renames its temporary into place; abandon()
// (and destruction) leave nothing behind; a closed pipe on stdout is a quiet broken_pipe(),
// other write failures are WriteOutput errors. Small writes are gathered until flush(), a full
// buffer or finish().
#include "output.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "catch.h"
#include "scratch_dir.h"

using escurl::Errc;
using escurl::Output;
using escurl::Result;

namespace {

// Every test of this file writes its files into its own scratch directory.
struct TempDir : escurl::testing::ScratchDir {
  TempDir() : ScratchDir("output") {}
  // Names of the entries in the directory, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path())) {
      names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }
};

std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Output open_ok(const std::string& path) {
  Result<Output> r = Output::to_file(path);
  if (!r) FAIL("to_file failed: " << r.error().message);
  return std::move(r).value();
}

// Points fd 1 somewhere else for the lifetime of the object, with SIGPIPE ignored, so a write
// to a closed pipe returns EPIPE instead of ending the test run.
class StdoutRedirect {
 public:
  explicit StdoutRedirect(int fd) {
    std::fflush(stdout);
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGPIPE, &ignore, &saved_action_);
    saved_fd_ = ::dup(1);
    ::dup2(fd, 1);
  }
  ~StdoutRedirect() {
    ::dup2(saved_fd_, 1);
    ::close(saved_fd_);
    ::sigaction(SIGPIPE, &saved_action_, nullptr);
  }
  StdoutRedirect(const StdoutRedirect&) = delete;
  StdoutRedirect& operator=(const StdoutRedirect&) = delete;

 private:
  int saved_fd_ = -1;
  struct sigaction saved_action_ {};
};

}  // namespace

TEST_CASE("output: to_file writes nothing at the final path until finish()", "[output]") {
  TempDir dir;
  const std::string path = dir.path() + "/out.json";
  Output out = open_ok(path);
  CHECK(out.write(R"({"took":1,)"));
  CHECK(out.write(std::string_view(R"("hits":[]})")));
  CHECK_FALSE(out.error().has_value());
  CHECK_FALSE(std::filesystem::exists(path));
  // The bytes go to one temporary file beside the final path.
  const std::vector<std::string> before = dir.entries();
  REQUIRE(before.size() == 1);
  CHECK(before.front().starts_with("out.json."));

  Result<void> done = out.finish();
  REQUIRE(done);
  CHECK(slurp(path) == std::optional<std::string>(R"({"took":1,"hits":[]})"));
  CHECK(dir.entries() == std::vector<std::string>{"out.json"});
}

TEST_CASE("output: finish() replaces an existing file only at the end", "[output]") {
  TempDir dir;
  const std::string path = dir.file("out.json", "old content");
  Output out = open_ok(path);
  CHECK(out.write("new content"));
  CHECK(slurp(path) == std::optional<std::string>("old content"));
  REQUIRE(out.finish());
  CHECK(slurp(path) == std::optional<std::string>("new content"));
  CHECK(dir.entries() == std::vector<std::string>{"out.json"});
}

TEST_CASE("output: abandon() removes the temporary file and leaves an old file alone", "[output]") {
  TempDir dir;
  SECTION("no previous file") {
    const std::string path = dir.path() + "/out.json";
    Output out = open_ok(path);
    CHECK(out.write("partial"));
    out.abandon();
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(dir.entries().empty());
  }
  SECTION("a previous file survives") {
    const std::string path = dir.file("out.json", "old content");
    Output out = open_ok(path);
    CHECK(out.write("partial"));
    out.abandon();
    CHECK(slurp(path) == std::optional<std::string>("old content"));
    CHECK(dir.entries() == std::vector<std::string>{"out.json"});
  }
}

TEST_CASE("output: destroying an unfinished output abandons it", "[output]") {
  TempDir dir;
  const std::string path = dir.path() + "/out.json";
  {
    Output out = open_ok(path);
    CHECK(out.write("partial"));
  }
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK(dir.entries().empty());
}

TEST_CASE("output: a moved output keeps its file", "[output]") {
  TempDir dir;
  const std::string path = dir.path() + "/out.json";
  Output first = open_ok(path);
  CHECK(first.write("abc"));
  Output second(std::move(first));
  CHECK(second.write("def"));
  REQUIRE(second.finish());
  CHECK(slurp(path) == std::optional<std::string>("abcdef"));
}

TEST_CASE("output: finish() with nothing written makes an empty file", "[output]") {
  TempDir dir;
  const std::string path = dir.path() + "/empty.json";
  Output out = open_ok(path);
  REQUIRE(out.finish());
  CHECK(slurp(path) == std::optional<std::string>(""));
}

TEST_CASE("output: to_file in a missing directory is a WriteOutput error naming the path",
          "[output]") {
  TempDir dir;
  const std::string path = dir.path() + "/no/such/dir/out.json";
  Result<Output> r = Output::to_file(path);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::WriteOutput);
  CHECK(r.error().message.find(path) != std::string::npos);
}

TEST_CASE("output: write_all writes every byte to a descriptor", "[output]") {
  TempDir dir;
  const std::string path = dir.path() + "/raw";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  REQUIRE(fd >= 0);
  std::string big;
  for (int i = 0; i < 300000; ++i) big += static_cast<char>('a' + i % 26);
  CHECK(escurl::write_all(fd, big.data(), big.size()));
  CHECK(escurl::write_all(fd, "", 0));
  ::close(fd);
  CHECK(slurp(path) == std::optional<std::string>(big));
}

TEST_CASE("output: write_all fails on a pipe whose reader is gone", "[output]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  struct sigaction ignore {
  }, saved{};
  ignore.sa_handler = SIG_IGN;
  ::sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGPIPE, &ignore, &saved);
  errno = 0;
  const bool written = escurl::write_all(fds[1], "x", 1);
  const int err = errno;
  ::sigaction(SIGPIPE, &saved, nullptr);
  ::close(fds[1]);
  CHECK_FALSE(written);
  CHECK(err == EPIPE);
}

TEST_CASE("output: stdout to a closed pipe is a quiet broken pipe, not an error", "[output]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  bool queued = false;
  bool flushed = true;
  bool second = true;
  bool broken = false;
  bool has_error = true;
  bool finished = false;
  {
    StdoutRedirect redirect(fds[1]);
    Output out = Output::to_stdout();
    queued = out.write("{\"took\":1}\n");  // gathered: the pipe is not touched yet
    flushed = out.flush();
    second = out.write("more");
    broken = out.broken_pipe();
    has_error = out.error().has_value();
    finished = static_cast<bool>(out.finish());  // a reader that left is not an error
  }
  ::close(fds[1]);
  CHECK(queued);
  CHECK_FALSE(flushed);
  CHECK_FALSE(second);
  CHECK(broken);
  CHECK_FALSE(has_error);
  CHECK(finished);
}

TEST_CASE("output: stdout that cannot be written is a WriteOutput error", "[output]") {
  const int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  if (full < 0) {
    WARN("no /dev/full here; skipping");
    return;
  }
  bool written = true;
  bool broken = true;
  std::optional<escurl::Error> error;
  {
    StdoutRedirect redirect(full);
    Output out = Output::to_stdout();
    written = out.write("x") && out.flush();
    broken = out.broken_pipe();
    error = out.error();
  }
  ::close(full);
  CHECK_FALSE(written);
  CHECK_FALSE(broken);
  REQUIRE(error.has_value());
  CHECK(error->code == Errc::WriteOutput);
  CHECK(error->message.find("standard output") != std::string::npos);
}

TEST_CASE("output: stdout output writes to fd 1", "[output]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  bool written = false;
  {
    StdoutRedirect redirect(fds[1]);
    Output out = Output::to_stdout();
    written = out.write("hello");
    REQUIRE(out.finish());
  }
  ::close(fds[1]);
  char buf[16] = {};
  const ssize_t n = ::read(fds[0], buf, sizeof buf);
  ::close(fds[0]);
  CHECK(written);
  CHECK(std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0) == "hello");
}

namespace {

// Bytes waiting in a pipe, read without blocking.
std::string drain_pipe(int fd) {
  std::string got;
  char buf[65536];
  const int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  ::fcntl(fd, F_SETFL, flags);
  return got;
}

}  // namespace

TEST_CASE("output: small writes wait for flush() and then go out together, in order", "[output]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::string before;
  std::string after;
  {
    StdoutRedirect redirect(fds[1]);
    Output out = Output::to_stdout();
    REQUIRE(out.write("one "));
    REQUIRE(out.write("two "));
    before = drain_pipe(fds[0]);
    REQUIRE(out.flush());
    after = drain_pipe(fds[0]);
  }
  ::close(fds[1]);
  ::close(fds[0]);
  CHECK(before.empty());
  CHECK(after == "one two ");
}

TEST_CASE("output: a full buffer is written out without a flush, and nothing is reordered",
          "[output]") {
  TempDir dir;
  const std::string path = dir.path() + "/big.out";
  std::string expected;
  {
    Output out = open_ok(path);
    // Pieces of every size around the buffer's: small ones, ones that overflow it, and ones
    // larger than it (written straight through after what is queued).
    for (const std::size_t size : {100, 200000, 70000, 600000, 1, 262144, 262143, 5, 1000000}) {
      const std::string piece(size, static_cast<char>('a' + expected.size() % 26));
      expected += piece;
      REQUIRE(out.write(piece));
    }
    REQUIRE(out.finish());
  }
  const std::optional<std::string> got = slurp(path);
  REQUIRE(got.has_value());
  CHECK(got->size() == expected.size());
  CHECK(*got == expected);
}

TEST_CASE("output: destroying a stdout output writes what was queued", "[output]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  {
    StdoutRedirect redirect(fds[1]);
    Output out = Output::to_stdout();
    REQUIRE(out.write("partial body"));
  }
  const std::string got = drain_pipe(fds[0]);
  ::close(fds[1]);
  ::close(fds[0]);
  CHECK(got == "partial body");
}

TEST_CASE("output: a FIFO given to to_file is written in place and stays a FIFO", "[output]") {
  TempDir dir;
  const std::string path = dir.path() + "/pipe";
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  std::string got;
  std::thread reader([&] {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    got = s.str();
  });
  {
    Output out = open_ok(path);
    REQUIRE(out.write("through the pipe"));
    REQUIRE(out.finish());
  }
  reader.join();
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  CHECK(got == "through the pipe");
  CHECK(dir.entries() == std::vector<std::string>{"pipe"});
}

TEST_CASE("output: a character device (-o /dev/null) is written, never replaced", "[output]") {
  TempDir dir;
  const std::string path = dir.path() + "/null";
  // A device node of our own (makedev(1, 3) is /dev/null), so a regression cannot harm the
  // machine's; making one needs root.
  if (::mknod(path.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    WARN("cannot make a device node here (not root?); skipping");
    return;
  }
  {
    Output out = open_ok(path);
    REQUIRE(out.write(std::string(300000, 'x')));  // larger than the buffer, and queued bits
    REQUIRE(out.write("tail"));
    REQUIRE(out.finish());
  }
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
  CHECK(dir.entries() == std::vector<std::string>{"null"});
}

TEST_CASE("output: replacing a file keeps its mode; a symbolic link is written through",
          "[output]") {
  TempDir dir;
  const std::string target = dir.path() + "/secret.json";
  { std::ofstream(target) << "old"; }
  REQUIRE(::chmod(target.c_str(), 0600) == 0);
  const std::string link = dir.path() + "/link.json";
  REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
  {
    Output out = open_ok(link);
    REQUIRE(out.write("{\"api_key\":\"new\"}"));
    REQUIRE(out.finish());
  }
  struct stat st {};
  REQUIRE(::lstat(link.c_str(), &st) == 0);
  CHECK(S_ISLNK(st.st_mode));  // the link is still a link
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);  // not widened to 0644 by the replacement
  CHECK(slurp(target) == std::optional<std::string>("{\"api_key\":\"new\"}"));
  CHECK(dir.entries() == std::vector<std::string>{"link.json", "secret.json"});
}

TEST_CASE("output: the temporary file is close-on-exec, so no child inherits it", "[output]") {
  TempDir dir;
  Output out = open_ok(dir.path() + "/out.json");
  // Find the descriptor of the temporary file among this process's.
  std::optional<int> found;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const std::string target = std::filesystem::read_symlink(e.path(), ec).string();
    if (!ec && target.starts_with(dir.path() + "/out.json.escurl-")) {
      found = std::stoi(e.path().filename().string());
    }
  }
  REQUIRE(found);
  const int flags = ::fcntl(*found, F_GETFD);
  REQUIRE(flags >= 0);
  CHECK((flags & FD_CLOEXEC) != 0);
  out.abandon();
}

TEST_CASE("output: a link another user made in a sticky world-writable directory is refused",
          "[output]") {
  if (::geteuid() != 0) {
    WARN("not root: cannot make a link as another user");
    return;
  }
  TempDir shared;
  REQUIRE(::chmod(shared.path().c_str(), 01777) == 0);
  TempDir mine;
  const std::string victim = mine.path() + "/victim";
  { std::ofstream(victim) << "precious"; }
  const std::string link = shared.path() + "/out.json";
  REQUIRE(::symlink(victim.c_str(), link.c_str()) == 0);
  SECTION("owned by another user than us and the directory's owner") {
    REQUIRE(::lchown(link.c_str(), 65534, 65534) == 0);
    Result<Output> out = Output::to_file(link);
    REQUIRE_FALSE(out);
    CHECK(out.error().code == Errc::WriteOutput);
    CHECK(out.error().message ==
          "refusing -o " + link +
              ": it is a symbolic link that another user (uid 65534) made in '" + shared.path() +
              "', a directory anyone can write to, so it may lead to any file of "
              "yours");
    CHECK(mine.entries() == std::vector<std::string>{"victim"});
  }
  SECTION("owned by the directory's owner: followed") {
    REQUIRE(::chown(shared.path().c_str(), 65534, 65534) == 0);
    REQUIRE(::lchown(link.c_str(), 65534, 65534) == 0);
    CHECK(Output::to_file(link));
  }
  SECTION("in a directory that is not sticky: followed") {
    REQUIRE(::chmod(shared.path().c_str(), 0777) == 0);
    REQUIRE(::lchown(link.c_str(), 65534, 65534) == 0);
    CHECK(Output::to_file(link));
  }
  CHECK(slurp(victim) == std::optional<std::string>("precious"));
}
