#pragma once
/// @file
/// The hourly usage ledger: what an option's path billed, hour by hour and rate key by rate
/// key, for the commitments layer to apply Savings Plans and RIs to each hour.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fleetcast::sim {

/// Billed usage hour by hour for each rate key, as the commitments layer applies Savings
/// Plans and RIs each hour. Keys: `ec2:<type>:on_demand|spot` (instance-seconds) and
/// `fargate:<linux_x86_64|linux_arm64|windows_x86_64>:on_demand|spot:vcpu|memory`
/// (vCPU-seconds, GB-seconds), plus `…:storage` (GB-seconds above the free 20 GB) and
/// `…:licence` (Windows licence vCPU-seconds) when they are billed; plans cover neither. Network
/// and storage keys, never covered either: `vpc:public_ipv4` (address-seconds), `ebs:gp3:root`
/// (GiB-seconds of root volumes), `vpc:nat_data` / `vpc:endpoint_data` (GB × 3600 in the hour
/// an image was pulled, so that ÷ 3600 gives GB). A run's seconds fall in the hours it overlaps; seconds billed
/// beyond its length (the minimum) fall in the hour it started.
struct usage_ledger {
  std::vector<std::string> keys;
  std::int64_t hours = 0;
  std::vector<double> quantity;  ///< hour-major: quantity[hour × keys.size() + key]

  /// Whether the ledger records: one of no hours records nothing (`add_run` returns at once),
  /// so a caller may skip naming keys for it (the Monte Carlo engine's paths, whose statistics
  /// do not read hourly usage).
  [[nodiscard]] bool recording() const noexcept { return hours > 0; }

  std::size_t key(const std::string& k) {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == k) return i;
    // A new key: widen every hour's row.
    widen(quantity);
    widen(full_hours_);
    keys.push_back(k);
    return keys.size() - 1;
  }
  /// A run's place in the hours: its start and end and the hours they fall in, found once
  /// for the several keys one run bills (a Fargate task's vCPU, memory and address).
  struct run_span {
    double start, end;
    std::int64_t h0, h1;
  };
  [[nodiscard]] static run_span span(double start, double end) {
    return {start, end, std::int64_t(start / 3600.0), std::int64_t(end / 3600.0)};
  }
  /// Adds a run [start, end) billed for `billed_s` seconds of `units` each (vCPUs, GB, 1).
  /// O(1): the hours the run covers whole are recorded as a difference and summed by
  /// `finish()`, which must be called before `quantity` is read.
  void add_run(std::size_t k, double start, double end, double billed_s, double units) {
    add_run(k, span(start, end), billed_s, units);
  }
  /// The same, for a run whose span is known.
  void add_run(std::size_t k, const run_span& r, double billed_s, double units) {
    if (billed_s <= 0 || hours <= 0) return;
    const double start = r.start, end = r.end;
    const std::size_t n = keys.size();
    if (full_hours_.size() != quantity.size()) full_hours_.assign(quantity.size(), 0.0);
    const auto at = [&](std::int64_t h) -> double& { return quantity[std::size_t(h) * n + k]; };
    const std::int64_t h0 = r.h0, h1 = r.h1;
    if (h0 >= hours) {  // starts beyond the horizon: only the minimum's extra seconds count
      at(hours - 1) += (billed_s - (end - start)) * units;
      return;
    }
    double covered = 0;
    if (h1 <= h0) {
      covered = end - start;
      at(h0) += covered * units;
    } else {
      const double first = double(h0 + 1) * 3600.0 - start;  // the rest of the first hour
      at(h0) += first * units;
      covered = first;
      const std::int64_t last_full = std::min(h1, hours) - 1;  // whole hours h0+1 .. last_full
      if (last_full >= h0 + 1) {
        full_hours_[std::size_t(h0 + 1) * n + k] += 3600.0 * units;
        if (last_full + 1 < hours) full_hours_[std::size_t(last_full + 1) * n + k] -= 3600.0 * units;
      }
      covered += double(h1 - h0 - 1) * 3600.0;
      const double tail = end - double(h1) * 3600.0;
      if (h1 < hours) at(h1) += tail * units;
      covered += tail;
    }
    at(h0) += (billed_s - covered) * units;  // the minimum's extra seconds: the start hour
  }
  /// Folds the whole hours recorded by `add_run` into `quantity`. Idempotent.
  void finish() {
    const std::size_t n = keys.size();
    if (full_hours_.size() != quantity.size()) return;
    for (std::size_t k = 0; k < n; ++k) {
      double run = 0;
      for (std::int64_t h = 0; h < hours; ++h) {
        run += full_hours_[std::size_t(h) * n + k];
        quantity[std::size_t(h) * n + k] += run;
      }
    }
    full_hours_.assign(quantity.size(), 0.0);
  }
  [[nodiscard]] double total(std::size_t k) const {
    double t = 0;
    for (std::int64_t h = 0; h < hours; ++h) t += quantity[std::size_t(h) * keys.size() + k];
    return t;
  }

 private:
  void widen(std::vector<double>& v) const {
    if (v.size() != std::size_t(hours) * keys.size()) {
      v.assign(std::size_t(hours) * (keys.size() + 1), 0.0);
      return;
    }
    std::vector<double> wider(std::size_t(hours) * (keys.size() + 1), 0.0);
    for (std::int64_t h = 0; h < hours; ++h)
      for (std::size_t i = 0; i < keys.size(); ++i)
        wider[std::size_t(h) * (keys.size() + 1) + i] = v[std::size_t(h) * keys.size() + i];
    v.swap(wider);
  }
  std::vector<double> full_hours_;  ///< differences of whole-hour quantities, same layout
};

}  // namespace fleetcast::sim
