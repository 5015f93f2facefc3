# Precompiled headers: the standard and third-party headers most files include are parsed once
# per target instead of once per file, which takes about a quarter off each build (CI builds two
# trees on two cores, so its time is mostly compiling). ESCURL_PCH=OFF builds without them: that
# build is the check that every file includes what it uses.
option(ESCURL_PCH "Precompile the headers most files include" ON)

set(ESCURL_PCH_HEADERS
    <algorithm> <chrono> <cstddef> <cstdint> <functional> <map> <memory> <optional> <string>
    <string_view> <utility> <vector> <fmt/format.h> <nlohmann/json.hpp>)

# escurl_precompile(TARGET [HEADER...]): TARGET precompiles the common headers and HEADERs.
function(escurl_precompile target)
  if(ESCURL_PCH)
    target_precompile_headers(${target} PRIVATE ${ESCURL_PCH_HEADERS} ${ARGN})
  endif()
endfunction()

# escurl_reuse_precompiled(TARGET FROM): TARGET, compiled with FROM's flags, uses FROM's header.
function(escurl_reuse_precompiled target from)
  if(ESCURL_PCH)
    target_precompile_headers(${target} REUSE_FROM ${from})
  endif()
endfunction()
