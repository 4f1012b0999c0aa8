#include "ec2_cluster.hpp"

#include "fleetcast/packing/from_catalog.hpp"

namespace fleetcast::sim::detail {
namespace {

std::vector<const instance_type*> instance_types_of(const option& o, const price_catalog& cat) {
  std::vector<const instance_type*> out;
  for (const auto& name : o.instance_types) out.push_back(cat.ec2.find(name));
  return out;
}

// How the option's instances are set up for packing: its platform's units and reservations
// (ECS: network mode, ENI trunking, reserved memory) and the DaemonSets on every EKS node.
// (The simulator bills Auto Mode's fee itself.)
packing::platform_setup setup_of(const option& o) {
  packing::platform_setup setup;
  setup.platform = o.on;
  setup.eks.daemonsets = {o.daemonset_cpu_millicores, o.daemonset_memory_mib, o.daemonset_pods};
  setup.ecs = o.ecs;
  return setup;
}

// Each type as a bin: what a task may use of it (after ECS's or the kubelet's reservations
// and the DaemonSets) and its on-demand price.
std::vector<packing::bin_type<platform_dims>> bin_types_of(const option& o, const price_catalog& cat,
                                                           const std::vector<const instance_type*>& itypes) {
  std::vector<packing::bin_type<platform_dims>> types;
  for (const instance_type* t : itypes) types.push_back(packing::bin_type_from_catalog(*t, setup_of(o), cat).type);
  return types;
}

// Each service's task as an item: CPU in ECS units, or millicores on EKS (the pod's request as
// written when the scenario has it), MiB, one slot, its GPUs.
std::vector<res> shapes_of(const scenario& s, const option& o) {
  std::vector<res> shapes;
  for (const auto& sv : s.services) {
    res shape = packing::task_shape(o.on, sv.task.cpu_units, sv.task.memory_mib, sv.gpus);
    if (o.on == platform::eks && sv.cpu_millicores > 0) shape[std::size_t(packing::dim::cpu)] = sv.cpu_millicores;
    shapes.push_back(shape);
  }
  return shapes;
}

// Warm-up and scale-in delay: the option's, or the defaults of ECS managed scaling, the
// cluster autoscaler and Karpenter.
double warmup_of(const option& o) {
  const bool ecs = o.on == platform::ecs;
  return o.instance_warmup_s.value_or(ecs ? 300.0 : uses_cluster_autoscaler(o) ? 600.0 : 0.0);
}
double scale_in_after_of(const option& o) {
  if (o.on == platform::ecs) return o.scale_in_after_s.value_or(900.0);
  if (uses_cluster_autoscaler(o)) return o.scale_in_after_s.value_or(600.0);
  return o.scale_in_after_s.value_or(o.consolidate_after_s.value_or(0.0));  // Karpenter: consolidateAfter
}

// GPU types are kept for GPU tasks: a task without GPUs gets a GPU type only when the option
// lists no other type that holds it (Karpenter filters such "exotic" types out likewise; ECS
// capacity providers and node groups of GPU types are, in practice, set aside for GPU work).
constexpr std::size_t gpu_dim = std::size_t(packing::dim::gpus);

packing::type_choice choice_of(const option& o) {
  if (o.on != platform::eks) return {packing::type_policy::cheapest, 0, gpu_dim};
  return {uses_cluster_autoscaler(o) ? packing::type_policy::least_waste : packing::type_policy::karpenter, 0, gpu_dim};
}

}  // namespace

ec2_cluster::ec2_cluster(const scenario& s, const option& o, const price_catalog& cat, std::uint64_t index,
                         cost_ledger& l, usage_ledger& usage)
    : o_(&o),
      cat_(&cat),
      l_(&l),
      usage_(&usage),
      auto_mode_(o.compute == compute_kind::auto_mode),
      warmup_(warmup_of(o)),
      scale_in_after_(scale_in_after_of(o)),
      holds_scale_out_(o.on == platform::ecs && warmup_ > 0),
      itypes_(instance_types_of(o, cat)),
      types_(bin_types_of(o, cat, itypes_)),
      shapes_(shapes_of(s, o)),
      cl_(types_, shapes_),
      group_min_(types_.size(), 0),
      spot_rank_(types_.size()),
      spot_rate_(types_.size()),
      policy_(placement_of(o)),
      choice_(choice_of(o)),
      spot_choice_{packing::type_policy::cheapest, 0, gpu_dim},
      // Instances' Spot notices: one stream per path, shared by the EC2 options (common random
      // numbers), apart from the Fargate services' streams.
      spot_(make_stream(s.seed, index, stream_purpose::spot, std::uint64_t(1) << 32)),
      inst_hours_(types_.size(), 0.0),
      usage_key_(2 * types_.size(), SIZE_MAX),
      public_ipv4_(has_public_ipv4(s, o)),
      root_gib_(double(o.root_volume_gib)) {
  usd_per_gb_ = egress_usd_per_gb(s, cat);
  data_key_name_ = data_key_of(s.network.egress);
  pull_gb_.reserve(s.services.size());
  for (const auto& sv : s.services) pull_gb_.push_back(sv.image_size_mib / double(mib_per_gib));
  pulls_ = usd_per_gb_ > 0;
  for (const auto& ng : o.node_groups)
    for (std::uint32_t t = 0; t < types_.size(); ++t)
      if (types_[t].name == ng.instance_type) {
        group_min_[t] = ng.min;
        if (ng.max != INT64_MAX) cl_.set_type_limit(t, ng.max);
      }
  for (std::size_t t = 0; t < types_.size(); ++t) {
    const double bucket = monthly_probability(itypes_[t]->spot.interruption_bucket);
    spot_rank_[t] = spot_rank(o, itypes_[t]->spot_usd_per_hour(), bucket);
    spot_rate_[t] = hazard_per_second(o.spot_interruption_probability_per_month.value_or(bucket));
  }
  for (std::uint32_t t = 1; t < types_.size(); ++t)
    if (types_[t].cost_per_hour() < types_[cheapest_type_].cost_per_hour()) cheapest_type_ = t;
}

void ec2_cluster::bill(ec2_instance& rec, double at, run_end how) {
  const purchase_option buy = rec.spot ? purchase_option::spot : purchase_option::on_demand;
  const auto secs = ec2_billed_seconds(cat_->ec2, buy, std::max(at - rec.launch, 1e-9), how);
  const instance_type& it = *itypes_[rec.type];
  (rec.spot ? l_->compute_spot : l_->compute_od).add(ec2_cost(it, buy, double(secs)));
  if (auto_mode_) l_->auto_mode.add(double(secs) * eks_auto_mode_usd_per_hour(cat_->eks, it) / 3600.0);
  inst_hours_[rec.type] += double(secs) / 3600.0;
  // The node's address and root volume exist for its whole life, charged or not by EC2.
  const double life = std::ceil(std::max(at - rec.launch, 0.0));
  const double ip_s = std::max(life, double(cat_->vpc.public_ipv4_min_billed_seconds));
  if (public_ipv4_) l_->public_ipv4.add(cat_->vpc.public_ipv4.cost_of_seconds(ip_s));
  if (root_gib_ > 0) l_->ebs_root_volumes.add(cat_->ebs.gp3_cost(root_gib_, life));
  if (usage_->recording()) record_usage(rec, at, ip_s, life, double(secs));
  rec.alive = false;
  (rec.spot ? alive_spot_ : alive_od_) -= 1;
}

void ec2_cluster::record_usage(const ec2_instance& rec, double at, double ip_s, double life, double secs) {
  const usage_ledger::run_span run = usage_ledger::span(rec.launch, at);  // one for its three keys
  if (public_ipv4_) {
    if (ipv4_key_ == SIZE_MAX) ipv4_key_ = usage_->key(public_ipv4_key);
    usage_->add_run(ipv4_key_, run, ip_s, 1.0);
  }
  if (root_gib_ > 0) {
    if (ebs_key_ == SIZE_MAX) ebs_key_ = usage_->key(ebs_root_key);
    usage_->add_run(ebs_key_, run, life, root_gib_);
  }
  // The ledger key of (type, purchase), found once: no string per instance billed.
  std::size_t& key = usage_key_[2 * std::size_t(rec.type) + (rec.spot ? 1 : 0)];
  if (key == SIZE_MAX) key = usage_->key("ec2:" + itypes_[rec.type]->name + (rec.spot ? ":spot" : ":on_demand"));
  usage_->add_run(key, run, secs, 1.0);
}

void ec2_cluster::note_image_pulls(double at) {
  if (!pulls_) {
    cl_.clear_gained();  // nothing to charge: the list need not grow
    return;
  }
  const std::size_t n = pull_gb_.size();
  const auto ids = std::size_t(cl_.next_instance_id() - 1);  // every id the cluster has given out
  if (pulled_.size() < ids * n) pulled_.resize(ids * n, 0);    // grows with the ids, then stays
  // An instance that gained no shape since the last call has pulled the images of all it
  // runs (the last call saw them): only the others are looked at, service by service, in the
  // order of their indices (the order of the charges).
  at_.clear();
  for (const auto id : cl_.gained_ids())
    if (const std::size_t j = cl_.index_of(id); j < cl_.instance_count()) at_.push_back(j);
  std::sort(at_.begin(), at_.end());
  for (const std::size_t j : at_) {
    const std::size_t base = std::size_t(cl_.instance_id(j) - 1) * n;
    for (std::uint32_t si = 0; si < n; ++si)
      if (!pulled_[base + si] && cl_.tasks(j, si) > 0) {
        pulled_[base + si] = 1;
        if (pull_gb_[si] <= 0) continue;
        l_->network_data.add(pull_gb_[si] * usd_per_gb_);
        if (!usage_->recording()) continue;
        if (data_key_ == SIZE_MAX) data_key_ = usage_->key(data_key_name_);
        usage_->add_run(data_key_, at, at, 3600.0, pull_gb_[si]);
      }
  }
  cl_.clear_gained();
}

void ec2_cluster::record_new(double at) {
  if (cl_.next_instance_id() == recs_.size() + 1) return;
  fresh_.clear();
  // The ids given out since the last record that still run, by id (a repack may place new
  // ids anywhere): a look-up each, not a scan.
  for (std::uint64_t id = recs_.size() + 1; id < cl_.next_instance_id(); ++id)
    if (const std::size_t i = cl_.index_of(id); i < cl_.instance_count()) fresh_.emplace_back(id, cl_.instance_type(i));
  for (const auto& [id, type] : fresh_) {
    while (recs_.size() + 1 < id) recs_.push_back({type, at, false, -1, -1, never, false});  // ids never run
    const bool spot = next_is_spot();
    recs_.push_back({type, at, spot});
    ec2_instance& rec = recs_.back();
    if (spot) rec.notice = spot_.launch(spot_rate_[rec.type], at);
    alive_ids_.push_back(id);
    (spot ? alive_spot_ : alive_od_) += 1;
  }
  if (holds_scale_out_ && at > 0) warm_until_ = std::max(warm_until_, at + warmup_);
}

void ec2_cluster::reconcile(double at) {
  // The instances gone since the last call (the cluster lists them), billed by id: the order
  // of the records, in which a scan of the running ones billed them.
  gone_.assign(cl_.gone_ids().begin(), cl_.gone_ids().end());
  cl_.clear_gone();
  std::sort(gone_.begin(), gone_.end());
  for (const std::uint64_t id : gone_)
    if (id <= recs_.size() && recs_[id - 1].alive) bill(recs_[id - 1], at);
  // The billed stay in alive_ids_ (skipped) until they are half of it.
  if (alive_ids_.size() > 2 * std::size_t(alive_od_ + alive_spot_) + 64)
    std::erase_if(alive_ids_, [&](std::uint64_t id) { return !recs_[id - 1].alive; });
}

void ec2_cluster::scale_in_idle(double t1) {
  record_new(t1);
  // When each instance became empty: an instance empty at the last call that runs tasks now is
  // no longer empty (only those can have a time set), an empty one without a time became
  // empty since. The cluster keeps its empty instances, in index order: no scan.
  for (const std::uint64_t id : was_empty_)
    if (const std::size_t j = cl_.index_of(id); j < cl_.instance_count() && !cl_.empty_instance(j))
      recs_[id - 1].empty_since = -1;
  for (const std::uint64_t id : cl_.empty_ids())
    if (recs_[id - 1].empty_since < 0) recs_[id - 1].empty_since = t1;
  std::int64_t empty = std::int64_t(cl_.empty_ids().size());
  const std::int64_t busy = std::int64_t(cl_.instance_count()) - empty;
  // ECS managed scaling keeps ⌈busy × 100 / target⌉ instances: the spare ones stay empty.
  const std::int64_t spare =
      o_->target_capacity_percent < 100.0
          ? std::int64_t(std::ceil(double(busy) * 100.0 / o_->target_capacity_percent - 1e-9)) - busy
          : 0;
  const bool held = empty < spare && scale_out_held(t1);
  if (!held)
    for (; empty < spare; ++empty) cl_.add_instance(cheapest_type_);
  record_new(t1);
  next_timer_ = held ? warm_until_ : never;  // spares launch once the warm-up is over
  // Instances of each type now, lowered as empty ones are marked to go; all go at once. Only
  // empty instances have a time (a spare just launched has none yet), in index order.
  per_type_.resize(types_.size());
  for (std::uint32_t t = 0; t < types_.size(); ++t) per_type_[t] = cl_.instances_of(t);
  going_.clear();
  for (const std::uint64_t id : cl_.empty_ids()) {
    ec2_instance& rec = recs_[id - 1];
    const double protected_until = rec.launch + warmup_;
    if (rec.empty_since >= 0 && empty > spare && per_type_[rec.type] > group_min_[rec.type]) {
      const double due = std::max(rec.empty_since + scale_in_after_, protected_until);
      if (t1 >= due) {
        going_.push_back(cl_.index_of(id));  // empty: its empty_since was set above, and nothing was placed since
        --per_type_[rec.type];
        --empty;
      } else {
        next_timer_ = std::min(next_timer_, due);
      }
    }
  }
  cl_.terminate_at(going_);
  was_empty_.assign(cl_.empty_ids().begin(), cl_.empty_ids().end());
}

double ec2_cluster::cost_so_far(double t1) const {
  double so_far = l_->compute();
  for (const auto id : alive_ids_) {
    const ec2_instance& rec = recs_[id - 1];
    if (!rec.alive) continue;
    const instance_type& it = *itypes_[rec.type];
    double h = it.on_demand.effective_per_hour() * (rec.spot ? 1.0 - it.spot.discount : 1.0);
    if (auto_mode_) h += eks_auto_mode_usd_per_hour(cat_->eks, it);
    so_far += (t1 - rec.launch) * h / 3600.0;
  }
  return so_far;
}

void ec2_cluster::finish(double end, option_result& r) {
  for (const auto id : alive_ids_)
    if (recs_[id - 1].alive) bill(recs_[id - 1], end);
  for (std::size_t t = 0; t < types_.size(); ++t)
    if (inst_hours_[t] > 0) r.instance_hours.emplace_back(types_[t].name, inst_hours_[t]);
}

}  // namespace fleetcast::sim::detail
