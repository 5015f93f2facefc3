// SPDX-License-Identifier: MIT
// run_cli: posix_spawn (not fork: the test process has server threads, and glibc's posix_spawn
// uses CLONE_VFORK so nothing but exec runs in the child), a pump thread that drains stdout and
// stderr with poll() and enforces the deadline, and a writer thread that feeds stdin. The child
// gets every descriptor above 2 closed, because httplib does not open its sockets close-on-exec
// and an inherited server socket would keep a connection open after the server closed it.
#include "run_cli.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <utility>

namespace escurl::testing {

#ifdef ESCURL_BIN
constexpr const char* kDefaultProgram = ESCURL_BIN;
#else
constexpr const char* kDefaultProgram = "";
#endif
constexpr const char* kDefaultPath = "PATH=/usr/bin:/bin";
// How long to keep draining output after SIGKILL before giving up on a grandchild that still
// holds the pipes open.
constexpr auto kKillGrace = std::chrono::seconds(2);
constexpr size_t kReadChunk = 64 * 1024;
// Once the child has exited, a pipe that stays silent this long is held only by a grandchild.
constexpr int kDrainIdleMs = 100;

using Clock = std::chrono::steady_clock;

struct RunningCli::State {
  pid_t pid = -1;
  bool kill_group = false;  // new session: the child leads its own process group
  Clock::time_point deadline;
  int out_fd = -1;
  int err_fd = -1;
  int in_fd = -1;
  int pid_fd = -1;  // pidfd of the child: readable once it has exited
  std::optional<std::string> stdin_data;
  mutable std::mutex mu;
  mutable std::condition_variable cv;
  RunResult result;  // guarded by mu while the pump runs
  bool reaped = false;
  std::atomic<bool> stop_writer{false};
  std::thread pump;
  std::thread writer;
};

namespace {

using State = RunningCli::State;

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

struct Pipe {
  int read = -1;
  int write = -1;
  bool open() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    read = fds[0];
    write = fds[1];
    return true;
  }
  void close() {
    close_fd(read);
    close_fd(write);
  }
};

std::vector<std::string> child_env(const RunOptions& options) {
  std::vector<std::string> env = options.env;
  bool has_path = std::any_of(env.begin(), env.end(),
                              [](const std::string& kv) { return kv.rfind("PATH=", 0) == 0; });
  if (options.default_path && !has_path) env.emplace_back(kDefaultPath);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Signals the test process may ignore (an ignored disposition survives exec) are reset, and the
// mask is emptied, so the child starts like one launched from a fresh shell.
void init_attr(posix_spawnattr_t& attr, bool new_session) {
  posix_spawnattr_init(&attr);
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attr, &empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGQUIT, SIGHUP, SIGTERM, SIGCHLD, SIGTTIN, SIGTTOU, SIGTSTP,
                  SIGUSR1, SIGUSR2, SIGALRM}) {
    sigaddset(&defaults, sig);
  }
  posix_spawnattr_setsigdefault(&attr, &defaults);
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  if (new_session) flags |= POSIX_SPAWN_SETSID;
  posix_spawnattr_setflags(&attr, flags);
}

void init_file_actions(posix_spawn_file_actions_t& fa, const RunOptions& options, int in_fd,
                       int out_fd, int err_fd) {
  posix_spawn_file_actions_init(&fa);
  if (in_fd >= 0) {
    posix_spawn_file_actions_adddup2(&fa, in_fd, STDIN_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa, err_fd, STDERR_FILENO);
  posix_spawn_file_actions_addclosefrom_np(&fa, 3);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, options.cwd.c_str());
}

// Starts the child with the given pipe ends as 0/1/2; returns errno-style 0 on success.
int spawn(const std::string& program, const std::vector<std::string>& args,
          const RunOptions& options, int in_fd, int out_fd, int err_fd, pid_t& pid) {
  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings = child_env(options);
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<char*> envp = c_strings(env_strings);
  posix_spawn_file_actions_t fa;
  init_file_actions(fa, options, in_fd, out_fd, err_fd);
  posix_spawnattr_t attr;
  init_attr(attr, options.new_session);
  int rc = ::posix_spawn(&pid, program.c_str(), &fa, &attr, argv.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  return rc;
}

// SIGKILL to the child (its whole process group in a new session), unless already reaped.
void kill_child(State& s) {
  std::lock_guard lock(s.mu);
  if (s.reaped || s.pid <= 0) return;
  ::kill(s.kill_group ? -s.pid : s.pid, SIGKILL);
}

void time_out(State& s) {
  kill_child(s);
  std::lock_guard lock(s.mu);
  s.result.timed_out = true;
}

int ms_until(Clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(ms, 0, 1000));
}

