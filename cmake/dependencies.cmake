# Every dependency comes from Debian packages (packaging/install-deps.sh); nothing is downloaded.
find_package(PkgConfig REQUIRED)
# cpp-httplib serves the tests' in-process servers only (escurl's client is its own). Debian
# compiles it; its pkg-config file carries the defines (OpenSSL, zlib, brotli) that the header's
# struct layouts depend on, so they must match the library's.
if(ESCURL_BUILD_TESTS)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)
endif()
find_package(OpenSSL 3 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(Threads REQUIRED)
# zlib: the transport inflates gzip-encoded responses itself, with zlib's documented API.
find_package(ZLIB REQUIRED)
