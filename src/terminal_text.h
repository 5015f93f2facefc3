// SPDX-License-Identifier: MIT
// Text from the network made safe to print: whatever a server, a proxy or a certificate says
// reaches stderr only through here. C0 controls (ESC, CR, LF, TAB...), DEL, C1 controls,
// Unicode line separators and bidirectional overrides, and bytes that are not valid UTF-8 become
// visible escapes (\r, \n, \t, \xNN); valid printable UTF-8 is kept. One line stays one line: a
// CR/LF cannot forge a second "escurl: error:" line, nor an escape sequence drive the terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace escurl {

/// `text` with every control character and every byte of invalid UTF-8 escaped. Idempotent:
/// its output is printable and passes through unchanged.
std::string terminal_text(std::string_view text);

/// terminal_text cut to at most `max_chars` characters (an escape counts as the characters it
/// prints), "…" standing for what was cut; for the network's text in a one-line message.
std::string terminal_text(std::string_view text, std::size_t max_chars);

}  // namespace escurl
