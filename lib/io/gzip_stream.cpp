#include "gzip_stream.hpp"
#include <zlib.h>
#include <algorithm>
#include <cstring>
#include "fleetcast/core/error.hpp"

namespace fleetcast::detail {

struct gzip_streambuf::state {
  z_stream s{};
  bool open = false;
  bool in_member = false;  // between a member's header and its end
};

namespace {
constexpr std::size_t chunk = 65536;
// 15 window bits + 16: a gzip wrapper only (a zlib or raw deflate stream is not a .gz file).
constexpr int gzip_window = 15 + 16;
}  // namespace

gzip_streambuf::gzip_streambuf(std::istream& compressed, std::string_view prefix, std::string source)
    : in_(compressed), source_(std::move(source)), z_(std::make_unique<state>()),
      in_buf_(std::max(chunk, prefix.size())), out_buf_(chunk) {
  if (inflateInit2(&z_->s, gzip_window) != Z_OK)
    throw io_error(errid::io_read, source_, "cannot start the gzip decompressor (zlib: out of memory)");
  z_->open = true;
  std::memcpy(in_buf_.data(), prefix.data(), prefix.size());
  z_->s.next_in = reinterpret_cast<Bytef*>(in_buf_.data());
  z_->s.avail_in = static_cast<uInt>(prefix.size());
  compressed_read_ = prefix.size();
  setg(out_buf_.data(), out_buf_.data(), out_buf_.data());
}

gzip_streambuf::~gzip_streambuf() {
  if (z_ && z_->open) inflateEnd(&z_->s);
}

bool gzip_streambuf::refill_input() {
  if (input_done_) return false;
  in_.read(in_buf_.data(), static_cast<std::streamsize>(chunk));
  const auto got = static_cast<std::size_t>(in_.gcount());
  if (got == 0) {
    if (in_.bad()) throw io_error(errid::io_read, source_, "reading the compressed bill failed");
    input_done_ = true;
    return false;
  }
  z_->s.next_in = reinterpret_cast<Bytef*>(in_buf_.data());
  z_->s.avail_in = static_cast<uInt>(got);
  compressed_read_ += got;
  return true;
}

gzip_streambuf::int_type gzip_streambuf::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  while (!finished_) {
    if (z_->s.avail_in == 0 && !refill_input()) {
      if (z_->in_member)
        throw input_error(errid::malformed_json, source_,
                          "the gzip file ends before its last member does (truncated after " +
                              std::to_string(compressed_read_) + " compressed bytes); download it again");
      finished_ = true;
      break;
    }
    z_->s.next_out = reinterpret_cast<Bytef*>(out_buf_.data());
    z_->s.avail_out = static_cast<uInt>(out_buf_.size());
    z_->in_member = true;
    const int rc = inflate(&z_->s, Z_NO_FLUSH);
    const std::size_t produced = out_buf_.size() - z_->s.avail_out;
    if (rc == Z_STREAM_END) {
      // One member ends; another may follow (concatenated gzip), as gunzip reads them.
      z_->in_member = false;
      inflateReset(&z_->s);
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      const char* why = z_->s.msg != nullptr ? z_->s.msg : "corrupt data";
      throw input_error(errid::malformed_json, source_,
                        std::string("the gzip data is corrupt (zlib: ") + why + ", within the first " +
                            std::to_string(compressed_read_) + " compressed bytes); download the bill again");
    }
    if (produced > 0) {
      setg(out_buf_.data(), out_buf_.data(), out_buf_.data() + produced);
      return traits_type::to_int_type(*gptr());
    }
  }
  return traits_type::eof();
}

}  // namespace fleetcast::detail
