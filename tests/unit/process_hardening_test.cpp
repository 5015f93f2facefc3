// SPDX-License-Identifier: MIT
// Process hardening, checked in a child process so the test process keeps its own settings:
// afterwards the process is not dumpable and may write no core file.
#include "process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catch.h"

TEST_CASE("process_hardening: not dumpable, and no core file", "[process_hardening]") {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    escurl::harden_process();
    rlimit core{};
    const bool limited =
        ::getrlimit(RLIMIT_CORE, &core) == 0 && core.rlim_cur == 0 && core.rlim_max == 0;
    const bool dumpable = ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0;
    ::_exit((limited ? 0 : 1) | (dumpable ? 2 : 0));
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK((WEXITSTATUS(status) & 1) == 0);  // RLIMIT_CORE is 0, soft and hard
  CHECK((WEXITSTATUS(status) & 2) == 0);  // PR_GET_DUMPABLE says 0
}
