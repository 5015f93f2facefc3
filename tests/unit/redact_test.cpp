// SPDX-License-Identifier: MIT
// Redaction: which headers carry credentials (any case), and how their values are shown — a
// known scheme word kept, everything else (all of it, after an unknown word) replaced by
// <redacted>.
#include "redact.h"

#include <string>

#include "catch.h"

TEST_CASE("redact: is_credential_header in any case", "[redact]") {
  const struct {
    std::string name;
    bool credential;
  } cases[] = {
      {"Authorization", true},
      {"authorization", true},
      {"AUTHORIZATION", true},
      {"aUtHoRiZaTiOn", true},
      {"es-secondary-authorization", true},
      {"ES-Secondary-Authorization", true},
      {"ES-Client-Authentication", true},
      {"es-client-authentication", true},
      {"Cookie", true},
      {"set-cookie", true},
      {"Set-Cookie", true},
      {"Proxy-Authorization", true},
      {"proxy-authorization", true},
      {"Content-Type", false},
      {"es-security-runas-user", false},
      {"X-Authorization", false},
      {"Authorization2", false},
      {"Authorizatio", false},
      {"WWW-Authenticate", false},
      {"", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(escurl::is_credential_header(c.name) == c.credential);
  }
}

TEST_CASE("redact: display_header_value keeps the scheme and hides the credential", "[redact]") {
  const struct {
    std::string name;
    std::string value;
    std::string shown;
  } cases[] = {
      {"Authorization",
       "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", "ApiKey <redacted>"},
      {"authorization", "Basic cmRlbmlybzp0YXhpZHJpdmVy", "Basic <redacted>"},
      {"Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig", "Bearer <redacted>"},
      {"es-secondary-authorization", "ApiKey abc==", "ApiKey <redacted>"},
      {"ES-Client-Authentication", "SharedSecret s3cr3t", "SharedSecret <redacted>"},
      {"Proxy-Authorization", "Basic dTpw", "Basic <redacted>"},
      // A bare value is redacted whole.
      {"Authorization", "justatoken", "<redacted>"},
      {"Authorization", "", "<redacted>"},
      {"Authorization", "Basic", "<redacted>"},
      {"Authorization", " leadingspace", "<redacted>"},
      // A first word holding '=', ':' or ';' is not a scheme.
      {"Cookie", "sid=abc; theme=dark", "<redacted>"},
      {"Set-Cookie", "sid=abc; Path=/; HttpOnly", "<redacted>"},
      {"Authorization", "user:password more", "<redacted>"},
      {"Authorization", "dXNlcjpwYXNz= x", "<redacted>"},
      // Too long to be a scheme word.
      {"Authorization", "averyveryverylongtoken rest", "<redacted>"},
      // A first word that is no known scheme may be the credential itself.
      {"Authorization", "mytoken123 x", "<redacted>"},
      {"Proxy-Authorization", "hunter2 hunter2", "<redacted>"},
      {"es-secondary-authorization", "s3cr3t Bearer", "<redacted>"},
      {"ES-Client-Authentication", "topsecret value", "<redacted>"},
      // Known schemes, in any case.
      {"Authorization", "bearer tok", "bearer <redacted>"},
      {"Authorization", "Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1MIIGcaADAgEFoQMCAQ6i",
       "Negotiate <redacted>"},
      {"Proxy-Authorization", "NTLM TlRMTVNTUAABAAAAB4IIog==", "NTLM <redacted>"},
      {"Authorization", "Digest username=\"u\", response=\"6629fae4\"", "Digest <redacted>"},
      {"Authorization", "Token abc", "Token <redacted>"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name, c.value);
    const std::string shown = escurl::display_header_value(c.name, c.value);
    CHECK(shown == c.shown);
  }
}

TEST_CASE("redact: other headers are shown as they are", "[redact]") {
  const struct {
    std::string name;
    std::string value;
  } cases[] = {
      {"Content-Type", "application/json"},
      {"User-Agent", "escurl/0.1.0"},
      {"es-security-runas-user", "rdeniro"},
      {"X-Opaque-Id", "Basic not-a-credential"},
      {"Accept", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(escurl::display_header_value(c.name, c.value) == c.value);
  }
}

TEST_CASE("redact: iequals compares ASCII without case", "[redact]") {
  const struct {
    std::string a;
    std::string b;
    bool equal;
  } cases[] = {
      {"Content-Type", "content-type", true},
      {"ABC", "abc", true},
      {"", "", true},
      {"abc", "abd", false},
      {"abc", "abcd", false},
      {"abc", "", false},
      {"a-b", "a_b", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.a, c.b);
    CHECK(escurl::iequals(c.a, c.b) == c.equal);
    CHECK(escurl::iequals(c.b, c.a) == c.equal);
  }
}
