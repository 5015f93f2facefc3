// SPDX-License-Identifier: MIT
#include "credential_command.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "flags.h"

extern char** environ;

namespace escurl {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kHint =
    "run the command by hand to see what it prints on standard error";

Error command_error(std::string_view what, std::string_view program, std::string_view reason) {
  return make_error(Errc::Usage, fmt::format("{}: '{}' {}", what, program, reason),
                    {std::string(kHint)});
}

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Spawn settings that free the child of what escurl may have set for itself: blocked signals
// and an ignored SIGPIPE would otherwise survive exec, and so would every descriptor not opened
// close-on-exec (one escurl's parent left open, or a library's), so all above 2 are closed.
class SpawnSetup {
 public:
  explicit SpawnSetup(int stdout_fd) {
    ::posix_spawn_file_actions_init(&actions_);
    ::posix_spawn_file_actions_addopen(&actions_, 0, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_adddup2(&actions_, stdout_fd, 1);
    ::posix_spawn_file_actions_addopen(&actions_, 2, "/dev/null", O_WRONLY, 0);
    // glibc 2.34 and later (Debian 12 has 2.36, Debian 13 2.41); it falls back to walking
    // /proc/self/fd where the kernel has no close_range.
    ::posix_spawn_file_actions_addclosefrom_np(&actions_, 3);
    ::posix_spawnattr_init(&attr_);
    sigset_t none;
    sigemptyset(&none);
    sigset_t pipe_default;
    sigemptyset(&pipe_default);
    sigaddset(&pipe_default, SIGPIPE);
    ::posix_spawnattr_setsigmask(&attr_, &none);
    ::posix_spawnattr_setsigdefault(&attr_, &pipe_default);
    ::posix_spawnattr_setflags(&attr_, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }
  ~SpawnSetup() {
    ::posix_spawn_file_actions_destroy(&actions_);
    ::posix_spawnattr_destroy(&attr_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  const posix_spawn_file_actions_t* actions() const { return &actions_; }
  const posix_spawnattr_t* attr() const { return &attr_; }

 private:
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attr_;
};

int wait_blocking(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

void kill_and_reap(pid_t pid) {
  ::kill(pid, SIGKILL);
  wait_blocking(pid);
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(std::min<long long>(left.count(), 1 << 30));
}

enum class ReadEnd { Eof, Timeout, TooLarge, Failed };

// Reads the child's stdout into `out` until end of file, the deadline, or one byte too many.
// Bytes go straight into `out` so no copy of the secret is left in a stack buffer.
ReadEnd read_output(int fd, Clock::time_point deadline, std::string& out) {
  for (;;) {
    const int wait = remaining_ms(deadline);
    if (wait == 0) return ReadEnd::Timeout;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, wait);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return ReadEnd::Failed;
    if (ready == 0) return ReadEnd::Timeout;
    const std::size_t had = out.size();
    out.resize(kMaxCredentialOutput + 1);
    const ssize_t n = ::read(fd, out.data() + had, out.size() - had);
    out.resize(had + static_cast<std::size_t>(n > 0 ? n : 0));
    if (n == 0) return ReadEnd::Eof;
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return ReadEnd::Failed;
    if (out.size() > kMaxCredentialOutput) return ReadEnd::TooLarge;
  }
}

// Waits for the child to exit until the deadline: its status, nullopt when it is still running
// then, or an error when its status cannot be had (SIGCHLD ignored makes the kernel reap it).
Result<std::optional<int>> wait_until(pid_t pid, Clock::time_point deadline) {
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return std::optional<int>(status);
    if (r < 0 && errno != EINTR) {
      return make_error(Errc::Internal, fmt::format("cannot wait: {}", std::strerror(errno)));
    }
    if (remaining_ms(deadline) == 0) return std::optional<int>();
    ::poll(nullptr, 0, std::min(remaining_ms(deadline), 10));
  }
}

void trim_trailing_space(std::string& s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                        s.back() == '\n' || s.back() == '\f' || s.back() == '\v')) {
    s.pop_back();
  }
}

std::string describe_timeout(std::chrono::milliseconds timeout) {
  return fmt::format("did not finish within {} ms and was killed", timeout.count());
}

// The variables escurl reads secrets from (the flag table's, for the flags that take a secret):
// a helper has no business with them, and a helper that logs its environment would leak them.
bool is_secret_variable(std::string_view name) {
  for (const FlagSpec& f : all_flags()) {
    if (!f.secret) continue;
    for (std::string_view rest = f.env; !rest.empty();) {
      const std::size_t comma = rest.find(',');
      std::string_view one = rest.substr(0, comma);
      while (one.starts_with(' ')) one.remove_prefix(1);
      if (one == name) return true;
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return false;
}

// The process environment without the secret variables, pointing into `environ`.
std::vector<char*> child_environment() {
  std::vector<char*> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    if (!is_secret_variable(entry.substr(0, entry.find('=')))) out.push_back(*e);
  }
  out.push_back(nullptr);
  return out;
}

// `fd` itself when it is above 2, else a close-on-exec copy that is (and `fd` is closed).
int above_standard_fds(int fd) {
  if (fd > 2) return fd;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  ::close(fd);
  return moved;
}

}  // namespace

Result<Secret> run_credential_command(const std::vector<std::string>& argv,
                                      std::chrono::milliseconds timeout, std::string_view what) {
  if (argv.empty() || argv[0].empty()) {
    return make_error(
        Errc::Usage, fmt::format("{}: the command is empty", what),
        {"give the program and its arguments, e.g. [\"pass\", \"show\", \"es/prod\"]"});
  }
  const std::string& program = argv[0];
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return command_error(what, program, fmt::format("cannot be run: {}", std::strerror(errno)));
  }
  // With a standard descriptor closed in escurl, the pipe would take its number, and the child's
  // redirections of 0, 1 and 2 would then trample on it.
  Fd read_end(above_standard_fds(fds[0]));
  Fd write_end(above_standard_fds(fds[1]));
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  pid_t pid = 0;
  const Clock::time_point deadline = Clock::now() + timeout;
  {
    SpawnSetup setup(write_end.get());
    std::vector<char*> envp = child_environment();
    const int rc = ::posix_spawnp(&pid, program.c_str(), setup.actions(), setup.attr(), args.data(),
                                  envp.data());
    if (rc != 0) {
      return command_error(what, program, fmt::format("cannot be run: {}", std::strerror(rc)));
    }
  }
  // Only the child may hold the write end, or end of file would never come.
  write_end.reset();

