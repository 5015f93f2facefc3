// SPDX-License-Identifier: MIT
// Throughput of JsonFormatter on a generated Elasticsearch search response: a 32 MiB document
// held in memory, and a 256 MiB one streamed from the same hits, both fed in 64 KiB chunks as
// the transport delivers them. Prints MB/s and peak RSS; when jq is on PATH, times `jq .` on the
// 32 MiB file and checks that both print the same bytes. See bench/README.md for the command.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "json_stream.h"

namespace {

using escurl::JsonFormatter;
using escurl::JsonStyle;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kMiB = 1024 * 1024;
constexpr const char* kFile = "/tmp/escurl-bench-32m.json";

// A deterministic generator, so every run formats the same bytes.
struct Rng {
  unsigned long long s = 0x9e3779b97f4a7c15ULL;
  unsigned next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(s >> 33);
  }
  unsigned below(unsigned n) { return next() % n; }
};

const std::vector<std::string> kWords = {
    "GET",  "POST",    "index", "timeout", "connection", "reset",   "user",    "login",
    "fail", "success", "shard", "replica", "node",       "cluster", "request", "latency"};

std::string sentence(Rng& rng, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) s += (i ? " " : "") + kWords[rng.below(16)];
  return s;
}

// One hit, in the compact form Elasticsearch sends without ?pretty.
void append_hit(std::string& out, Rng& rng, std::size_t n) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                R"({"_index":"logs-2024.06.%02u","_id":"%zu","_score":1.2345,"_source":{)"
                R"("@timestamp":"2024-06-%02uT%02u:%02u:%02u.%03uZ","host":{"name":"web-%02u",)"
                R"("ip":"10.%u.%u.%u"},"http":{"request":{"method":"GET","bytes":%u},)"
                R"("response":{"status_code":%u,"bytes":%u}},"geo":{"lat":48.85,"lon":2.35},)",
                rng.below(28) + 1, n, rng.below(28) + 1, rng.below(24), rng.below(60),
                rng.below(60), rng.below(1000), rng.below(40), rng.below(256), rng.below(256),
                rng.below(256), rng.below(5000), 200 + rng.below(4) * 100, rng.below(100000));
  out += buf;
  out += R"("message":")" + sentence(rng, 8 + static_cast<int>(rng.below(24))) +
         R"( \"quoted\" path=/var/log","tags":["prod","eu-west",")" + kWords[rng.below(16)] +
         R"("],"user":{"name":"u)" + std::to_string(rng.below(1000)) +
         R"(","roles":[]},"latency_ms":[)" + std::to_string(rng.below(900)) + "," +
         std::to_string(rng.below(900)) + R"(,3.25],"error":null,"ok":true}})";
}

struct Doc {
  std::string text;
  std::size_t hits_begin = 0;  // the hits array's elements, comma separated
  std::size_t hits_end = 0;
};

