// SPDX-License-Identifier: MIT
#include "file_read.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>

#include "secret.h"

namespace escurl {
namespace {

using Clock = std::chrono::steady_clock;

// The first buffer for a file whose size fstat cannot tell (a pipe, /proc, a device).
constexpr std::size_t kFirstBuffer = 4096;

// Moves `out` to a buffer of `capacity` bytes, wiping the one it leaves: what a reallocation
// would free unwiped may be a secret.
void grow_wiping(std::string& out, std::size_t capacity) {
  std::string bigger;
  bigger.reserve(capacity);
  bigger.assign(out);
  secure_wipe(out);
  out.swap(bigger);
}

enum class Wait { Ready, Silent, Failed };

// Waits for input on `fd` until `deadline` (none: for ever), resuming after signals.
Wait wait_until(int fd, std::optional<Clock::time_point> deadline) {
  for (;;) {
    int timeout_ms = -1;
    if (deadline) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
      if (left.count() <= 0) return Wait::Silent;
      timeout_ms = static_cast<int>(std::min<long long>(left.count(), 1 << 30));
    }
    pollfd p{fd, POLLIN, 0};
    const int n = ::poll(&p, 1, timeout_ms);
    if (n > 0) return Wait::Ready;  // POLLHUP and POLLERR too: the read says what they mean
    if (n == 0) return Wait::Silent;
    if (errno != EINTR) return Wait::Failed;
  }
}

std::optional<Clock::time_point> deadline_after(const std::optional<double>& seconds) {
  if (!seconds) return std::nullopt;
  // Far beyond any run, a huge or non-finite wait is no wait limit at all.
  if (!std::isfinite(*seconds) || *seconds > 1e7) return std::nullopt;
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(std::max(*seconds, 0.0)));
}

Error os_failure(const FileRead& how, int error) {
  return make_error(how.code, fmt::format("cannot read {}: {}", how.what, std::strerror(error)));
}

}  // namespace

Error silent_file_error(const FileRead& how, bool got_some) {
  const double s = how.wait_seconds.value_or(0);
  return make_error(
      how.code,
      got_some
          ? fmt::format("gave up reading {}: nothing more was written to it for {} s", how.what, s)
          : fmt::format("gave up reading {} after {} s: nothing was written to it (a FIFO "
                        "with no writer?)",
                        how.what, s),
      {"escurl waits --connect-timeout seconds for a file that is not a regular one: start what "
       "writes it first, or give a regular file"});
}

std::string describe_size(std::size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

InputFile::InputFile(const std::string& path, int extra_flags) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | extra_flags);
  if (fd_ < 0) {
    errno_ = errno;
    return;
  }
  if (::fstat(fd_, &st_) != 0) {
    errno_ = errno;
    ::close(fd_);
    fd_ = -1;
  }
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

Error InputFile::open_error(const FileRead& how) const { return os_failure(how, errno_); }

Result<void> InputFile::read_all(const FileRead& how, std::string& out) const {
  return escurl::read_all(fd_, how, out);
}

Result<void> read_all(int fd, const FileRead& how, std::string& out) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return os_failure(how, errno);
  const bool regular = S_ISREG(st.st_mode);
  const std::size_t start = out.size();
  // A regular file's size is known: room for all of it (and the byte that tells its end) is
  // made at once, so the buffer seldom moves.
  const std::size_t expected =
      regular ? std::min(static_cast<std::size_t>(std::max<off_t>(st.st_size, 0)), how.max_bytes)
              : kFirstBuffer;
  if (out.capacity() < start + expected + 1) grow_wiping(out, start + expected + 1);
  const auto fail = [&](Error e) -> Result<void> {
    secure_wipe(out);
    return e;
  };
  // Only a file that is not a regular one can leave a read waiting; the wait is between pieces.
  std::optional<Clock::time_point> deadline =
      regular ? std::nullopt : deadline_after(how.wait_seconds);
  for (;;) {
    if (!regular) {
      const Wait w = wait_until(fd, deadline);
      if (w == Wait::Silent) return fail(silent_file_error(how, out.size() > start));
      if (w == Wait::Failed) return fail(os_failure(how, errno));
    }
    if (out.size() == out.capacity()) grow_wiping(out, out.capacity() * 2);
    const std::size_t had = out.size();
    // At most one byte past the cap is asked for: enough to know the file is larger.
    const std::size_t room = std::min(out.capacity() - had, start + how.max_bytes + 1 - had);
    out.resize(had + room);
    const ssize_t n = ::read(fd, out.data() + had, room);
    const int read_errno = errno;
    out.resize(had + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
    if (n == 0) return ok();
    if (n < 0) {
      if (read_errno == EINTR || read_errno == EAGAIN) continue;
      return fail(os_failure(how, read_errno));
    }
    if (out.size() - start > how.max_bytes) {
      return fail(make_error(how.code, fmt::format("cannot read {}: it is larger than {}, the most "
                                                   "escurl reads from such a file",
                                                   how.what, describe_size(how.max_bytes))));
    }
    if (!regular) deadline = deadline_after(how.wait_seconds);
  }
}

Result<std::string> read_whole_file(const std::string& path, const FileRead& how) {
  const InputFile file(path);
  if (!file.is_open()) return file.open_error(how);
  std::string out;
  if (Result<void> r = file.read_all(how, out); !r) return r.take_error();
  return out;
}

Result<void> check_readable(const std::string& path, const FileRead& how) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return os_failure(how, errno);
  if (!S_ISREG(st.st_mode)) {
    return ::access(path.c_str(), R_OK) == 0 ? ok() : Result<void>(os_failure(how, errno));
  }
  const InputFile file(path);
  return file.is_open() ? ok() : Result<void>(file.open_error(how));
}

bool wait_for_input(int fd, double seconds) {
  return wait_until(fd, deadline_after(seconds)) == Wait::Ready;
}

}  // namespace escurl
