// SPDX-License-Identifier: MIT
// The process edge: hardens the process, builds Env from the real process, runs escurl, and turns
// anything unexpected into exit code 1.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>

#include "app.h"
#include "cli.h"
#include "diagnostics.h"
#include "interrupt.h"
#include "process_hardening.h"

int main(int argc, char** argv, char** envp) {
  // Before any secret is read: no core file, no other process reading this one's memory.
  escurl::harden_process();
  // A closed stdout pipe must show up as EPIPE on write, not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  // SIGINT cancels the transfer and cleans up (exit 130) rather than killing the process.
  escurl::install_interrupt_handler();
  try {
    escurl::Env env = escurl::Env::from_process(argc, argv, envp);
    escurl::scrub_secret_args(argc, argv);
    const int code = escurl::run(env);
#ifndef ESCURL_SANITIZED
    // Every output is written and closed by now. What exit() would still do is OpenSSL freeing
    // its tables, a quarter of a millisecond on every run; under the sanitizers the leak check
    // needs the normal exit.
    std::cout.flush();
    std::fflush(nullptr);
    std::_Exit(code);
#else
    return code;
#endif
  } catch (const std::bad_alloc&) {
    escurl::report_error(escurl::make_error(escurl::Errc::Internal, "out of memory"));
  } catch (const std::exception& e) {
    escurl::report_error(escurl::make_error(escurl::Errc::Internal, e.what()));
  }
  return 1;
}
