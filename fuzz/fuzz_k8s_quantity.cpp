// Fuzz target: Kubernetes resource quantities ("500m", "1.5Gi", "129e6"). Beyond not crashing,
// an accepted quantity must be within the documented range, and appending "0" to a plain
// integer must multiply it by ten (when the result is still in range).
#include <string>

#include "fleetcast/io/k8s_quantity.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fleetcast;
  const std::string_view q = fuzz::as_text(data, size);
  fuzz::refuse_cleanly([&] {
    const std::int64_t m = parse_cpu_millicores(q, "cpu");
    if (m < 0 || m > 1'000'000'000'000) __builtin_trap();
  });
  fuzz::refuse_cleanly([&] {
    const std::int64_t b = parse_memory_bytes(q, "memory");
    if (b < 0 || b > (std::int64_t{1} << 60)) __builtin_trap();
  });
  bool digits = !q.empty() && q.size() < 17;
  for (char c : q) digits = digits && c >= '0' && c <= '9';
  if (digits) {
    const std::int64_t n = std::stoll(std::string(q));
    if (parse_memory_bytes(q, "memory") != n) __builtin_trap();
    if (n * 10 <= (std::int64_t{1} << 60) && parse_memory_bytes(std::string(q) + "0", "memory") != n * 10)
      __builtin_trap();
  }
  return 0;
}
