// SPDX-License-Identifier: MIT
#include "faults.h"

#include <fmt/format.h>

#include <charconv>

#include "realm.h"

namespace es_sandbox {
namespace {

using escurl::Errc;
using escurl::make_error;

Result<int> to_int(std::string_view key, std::string_view text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) {
    return make_error(Errc::Usage, fmt::format("fault: {} needs an integer, got '{}'", key, text));
  }
  return value;
}

// Applies one key to `fault`; `value` is empty for the bare flags.
Result<void> apply(FaultSpec& fault, std::string_view key, std::string_view value) {
  if (key == "path") {
    fault.path = std::string(value);
    return escurl::ok();
  }
  if (key == "method") {
    fault.method = std::string(value);
    return escurl::ok();
  }
  if (key == "close" || key == "garbage") {
    const bool on = value.empty() || value == "true" || value == "1";
    (key == "close" ? fault.close : fault.garbage) = on;
    return escurl::ok();
  }
  int* target = key == "node"                  ? &fault.node
                : key == "count"               ? &fault.count
                : key == "status"              ? &fault.status
                : key == "retry_after"         ? &fault.retry_after
                : key == "delay_ms"            ? &fault.delay_ms
                : key == "trickle_bytes"       ? &fault.trickle_bytes
                : key == "trickle_interval_ms" ? &fault.trickle_interval_ms
                : key == "reset_after"         ? &fault.reset_after
                                               : nullptr;
  if (target == nullptr) {
    return make_error(Errc::Usage, fmt::format("fault: unknown key '{}'", key));
  }
  auto number = to_int(key, value);
  if (!number) return number.take_error();
  *target = *number;
  return escurl::ok();
}

Result<FaultSpec> validate(FaultSpec fault) {
  const bool body_fault = fault.trickle_bytes > 0 || fault.reset_after >= 0;
  const bool effect =
      fault.status != 0 || fault.delay_ms > 0 || body_fault || fault.close || fault.garbage;
  if (!effect) {
    return make_error(Errc::Usage,
                      "fault: give at least one of status, delay_ms, trickle_bytes, reset_after, "
                      "close, garbage");
  }
  if ((fault.close || fault.garbage) && (fault.status != 0 || body_fault)) {
    return make_error(Errc::Usage, "fault: close and garbage cannot be combined with a response");
  }
  if (fault.close && fault.garbage) {
    return make_error(Errc::Usage, "fault: choose one of close and garbage");
  }
  if (fault.status != 0 && (fault.status < 100 || fault.status > 599)) {
    return make_error(Errc::Usage, fmt::format("fault: status {} out of range", fault.status));
  }
  if (fault.trickle_bytes > 0 && fault.trickle_interval_ms <= 0) fault.trickle_interval_ms = 100;
  if (fault.count == 0) return make_error(Errc::Usage, "fault: count must be positive or -1");
  return fault;
}

}  // namespace

Result<FaultSpec> parse_fault(std::string_view text) {
  FaultSpec fault;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = text.substr(start, comma - start);
    if (!item.empty()) {
      const size_t eq = item.find('=');
      const auto key = item.substr(0, eq);
      const auto value = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
      if (auto applied = apply(fault, key, value); !applied) return applied.take_error();
    }
    start = comma + 1;
  }
  return validate(std::move(fault));
}

Result<FaultSpec> fault_from_json(const Json& json) {
  if (!json.is_object()) return make_error(Errc::Usage, "fault: expected a JSON object");
  FaultSpec fault;
  for (const auto& [key, value] : json.items()) {
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_boolean()) {
      text = value.get<bool>() ? "true" : "false";
    } else if (value.is_number_integer()) {
      text = std::to_string(value.get<int64_t>());
    } else {
      return make_error(Errc::Usage, fmt::format("fault: bad value for '{}'", key));
    }
    if (auto applied = apply(fault, key, text); !applied) return applied.take_error();
  }
  return validate(std::move(fault));
}

Json fault_to_json(const FaultSpec& f) {
  Json out = Json::object({{"id", f.id}, {"path", f.path}});
  if (!f.method.empty()) out["method"] = f.method;
  out["node"] = f.node;
  out["count"] = f.count;
  if (f.status != 0) out["status"] = f.status;
  if (f.retry_after >= 0) out["retry_after"] = f.retry_after;
  if (f.delay_ms > 0) out["delay_ms"] = f.delay_ms;
  if (f.trickle_bytes > 0) {
    out["trickle_bytes"] = f.trickle_bytes;
    out["trickle_interval_ms"] = f.trickle_interval_ms;
  }
  if (f.reset_after >= 0) out["reset_after"] = f.reset_after;
  if (f.close) out["close"] = true;
  if (f.garbage) out["garbage"] = true;
  return out;
}

int FaultSet::add(FaultSpec fault) {
  std::lock_guard lock(mutex_);
  fault.id = next_id_++;
  faults_.push_back(std::move(fault));
  return faults_.back().id;
}

std::optional<FaultSpec> FaultSet::take(int node, std::string_view method, std::string_view path) {
  std::lock_guard lock(mutex_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->node >= 0 && it->node != node) continue;
    if (!it->method.empty() && it->method != method) continue;
    if (!glob_match(it->path, path)) continue;
    FaultSpec fired = *it;
    ++fired_;
    if (it->count > 0 && --it->count == 0) faults_.erase(it);
    return fired;
  }
  return std::nullopt;
}

size_t FaultSet::clear() {
  std::lock_guard lock(mutex_);
  const size_t n = faults_.size();
  faults_.clear();
  return n;
}

std::vector<FaultSpec> FaultSet::list() const {
  std::lock_guard lock(mutex_);
  return faults_;
}

int64_t FaultSet::fired() const {
  std::lock_guard lock(mutex_);
  return fired_;
}

}  // namespace es_sandbox
