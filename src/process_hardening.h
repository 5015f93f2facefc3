// SPDX-License-Identifier: MIT
// Process hardening: escurl holds passwords, API keys and tokens in memory, so, as ssh-agent and
// gpg-agent do, it makes itself non-dumpable (no core file, no ptrace attach or /proc/PID/mem
// read by another process of the same user without CAP_SYS_PTRACE) and sets its core file size
// limit to zero, before it reads anything.
#pragma once

namespace escurl {

/// prctl(PR_SET_DUMPABLE, 0) and RLIMIT_CORE 0 (soft and hard). Once, first thing in main.
/// Failures are ignored: there is nothing better to do than to go on.
void harden_process();

}  // namespace escurl
