// SPDX-License-Identifier: MIT
// File reading: whole files byte for byte, errors that name the file as the caller describes it
// (never the content), the size cap (a regular file, /dev/zero), a FIFO nobody writes to (the
// open returns at once and the read gives up after the wait), FIFOs and pipes that do get
// written, O_NOFOLLOW, and wait_for_input.
#include "file_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>

#include "catch.h"
#include "scratch_dir.h"

using escurl::Errc;
using escurl::FileRead;
using escurl::InputFile;
using escurl::Result;

namespace {

struct TempDir : escurl::testing::ScratchDir {
  TempDir() : ScratchDir("file-read") {}
};

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

FileRead how(std::string what, std::size_t max = escurl::kSmallFileLimit, double wait = 10) {
  return FileRead{std::move(what), max, wait, Errc::Usage};
}

std::string make_fifo(const TempDir& dir, const std::string& name) {
  const std::string path = dir.path() + "/" + name;
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  return path;
}

}  // namespace

TEST_CASE("file_read: a regular file is read whole, byte for byte", "[file_read]") {
  TempDir dir;
  SECTION("text with its newlines") {
    Result<std::string> r = escurl::read_whole_file(dir.file("a", "line1\r\nline2\n"), how("a"));
    REQUIRE(r);
    CHECK(*r == "line1\r\nline2\n");
  }
  SECTION("binary content with NUL bytes") {
    const std::string bytes("\0\x01\xff{}\0", 6);
    Result<std::string> r = escurl::read_whole_file(dir.file("b", bytes), how("b"));
    REQUIRE(r);
    CHECK(*r == bytes);
  }
  SECTION("larger than one read") {
    std::string big;
    for (int i = 0; i < 300000; ++i) big += static_cast<char>('a' + i % 26);
    Result<std::string> r = escurl::read_whole_file(dir.file("big", big), how("big"));
    REQUIRE(r);
    CHECK(*r == big);
  }
  SECTION("an empty file") {
    Result<std::string> r = escurl::read_whole_file(dir.file("empty", ""), how("empty"));
    REQUIRE(r);
    CHECK(r->empty());
  }
  SECTION("exactly as large as the cap") {
    Result<std::string> r =
        escurl::read_whole_file(dir.file("cap", std::string(1024, 'x')), how("cap", 1024));
    REQUIRE(r);
    CHECK(r->size() == 1024);
  }
}

TEST_CASE("file_read: errors name the file as described, with the OS error and code",
          "[file_read]") {
  TempDir dir;
  SECTION("a missing file") {
    FileRead h = how("--password @" + dir.path() + "/missing");
    h.code = Errc::CaUnreadable;
    Result<std::string> r = escurl::read_whole_file(dir.path() + "/missing", h);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::CaUnreadable);
    CHECK(r.error().message ==
          "cannot read --password @" + dir.path() + "/missing: " + std::strerror(ENOENT));
  }
  SECTION("a directory") {
    dir.file("secret.txt", "hunter2");
    Result<std::string> r = escurl::read_whole_file(dir.path(), how("the dir"));
    REQUIRE_FALSE(r);
    CHECK(r.error().message == std::string("cannot read the dir: ") + std::strerror(EISDIR));
    CHECK_FALSE(contains(r.error().message, "hunter2"));
  }
}

TEST_CASE("file_read: a file larger than the cap is refused, naming the cap", "[file_read]") {
  TempDir dir;
  SECTION("a regular file one byte over") {
    const std::string path = dir.file("big", std::string(1025, 's'));
    Result<std::string> r = escurl::read_whole_file(path, how("-H @big", 1024));
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "cannot read -H @big: it is larger than 1 KiB, the most escurl reads from such a file");
  }
  SECTION("/dev/zero stops at the cap instead of filling memory") {
    Result<std::string> r =
        escurl::read_whole_file("/dev/zero", how("--password @/dev/zero", escurl::kSmallFileLimit));
    REQUIRE_FALSE(r);
    CHECK(contains(r.error().message, "--password @/dev/zero: it is larger than 1 MiB"));
  }
}

