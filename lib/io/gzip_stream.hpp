#pragma once
/// A std::streambuf that inflates a gzip stream (RFC 1952) read from another stream, 64 KiB at
/// a time: a multi-GB `.csv.gz` bill is read in bounded memory. Concatenated gzip members (what
/// `cat a.gz b.gz` and some exporters write) are read one after the other, as gunzip does.
/// Internal to fleetcast_io: zlib stays out of the public headers.
#include <cstdint>
#include <istream>
#include <memory>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace fleetcast::detail {

class gzip_streambuf final : public std::streambuf {
 public:
  /// `prefix`: bytes already taken from `compressed` (a reader's look-ahead), inflated first.
  /// `source` names the file in error messages.
  gzip_streambuf(std::istream& compressed, std::string_view prefix, std::string source);
  ~gzip_streambuf() override;
  gzip_streambuf(const gzip_streambuf&) = delete;
  gzip_streambuf& operator=(const gzip_streambuf&) = delete;

 protected:
  int_type underflow() override;

 private:
  bool refill_input();
  struct state;
  std::istream& in_;
  std::string source_;
  std::unique_ptr<state> z_;
  std::vector<char> in_buf_;
  std::vector<char> out_buf_;
  std::uint64_t compressed_read_ = 0;
  bool input_done_ = false;
  bool finished_ = false;
};

}  // namespace fleetcast::detail
