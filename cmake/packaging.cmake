# Installation layout and packages. `cmake --install` puts the binary, the man page and the shell
# completions where distributions look for them; CPack builds a .deb (and an .rpm when rpmbuild
# is installed) from the same layout under /usr (both generators' default), with runtime
# dependencies read off the binary.
include(GNUInstallDirs)
install(TARGETS escurl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/docs/escurl.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/completions/escurl.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME escurl)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_escurl
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${PROJECT_SOURCE_DIR}/completions/escurl.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

set(CPACK_PACKAGE_NAME escurl)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "Credentials that are easy to give and never leak, TLS verified by default (or by the CA
fingerprint Elasticsearch 8 prints), the JSON response or a 401 explained, and exit codes a
script can branch on.")
set(CPACK_PACKAGE_CONTACT "escurl developers")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
find_program(ESCURL_RPMBUILD rpmbuild)
if(ESCURL_RPMBUILD)
  list(APPEND CPACK_GENERATOR RPM)
endif()

# Debian: dpkg-shlibdeps turns the libraries the binary links (libssl3, libfmt9, zlib1g,
# libstdc++6, ...) into Depends with the right versions.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "")

# RPM: rpmbuild's automatic requirements name the same libraries by soname; the package owns
# its files, not the shared completion directories.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE MIT)
set(CPACK_RPM_PACKAGE_GROUP "Applications/Internet")
set(CPACK_RPM_SPEC_MORE_DEFINE "%define _build_id_links none")
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/man /usr/share/man/man1 /usr/share/bash-completion /usr/share/bash-completion/completions /usr/share/zsh
    /usr/share/zsh/vendor-completions /usr/share/fish /usr/share/fish/vendor_completions.d)

set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/bench/results/")
include(CPack)
