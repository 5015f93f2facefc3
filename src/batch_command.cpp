// SPDX-License-Identifier: MIT
#include "batch_command.h"

#include <fmt/format.h>

#include "batch.h"
#include "batch_runner.h"
#include "diagnostics.h"
#include "exchange.h"
#include "file_read.h"
#include "http_transport.h"
#include "interrupt.h"
#include "output.h"

namespace escurl {

int run_batch_command(const Options& o, const Request& base, const Credentials& credentials,
                      const TransportOptions& topts, Env& env, StdinClaim& claim) {
  Result<std::string> text = make_error(Errc::Internal, "");
  if (*o.batch == "-") {
    if (Result<void> c = claim.claim("--batch -"); !c) return fail_with(c.error(), o.show_errors());
    text = env.read_stdin();
  } else {
    text = read_whole_file(*o.batch, {fmt::format("'{}'", *o.batch), kLargeFileLimit,
                                      o.connect_timeout, Errc::ReadBody});
  }
  if (!text) {
    return fail_with(make_error(Errc::ReadBody, fmt::format("--batch: {}", text.error().message)),
                     o.show_errors());
  }
  Result<std::vector<BatchRequest>> requests =
      parse_batch(*text, *o.batch == "-" ? "<stdin>" : *o.batch);
  if (!requests) return fail_with(requests.error(), o.show_errors());
  Result<Output> out = o.output ? Output::to_file(*o.output) : Output::to_stdout();
  if (!out) return fail_with(out.error(), o.show_errors());
  BatchContext ctx{o,
                   base,
                   AuthContext::from(credentials),
                   env.stdout_tty && !o.output,
                   [&topts] { return std::unique_ptr<Transport>(new HttpTransport(topts)); },
                   client_options(o)};
  const int code = run_batch(ctx, *requests, *out);
  if (interrupted()) {
    out->abandon();  // an interrupted batch leaves no -o file
    return code;
  }
  if (out->error()) return fail_with(*out->error(), o.show_errors());
  if (Result<void> done = out->finish(); !done) return fail_with(done.error(), o.show_errors());
  return code;
}

}  // namespace escurl