// Reads what is available on `fd` into `sink`; closes the descriptor at EOF or on error.
void drain(State& s, int& fd, std::string& sink) {
  char buf[kReadChunk];
  ssize_t n = ::read(fd, buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n <= 0) {
    close_fd(fd);
    return;
  }
  std::lock_guard lock(s.mu);
  sink.append(buf, static_cast<size_t>(n));
  s.cv.notify_all();
}

// Drains stdout and stderr until both reach EOF. Also stops once the child has exited (seen
// through its pidfd) and the pipes are empty, since then only a backgrounded grandchild can be
// holding them open; and after the deadline, kills the child and allows kKillGrace to drain.
void pump_output(State& s) {
  bool killed = false;
  bool exited = false;
  Clock::time_point give_up = Clock::time_point::max();
  while (s.out_fd >= 0 || s.err_fd >= 0) {
    auto now = Clock::now();
    if (!killed && now >= s.deadline) {
      time_out(s);
      killed = true;
      give_up = now + kKillGrace;
    }
    if (now >= give_up) break;
    pollfd fds[3] = {{s.out_fd, POLLIN, 0}, {s.err_fd, POLLIN, 0}, {-1, POLLIN, 0}};
    if (!exited) fds[2].fd = s.pid_fd;
    int wait_ms = exited ? kDrainIdleMs : ms_until(killed ? give_up : s.deadline);
    int rc = ::poll(fds, 3, wait_ms);
    if (rc < 0 && errno != EINTR) break;
    if (rc == 0 && exited) break;
    if (rc <= 0) continue;
    if (fds[2].revents != 0) exited = true;
    if (fds[0].revents != 0) drain(s, s.out_fd, s.result.out);
    if (fds[1].revents != 0) drain(s, s.err_fd, s.result.err);
  }
  close_fd(s.out_fd);
  close_fd(s.err_fd);
}

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Polls rather than blocking in waitpid so the deadline still applies to a child that closed
// its output early, and so send_signal() can never hit a recycled pid (reaping happens under mu).
void reap(State& s) {
  while (true) {
    {
      std::lock_guard lock(s.mu);
      int status = 0;
      pid_t r = ::waitpid(s.pid, &status, WNOHANG);
      if (r == s.pid || (r < 0 && errno != EINTR)) {
        s.result.exit_code = r == s.pid ? exit_code_of(status) : -1;
        s.result.term_signal = r == s.pid && WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        s.reaped = true;
        s.cv.notify_all();
        return;
      }
    }
    if (Clock::now() >= s.deadline && !s.result.timed_out) time_out(s);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Feeds stdin without ever blocking for long, so a child that never reads cannot wedge the test:
// the writer gives up when the child is gone (EPIPE) or has been reaped.
void write_stdin(State& s) {
  // SIGPIPE from a write is delivered to this thread; blocked here, write() fails with EPIPE
  // instead of killing the test process, and the pending signal dies with the thread.
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);
  std::string_view rest = *s.stdin_data;
  while (!rest.empty() && !s.stop_writer.load()) {
    pollfd pfd{s.in_fd, POLLOUT, 0};
    if (::poll(&pfd, 1, 100) <= 0) continue;
    ssize_t n = ::write(s.in_fd, rest.data(), std::min<size_t>(rest.size(), kReadChunk));
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;
    rest.remove_prefix(static_cast<size_t>(n));
  }
  close_fd(s.in_fd);
}

void run_background(State& s) {
  pump_output(s);
  reap(s);
  close_fd(s.pid_fd);
  s.stop_writer = true;
}

std::unique_ptr<State> failed_state(std::string message) {
  auto s = std::make_unique<State>();
  s->result.exit_code = 127;
  s->result.err = "run_cli: " + std::move(message) + "\n";
  s->reaped = true;
  return s;
}

// A pidfd for `pid`, or -1 on kernels before 5.3 (then only EOF or the deadline end the pump).
// The raw syscall because glibc 2.36's <sys/pidfd.h> lacks extern "C" and cannot link from C++.
int open_pidfd(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

// Wraps a spawned child in its State and starts the pump (and, with stdin data, the writer).
std::unique_ptr<State> launch(pid_t pid, const RunOptions& options, int out_fd, int err_fd,
                              int in_fd) {
  auto s = std::make_unique<State>();
  s->pid = pid;
  s->kill_group = options.new_session;
  s->deadline = Clock::now() + std::chrono::seconds(options.timeout_seconds);
  s->out_fd = out_fd;
  s->err_fd = err_fd;
  s->in_fd = in_fd;
  s->pid_fd = open_pidfd(pid);
  s->stdin_data = options.stdin_data;
  if (in_fd >= 0) ::fcntl(in_fd, F_SETFL, O_NONBLOCK);
  State* raw = s.get();
  s->pump = std::thread([raw] { run_background(*raw); });
  if (in_fd >= 0) s->writer = std::thread([raw] { write_stdin(*raw); });
  return s;
}

}  // namespace

RunningCli::RunningCli(std::unique_ptr<State> state) : state_(std::move(state)) {}

RunningCli::~RunningCli() {
  if (!state_) return;
  if (state_->pump.joinable()) kill_child(*state_);
  if (state_->pump.joinable()) state_->pump.join();
  if (state_->writer.joinable()) state_->writer.join();
}

RunningCli::RunningCli(RunningCli&&) noexcept = default;

RunningCli& RunningCli::operator=(RunningCli&& other) noexcept {
  if (this != &other) {
    RunningCli doomed(std::move(*this));  // kills and reaps our current child, if any
    state_ = std::move(other.state_);
  }
  return *this;
}

pid_t RunningCli::pid() const { return state_ ? state_->pid : -1; }

bool RunningCli::send_signal(int sig) {
  if (!state_) return false;
  std::lock_guard lock(state_->mu);
  if (state_->reaped || state_->pid <= 0) return false;
  return ::kill(state_->pid, sig) == 0;
}

bool RunningCli::finished() const {
  if (!state_) return true;
  std::lock_guard lock(state_->mu);
  return state_->reaped;
}

std::string RunningCli::out_so_far() const {
  if (!state_) return {};
  std::lock_guard lock(state_->mu);
  return state_->result.out;
}

std::string RunningCli::err_so_far() const {
  if (!state_) return {};
  std::lock_guard lock(state_->mu);
  return state_->result.err;
}

bool RunningCli::wait_for_output(std::string_view needle, int timeout_ms, bool in_stdout) const {
  if (!state_) return false;
  std::unique_lock lock(state_->mu);
  auto seen = [&] {
    const std::string& text = in_stdout ? state_->result.out : state_->result.err;
    return text.find(needle) != std::string::npos;
  };
  // Also stop waiting once the child is gone: no more output can arrive.
  state_->cv.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                      [&] { return seen() || state_->reaped; });
  return seen();
}

