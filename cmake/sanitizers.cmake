# ESCURL_SANITIZE: AddressSanitizer and UndefinedBehaviorSanitizer on everything built here (CI
# runs the whole suite in such a tree). ESCURL_FUZZ: libFuzzer coverage on everything, and the
# fuzz targets in tests/fuzz (clang only). Included before any target is defined.
option(ESCURL_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(ESCURL_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)

if(ESCURL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  # Tests that measure memory skip that check here: ASan keeps freed blocks in quarantine.
  add_compile_definitions(ESCURL_SANITIZED=1)
endif()

if(ESCURL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ESCURL_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
