// SPDX-License-Identifier: MIT
#include "interrupt.h"

#include <fcntl.h>
#include <poll.h>
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

// Never destroyed: the interrupt thread may still use it while the process exits.
struct Registry {
  std::recursive_mutex mu;
  std::map<int, std::function<void()>> cancels;
  std::map<int, std::function<void()>> undos;
  int next_id = 1;
};

Registry& registry() {
  static auto* r = new Registry;
  return *r;
}

extern "C" void on_sigint(int) {
  const int saved = errno;
  g_interrupted = 1;
  const char byte = 1;
  [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &byte, 1);
  errno = saved;
}

[[noreturn]] void end_now() {
  constexpr char kLine[] = "escurl: error: interrupted\n";
  [[maybe_unused]] const ssize_t n = ::write(2, kLine, sizeof kLine - 1);
  ::_exit(130);
}

void interrupt_thread() {
  char byte;
  while (::read(g_pipe[0], &byte, 1) != 1) {
  }
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
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &sa, nullptr);
}

bool interrupted() { return g_interrupted != 0; }

CancelOnInterrupt::CancelOnInterrupt(std::function<void()> cancel) {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  id_ = r.next_id++;
  r.cancels.emplace(id_, std::move(cancel));
}

CancelOnInterrupt::~CancelOnInterrupt() {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  r.cancels.erase(id_);
}

UndoOnInterrupt::UndoOnInterrupt(std::function<void()> undo) {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  id_ = r.next_id++;
  r.undos.emplace(id_, std::move(undo));
}

UndoOnInterrupt::~UndoOnInterrupt() {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  r.undos.erase(id_);
}

InterruptCriticalSection::InterruptCriticalSection() { registry().mu.lock(); }

InterruptCriticalSection::~InterruptCriticalSection() { registry().mu.unlock(); }

}  // namespace escurl
