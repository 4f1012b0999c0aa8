#pragma once
// The driver's view of MPI: with -DFLEETCAST_MPI=ON, `mpirun -np K fleetcast simulate …` runs
// shard (rank) of K on each rank and gathers the partial states to rank 0; without it, one
// process is rank 0 of 1. No MPI header leaks out of mpi_support.cpp.

#include <string>
#include <vector>

namespace fleetcast::cli {

/// This process's rank and the number of ranks (0 and 1 without MPI).
[[nodiscard]] int mpi_rank() noexcept;
[[nodiscard]] int mpi_size() noexcept;
/// Gathers every rank's bytes to rank 0 (in rank order); other ranks get an empty vector.
[[nodiscard]] std::vector<std::string> mpi_gather(const std::string& bytes);
/// Whether this build was made with MPI.
[[nodiscard]] bool mpi_enabled() noexcept;

/// Initialises and finalises MPI around main (no-ops without MPI).
struct mpi_session {
  mpi_session(int& argc, char**& argv);
  ~mpi_session();
  mpi_session(const mpi_session&) = delete;
  mpi_session& operator=(const mpi_session&) = delete;
};

}  // namespace fleetcast::cli
