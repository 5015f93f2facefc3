// SPDX-License-Identifier: MIT
// BulkScanner: failed _bulk items and _msearch responses are found in any field order, named by
// position, op, index, id, status, type and reason (escapes decoded, long reasons cut), counted
// by status and type, the same whatever the chunk boundaries, in flat memory on a 200 MB body;
// malformed bodies set parse_failed. render_bulk_summary gives the stderr lines.
#include "bulk_scan.h"

#include <sys/resource.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "catch.h"

using escurl::BulkFailure;
using escurl::BulkKind;
using escurl::BulkScanner;
using escurl::BulkSummary;
using escurl::render_bulk_summary;

namespace {

// The reference's spec example (elasticsearch-security.md §3.7, BulkResponseExample2.yaml).
constexpr const char* kSpecExample =
    R"JSON({"took":486,"errors":true,"items":[{"update":{"_index":"index1","_id":"5","status":404,"error":{"type":"document_missing_exception","reason":"[5]: document missing","index_uuid":"aAsFqTI0Tc2W0LCWgPNrOA","shard":"0","index":"index1"}}},{"update":{"_index":"index1","_id":"6","status":404,"error":{"type":"document_missing_exception","reason":"[6]: document missing","index_uuid":"aAsFqTI0Tc2W0LCWgPNrOA","shard":"0","index":"index1"}}},{"create":{"_index":"index1","_id":"7","_version":1,"result":"created","_shards":{"total":2,"successful":1,"failed":0},"_seq_no":0,"_primary_term":1,"status":201}}]})JSON";

constexpr const char* kForbiddenItem =
    R"JSON({"index":{"_index":"logs","_id":"9","status":403,"error":{"type":"security_exception","reason":"action [indices:data/write/bulk[s]] is unauthorized for user [writer] with effective roles [reader] on indices [logs], this action is granted by the index privileges [create,index,write,all]"}}})JSON";

// One failed search among two; the first hit's _source has "error" and "status" fields that
// are data, not failures.
constexpr const char* kMsearch =
    R"JSON({"took":5,"responses":[{"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":1,"relation":"eq"},"max_score":1.0,"hits":[{"_index":"a","_id":"1","_score":1.0,"_source":{"error":{"type":"decoy","reason":"data"},"status":500}}]},"status":200},{"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index [x]","resource.type":"index_or_alias","resource.id":"x","index_uuid":"_na_","index":"x"}],"type":"index_not_found_exception","reason":"no such index [x]","resource.type":"index_or_alias","resource.id":"x","index_uuid":"_na_","index":"x"},"status":404}]})JSON";

std::string ok_item(std::size_t i) {
  return R"({"index":{"_index":"logs","_id":"id-)" + std::to_string(i) +
         R"(","_version":1,"result":"created","_shards":{"total":2,"successful":1,"failed":0},)"
         R"("_seq_no":)" +
         std::to_string(i) + R"(,"_primary_term":1,"status":201}})";
}

std::string conflict_item(std::size_t i) {
  const std::string id = "id-" + std::to_string(i);
  return R"({"create":{"_index":"logs","_id":")" + id +
         R"(","status":409,"error":{"type":"version_conflict_engine_exception","reason":"[)" + id +
         R"J(]: version conflict, document already exists (current version [1])",)J"
         R"("index_uuid":"u","shard":"0","index":"logs"}}})";
}

std::string bulk_body(const std::vector<std::string>& items, bool errors, bool errors_first) {
  std::string list;
  for (const std::string& item : items) list += (list.empty() ? "" : ",") + item;
  const std::string flag = std::string(R"("errors":)") + (errors ? "true" : "false");
  return errors_first ? R"({"took":3,)" + flag + R"(,"items":[)" + list + "]}"
                      : R"({"took":3,"items":[)" + list + "]," + flag + "}";
}

BulkSummary scan_cut(std::string_view body, const std::vector<std::size_t>& cuts,
                     BulkKind kind = BulkKind::Bulk, std::size_t keep = 5) {
  BulkScanner s(kind, keep);
  std::size_t from = 0;
  for (const std::size_t cut : cuts) {
    s.feed(body.substr(from, cut - from));
    from = cut;
  }
  s.feed(body.substr(from));
  s.finish();
  return s.summary();
}

