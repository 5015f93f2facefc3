// SPDX-License-Identifier: MIT
// run_cli: runs a program (by default the escurl binary under test) the way a user's shell would
// not: from an empty environment plus only what the test passes, stdin from given bytes or
// /dev/null, stdout and stderr captured in full, a wall-clock timeout enforced with SIGKILL, and
// optionally in a new session without a controlling terminal. Owns the child process until it is
// reaped; nothing here throws.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace escurl::testing {

/// How to run the child. The environment is never inherited from the test process.
struct RunOptions {
  std::vector<std::string> env{};           ///< "K=V" entries: the child's entire environment
  bool default_path = true;                 ///< also set PATH=/usr/bin:/bin unless `env` sets PATH
  std::optional<std::string> stdin_data{};  ///< stdin bytes (then EOF); none means /dev/null
  int timeout_seconds = 60;                 ///< after this the child gets SIGKILL
  std::string program{};                    ///< path to execute; empty means ESCURL_BIN
  std::string cwd{};                        ///< working directory; empty means the test's own
  bool new_session = false;  ///< setsid(): no controlling terminal, so /dev/tty cannot be opened
};

/// Options for a run that must end by itself: a timeout far above any run's, so that reaching
/// it means escurl hung.
inline RunOptions hang_guard() {
  RunOptions o;
  o.timeout_seconds = 60;
  return o;
}

/// What the child did. A child that could not be started has exit_code 127 and the reason in err.
struct RunResult {
  int exit_code = -1;      ///< exit status, or 128 + signal number if a signal ended it
  int term_signal = 0;     ///< the signal that ended it (0: it exited by itself)
  bool timed_out = false;  ///< the timeout expired and the child was killed
  std::string out{};       ///< everything written to stdout
  std::string err{};       ///< everything written to stderr
};

/// A child started by start_cli whose output is being collected in the background. Move-only; the
/// destructor kills (SIGKILL) and reaps a child that was not waited for.
class RunningCli {
 public:
  struct State;
  /// Used by start_cli; takes over a started child's state.
  explicit RunningCli(std::unique_ptr<State> state);
  ~RunningCli();
  RunningCli(RunningCli&&) noexcept;
  RunningCli& operator=(RunningCli&&) noexcept;
  RunningCli(const RunningCli&) = delete;
  RunningCli& operator=(const RunningCli&) = delete;

  /// The child's process id (-1 if it could not be started). Meaningless once reaped.
  pid_t pid() const;
  /// Sends `sig` to the child if it has not been reaped yet; false otherwise.
  bool send_signal(int sig);
  /// Whether the child has exited and been reaped.
  bool finished() const;
  /// What the child has written to stdout so far.
  std::string out_so_far() const;
  /// What the child has written to stderr so far.
  std::string err_so_far() const;
  /// Waits up to `timeout_ms` for `needle` to appear in stderr (or stdout, if `in_stdout`).
  bool wait_for_output(std::string_view needle, int timeout_ms, bool in_stdout = false) const;
  /// Waits for the child to end (or be killed at the timeout) and returns what it did.
  RunResult wait();

 private:
  std::unique_ptr<State> state_;
};

/// Starts `program args...` as described by `options` and returns at once.
RunningCli start_cli(const std::vector<std::string>& args, const RunOptions& options = {});

/// Runs `program args...` to completion (or timeout) and returns its exit status and output.
RunResult run_cli(const std::vector<std::string>& args, const RunOptions& options = {});

}  // namespace escurl::testing
