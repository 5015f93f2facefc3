// SPDX-License-Identifier: MIT
#include "manpage.h"

#include <fmt/format.h>

#include <set>
#include <vector>

#include "exit_code.h"
#include "version.h"

namespace escurl {
namespace {

// Decodes one UTF-8 sequence at text[i]; advances i. Invalid bytes come back as U+FFFD.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 3 ? b & 0x07 : extra == 2 ? b & 0x0F : b & 0x1F;
  if (i + extra >= text.size()) {
    i = text.size();
    return 0xFFFD;
  }
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  i += extra + 1;
  return cp;
}

// What a non-ASCII character becomes in the page, in code-point order. Under LC_ALL=C man renders
// with groff's ascii device, which warns about every glyph it lacks (\[u2026] among them), so
// each row is an escape that groff 1.22 (Debian 12) and 1.23 (Debian 13) render without a warning
// on the ascii, latin1 and utf8 devices, or an ASCII spelling where no such escape exists.
struct RoffGlyph {
  char32_t code_point;
  std::string_view roff;
};
constexpr RoffGlyph kRoffGlyphs[] = {
    {U'\u00A0', "\\ "},    // no-break space: groff's unpaddable space
    {U'\u00A9', "\\(co"},  // copyright sign
    {U'\u00AE', "\\(rg"},  // registered sign
    {U'\u00B1', "\\(+-"},  // plus-minus sign
    {U'\u00D7', "\\(mu"},  // multiplication sign
    {U'\u2010', "\\(hy"},  // hyphen
    {U'\u2011', "\\-"},    // non-breaking hyphen
    {U'\u2013', "\\(en"},  // en dash
    {U'\u2014', "\\(em"},  // em dash
    {U'\u2018', "\\(oq"},  // left single quotation mark
    {U'\u2019', "\\(cq"},  // right single quotation mark
    {U'\u201C', "\\(lq"},  // left double quotation mark
    {U'\u201D', "\\(rq"},  // right double quotation mark
    {U'\u2022', "\\(bu"},  // bullet
    {U'\u2026', "..."},    // horizontal ellipsis: groff 1.22's ascii device has no glyph
    {U'\u2190', "\\(<-"},  // leftwards arrow
    {U'\u2192', "\\(->"},  // rightwards arrow
    {U'\u2194', "\\(<>"},  // left right arrow
    {U'\u2212', "\\(mi"},  // minus sign
    {U'\u2260', "\\(!="},  // not equal to
    {U'\u2264', "\\(<="},  // less-than or equal to
    {U'\u2265', "\\(>="},  // greater-than or equal to
    {U'\u20AC', "\\(Eu"},  // euro sign
};

// The roff for one non-ASCII character: its glyph from kRoffGlyphs, else '?', which every device
// has (a flag text that needs another character needs a row above; a unit test checks).
std::string_view roff_glyph(char32_t cp) {
  for (const RoffGlyph& g : kRoffGlyphs) {
    if (g.code_point == cp) return g.roff;
  }
  return "?";
}

// Bold flag names and italic value names: "\fB\-X\fR, \fB\-\-request\fR \fIMETHOD\fR".
std::string flag_heading(const FlagSpec& f) {
  std::string out;
  if (f.short_name != 0) out += fmt::format("\\fB\\-{}\\fR, ", f.short_name);
  out += fmt::format("\\fB{}\\fR", roff_escape(fmt::format("--{}", f.long_name)));
  if (f.takes_value()) out += fmt::format(" \\fI{}\\fR", roff_escape(f.value_name));
  return out;
}

std::string sentence(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out.back() != '.' && out.back() != ')') out += '.';
  if (!out.empty() && out.back() == ')') out += '.';
  return out;
}

std::string flag_body(const FlagSpec& f) {
  std::string out = roff_escape(sentence(f.help));
  if (!f.long_help.empty()) out += "\n" + roff_escape(f.long_help);
  if (f.secret) {
    out +=
        "\nA credential: give a literal, \\fB@\\fR\\fIFILE\\fR, \\fB@\\-\\fR (standard input) or "
        "\\fBenv:\\fR\\fINAME\\fR; it never appears in any output.";
  }
  if (f.repeatable) out += "\nMay be given more than once.";
  if (!f.alias.empty()) out += "\n" + roff_escape(fmt::format("Also spelled --{}.", f.alias));
  if (!f.env.empty()) out += "\n" + roff_escape(fmt::format("Environment: {}.", f.env));
  return out;
}

std::vector<std::string_view> split_env(std::string_view list) {
  std::vector<std::string_view> names;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    while (name.starts_with(' ')) name.remove_prefix(1);
    if (!name.empty()) names.push_back(name);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return names;
}

std::string paragraphs(std::initializer_list<std::string_view> lines) {
  std::string out;
  for (std::string_view l : lines) out += std::string(l) + "\n";
  return out;
}