BulkSummary scan(std::string_view body, BulkKind kind = BulkKind::Bulk, std::size_t keep = 5) {
  return scan_cut(body, {}, kind, keep);
}

auto fields(const BulkFailure& f) {
  return std::tie(f.position, f.op, f.index, f.id, f.status, f.type, f.reason);
}

bool same(const BulkSummary& a, const BulkSummary& b) {
  if (a.examples.size() != b.examples.size()) return false;
  for (std::size_t i = 0; i < a.examples.size(); ++i) {
    if (fields(a.examples[i]) != fields(b.examples[i])) return false;
  }
  return std::tie(a.kind, a.errors_flag, a.items, a.failed, a.by_status_and_type, a.parse_failed,
                  a.parse_error_offset) == std::tie(b.kind, b.errors_flag, b.items, b.failed,
                                                    b.by_status_and_type, b.parse_failed,
                                                    b.parse_error_offset);
}

void check_chunk_independent(std::string_view body, BulkKind kind = BulkKind::Bulk) {
  const BulkSummary whole = scan(body, kind);
  for (std::size_t cut = 0; cut <= body.size(); ++cut) {
    INFO("cut at " << cut);
    REQUIRE(same(scan_cut(body, {cut}, kind), whole));
  }
  std::vector<std::size_t> bytewise;
  for (std::size_t i = 1; i < body.size(); ++i) bytewise.push_back(i);
  REQUIRE(same(scan_cut(body, bytewise, kind), whole));
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

TEST_CASE("bulk_scan: the reference's example has two 404 items", "[bulk_scan]") {
  const BulkSummary s = scan(kSpecExample);
  CHECK(s.errors_flag);
  CHECK(s.items == 3);
  CHECK(s.failed == 2);
  CHECK_FALSE(s.parse_failed);
  CHECK(s.by_status_and_type == std::map<std::pair<int, std::string>, std::size_t>{
                                    {{404, "document_missing_exception"}, 2}});
  REQUIRE(s.examples.size() == 2);
  CHECK(fields(s.examples[0]) ==
        fields(BulkFailure{0, "update", "index1", "5", 404, "document_missing_exception",
                           "[5]: document missing"}));
  CHECK(s.examples[1].position == 1);
  CHECK(s.examples[1].id == "6");
  CHECK(render_bulk_summary(s) ==
        "_bulk: 2 of 3 items failed (404 document_missing_exception ×2)\n"
        "  item 0 update [index1/5]: 404 document_missing_exception: [5]: document missing\n"
        "  item 1 update [index1/6]: 404 document_missing_exception: [6]: document missing\n");
#ifdef ESCURL_REFERENCE_DIR
  // The copy above is the reference's, byte for byte, when the reference is at hand.
  std::ifstream ref(ESCURL_REFERENCE_DIR "/elasticsearch-security.md");
  if (ref) {
    std::stringstream text;
    text << ref.rdbuf();
    CHECK(text.str().find(kSpecExample) != std::string::npos);
  }
#endif
}

TEST_CASE("bulk_scan: one failure among 10,000 items is named", "[bulk_scan]") {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < 10000; ++i)
    items.push_back(i == 4321 ? conflict_item(i) : ok_item(i));
  const BulkSummary s = scan(bulk_body(items, true, true));
  CHECK(s.items == 10000);
  CHECK(s.failed == 1);
  REQUIRE(s.examples.size() == 1);
  const BulkFailure& f = s.examples[0];
  CHECK(fields(f) == fields(BulkFailure{4321, "create", "logs", "id-4321", 409,
                                        "version_conflict_engine_exception",
                                        "[id-4321]: version conflict, document already exists "
                                        "(current version [1])"}));
  CHECK(render_bulk_summary(s) ==
        "_bulk: 1 of 10000 items failed (409 version_conflict_engine_exception ×1)\n"
        "  item 4321 create [logs/id-4321]: 409 version_conflict_engine_exception: [id-4321]: "
        "version conflict, document already exists (current version [1])\n");
}

