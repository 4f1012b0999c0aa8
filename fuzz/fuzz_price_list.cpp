// Fuzz target: the AWS Price List importer. It streams files by path, so each input is written
// to a per-process file under the temporary folder first; the base is the built-in catalog.
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "fleetcast/io/price_list_import.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("fleetcast-fuzz-price-list-" + std::to_string(::getpid()) + ".json"))
          .string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  const bool written = std::fwrite(data, 1, size, f) == size;
  if (std::fclose(f) != 0 || !written) return 0;
  fleetcast::fuzz::refuse_cleanly([&] { (void)fleetcast::import_price_lists({path}, "us-east-1"); });
  return 0;
}
