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