TEST_CASE("bulk_scan: errors:false has nothing to report", "[bulk_scan]") {
  const BulkSummary s = scan(bulk_body({ok_item(0), ok_item(1)}, false, true));
  CHECK_FALSE(s.errors_flag);
  CHECK(s.items == 2);
  CHECK(s.failed == 0);
  CHECK(s.examples.empty());
  CHECK_FALSE(s.parse_failed);
  CHECK(render_bulk_summary(s) == "_bulk: none of 2 items failed\n");
}

TEST_CASE("bulk_scan: \"errors\" may come before or after \"items\"", "[bulk_scan]") {
  const std::vector<std::string> items = {ok_item(0), conflict_item(1), ok_item(2)};
  const BulkSummary before = scan(bulk_body(items, true, true));
  const BulkSummary after = scan(bulk_body(items, true, false));
  CHECK(before.errors_flag);
  CHECK(before.failed == 1);
  CHECK(same(before, after));
  // Fields inside an item may come in any order too.
  const BulkSummary shuffled = scan(
      R"({"items":[{"delete":{"error":{"reason":"r","type":"t"},"status":500,"_id":"x","_index":"i"}}],"errors":true})");
  REQUIRE(shuffled.examples.size() == 1);
  CHECK(fields(shuffled.examples[0]) == fields(BulkFailure{0, "delete", "i", "x", 500, "t", "r"}));
}

TEST_CASE("bulk_scan: a per-item 403 is a security_exception", "[bulk_scan]") {
  const BulkSummary s = scan(bulk_body({ok_item(0), kForbiddenItem}, true, true));
  CHECK(s.failed == 1);
  REQUIRE(s.examples.size() == 1);
  CHECK(s.examples[0].status == 403);
  CHECK(s.examples[0].op == "index");
  CHECK(s.examples[0].type == "security_exception");
  CHECK(s.examples[0].reason.starts_with("action [indices:data/write/bulk[s]] is unauthorized"));
  CHECK(render_bulk_summary(s).starts_with(
      "_bulk: 1 of 2 items failed (403 security_exception ×1)\n"
      "  item 1 index [logs/9]: 403 security_exception: action [indices:data/write/bulk[s]]"));
}

TEST_CASE("bulk_scan: a failed _msearch response is found, data named error is not",
          "[bulk_scan]") {
  const BulkSummary s = scan(kMsearch, BulkKind::Msearch);
  CHECK(s.items == 2);
  CHECK(s.failed == 1);
  REQUIRE(s.examples.size() == 1);
  CHECK(fields(s.examples[0]) ==
        fields(BulkFailure{1, "", "", "", 404, "index_not_found_exception", "no such index [x]"}));
  CHECK(render_bulk_summary(s) ==
        "_msearch: 1 of 2 responses failed (404 index_not_found_exception ×1)\n"
        "  response 1: 404 index_not_found_exception: no such index [x]\n");
  // Scanned as _bulk, the same body has no items.
  CHECK(scan(kMsearch, BulkKind::Bulk).items == 0);
}

TEST_CASE("bulk_scan: update results carrying a _source named error are not failures",
          "[bulk_scan]") {
  const BulkSummary s = scan(
      R"({"errors":false,"items":[{"update":{"_index":"i","_id":"1","status":200,"get":{"_source":{"error":"x","status":500}}}}]})");
  CHECK(s.items == 1);
  CHECK(s.failed == 0);
}

TEST_CASE("bulk_scan: findings do not depend on chunk boundaries", "[bulk_scan]") {
  check_chunk_independent(kSpecExample);
  check_chunk_independent(kMsearch, BulkKind::Msearch);
  check_chunk_independent(
      R"({"errors":true,"items":[{"index":{"_id":"\u00e9\ud83d\ude00","status":400,"error":{"type":"mapper_parsing_exception","reason":"a \"b\" \\ c\nd"}}}]} )");
  check_chunk_independent(R"({"errors":true,"items":[{"index":{"status":4)");  // truncated
}

