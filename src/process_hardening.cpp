// SPDX-License-Identifier: MIT
#include "process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>

namespace escurl {

void harden_process() {
  // A crash must not write the secrets to a core file: neither by the limit nor by a core_pattern
  // pipe (which ignores the limit but honours the dumpable flag).
  const rlimit none{0, 0};
  (void)::setrlimit(RLIMIT_CORE, &none);
  (void)::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

}  // namespace escurl
