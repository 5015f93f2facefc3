// SPDX-License-Identifier: MIT
#include "api_call.h"

#include <fmt/format.h>

#include "client.h"
#include "es_error.h"
#include "exit_code.h"
#include "http_transport.h"
#include "redact.h"
#include "request.h"

namespace escurl {
namespace {

// Keeps the response (the final one, after retries) up to kMaxApiReply bytes.
class CollectSink : public ResponseSink {
 public:
  explicit CollectSink(ApiReply& reply) : reply_(reply) {}
  bool on_head(const ResponseHead& head) override {
    reply_.head = head;
    secure_wipe(reply_.body);
    reply_.body.clear();
    return true;
  }
  bool on_body(const char* data, std::size_t size) override {
    if (reply_.body.size() + size > kMaxApiReply) return false;
    if (reply_.body.capacity() < reply_.body.size() + size) {
      // Grow by hand so no unwiped copy of a token is freed.
      std::string bigger;
      bigger.reserve(std::max(reply_.body.capacity() * 2, reply_.body.size() + size));
      bigger = reply_.body;
      secure_wipe(reply_.body);
      reply_.body = std::move(bigger);
    }
    reply_.body.append(data, size);
    return true;
  }

 private:
  ApiReply& reply_;
};

}  // namespace

Result<ApiReply> call_api(const Options& o, const TransportOptions& transport,
                          const Credentials& credentials, std::string_view method,
                          std::string_view path, std::string body, Env& env) {
  Options call = o;
  call.method = std::string(method);
  call.cluster_path = std::string(path);
  if (call.nodes.empty()) call.nodes = {o.url};
  call.url = join_path(call.nodes.front(), *call.cluster_path);
  // The call's own headers are its own; only a credential given as -H NAME:VALUE comes along,
  // so that `whoami -H 'Authorization: ApiKey …'` asks about that key.
  std::erase_if(call.header_args, [](const std::string& arg) {
    const std::string_view name = std::string_view(arg).substr(0, arg.find_first_of(":;"));
    return arg.starts_with('@') ||
           !(is_credential_header(name) || iequals(name, "es-security-runas-user"));
  });
  call.body = {};
  if (!body.empty()) {
    call.body.kind = BodySpec::Kind::Inline;
    call.body.bytes = std::move(body);
    call.body.flag = "the request body";
  }
  secure_wipe(body);
  StdinClaim claim;
  Result<Request> request = build_request(call, credentials, env, claim);
  secure_wipe(call.body.bytes);
  if (!request) return request.take_error();
  HttpTransport http(transport);
  SteadyClock clock;
  NodePool pool(call.nodes, clock);
  ClientOptions copts;
  copts.retry = o.retry;
  Client client(http, pool, clock, copts);
  ApiReply reply;
  CollectSink sink(reply);
  Result<ResponseHead> head = client.execute(*request, call.cluster_path, sink);
  secure_wipe(request->body.bytes);
  if (!head) {
    if (reply.body.size() >= kMaxApiReply) {
      return make_error(Errc::RecvError, fmt::format("{} {}: the response is larger than {} bytes",
                                                     method, path, kMaxApiReply));
    }
    return head.take_error();
  }
  return reply;
}

Error api_failure(std::string_view what, const ApiReply& reply, const Credentials& credentials) {
  return make_error(errc_for_status(reply.head.status),
                    fmt::format("{}: {}", what,
                                explain_http_error(reply.head.status, reply.head.reason, reply.body,
                                                   AuthContext::from(credentials))));
}

}  // namespace escurl
