# escurl_warnings: the warning set every target of ours compiles with.
add_library(escurl_warnings INTERFACE)
target_compile_options(escurl_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                 -Wnon-virtual-dtor -Wcast-align -Wunused
                                                 # GCC 12 flags designated initialisers that
                                                 # rely on member defaults: the flag table's idiom.
                                                 -Wno-missing-field-initializers)
if(ESCURL_WERROR)
  target_compile_options(escurl_warnings INTERFACE -Werror)
endif()
# GCC 12 at -O3 reports "literal" + std::string as an overlapping memcpy (-Wrestrict), and, with
# the precompiled headers' inlining, a moved short std::string as a memcpy out of bounds
# (-Warray-bounds, -Wstringop-overflow, -Wstringop-overread in char_traits::copy): known GCC 12 false positives, gone in
# GCC 13, which stop a Release build with ESCURL_WERROR.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(escurl_warnings INTERFACE -Wno-restrict -Wno-array-bounds
                                                   -Wno-stringop-overflow -Wno-stringop-overread)
endif()