  std::string out;
  const ReadEnd end = read_output(read_end.get(), deadline, out);
  if (end != ReadEnd::Eof) {
    const int read_errno = errno;
    kill_and_reap(pid);
    secure_wipe(out);
    if (end == ReadEnd::Timeout) return command_error(what, program, describe_timeout(timeout));
    if (end == ReadEnd::TooLarge) {
      return command_error(what, program,
                           fmt::format("printed more than {} bytes", kMaxCredentialOutput));
    }
    return command_error(what, program,
                         fmt::format("cannot be read from: {}", std::strerror(read_errno)));
  }
  const Result<std::optional<int>> waited = wait_until(pid, deadline);
  if (!waited) {
    secure_wipe(out);
    return command_error(what, program, waited.error().message);
  }
  if (!*waited) {
    kill_and_reap(pid);
    secure_wipe(out);
    return command_error(what, program, describe_timeout(timeout));
  }
  const std::optional<int>& status = *waited;
  if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
    secure_wipe(out);
    return command_error(what, program,
                         WIFSIGNALED(*status)
                             ? fmt::format("was killed by signal {}", WTERMSIG(*status))
                             : fmt::format("exited with status {}", WEXITSTATUS(*status)));
  }
  trim_trailing_space(out);
  if (out.empty()) return command_error(what, program, "printed nothing on standard output");
  Secret secret(std::move(out));
  secure_wipe(out);
  return secret;
}

}  // namespace escurl
