// SPDX-License-Identifier: MIT
// Pretty-prints a JSON file to stdout with escurl's JsonFormatter, streaming it in 64 KiB chunks
// the way the transport hands a body over: what `escurl --pretty` will do with a response body,
// without the network. bench/run times it against `jq . FILE` and reads its peak RSS, which,
// unlike json_stream_bench's, does not include a copy of the whole input.
//
//   g++ -std=c++20 -O2 -DNDEBUG -Isrc bench/json_pretty_file.cpp src/json_stream.cpp \
//       src/json_stream_fast.cpp -o /tmp/json_pretty_file
//   /tmp/json_pretty_file FILE > /dev/null
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "json_stream.h"

namespace {

constexpr std::size_t kChunk = 64 * 1024;

bool write_all(const std::string& s) {
  const char* p = s.data();
  std::size_t left = s.size();
  while (left > 0) {
    const ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE > OUT\n", argv[0]);
    return 2;
  }
  const int fd = ::open(argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::fprintf(stderr, "%s: %s\n", argv[1], std::strerror(errno));
    return 1;
  }
  escurl::JsonFormatter formatter{escurl::JsonStyle{}};
  std::string in(kChunk, '\0');
  std::string out;
  out.reserve(4 * kChunk);
  for (;;) {
    const ssize_t n = ::read(fd, in.data(), kChunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::perror("read");
      return 1;
    }
    if (n == 0) break;
    out.clear();
    formatter.feed(std::string_view(in.data(), static_cast<std::size_t>(n)), out);
    if (!write_all(out)) {
      std::perror("write");
      return 1;
    }
  }
  ::close(fd);
  out.clear();
  formatter.finish(out);
  if (!write_all(out)) return 1;
  if (formatter.failed()) {
    std::fprintf(stderr, "%s: not valid JSON\n", argv[1]);
    return 1;
  }
  return 0;
}