std::string options_section(std::span<const FlagSpec> flags) {
  std::string out = ".SH OPTIONS\n";
  for (int c = 0; c <= static_cast<int>(Category::Other); ++c) {
    const auto category = static_cast<Category>(c);
    std::string section;
    for (const FlagSpec& f : flags) {
      if (f.category != category) continue;
      section += ".TP\n" + flag_heading(f) + "\n" + flag_body(f) + "\n";
    }
    if (!section.empty()) {
      out += fmt::format(".SS \"{}\"\n", roff_escape(category_title(category))) + section;
    }
  }
  return out;
}

std::string exit_status_section() {
  std::string out = ".SH \"EXIT STATUS\"\n";
  for (const ExitCodeRow& row : exit_code_table()) {
    out += fmt::format(".TP\n.B {}\n{}\n", row.code, roff_escape(sentence(row.meaning)));
  }
  return out;
}

// Variables whose meaning is more than "stands in for the flag", or that belong to no flag.
struct EnvNote {
  std::string_view name;
  std::string_view text;
};
constexpr EnvNote kEnvNotes[] = {
    {"ES_LOCAL_PASSWORD", "The password of the user elastic, as start-local writes it."},
    {"NETRC", "The file --netrc reads instead of ~/.netrc."},
    {"NO_COLOR", "When set, JSON output is not coloured unless --color always is given."},
    {"HTTPS_PROXY", "The HTTP proxy https requests are tunnelled through, like --proxy."},
    {"https_proxy", "The same as HTTPS_PROXY."},
    {"NO_PROXY", "Comma-separated hosts reached without the proxy, like --noproxy."},
    {"no_proxy", "The same as NO_PROXY."},
    {"ESCURL_PROFILE", "The configuration profile to use when none is named on the command line."},
    {"ESCURL_CONFIG", "The configuration file to read instead of ~/.config/escurl/config.toml."},
};

std::string environment_section(std::span<const FlagSpec> flags) {
  std::string out =
      ".SH ENVIRONMENT\n"
      "A command-line option wins over its variable; of several variables for one option, the "
      "first that is set and not empty is used.\n";
  std::set<std::string_view> seen;
  const auto note = [](std::string_view name) -> std::string_view {
    for (const EnvNote& n : kEnvNotes) {
      if (n.name == name) return n.text;
    }
    return {};
  };
  for (const FlagSpec& f : flags) {
    for (std::string_view name : split_env(f.env)) {
      if (!seen.insert(name).second) continue;
      const std::string text = note(name).empty() ? fmt::format("Stands in for --{}.", f.long_name)
                                                  : std::string(note(name));
      out += fmt::format(".TP\n.B {}\n{}\n", roff_escape(name), roff_escape(text));
    }
  }
  for (const EnvNote& n : kEnvNotes) {
    if (!seen.insert(n.name).second) continue;
    out += fmt::format(".TP\n.B {}\n{}\n", roff_escape(n.name), roff_escape(n.text));
  }
  return out;
}

