// SPDX-License-Identifier: MIT
#include "api_key.h"

#include <fmt/format.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "api_call.h"
#include "diagnostics.h"
#include "file_read.h"
#include "output.h"

namespace escurl {
namespace {

using nlohmann::json;

constexpr std::string_view kPath = "/_security/api_key";

// "2026-11-23T20:55:33Z" from epoch milliseconds.
std::string utc_time(std::int64_t epoch_ms) {
  const std::time_t t = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<json> parse_reply(const ApiReply& reply, std::string_view what) {
  json j = json::parse(reply.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return make_error(Errc::HttpError, fmt::format("{}: the answer is not a JSON object", what));
  }
  return j;
}

}  // namespace

Result<void> check_api_key_flags(const RawOptions& raw, Subcommand subcommand) {
  const bool create = subcommand == Subcommand::ApiKeyCreate;
  const bool invalidate = subcommand == Subcommand::ApiKeyInvalidate;
  if (!create && !invalidate) {
    for (const auto& [flag, given] :
         {std::pair{"--name", raw.name.has_value()}, std::pair{"--id", raw.id.has_value()},
          std::pair{"--expiration", raw.expiration.has_value()},
          std::pair{"--role-descriptors", raw.role_descriptors.has_value()}}) {
      if (given) {
        return make_error(Errc::Usage,
                          fmt::format("{} is for escurl api-key create|invalidate", flag));
      }
    }
    return ok();
  }
  if (create) {
    if (!raw.name || raw.name->empty()) {
      return make_error(Errc::Usage, "escurl api-key create needs --name NAME");
    }
    if (raw.id) return make_error(Errc::Usage, "--id is for escurl api-key invalidate");
    return ok();
  }
  if (raw.expiration || raw.role_descriptors) {
    return make_error(Errc::Usage,
                      "--expiration and --role-descriptors are for escurl api-key create");
  }
  if (raw.id.has_value() == raw.name.has_value()) {
    return make_error(Errc::Usage, "escurl api-key invalidate needs --id ID or --name NAME (one)");
  }
  return ok();
}

Result<std::string> api_key_create_body(const RawOptions& raw) {
  json body = {{"name", *raw.name}};
  if (raw.expiration) body["expiration"] = *raw.expiration;
  if (raw.role_descriptors) {
    std::string text = *raw.role_descriptors;
    if (text.starts_with('@')) {
      Result<std::string> file = read_whole_file(
          text.substr(1), {fmt::format("--role-descriptors {}", text), kSmallFileLimit,
                           raw.connect_timeout.value_or(kDefaultFileWait)});
      if (!file) return file.take_error();
      text = std::move(*file);
    }
    json roles = json::parse(text, nullptr, false);
    if (roles.is_discarded() || !roles.is_object()) {
      return make_error(
          Errc::Usage, "--role-descriptors is not a JSON object",
          {R"(for example: {"reader":{"indices":[{"names":["logs-*"],"privileges":["read"]}]}})"});
    }
    body["role_descriptors"] = std::move(roles);
  }
  return body.dump();
}

Result<void> run_api_key_create(const RawOptions& raw, const Options& o,
                                const Credentials& credentials, const TransportOptions& transport,
                                Env& env) {
  Result<std::string> body = api_key_create_body(raw);
  if (!body) return body.take_error();
  Result<ApiReply> reply = call_api(o, transport, credentials, "POST", kPath, *body, env);
  if (!reply) return reply.take_error();
  if (reply->head.status >= 400) return api_failure("creating the API key", *reply, credentials);
  Result<json> j = parse_reply(*reply, "creating the API key");
  if (!j) return j.take_error();
  const auto encoded = j->find("encoded");
  if (encoded == j->end() || !encoded->is_string()) {
    return make_error(Errc::HttpError, "the created API key has no \"encoded\" field",
                      {"Elasticsearch before 7.16 does not send it"});
  }
  Secret key(encoded->get<std::string>() + "\n");
  secure_wipe(encoded->get_ref<std::string&>());
  secure_wipe((*j)["api_key"].get_ref<std::string&>());
  if (!write_all(1, key.reveal().data(), key.reveal().size())) {
    return make_error(Errc::WriteOutput, "cannot write to standard output");
  }
  if (!o.silent) {
    const auto expiration = j->find("expiration");
    report_line(fmt::format("created API key '{}' (id {}), {}", (*j)["name"].get<std::string>(),
                            (*j)["id"].get<std::string>(),
                            expiration != j->end() && expiration->is_number_integer()
                                ? "expires " + utc_time(expiration->get<std::int64_t>())
                                : std::string("does not expire")));
  }
  return ok();
}

Result<void> run_api_key_invalidate(const RawOptions& raw, const Options& o,
                                    const Credentials& credentials,
                                    const TransportOptions& transport, Env& env) {
  const json body = raw.id ? json{{"ids", {*raw.id}}} : json{{"name", *raw.name}};
  Result<ApiReply> reply = call_api(o, transport, credentials, "DELETE", kPath, body.dump(), env);
  if (!reply) return reply.take_error();
  if (reply->head.status >= 400) {
    return api_failure("invalidating the API key", *reply, credentials);
  }
  Result<json> j = parse_reply(*reply, "invalidating the API key");
  if (!j) return j.take_error();
  const auto count = [&](const char* key) -> std::size_t {
    const auto it = j->find(key);
    return it != j->end() && it->is_array() ? it->size() : 0;
  };
  const std::size_t now = count("invalidated_api_keys");
  const std::size_t before = count("previously_invalidated_api_keys");
  const auto errors = j->find("error_count");
  if (errors != j->end() && errors->is_number_integer() && errors->get<int>() > 0) {
    return make_error(Errc::HttpError,
                      fmt::format("invalidating the API key: {} error(s) from Elasticsearch",
                                  errors->get<int>()));
  }
  const std::string which = raw.id ? "id " + *raw.id : "name '" + *raw.name + "'";
  if (now == 0 && before == 0) {
    return make_error(Errc::HttpError, fmt::format("no API key with {}", which));
  }
  if (!o.silent) {
    report_line(fmt::format("invalidated {} API key(s) with {}{}", now, which,
                            before ? fmt::format(" ({} already were)", before) : ""));
  }
  return ok();
}

}  // namespace escurl
