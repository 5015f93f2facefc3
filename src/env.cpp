// SPDX-License-Identifier: MIT
#include "env.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "interrupt.h"

namespace escurl {
namespace {

// Standard input read whole: within the cap, but with no wait limit, as a person may be typing.
Result<std::string> read_stdin_whole() {
  std::string out;
  if (Result<void> r =
          read_all(0, {"standard input", kLargeFileLimit, std::nullopt, Errc::ReadBody}, out);
      !r) {
    return r.take_error();
  }
  return out;
}

// Reads one line from the terminal, with echo off unless `echo`, restoring the terminal on every
// path.
Result<Secret> prompt_on_tty(std::string_view prompt, bool echo) {
  const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    return make_error(Errc::Usage, "no terminal to prompt on");
  }
  termios saved{};
  const bool have_termios = !echo && ::tcgetattr(fd, &saved) == 0;
  if (have_termios) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  // Ctrl-C here ends the process from another thread: the terminal gets its echo back first.
  const UndoOnInterrupt restore([fd, saved, have_termios] {
    if (have_termios) ::tcsetattr(fd, TCSAFLUSH, &saved);
    (void)!::write(fd, "\n", 1);
  });
  (void)!::write(fd, prompt.data(), prompt.size());
  std::string line;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n') line += c;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (have_termios) ::tcsetattr(fd, TCSAFLUSH, &saved);
  if (!echo) (void)!::write(fd, "\n", 1);  // the typed newline was not shown
  ::close(fd);
  Secret secret(std::move(line));
  secure_wipe(line);
  return secret;
}

}  // namespace

std::optional<std::string> Env::get(std::string_view name) const {
  const auto it = vars.find(std::string(name));
  if (it == vars.end()) return std::nullopt;
  return it->second;
}

std::optional<std::pair<std::string, std::string>> Env::first_of(
    std::initializer_list<std::string_view> names) const {
  for (const std::string_view name : names) {
    if (auto v = get(name); v && !v->empty()) return std::make_pair(std::string(name), *v);
  }
  return std::nullopt;
}

Env Env::from_process(int argc, char** argv, char** envp) {
  Env env;
  for (int i = 1; i < argc; ++i) env.args.emplace_back(argv[i]);
  for (char** e = envp; e && *e; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (eq)
      env.vars.emplace(std::string(*e, static_cast<std::size_t>(eq - *e)), std::string(eq + 1));
  }
  env.stdin_tty = ::isatty(0) == 1;
  env.stdout_tty = ::isatty(1) == 1;
  env.stderr_tty = ::isatty(2) == 1;
  env.read_stdin = [] { return read_stdin_whole(); };
  env.prompt_secret = [](std::string_view prompt) { return prompt_on_tty(prompt, false); };
  env.prompt_line = [](std::string_view prompt) -> Result<std::string> {
    Result<Secret> line = prompt_on_tty(prompt, true);
    if (!line) return line.take_error();
    return line->reveal();
  };
  return env;
}

}  // namespace escurl
