#include <iostream>

#include "cli.hpp"
#include "mpi_support.hpp"

int main(int argc, char** argv) {
  const fleetcast::cli::mpi_session mpi(argc, argv);  // a no-op unless built with FLEETCAST_MPI
  return fleetcast::cli::run(argc, argv, std::cout, std::cerr);
}
