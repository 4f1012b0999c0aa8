#pragma once
/// @file
/// Forward declarations of fleetcast's main types, for headers that only pass them around.

namespace fleetcast {
class error;
class input_error;
class pricing_error;
class io_error;
struct price_source;
struct rate;
struct fargate_rates;
struct fargate_prices;
struct instance_type;
struct ec2_prices;
struct eks_prices;
struct price_catalog;
struct fargate_request;
struct fargate_size;
struct invoice_line;
struct invoice;
struct fleet;
namespace mc {
struct run_config;
struct run_result;
class simulation;
class statistic;
class paired;
class scenario_accumulator;
}  // namespace mc
}  // namespace fleetcast