TEST_CASE("file_read: a FIFO with no writer opens at once and gives up after the wait",
          "[file_read]") {
  TempDir dir;
  const std::string fifo = make_fifo(dir, "fifo");
  SECTION("read whole") {
    Result<std::string> r = escurl::read_whole_file(fifo, how("--password @" + fifo, 1024, 0.2));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(r.error().message == "gave up reading --password @" + fifo +
                                   " after 0.2 s: nothing was written to it (a FIFO with no "
                                   "writer?)");
    REQUIRE(r.error().hints.size() == 1);
    CHECK(contains(r.error().hints[0], "--connect-timeout"));
  }
  SECTION("wait_for_input") {
    const InputFile f(fifo);
    REQUIRE(f.is_open());
    CHECK(S_ISFIFO(f.status().st_mode));
    CHECK_FALSE(escurl::wait_for_input(f.fd(), 0.1));
  }
}

TEST_CASE("file_read: a FIFO that is written is read to its end", "[file_read]") {
  TempDir dir;
  const std::string fifo = make_fifo(dir, "fifo");
  SECTION("a writer that writes and closes") {
    std::thread writer([&] {
      const int fd = ::open(fifo.c_str(), O_WRONLY);  // waits for the reader
      if (fd < 0) return;
      (void)!::write(fd, "s3cret\n", 7);
      ::usleep(50 * 1000);
      (void)!::write(fd, "more", 4);
      ::close(fd);
    });
    Result<std::string> r = escurl::read_whole_file(fifo, how("f", 1024, 30));
    writer.join();
    REQUIRE(r);
    CHECK(*r == "s3cret\nmore");
  }
  SECTION("a writer that stops writing but keeps it open") {
    int writer_fd = -1;
    std::thread writer([&] {
      writer_fd = ::open(fifo.c_str(), O_WRONLY);
      if (writer_fd >= 0) (void)!::write(writer_fd, "part", 4);
    });
    Result<std::string> r = escurl::read_whole_file(fifo, how("--data @f", 1024, 0.3));
    writer.join();
    if (writer_fd >= 0) ::close(writer_fd);
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "gave up reading --data @f: nothing more was written to it for 0.3 s");
  }
  SECTION("wait_for_input sees the first byte") {
    const InputFile f(fifo);
    REQUIRE(f.is_open());
    const int w = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);  // a reader is there: no wait
    REQUIRE(w >= 0);
    REQUIRE(::write(w, "x", 1) == 1);
    CHECK(escurl::wait_for_input(f.fd(), 5));
    ::close(w);
  }
}

TEST_CASE("file_read: read_all appends what a pipe holds, within the cap", "[file_read]") {
  int p[2];
  REQUIRE(::pipe(p) == 0);
  REQUIRE(::write(p[1], "abc", 3) == 3);
  ::close(p[1]);
  std::string out = "x";
  REQUIRE(escurl::read_all(p[0], how("standard input"), out));
  ::close(p[0]);
  CHECK(out == "xabc");

  REQUIRE(::pipe(p) == 0);
  REQUIRE(::write(p[1], "abcdef", 6) == 6);
  ::close(p[1]);
  std::string capped;
  Result<void> r = escurl::read_all(p[0], how("standard input", 5), capped);
  ::close(p[0]);
  REQUIRE_FALSE(r);
  CHECK(capped.empty());  // wiped
  CHECK(contains(r.error().message, "larger than 5 bytes"));
}

TEST_CASE("file_read: InputFile takes O_NOFOLLOW and reports the open's error", "[file_read]") {
  TempDir dir;
  const std::string target = dir.file("target", "t");
  const std::string link = dir.path() + "/link";
  REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
  const InputFile through(link);
  CHECK(through.is_open());
  const InputFile refused(link, O_NOFOLLOW);
  CHECK_FALSE(refused.is_open());
  CHECK(refused.os_error() == ELOOP);
  CHECK(refused.open_error(how("the link")).message ==
        std::string("cannot read the link: ") + std::strerror(ELOOP));
}

TEST_CASE("file_read: describe_size", "[file_read]") {
  CHECK(escurl::describe_size(1 << 20) == "1 MiB");
  CHECK(escurl::describe_size(16u << 20) == "16 MiB");
  CHECK(escurl::describe_size(64 << 10) == "64 KiB");
  CHECK(escurl::describe_size(1000) == "1000 bytes");
}
