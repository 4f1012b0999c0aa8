#include "fleetcast/io/files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <system_error>

#include "fleetcast/core/error.hpp"
#include "fleetcast/core/limits.hpp"

namespace fleetcast {

namespace {

[[noreturn]] void too_large(const input_limits& lim, const std::string& path, std::uintmax_t bytes, bool at_least) {
  throw_limit(lim, limit::file_bytes, path,
              std::string("a file of ") + (at_least ? "more than " : "") + std::to_string(bytes) +
                  " bytes exceeds");
}

}  // namespace

std::string read_text_file(const std::string& path, const input_limits& lim) {
  const std::uint64_t max_bytes = lim.file_bytes;
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    throw io_error(errid::io_read, path, "cannot read the file: it does not exist");
  if (std::filesystem::is_directory(status))
    throw io_error(errid::io_read, path, "cannot read the file: it is a directory");
  // A regular file's size is known before reading; pipes and devices are checked as they
  // are read.
  if (std::filesystem::is_regular_file(status)) {
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes) too_large(lim, path, size, false);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error(errid::io_read, path, std::string("cannot open the file: ") + std::strerror(errno));
  std::string data;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(in.gcount()));
    if (data.size() > max_bytes) too_large(lim, path, max_bytes, true);
  }
  if (in.bad()) throw io_error(errid::io_read, path, "read error");
  return data;
}

void write_file_atomic(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::random_device rd;
  const fs::path tmp = dir / (target.filename().string() + ".tmp-" + std::to_string(rd()));
  {
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (f == nullptr)
      throw io_error(errid::io_write, path, std::string("cannot write: ") + std::strerror(errno));
    const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    const bool closed = std::fclose(f) == 0;
    if (!ok || !closed) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw io_error(errid::io_write, path, "cannot write: disk full or I/O error");
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ec2;
    fs::remove(tmp, ec2);
    throw io_error(errid::io_write, path, "cannot write: " + ec.message());
  }
}

}  // namespace fleetcast
