// SPDX-License-Identifier: MIT
// The registry behind SIGINT; the signal itself is tested on the real binary
// (tests/integration/signal_test.cpp), since an outright end calls _exit.
#include "interrupt.h"

#include "catch.h"

using escurl::CancelOnInterrupt;
using escurl::handle_interrupt;
using escurl::UndoOnInterrupt;

TEST_CASE("interrupt: a first SIGINT cancels the transfers in progress", "[interrupt]") {
  int cancelled = 0;
  int undone = 0;
  const UndoOnInterrupt undo([&] { ++undone; });
  {
    const CancelOnInterrupt a([&] { ++cancelled; });
    const CancelOnInterrupt b([&] { ++cancelled; });
    CHECK(handle_interrupt(false));
    CHECK(cancelled == 2);
    CHECK(undone == 0);
  }
  // Nothing left to cancel: the undo actions run and the process must end.
  CHECK_FALSE(handle_interrupt(false));
  CHECK(cancelled == 2);
  CHECK(undone == 1);
}

TEST_CASE("interrupt: a second SIGINT runs the undo actions even during a transfer",
          "[interrupt]") {
  int cancelled = 0;
  int undone = 0;
  const CancelOnInterrupt cancel([&] { ++cancelled; });
  {
    const UndoOnInterrupt undo([&] { ++undone; });
    CHECK_FALSE(handle_interrupt(true));
    CHECK(cancelled == 0);
    CHECK(undone == 1);
  }
  CHECK_FALSE(handle_interrupt(true));
  CHECK(undone == 1);  // unregistered with its scope
}

TEST_CASE("interrupt: nothing is interrupted without a signal", "[interrupt]") {
  CHECK_FALSE(escurl::interrupted());
}