constexpr std::string_view kDescription = R"(.SH DESCRIPTION
escurl sends one request (or a batch of them) to an Elasticsearch cluster and writes the response
body to standard output, byte for byte as it arrives. Diagnostics go to standard error, and the
exit status says how the request went, so scripts can branch on it.
.PP
Credentials are easy to give and never leak: every secret value can come from a file, standard
input, an environment variable or a prompt, is never shown in any output (\fB\-v\fR prints
\fIAuthorization: Basic <redacted>\fR), and is never sent over plain http:// unless
\fB\-\-allow\-insecure\-http\fR is given. TLS is verified by default against the system trust
store, \fB\-\-cacert\fR, or the CA fingerprint Elasticsearch 8 prints at its first start.
.SS "Console form"
\fIMETHOD\fR \fIPATH\fR [\fIBODY\fR], as in Kibana Dev Tools. \fIPATH\fR is relative to the cluster
URL (\fB\-\-url\fR, else \fBELASTICSEARCH_URL\fR, else \fBES_URL\fR, else
https://localhost:9200). \fIBODY\fR is inline text, \fB@\fR\fIFILE\fR, or \fB@\-\fR for standard
input; its bytes are sent unchanged, as application/x\-ndjson for _bulk and _msearch and
application/json otherwise.
.PP
.RS
.nf
escurl GET _cat/indices?v
escurl PUT idx \(aq{"settings":{"number_of_replicas":0}}\(aq
escurl POST _bulk @docs.ndjson
.fi
.RE
.SS "curl form"
A URL, with \fB\-X\fR for the method (GET, or POST when there is a body). A URL without a scheme
means https; an argument that starts with _ or / is a path on the cluster URL.
.PP
.RS
.nf
escurl \-X PUT https://localhost:9200/idx
escurl localhost:9200/_cluster/health
escurl _cat/indices
.fi
.RE
.SS "Secret values"
Every option marked as a credential below takes a literal, \fB@\fR\fIFILE\fR (one trailing newline
trimmed), \fB@\-\fR (standard input) or \fBenv:\fR\fINAME\fR, so nothing secret needs to be in
argv. Literal secrets are overwritten in the process's argv once parsed.
.SS Subcommands
.TP
\fBescurl tls inspect\fR [\fIURL\fR]
Shows the server's certificate chain, fingerprints and public-key pins; sends no request.
.TP
\fBescurl completion\fR \fBbash\fR|\fBzsh\fR|\fBfish\fR
Prints the completion script for the shell.
)";

constexpr std::string_view kFiles = R"(.SH FILES
.TP
.I ~/.config/escurl/config.toml
Named profiles (cluster URL, credentials by reference, TLS settings). \fB$XDG_CONFIG_HOME\fR moves
it; see the configuration documentation.
.TP
.I ~/.netrc
User names and passwords per host, read with \fB\-\-netrc\fR or \fB\-\-netrc\-optional\fR.
.TP
.I ~/.local/state/escurl/
Tokens kept between runs, one file per profile, mode 0600 (\fB$XDG_STATE_HOME\fR moves it).
.TP
.I /usr/share/bash\-completion/completions/escurl
.TQ
.I /usr/share/zsh/vendor\-completions/_escurl
.TQ
.I /usr/share/fish/vendor_completions.d/escurl.fish
The shell completions, also printed by \fBescurl completion\fR \fISHELL\fR.
)";

constexpr std::string_view kExamples = R"(.SH EXAMPLES
Without credentials a secured cluster answers 401; escurl writes the body, explains it on
standard error and exits 67. With them, the index is created:
.PP
.RS
.nf
$ escurl \-\-cacert http_ca.crt PUT idx
{"error":{...,"type":"security_exception",...},"status":401}
escurl: HTTP 401 security_exception: missing authentication credentials ...
$ echo $?
67
$ escurl \-\-cacert http_ca.crt \-u rdeniro \-\-password @~/.es\-password PUT idx
{"acknowledged":true,"shards_acknowledged":true,"index":"idx"}
.fi
.RE
.PP
An API key in CI, from a masked variable, with the job's id as X\-Opaque\-Id:
.PP
.RS
.nf
export ELASTICSEARCH_URL=https://es.example.com:9200
escurl \-\-api\-key env:ELASTIC_API_KEY \-\-retry 5 POST _bulk @docs.ndjson
.fi
.RE
.PP
Trusting a new Elasticsearch 8 cluster by the CA fingerprint it printed at its first start:
.PP
.RS
.nf
escurl \-\-ca\-fingerprint 25e35d7f...3cda \-u elastic GET /
.fi
.RE
.PP
A batch of requests in Kibana Dev Tools Console syntax over shared connections, one JSON line per
request:
.PP
.RS
.nf
escurl \-\-batch requests.txt \-\-batch\-format ndjson \-\-parallel 4
.fi
.RE
)";

}  // namespace

std::string roff_escape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      out += roff_glyph(next_code_point(text, i));
      continue;
    }
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c == '\'') {
      out += "\\(aq";
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  if (out.starts_with('.')) out.insert(0, "\\&");
  return out;
}

std::string render_manpage(std::span<const FlagSpec> flags) {
  std::string out = paragraphs({
      ".\\\" Generated from the flag table (src/flags.cpp) and the exit-code table",
      ".\\\" (src/exit_code.cpp) by `escurl generate man`; do not edit. Regenerate with",
      ".\\\" ./build.sh generate.",
  });
  out += fmt::format(".TH ESCURL 1 \"\" \"escurl {}\" \"User Commands\"\n", kVersion);
  out += ".SH NAME\nescurl \\- an auth\\-aware curl for Elasticsearch\n";
  out += paragraphs({
      ".SH SYNOPSIS",
      ".B escurl",
      "[\\fIoptions\\fR] \\fIMETHOD\\fR \\fIPATH\\fR [\\fIBODY\\fR]",
      ".br",
      ".B escurl",
      "[\\fIoptions\\fR] \\fIURL\\fR",
      ".br",
      ".B escurl",
      "[\\fIoptions\\fR] \\fB\\-\\-batch\\fR \\fIFILE\\fR",
      ".br",
      ".B escurl tls inspect",
      "[\\fIURL\\fR]",
      ".br",
      ".B escurl completion",
      "\\fBbash\\fR|\\fBzsh\\fR|\\fBfish\\fR",
  });
  out += kDescription;
  out += options_section(flags);
  out += exit_status_section();
  out += environment_section(flags);
  out += kFiles;
  out += kExamples;
  out += paragraphs({".SH \"SEE ALSO\"", ".BR curl (1),", ".BR openssl (1)"});
  return out;
}

}  // namespace escurl
