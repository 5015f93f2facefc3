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
# GCC 12 at -O3 reports "literal" + std::string as an overlapping memcpy (-Wrestrict, a known
# GCC 12 false positive), which stops a plain Release build with ESCURL_WERROR.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(escurl_warnings INTERFACE -Wno-restrict)
endif()