Doc make_search_response(std::size_t size) {
  Doc d;
  d.text.reserve(size + 4096);  // no doubling, so the peak RSS shows the formatter's own share
  d.text += R"({"took":42,"timed_out":false,"_shards":{"total":5,"successful":5,"skipped":0,)"
            R"("failed":0},"hits":{"total":{"value":10000,"relation":"gte"},"max_score":1.2345,)"
            R"("hits":[)";
  d.hits_begin = d.text.size();
  Rng rng;
  for (std::size_t n = 0; d.text.size() < size - 64; ++n) {
    if (n) d.text += ',';
    append_hit(d.text, rng, n);
  }
  d.hits_end = d.text.size();
  d.text += "]}}";
  return d;
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

struct Run {
  double seconds = 0;
  std::size_t in = 0;
  std::size_t out = 0;
  bool failed = false;
};

// Feeds each piece in 64 KiB chunks; `sink` (when given) receives the output.
Run format_pieces(const std::vector<std::string_view>& pieces, JsonStyle style,
                  std::string* sink = nullptr) {
  JsonFormatter f(style);
  std::string out;
  out.reserve(4 * kChunk);
  Run r;
  const auto start = Clock::now();
  for (const std::string_view piece : pieces) {
    for (std::size_t at = 0; at < piece.size(); at += kChunk) {
      const std::string_view chunk = piece.substr(at, kChunk);
      out.clear();
      f.feed(chunk, out);
      r.in += chunk.size();
      r.out += out.size();
      if (sink) sink->append(out);
    }
  }
  out.clear();
  f.finish(out);
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.out += out.size();
  if (sink) sink->append(out);
  r.failed = f.failed();
  return r;
}

Run best_of(int rounds, const std::vector<std::string_view>& pieces, JsonStyle style) {
  Run best;
  for (int i = 0; i < rounds; ++i) {
    const Run r = format_pieces(pieces, style);
    if (i == 0 || r.seconds < best.seconds) best = r;
  }
  return best;
}

void report(const char* what, const Run& r) {
  std::printf("%-34s %8.1f MiB in %7.1f ms = %7.0f MB/s (%.0f MiB/s), out %.1f MiB%s\n", what,
              static_cast<double>(r.in) / kMiB, r.seconds * 1e3,
              static_cast<double>(r.in) / r.seconds / 1e6,
              static_cast<double>(r.in) / r.seconds / kMiB, static_cast<double>(r.out) / kMiB,
              r.failed ? "  [FAILED]" : "");
}

double time_command(const std::string& command) {
  const auto start = Clock::now();
  if (std::system(command.c_str()) != 0) return -1;
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Times `jq .` on the 32 MiB file and compares its output with ours, byte for byte.
void compare_with_jq(const Doc& doc, double ours_seconds) {
  if (std::system("command -v jq >/dev/null 2>&1") != 0) {
    std::printf("jq: not installed, no comparison\n");
    return;
  }
  const double jq_seconds = time_command(std::string("jq . ") + kFile + " >/dev/null");
  std::printf("jq . on the same file:             %7.1f ms  -> escurl is %.0fx faster\n",
              jq_seconds * 1e3, jq_seconds / ours_seconds);
  std::string ours;
  format_pieces({doc.text}, JsonStyle{}, &ours);
  std::ofstream("/tmp/escurl-bench-ours.json", std::ios::binary) << ours;
  const bool same =
      time_command(std::string("jq . ") + kFile + " | cmp -s - /tmp/escurl-bench-ours.json") >= 0;
  std::printf("output identical to jq .:          %s\n", same ? "yes" : "NO");
  std::remove("/tmp/escurl-bench-ours.json");
}

}  // namespace

int main() {
  const long rss_start = peak_rss_kib();
  const Doc doc = make_search_response(32 * kMiB);
  std::ofstream(kFile, std::ios::binary) << doc.text;
  const long rss_input = peak_rss_kib();
  std::printf("input: %zu bytes (%.1f MiB) written to %s\n", doc.text.size(),
              static_cast<double>(doc.text.size()) / kMiB, kFile);

  const Run pretty = best_of(5, {doc.text}, JsonStyle{});
  report("32 MiB, pretty", pretty);
  report("32 MiB, compact", best_of(5, {doc.text}, JsonStyle{JsonStyle::Mode::Compact}));
  report("32 MiB, pretty + colour", best_of(5, {doc.text}, JsonStyle{.color = true}));

  // 256 MiB: the same hits eight times over, streamed from the 32 MiB buffer.
  const std::string_view text = doc.text;
  const std::string_view hits = text.substr(doc.hits_begin, doc.hits_end - doc.hits_begin);
  std::vector<std::string_view> pieces = {text.substr(0, doc.hits_begin)};
  for (int i = 0; i < 8; ++i) {
    if (i) pieces.emplace_back(",");
    pieces.push_back(hits);
  }
  pieces.push_back(text.substr(doc.hits_end));
  report("256 MiB, pretty (streamed)", best_of(3, pieces, JsonStyle{}));

  const long rss_end = peak_rss_kib();
  std::printf(
      "peak RSS: %.1f MiB (%.1f MiB at start, %.1f MiB once the 32 MiB input was built;"
      " formatting added %.1f MiB)\n",
      rss_end / 1024.0, rss_start / 1024.0, rss_input / 1024.0, (rss_end - rss_input) / 1024.0);
  compare_with_jq(doc, pretty.seconds);
  return 0;
}