RunResult RunningCli::wait() {
  if (!state_) return failed_state("no child")->result;
  if (state_->pump.joinable()) state_->pump.join();
  if (state_->writer.joinable()) state_->writer.join();
  std::lock_guard lock(state_->mu);
  return state_->result;
}

RunningCli start_cli(const std::vector<std::string>& args, const RunOptions& options) {
  std::string program = options.program.empty() ? kDefaultProgram : options.program;
  if (program.empty()) return RunningCli(failed_state("no program (ESCURL_BIN is not defined)"));
  Pipe in, out, err;
  if ((options.stdin_data && !in.open()) || !out.open() || !err.open()) {
    int saved = errno;
    in.close();
    out.close();
    err.close();
    return RunningCli(failed_state(std::string("pipe: ") + std::strerror(saved)));
  }
  pid_t pid = -1;
  int rc = spawn(program, args, options, in.read, out.write, err.write, pid);
  close_fd(in.read);
  close_fd(out.write);
  close_fd(err.write);
  if (rc != 0) {
    in.close();
    out.close();
    err.close();
    return RunningCli(failed_state("cannot run " + program + ": " + std::strerror(rc)));
  }
  return RunningCli(launch(pid, options, out.read, err.read, in.write));
}

RunResult run_cli(const std::vector<std::string>& args, const RunOptions& options) {
  return start_cli(args, options).wait();
}

}  // namespace escurl::testing
