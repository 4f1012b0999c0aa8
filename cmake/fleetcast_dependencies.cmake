# Every dependency comes from a Debian 12 package through find_package; nothing is vendored
# or downloaded. scripts/install-deps installs them.
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)              # header-only parts: Boost.Math
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(nlohmann_json 3.10 REQUIRED)      # lib/ only; never in public headers
find_package(yaml-cpp 0.6 REQUIRED)            # lib/ only: Kubernetes manifests
find_package(ZLIB REQUIRED)                    # lib/ only: .csv.gz bills
# COIN-OR CLP (LP) and CBC (MIP): lib/packing only, never in public headers — the LP cost bounds
# and the exact packing solver. Debian ships them with pkg-config files only (no CMake config).
find_package(PkgConfig REQUIRED)
pkg_check_modules(FLEETCAST_COINOR REQUIRED IMPORTED_TARGET cbc clp)
if(FLEETCAST_BUILD_APPS)
  find_package(CLI11 2.0 REQUIRED)
endif()
if(FLEETCAST_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(FLEETCAST_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
