// SPDX-License-Identifier: MIT
#include "completion_command.h"

#include <fmt/format.h>

#include "client.h"
#include "clock.h"
#include "completion.h"
#include "diagnostics.h"
#include "endpoints.h"
#include "exit_code.h"
#include "http_transport.h"
#include "manpage.h"
#include "node_pool.h"
#include "output.h"

namespace escurl {
namespace {

// Index names are completed while the user waits at a prompt: a slow cluster offers nothing.
constexpr double kIndexCompletionMaxTime = 5;
// More than any cluster's list of index names; a larger answer is not a list of names.
constexpr std::size_t kMaxIndexListBytes = 4 * 1024 * 1024;

bool print(const std::string& text) { return write_all(1, text.data(), text.size()); }

int usage(std::string message, std::string hint) {
  report_error(make_error(Errc::Usage, std::move(message), {std::move(hint)}));
  return exit_code_for(Errc::Usage);
}

// Keeps the body of a 200 answer.
class IndexListSink : public ResponseSink {
 public:
  bool on_head(const ResponseHead& head) override {
    ok_ = head.status == 200;
    return ok_;
  }
  bool on_body(const char* data, std::size_t size) override {
    if (body_.size() + size > kMaxIndexListBytes) return false;
    body_.append(data, size);
    return true;
  }
  bool ok() const { return ok_; }
  const std::string& body() const { return body_; }

 private:
  bool ok_ = false;
  std::string body_;
};

}  // namespace

bool is_generator_command(const std::vector<std::string>& positionals) {
  if (positionals.empty()) return false;
  if (positionals[0] == "generate") return true;
  return positionals[0] == "completion" && !is_index_completion(positionals);
}

int run_generator_command(const std::vector<std::string>& positionals) {
  const bool generate = positionals[0] == "generate";
  const std::string hint = generate ? "usage: escurl generate man|exit-codes|bash|zsh|fish"
                                    : "usage: escurl completion bash|zsh|fish";
  if (!generate && (positionals.size() == 3 || positionals.size() == 4) &&
      positionals[1] == "paths") {
    std::string out;
    const std::string typed = positionals.size() == 4 ? positionals[3] : "";
    for (const std::string& p : completion_paths(positionals[2], typed)) out += p + "\n";
    return print(out) ? 0 : 23;
  }
  if (positionals.size() != 2) {
    return usage(generate ? "escurl generate wants what to generate"
                          : "escurl completion wants the name of a shell",
                 hint);
  }
  const std::string& what = positionals[1];
  std::string text;
  if (what == "bash") {
    text = render_bash_completion(all_flags());
  } else if (what == "zsh") {
    text = render_zsh_completion(all_flags());
  } else if (what == "fish") {
    text = render_fish_completion(all_flags());
  } else if (generate && what == "man") {
    text = render_manpage(all_flags());
  } else if (generate && what == "exit-codes") {
    text = render_exit_codes_markdown();
  } else if (generate) {
    return usage(fmt::format("escurl cannot generate '{}'", what), hint);
  } else {
    return usage(fmt::format("no completion for the shell '{}'", what), hint);
  }
  return print(text) ? 0 : 23;
}

bool is_index_completion(const std::vector<std::string>& positionals) {
  return positionals.size() == 2 && positionals[0] == "completion" && positionals[1] == "indices";
}

void prepare_index_completion(RawOptions& raw, Env& env) {
  raw.positionals = {"GET", "_cat/indices?h=index"};
  raw.silent = true;
  raw.show_error = false;
  raw.verbose = false;
  raw.include = false;
  raw.data.clear();
  raw.batch.reset();
  raw.output.reset();
  if (!raw.max_time) raw.max_time = kIndexCompletionMaxTime;
  env.stdin_tty = false;
  env.read_stdin = [] {
    return Result<std::string>(make_error(Errc::Usage, "no standard input while completing"));
  };
  env.prompt_secret = [](std::string_view) {
    return Result<Secret>(make_error(Errc::Usage, "no prompt while completing"));
  };
}

std::vector<std::string> fetch_index_names(const Options& o, const Request& request,
                                           const TransportOptions& topts) {
  HttpTransport transport(topts);
  SteadyClock clock;
  NodePool pool(o.cluster_path ? o.nodes : std::vector<Url>{o.url}, clock);
  ClientOptions copts;
  copts.retry.max_retries = 0;
  Client client(transport, pool, clock, copts);
  IndexListSink sink;
  Result<ResponseHead> head = client.execute(request, o.cluster_path, sink);
  if (!head || !sink.ok()) return {};
  // One name per line; a name never holds whitespace, so trimming drops cat's padding.
  std::vector<std::string> names;
  std::string_view body = sink.body();
  while (!body.empty()) {
    const std::size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (!line.empty()) names.emplace_back(line);
  }
  return names;
}

int print_index_names(const Options& o, const Request& request, const TransportOptions& topts) {
  std::string out;
  for (const std::string& name : fetch_index_names(o, request, topts)) out += name + "\n";
  print(out);
  return 0;
}

}  // namespace escurl
