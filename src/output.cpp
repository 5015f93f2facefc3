// SPDX-License-Identifier: MIT
#include "output.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace escurl {
namespace {

// Large enough that a body costs a write per 256 KiB, small enough to stay out of the RSS
// budget; a piece this large or larger is written straight through. The buffer starts small,
// so that a short answer costs no mapping of its own.
constexpr std::size_t kBufferSize = 256 * 1024;
constexpr std::size_t kFirstBuffer = 16 * 1024;

}  // namespace

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

Output Output::to_stdout() { return Output(1, "", ""); }

bool Output::in_place_file() const { return temp_path_.empty() && !final_path_.empty(); }

namespace {

std::string parent_dir(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The kernel's fs.protected_symlinks rule, which renaming onto a link's target would get around:
// a link in a sticky directory anyone can write to (/tmp) is followed only when it is ours or
// the directory owner's. Another user's link there may lead to any file of ours.
Result<void> check_shared_dir_link(const std::string& path, const struct stat& link) {
  const std::string dir = parent_dir(path);
  struct stat d {};
  if (::stat(dir.c_str(), &d) != 0) return ok();
  const bool shared = (d.st_mode & S_ISVTX) != 0 && (d.st_mode & S_IWOTH) != 0;
  if (!shared || link.st_uid == ::geteuid() || link.st_uid == d.st_uid) return ok();
  return make_error(Errc::WriteOutput,
                    fmt::format("refusing -o {}: it is a symbolic link that another user (uid {}) "
                                "made in '{}', a directory anyone can write to, so it may lead to "
                                "any file of yours",
                                path, link.st_uid, dir),
                    {"write to a path of your own, or remove the link and try again"});
}

// Where a path leads: a symbolic link is written through (its target replaced, the link kept),
// as curl writes through one, unless check_shared_dir_link refuses it. A dangling link is left
// to be replaced itself.
Result<std::string> resolve_link(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return path;
  if (Result<void> r = check_shared_dir_link(path, st); !r) return r.take_error();
  char* real = ::realpath(path.c_str(), nullptr);
  if (real == nullptr) return path;
  std::string resolved(real);
  std::free(real);
  return resolved;
}

}  // namespace

Result<Output> Output::to_file(const std::string& requested) {
  Result<std::string> resolved = resolve_link(requested);
  if (!resolved) return resolved.take_error();
  const std::string& path = *resolved;
  struct stat existing {};
  const bool exists = ::stat(path.c_str(), &existing) == 0;
  if (exists && !S_ISREG(existing.st_mode)) {
    // A device or a pipe (-o /dev/null, a FIFO): there is nothing to replace, and renaming a
    // file over it would put a plain file where /dev/null was. Written in place.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      return make_error(Errc::WriteOutput,
                        fmt::format("cannot open '{}': {}", requested, std::strerror(errno)));
    }
    return Output(fd, requested, "");
  }
  std::string temp = path + ".escurl-XXXXXX";
  std::vector<char> buf(temp.begin(), temp.end());
  buf.push_back('\0');
  // SIGINT may end the process from another thread: the file and its removal on that path are
  // created as one step.
  const InterruptCriticalSection hold;
  // Close-on-exec: a credential command or any other child must not inherit the output.
  const int fd = ::mkostemp(buf.data(), O_CLOEXEC);
  if (fd < 0) {
    return make_error(Errc::WriteOutput,
                      fmt::format("cannot create '{}': {}", path, std::strerror(errno)));
  }
  // mkostemp makes the file 0600; give it the mode of the file it replaces (a 0600 file must not
  // become readable by others), or the one a plain create would have.
  if (exists) {
    ::fchmod(fd, existing.st_mode & 07777);
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
  }
  std::string temp_path(buf.data());
  auto undo = std::make_unique<UndoOnInterrupt>([temp_path] { ::unlink(temp_path.c_str()); });
  return Output(fd, path, std::move(temp_path), std::move(undo));
}

Output::Output(Output&& other) noexcept
    : fd_(other.fd_),
      buffer_(std::move(other.buffer_)),
      capacity_(other.capacity_),
      queued_(other.queued_),
      final_path_(std::move(other.final_path_)),
      temp_path_(std::move(other.temp_path_)),
      undo_(std::move(other.undo_)),
      broken_pipe_(other.broken_pipe_),
      error_(std::move(other.error_)) {
  other.fd_ = -1;
  other.queued_ = 0;
  other.capacity_ = 0;
  other.temp_path_.clear();
}

Output::~Output() {
  // What reached stdout before an error stays there, as it would have unbuffered.
  if (temp_path_.empty() && fd_ >= 0) flush();
  abandon();
  if (in_place_file() && fd_ >= 0) ::close(fd_);
}

bool Output::write(const char* data, std::size_t size) {
  if (error_ || broken_pipe_) return false;
  if (queued_ + size > capacity_ && capacity_ < kBufferSize) grow(queued_ + size);
  if (queued_ + size > capacity_) {
    if (!flush()) return false;
    if (size >= capacity_) return write_through(data, size);
  }
  std::memcpy(buffer_.get() + queued_, data, size);
  queued_ += size;
  return true;
}

void Output::grow(std::size_t wanted) {
  const std::size_t capacity = std::clamp(wanted, kFirstBuffer, kBufferSize);
  auto bigger = std::make_unique<char[]>(capacity);
  if (queued_ > 0) std::memcpy(bigger.get(), buffer_.get(), queued_);
  buffer_ = std::move(bigger);
  capacity_ = capacity;
}

bool Output::flush() {
  if (error_ || broken_pipe_) return false;
  const std::size_t n = queued_;
  queued_ = 0;
  return n == 0 || write_through(buffer_.get(), n);
}

bool Output::write_through(const char* data, std::size_t size) {
  if (write_all(fd_, data, size)) return true;
  if (errno == EPIPE && temp_path_.empty()) {  // stdout, or a FIFO given to -o
    broken_pipe_ = true;
    return false;
  }
  const std::string where = final_path_.empty() ? "standard output" : final_path_;
  error_ = make_error(Errc::WriteOutput,
                      fmt::format("cannot write to {}: {}", where, std::strerror(errno)));
  return false;
}

Result<void> Output::finish() {
  if (!flush()) {
    if (broken_pipe_) return ok();
    abandon();
    return *error_;
  }
  if (in_place_file()) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      return make_error(Errc::WriteOutput,
                        fmt::format("cannot write '{}': {}", final_path_, std::strerror(errno)));
    }
  }
  if (temp_path_.empty()) return ok();
  const int fd = fd_;
  fd_ = -1;
  const InterruptCriticalSection hold;  // renamed and unregistered together
  undo_.reset();
  if (::close(fd) != 0 || ::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
    const int e = errno;
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
    return make_error(Errc::WriteOutput,
                      fmt::format("cannot write '{}': {}", final_path_, std::strerror(e)));
  }
  temp_path_.clear();
  return ok();
}

void Output::abandon() {
  if (temp_path_.empty()) return;
  queued_ = 0;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(temp_path_.c_str());
  temp_path_.clear();
}

}  // namespace escurl
