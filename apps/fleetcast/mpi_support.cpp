#include "mpi_support.hpp"

#ifdef FLEETCAST_WITH_MPI
#include <mpi.h>

#include <cstdint>
#include <stdexcept>
#endif

namespace fleetcast::cli {

#ifdef FLEETCAST_WITH_MPI

namespace {
bool started_here = false;
}

mpi_session::mpi_session(int& argc, char**& argv) {
  int ready = 0;
  MPI_Initialized(&ready);
  if (!ready) {
    MPI_Init(&argc, &argv);
    started_here = true;
  }
}
mpi_session::~mpi_session() {
  if (started_here) MPI_Finalize();
}

int mpi_rank() noexcept {
  int ready = 0, r = 0;
  MPI_Initialized(&ready);
  if (ready) MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int mpi_size() noexcept {
  int ready = 0, n = 1;
  MPI_Initialized(&ready);
  if (ready) MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}
bool mpi_enabled() noexcept { return true; }

std::vector<std::string> mpi_gather(const std::string& bytes) {
  const int n = mpi_size(), rank = mpi_rank();
  // Sizes first (as 64-bit), then the bytes in chunks of at most 1 GiB per rank and round,
  // since MPI counts are ints.
  const auto mine = static_cast<std::uint64_t>(bytes.size());
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(n), 0);
  MPI_Gather(&mine, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  std::uint64_t largest = 0;
  for (const auto s : sizes) largest = std::max(largest, s);
  MPI_Bcast(&largest, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  std::vector<std::string> out(rank == 0 ? std::size_t(n) : 0);
  if (rank == 0)
    for (int r = 0; r < n; ++r) out[std::size_t(r)].resize(sizes[std::size_t(r)]);
  constexpr std::uint64_t chunk = 1ull << 30;
  std::vector<int> counts(static_cast<std::size_t>(n)), displs(static_cast<std::size_t>(n));
  std::string buffer;
  for (std::uint64_t off = 0; off < largest; off += chunk) {
    const int mine_count = int(std::min<std::uint64_t>(chunk, mine > off ? mine - off : 0));
    int total = 0;
    if (rank == 0)
      for (int r = 0; r < n; ++r) {
        const auto s = sizes[std::size_t(r)];
        counts[std::size_t(r)] = int(std::min<std::uint64_t>(chunk, s > off ? s - off : 0));
        displs[std::size_t(r)] = total;
        total += counts[std::size_t(r)];
      }
    buffer.resize(std::size_t(total));
    MPI_Gatherv(bytes.data() + std::min<std::uint64_t>(off, mine), mine_count, MPI_CHAR, buffer.data(), counts.data(),
                displs.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
    if (rank == 0)
      for (int r = 0; r < n; ++r)
        buffer.copy(out[std::size_t(r)].data() + off, std::size_t(counts[std::size_t(r)]), std::size_t(displs[std::size_t(r)]));
  }
  return out;
}

#else

mpi_session::mpi_session(int&, char**&) {}
mpi_session::~mpi_session() = default;
int mpi_rank() noexcept { return 0; }
int mpi_size() noexcept { return 1; }
bool mpi_enabled() noexcept { return false; }
std::vector<std::string> mpi_gather(const std::string& bytes) { return {bytes}; }

#endif

}  // namespace fleetcast::cli