TEST_CASE("bulk_scan: escapes in reasons and keys are decoded", "[bulk_scan]") {
  const BulkSummary s = scan(
      R"({"items":[{"index":{"_index":"caf\u00e9","st\u0061tus":400,"error":{"type":"mapper_parsing_exception","reason":"value 'a \"q\" \\ \/ tab\there\nline2 \ud83d\ude00 lone \ud800 end \udc00'"}}}]})");
  REQUIRE(s.examples.size() == 1);
  const BulkFailure& f = s.examples[0];
  CHECK(f.index == "caf\xc3\xa9");
  CHECK(f.status == 400);
  CHECK(f.reason ==
        "value 'a \"q\" \\ / tab\there\nline2 \xf0\x9f\x98\x80 lone \xef\xbf\xbd end "
        "\xef\xbf\xbd'");
  // Control characters never reach the terminal: they show as escapes (terminal_text).
  CHECK(render_bulk_summary(s) ==
        "_bulk: 1 of 1 items failed (400 mapper_parsing_exception ×1)\n"
        "  item 0 index [caf\xc3\xa9]: 400 mapper_parsing_exception: value 'a \"q\" \\ / "
        "tab\\there\\nline2 \xf0\x9f\x98\x80 lone \xef\xbf\xbd end \xef\xbf\xbd'\n");
  const BulkSummary esc = scan(
      R"({"items":[{"index":{"status":400,"error":{"type":"t\u001b[31m","reason":"x\u001b]0;title\u0007\u009b2J"}}}]})");
  const std::string text = render_bulk_summary(esc);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("\xc2\x9b") == std::string::npos);
}

TEST_CASE("bulk_scan: long reasons are cut near 300 bytes on a character boundary", "[bulk_scan]") {
  std::string reason = "x";
  for (int i = 0; i < 500; ++i) reason += "\xc3\xa9";
  const BulkSummary s = scan(R"({"items":[{"index":{"status":400,"error":{"type":"t","reason":")" +
                             reason + R"("}}}]})");
  REQUIRE(s.examples.size() == 1);
  CHECK(s.examples[0].reason == reason.substr(0, 299) + "…");
  const BulkSummary short_one =
      scan(R"({"items":[{"index":{"status":400,"error":{"type":"t","reason":")" +
           std::string(300, 'r') + R"("}}}]})");
  CHECK(short_one.examples[0].reason == std::string(300, 'r'));
}

TEST_CASE("bulk_scan: only the first examples are kept, all are counted", "[bulk_scan]") {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < 20; ++i) items.push_back(i % 2 ? conflict_item(i) : kForbiddenItem);
  const BulkSummary s = scan(bulk_body(items, true, false), BulkKind::Bulk, 3);
  CHECK(s.failed == 20);
  CHECK(s.examples.size() == 3);
  const std::string text = render_bulk_summary(s);
  CHECK(
      text.starts_with("_bulk: 20 of 20 items failed (403 security_exception ×10, 409 "
                       "version_conflict_engine_exception ×10)\n"));
  CHECK(text.ends_with("  … and 17 more\n"));
}

TEST_CASE("bulk_scan: distinct (status, type) pairs are capped", "[bulk_scan]") {
  std::string body = R"({"items":[)";
  for (int i = 0; i < 300; ++i) {
    body += (i ? "," : "") + std::string(R"({"index":{"status":400,"error":{"type":"t)") +
            std::to_string(i) + R"("}}})";
  }
  const BulkSummary s = scan(body + "]}");
  CHECK(s.failed == 300);
  CHECK(s.by_status_and_type.size() == 257);
  CHECK(s.by_status_and_type.at({0, "other"}) == 44);
}

TEST_CASE("bulk_scan: malformed bodies set parse_failed without crashing", "[bulk_scan]") {
  struct Bad {
    std::string body;
    std::size_t offset;
  };
  const std::vector<Bad> cases = {
      {"", 0},
      {"not json", 1},
      {R"({"items":[})", 10},
      {R"({"items":[{"index":{"status":400,"error":{"type":"t"}}},,]})", 56},
      {R"({"items":[1 2]})", 12},
      {R"({"items":["a\qb"]})", 13},
      {R"({"items":[tru]})", 13},
      {R"({"errors":true,"items":[{"index":{"status":4)", 44},
      {std::string(20000, '['), 10000},
      {"<html><body>502 Bad Gateway</body></html>", 0},
  };
  for (const Bad& bad : cases) {
    INFO(bad.body.substr(0, 80));
    const BulkSummary s = scan(bad.body);
    CHECK(s.parse_failed);
    CHECK(s.parse_error_offset == bad.offset);
    CHECK(render_bulk_summary(s).find("not valid JSON from byte " + std::to_string(bad.offset)) !=
          std::string::npos);
  }
  // What came before the break still counts.
  const BulkSummary partial = scan(R"({"items":[{"index":{"status":400,"error":{"type":"t"}}},]})");
  CHECK(partial.parse_failed);
  CHECK(partial.failed == 1);
}

