// SPDX-License-Identifier: MIT
#include "interrupt.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <map>
#include <mutex>
#include <thread>

namespace escurl {
namespace {

// How long a cancelled run may take to clean up and exit by itself.
constexpr int kGraceMs = 3000;

volatile std::sig_atomic_t g_interrupted = 0;
int g_pipe[2] = {-1, -1};

using Actions = std::map<int, std::function<void()>>;

// Never destroyed: the interrupt thread may still use it while the process exits.
struct Registry {
  std::recursive_mutex mu;
  Actions cancels;
  Actions undos;
  int next_id = 1;
};

Registry& registry() {
  static auto* r = new Registry;
  return *r;
}

// SIGINT, SIGTERM and SIGHUP: the byte written is the signal's number.
extern "C" void on_signal(int signo) {
  const int saved = errno;
  if (signo == SIGINT) g_interrupted = 1;
  const auto byte = static_cast<char>(signo);
  [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &byte, 1);
  errno = saved;
}

// SIGTERM and SIGHUP ask the process to go, not to report: the undo actions run (no temporary
// file is left) and the signal then ends the process as it would have, so that whoever sent it
// sees the status it expects (128 + the signal's number in a shell).
[[noreturn]] void end_by(int signo) {
  handle_interrupt(true);
  ::signal(signo, SIG_DFL);
  sigset_t just;
  sigemptyset(&just);
  sigaddset(&just, signo);
  ::pthread_sigmask(SIG_UNBLOCK, &just, nullptr);
  ::raise(signo);
  ::_exit(128 + signo);  // not reached
}

// Registers `action` in one of the registry's lists; returns its id.
int add_action(Actions Registry::*list, std::function<void()> action) {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  const int id = r.next_id++;
  (r.*list).emplace(id, std::move(action));
  return id;
}

void remove_action(Actions Registry::*list, int id) {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  (r.*list).erase(id);
}

[[noreturn]] void end_now() {
  constexpr char kLine[] = "escurl: error: interrupted\n";
  [[maybe_unused]] const ssize_t n = ::write(2, kLine, sizeof kLine - 1);
  ::_exit(130);
}

void interrupt_thread() {
  char byte = 0;
  while (::read(g_pipe[0], &byte, 1) != 1) {
  }
  if (byte != SIGINT) end_by(byte);
  if (handle_interrupt(false)) {
    // The cancelled run normally exits by itself; a second SIGINT or the grace period ends it.
    pollfd p{g_pipe[0], POLLIN, 0};
    ::poll(&p, 1, kGraceMs);
    handle_interrupt(true);
  }
  end_now();
}

}  // namespace

bool handle_interrupt(bool second) {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  if (!second && !r.cancels.empty()) {
    for (auto& [id, cancel] : r.cancels) cancel();
    return true;
  }
  for (auto& [id, undo] : r.undos) undo();
  return false;
}

void install_interrupt_handler() {
  if (::pipe2(g_pipe, O_CLOEXEC) != 0) return;
  // The handler must never block.
  ::fcntl(g_pipe[1], F_SETFL, ::fcntl(g_pipe[1], F_GETFL) | O_NONBLOCK);
  std::thread(interrupt_thread).detach();
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (const int signo : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(signo, &sa, nullptr);
}

bool interrupted() { return g_interrupted != 0; }

CancelOnInterrupt::CancelOnInterrupt(std::function<void()> cancel)
    : id_(add_action(&Registry::cancels, std::move(cancel))) {}

CancelOnInterrupt::~CancelOnInterrupt() { remove_action(&Registry::cancels, id_); }

UndoOnInterrupt::UndoOnInterrupt(std::function<void()> undo)
    : id_(add_action(&Registry::undos, std::move(undo))) {}

UndoOnInterrupt::~UndoOnInterrupt() { remove_action(&Registry::undos, id_); }

InterruptCriticalSection::InterruptCriticalSection() { registry().mu.lock(); }

InterruptCriticalSection::~InterruptCriticalSection() { registry().mu.unlock(); }

}  // namespace escurl
