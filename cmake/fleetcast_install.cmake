include(CMakePackageConfigHelpers)
install(TARGETS fleetcast_core fleetcast_io fleetcast EXPORT fleetcast-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/fleetcast DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/generated/include/fleetcast/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/fleetcast)
install(DIRECTORY pricing/ DESTINATION ${CMAKE_INSTALL_DATADIR}/fleetcast/pricing)
set(FLEETCAST_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/fleetcast)
install(EXPORT fleetcast-targets NAMESPACE fleetcast:: DESTINATION ${FLEETCAST_CMAKE_DIR})
# The config needs to know whether the libraries are static: only then does a consumer link
# fleetcast::io's private dependency yaml-cpp itself (cmake/fleetcast-config.cmake.in).
get_target_property(FLEETCAST_LIBRARY_TYPE fleetcast_io TYPE)
configure_package_config_file(cmake/fleetcast-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/fleetcast-config.cmake INSTALL_DESTINATION ${FLEETCAST_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/fleetcast-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/fleetcast-config.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/fleetcast-config-version.cmake
        DESTINATION ${FLEETCAST_CMAKE_DIR})
if(FLEETCAST_BUILD_APPS)
  install(TARGETS fleetcast_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
