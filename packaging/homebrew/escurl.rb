# Homebrew formula for escurl.
#
# At a release: make the source tarball with
#   cpack --config build/CPackSourceConfig.cmake     # escurl-VERSION-Source.tar.gz
# publish it, and set `url` and `sha256` below to it. The version is the one in CMakeLists.txt's
# project(VERSION); a unit test checks that the tarball named here carries it.
class Escurl < Formula
  desc "Auth-aware curl for Elasticsearch"
  homepage "https://github.com/escurl/escurl"
  url "https://github.com/escurl/escurl/releases/download/v0.1.0/escurl-0.1.0-Source.tar.gz"
  sha256 "0000000000000000000000000000000000000000000000000000000000000000"
  license "MIT"

  depends_on "cmake" => :build
  depends_on "ninja" => :build
  depends_on "pkgconf" => :build
  depends_on "cli11"
  depends_on "cpp-httplib"
  depends_on "fmt"
  depends_on "nlohmann-json"
  depends_on "openssl@3"
  depends_on "tomlplusplus"

  def install
    system "cmake", "-S", ".", "-B", "build", "-G", "Ninja",
           "-DESCURL_BUILD_TESTS=OFF", *std_cmake_args
    system "cmake", "--build", "build", "--target", "escurl"
    # The binary, escurl.1 and the completions, where Homebrew's bash, zsh and fish look.
    bin.install "build/escurl"
    man1.install "docs/escurl.1"
    bash_completion.install "completions/escurl.bash" => "escurl"
    zsh_completion.install "completions/_escurl"
    fish_completion.install "completions/escurl.fish"
  end

  test do
    assert_match "escurl #{version}", shell_output("#{bin}/escurl --version")
    assert_match "_cat/indices", shell_output("#{bin}/escurl completion paths GET")
    # No cluster listens here: a connection failure exits 7, as with curl.
    shell_output("#{bin}/escurl --connect-timeout 2 --url https://127.0.0.1:9 GET /", 7)
  end
end