TEST_CASE("bulk_scan: request paths choose the kind", "[bulk_scan]") {
  using escurl::bulk_kind_for_path;
  CHECK(bulk_kind_for_path("/_bulk") == BulkKind::Bulk);
  CHECK(bulk_kind_for_path("/logs/_bulk?refresh=true") == BulkKind::Bulk);
  CHECK(bulk_kind_for_path("_bulk/") == BulkKind::Bulk);
  CHECK(bulk_kind_for_path("/_msearch") == BulkKind::Msearch);
  CHECK(bulk_kind_for_path("/a,b/_msearch/template?x=1") == BulkKind::Msearch);
  CHECK_FALSE(bulk_kind_for_path("/_search"));
  CHECK_FALSE(bulk_kind_for_path("/_bulk_thing"));
  CHECK_FALSE(bulk_kind_for_path("/_bulk/other"));
  CHECK_FALSE(bulk_kind_for_path("/template"));
  CHECK_FALSE(bulk_kind_for_path(""));
}

TEST_CASE("bulk_scan: a 200 MB body streams through in flat memory", "[bulk_scan]") {
  constexpr std::size_t kTarget = 200 * 1000 * 1000;
  constexpr std::size_t kSlice = 64 * 1024;
  BulkScanner scanner(BulkKind::Bulk);
  [[maybe_unused]] const long rss_before = peak_rss_kib();
  std::string buffer = R"({"took":1234,"errors":true,"items":[)";
  std::size_t total = 0;
  std::size_t items = 0;
  const auto drain = [&](bool all) {
    std::size_t at = 0;
    for (; at < buffer.size() && (all || buffer.size() - at >= kSlice); at += kSlice) {
      const std::string_view slice = std::string_view(buffer).substr(at, kSlice);
      scanner.feed(slice);
      total += slice.size();
    }
    buffer.erase(0, std::min(at, buffer.size()));
  };
  for (; total + buffer.size() < kTarget; ++items) {
    if (items) buffer += ',';
    buffer += items % 100'000 == 99'999 ? conflict_item(items) : ok_item(items);
    if (buffer.size() >= 4 * kSlice) drain(false);
  }
  buffer += "]}";
  drain(true);
  scanner.finish();
  const BulkSummary& s = scanner.summary();
  CHECK(total >= kTarget);
  CHECK_FALSE(s.parse_failed);
  CHECK(s.items == items);
  CHECK(s.failed == items / 100'000);
  REQUIRE(s.examples.size() == 5);
  CHECK(s.examples[0].position == 99'999);
  CHECK(s.examples[4].id == "id-499999");
#ifndef ESCURL_SANITIZED  // ASan holds freed blocks in quarantine
  CHECK(peak_rss_kib() - rss_before < 64 * 1024);
#endif
}

TEST_CASE("bulk_scan: mutated bodies never crash and stay chunk independent", "[bulk_scan]") {
  const std::string alphabet = "{}[]:,\"\\ 0123456789-tfnu";
  const std::vector<std::string> seeds = {kSpecExample, kMsearch};
  std::mt19937 rng(11);
  for (int round = 0; round < 3000; ++round) {
    const std::size_t which = static_cast<std::size_t>(round) % seeds.size();
    std::string body = seeds[which];
    for (unsigned edits = 1 + rng() % 3; edits > 0; --edits) {
      const std::size_t at = rng() % body.size();
      if (rng() % 2) {
        body[at] = alphabet[rng() % alphabet.size()];
      } else {
        body.erase(at, 1);
      }
    }
    INFO(body);
    const BulkKind kind = which == 0 ? BulkKind::Bulk : BulkKind::Msearch;
    const BulkSummary whole = scan(body, kind);
    const std::size_t cut = rng() % (body.size() + 1);
    REQUIRE(same(scan_cut(body, {cut / 3, cut}, kind), whole));
    REQUIRE(whole.failed <= whole.items);
    REQUIRE(!render_bulk_summary(whole).empty());
  }
}
