#pragma once
// A small xorshift for test instances (fixed seeds; no std:: distributions, whose streams differ
// between standard libraries).
#include <cstdint>

namespace fleetcast::test {

struct xorshift {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  std::int64_t in(std::int64_t lo, std::int64_t hi) { return lo + std::int64_t(next() % std::uint64_t(hi - lo + 1)); }
};

}  // namespace fleetcast::test
