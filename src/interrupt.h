// SPDX-License-Identifier: MIT
// SIGINT: the handler only sets a flag and writes to a self-pipe; a thread reading the pipe does
// the rest. It first cancels the transfers in progress (each registered a CancelOnInterrupt that
// stops its connection), so they end with Errc::Interrupted and the usual clean-up (exit 130).
// With nothing to cancel, or on a second SIGINT, or when the cancelled run has not ended after a
// grace period, it runs every UndoOnInterrupt (removing temporary files, restoring the terminal)
// and ends the process with 130 at once. SIGTERM and SIGHUP run the undo actions at once and
// then end the process by that signal.
#pragma once

#include <functional>

namespace escurl {

/// Installs the SIGINT, SIGTERM and SIGHUP handler and starts the thread that acts on it. Once,
/// from main.
void install_interrupt_handler();

/// Whether SIGINT has arrived.
bool interrupted();

/// While alive, SIGINT calls `cancel` (on another thread) to end a blocked transfer.
class CancelOnInterrupt {
 public:
  explicit CancelOnInterrupt(std::function<void()> cancel);
  ~CancelOnInterrupt();
  CancelOnInterrupt(const CancelOnInterrupt&) = delete;
  CancelOnInterrupt& operator=(const CancelOnInterrupt&) = delete;

 private:
  int id_;
};

/// While alive, `undo` runs (on another thread) if SIGINT ends the process outright.
class UndoOnInterrupt {
 public:
  explicit UndoOnInterrupt(std::function<void()> undo);
  ~UndoOnInterrupt();
  UndoOnInterrupt(const UndoOnInterrupt&) = delete;
  UndoOnInterrupt& operator=(const UndoOnInterrupt&) = delete;

 private:
  int id_;
};

/// Holds off an outright end by SIGINT while alive, so that creating a file and registering its
/// UndoOnInterrupt (or renaming it into place) happen as one step. Keep the scope short.
class InterruptCriticalSection {
 public:
  InterruptCriticalSection();
  ~InterruptCriticalSection();
  InterruptCriticalSection(const InterruptCriticalSection&) = delete;
  InterruptCriticalSection& operator=(const InterruptCriticalSection&) = delete;
};

/// What the interrupt thread does for one SIGINT, exposed for tests: cancels the registered
/// transfers and returns true, or (nothing registered, or `second`) runs the undo actions and
/// returns false, meaning the process must end now.
bool handle_interrupt(bool second);

}  // namespace escurl
