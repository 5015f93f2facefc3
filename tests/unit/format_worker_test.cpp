// SPDX-License-Identifier: MIT
// FormatWorker: whatever the block size and however the body is cut, the output is exactly what
// one JsonFormatter gives for the whole body; drain() leaves a cut-short body as far as it got;
// a reader that goes away stops it without a hang.
#include "format_worker.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "catch.h"
#include "scratch_dir.h"

using escurl::BodyKind;
using escurl::FormatWorker;
using escurl::JsonFormatter;
using escurl::JsonStyle;
using escurl::Output;

namespace {

// A search-like response of `hits` hits, with escapes, numbers, literals and nesting.
std::string search_body(int hits) {
  std::string s = R"({"took":3,"hits":{"total":{"value":)" + std::to_string(hits) + R"(},"hits":[)";
  for (int i = 0; i < hits; ++i) {
    if (i > 0) s += ',';
    s +=
        R"({"_id":")" + std::to_string(i) +
        R"(","_score":1.5e3,"_source":{"msg":"a \"quoted\" \u00e9 line\n","n":[1,-2.5,true,null,{}],"deep":[[[]]]}})";
  }
  return s + "]}}";
}

std::string format_whole(const std::string& body, JsonStyle style, BodyKind kind) {
  JsonFormatter f(style, kind);
  std::string out;
  f.feed(body, out);
  f.finish(out);
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Feeds `body` through a worker into a file in pieces of random sizes (up to `max_piece`),
// calling flush() now and then, as the transport does before it waits.
std::string through_worker(const std::string& body, std::size_t block, std::size_t max_piece,
                           JsonStyle style, BodyKind kind, unsigned seed) {
  escurl::testing::ScratchDir dir("format-worker");
  const std::string path = dir.path() + "/out.json";
  {
    escurl::Result<Output> out = Output::to_file(path);
    REQUIRE(out);
    FormatWorker worker(JsonFormatter(style, kind), *out, block);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> piece(1, max_piece);
    std::size_t at = 0;
    while (at < body.size()) {
      const std::size_t n = std::min(piece(rng), body.size() - at);
      REQUIRE(worker.write(body.data() + at, n));
      at += n;
      if (rng() % 7 == 0) worker.flush();
    }
    REQUIRE(worker.finish());
    REQUIRE(out->finish());
  }
  return slurp(path);
}

// Bytes waiting in a pipe, read without blocking.
std::string read_available(int fd) {
  std::string got;
  char buf[4096];
  const int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
    got.append(buf, static_cast<std::size_t>(n));
  ::fcntl(fd, F_SETFL, flags);
  return got;
}

}  // namespace

TEST_CASE("format_worker: output equals one formatter's for any block size and cutting",
          "[format_worker]") {
  const std::string body = search_body(3000);  // about 420 KB: many blocks of every size below
  const JsonStyle style = GENERATE(JsonStyle{}, JsonStyle{JsonStyle::Mode::Compact},
                                   JsonStyle{JsonStyle::Mode::Pretty, true, 4});
  const std::string expected = format_whole(body, style, BodyKind::Json);
  for (const std::size_t block : {std::size_t{1}, std::size_t{7}, std::size_t{4096},
                                  std::size_t{65536}, FormatWorker::kDefaultBlock}) {
    for (const std::size_t max_piece : {std::size_t{3}, std::size_t{5000}, std::size_t{300000}}) {
      if (block == 1 && max_piece > 5000) continue;  // slow, and says nothing new
      INFO("block " << block << ", pieces up to " << max_piece);
      CHECK(through_worker(body, block, max_piece, style, BodyKind::Json,
                           static_cast<unsigned>(block + max_piece)) == expected);
    }
  }
}

TEST_CASE("format_worker: NDJSON lines and a broken line come out as the formatter gives them",
          "[format_worker]") {
  std::string body;
  for (int i = 0; i < 2000; ++i) {
    body += (i % 500 == 7) ? "{\"broken\": tru\n"
                           : R"({"index":{"_id":")" + std::to_string(i) + "\"}}\n";
  }
  const std::string expected = format_whole(body, JsonStyle{}, BodyKind::Ndjson);
  CHECK(through_worker(body, 1000, 777, JsonStyle{}, BodyKind::Ndjson, 1) == expected);
}

TEST_CASE("format_worker: a small body is formatted and written out by flush() itself",
          "[format_worker]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const int saved_stdout = ::dup(1);
  ::dup2(fds[1], 1);
  std::string after_write;
  std::string after_flush;
  bool finished = false;
  char last = 0;
  {
    Output out = Output::to_stdout();
    FormatWorker worker(JsonFormatter(JsonStyle{}), out);
    worker.write("{\"a\":[1,", 8);
    after_write = read_available(fds[0]);
    worker.flush();  // no thread for so little: formatted and written before flush() returns
    after_flush = read_available(fds[0]);
    worker.write("2]}", 3);
    finished = worker.finish() && out.finish();
    last = worker.last_byte();
  }
  ::dup2(saved_stdout, 1);
  ::close(saved_stdout);
  ::close(fds[1]);
  const std::string rest = read_available(fds[0]);
  ::close(fds[0]);
  CHECK(after_write.empty());
  CHECK(after_flush == "{\n  \"a\": [\n    1,");
  CHECK(finished);
  CHECK(last == '\n');
  CHECK(after_flush + rest == "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n");
}

TEST_CASE("format_worker: drain() leaves a cut-short body as far as it got, unended",
          "[format_worker]") {
  escurl::testing::ScratchDir dir("format-worker");
  const std::string path = dir.path() + "/out.json";
  const std::string body = search_body(2000);
  const std::string half = body.substr(0, body.size() / 2);
  std::string expected;
  JsonFormatter reference{JsonStyle{}};
  reference.feed(half, expected);
  {
    escurl::Result<Output> out = Output::to_file(path);
    REQUIRE(out);
    FormatWorker worker(JsonFormatter(JsonStyle{}), *out, 4096);
    REQUIRE(worker.write(half.data(), half.size()));
    worker.drain();
    REQUIRE(out->finish());
  }
  CHECK(slurp(path) == expected);
}

TEST_CASE("format_worker: a reader that goes away stops the worker, with no hang",
          "[format_worker]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  struct sigaction ignore {};
  struct sigaction saved {};
  ignore.sa_handler = SIG_IGN;
  ::sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGPIPE, &ignore, &saved);
  const int saved_stdout = ::dup(1);
  ::dup2(fds[1], 1);
  bool stopped = false;
  bool finished = true;
  bool broken = false;
  {
    Output out = Output::to_stdout();
    FormatWorker worker(JsonFormatter(JsonStyle{}), out, 4096);
    const std::string body = search_body(20000);  // about 2.8 MB, pretty-printed to more
    for (std::size_t at = 0; at < body.size() && !stopped; at += 1000) {
      stopped = !worker.write(body.data() + at, std::min<std::size_t>(1000, body.size() - at));
    }
    finished = worker.finish();
    broken = out.broken_pipe();
  }
  ::dup2(saved_stdout, 1);
  ::close(saved_stdout);
  ::close(fds[1]);
  ::sigaction(SIGPIPE, &saved, nullptr);
  CHECK(stopped);
  CHECK_FALSE(finished);
  CHECK(broken);
}
