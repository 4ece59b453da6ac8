//! The one projection of the engine's state ([`SystemStatus`]): components, the ledger,
//! faults, availability, incidents and alerts, and the resilience policies. The
//! dashboard's status and the run report (`report::RunReport::of`) both come from here.

use super::*;
use crate::engine::fault::FaultOrigin;
use crate::engine::policy::Breaker;
use crate::engine::policy::guards::CallGuards;
use crate::engine::status::{
    AlertFiring, AlertStatus, AvailabilityStatus, BreakerStatus, BrokerNodeStatus, BulkheadStatus, ClientStatus,
    FaultStatus, GroupPolicyStatus, IncidentStatus, InstanceState, LedgerStatus, NodeLoadStatus, OutboxStatus,
    ProbeStatus, ProducerPolicyStatus, QueueingStatus, RECENT_BREAKER_TRANSITIONS, RECENT_FIRINGS, RECENT_INCIDENTS,
    RECENT_TRANSITIONS, ReplicaStatus, ReplicationStatus, ServiceLevelStatus, StandbyStatus, StatusScope,
    ThroughputStatus, TransitionStatus,
};

/// The last `keep` items of a history, oldest first.
fn tail<T>(items: impl ExactSizeIterator<Item = T>, keep: usize) -> impl Iterator<Item = T> {
    let skip = items.len().saturating_sub(keep);
    items.skip(skip)
}

impl Simulation {
    /// A service's replicas as the status shows them.
    fn replica_statuses(&self, s: &Service) -> Vec<ReplicaStatus> {
        s.replicas()
            .iter_enumerated()
            .map(|(r, replica)| {
                let stats = replica.stats();
                ReplicaStatus {
                    name: replica.name().to_string(),
                    up: !replica.is_down(),
                    ejected_until: s.ejected_until(r, self.now),
                    active: replica.active(),
                    waiting: replica.waiting() as u64,
                    calls: stats.calls,
                    errors: stats.errors,
                    unreachable: stats.unreachable,
                    refused: stats.refused,
                    ejections: stats.ejections,
                    availability: self.units[replica.unit].availability.figures(self.now).observed,
                    slow_factor: replica.slow_factor(),
                    fault_error_rate: replica.fault_error_rate(),
                    queueing: replica.queueing(self.now),
                    probe: s.health().map(|h| {
                        let state = h.state(r);
                        ProbeStatus {
                            unhealthy: state.unhealthy,
                            failing: state.failing,
                            unhealthy_threshold: h.spec().unhealthy_threshold.max(1),
                            passing: state.passing,
                            healthy_threshold: h.spec().healthy_threshold.max(1),
                            failed_probes: state.failed_probes,
                            ejections: state.ejections,
                        }
                    }),
                }
            })
            .collect()
    }
    /// Live state of every component, as the dashboard shows it.
    pub fn status(&self) -> SystemStatus {
        self.status_in(StatusScope::Live)
    }

    /// The state of every component as the run's report summarises it (see
    /// [`StatusScope::Run`]).
    pub fn run_status(&self) -> SystemStatus {
        self.status_in(StatusScope::Run)
    }

    /// The state of every component, with as much of the run as `scope` says.
    pub fn status_in(&self, scope: StatusScope) -> SystemStatus {
        SystemStatus {
            scenario: self.scenario.name.clone(),
            seed: self.seed(),
            now: self.now,
            events_handled: self.events_handled,
            measured_from: self.measured_from,
            ledger: self.ledger_status(),
            latency: self.latency().summary(),
            throughput: ThroughputStatus {
                mean_per_s: if self.measured_seconds() > 0.0 {
                    self.processed_measured() as f64 / self.measured_seconds()
                } else {
                    0.0
                },
                peak_per_s: self.peak_processed_per_s(),
            },
            not_modelled: self.not_yet_modelled().into_iter().map(String::from).collect(),
            producers: self
                .producers
                .iter()
                .map(|p| ProducerStatus {
                    name: p.name.clone(),
                    topic: self.topics[p.topic].name.clone(),
                    produced: p.stats.produced,
                    rejected: p.stats.rejected,
                    blocked: p.is_blocked(),
                    mean_rate_per_second: p.arrivals.mean_rate_per_second(),
                    crashed: p.is_crashed(),
                    partitioned: p.is_partitioned(),
                    unreachable: p.stats.unreachable,
                    times_blocked: p.stats.times_blocked,
                    not_produced: p.stats.not_produced,
                    policy: producer_policy(p),
                })
                .collect(),
            clients: self
                .clients
                .iter()
                .map(|k| ClientStatus {
                    name: k.name().to_string(),
                    requests: k.stats.requests,
                    succeeded: k.stats.succeeded,
                    failed: ErrorClass::ALL
                        .into_iter()
                        .filter(|c| k.stats.failed[c.index()] > 0)
                        .map(|c| (c.name().to_string(), k.stats.failed[c.index()]))
                        .collect(),
                    in_flight: k.in_flight(),
                    latency: k.stats.latency.summary(),
                    bulkheads: self.bulkhead_statuses(&k.downstream.guards),
                    retries_denied_by_budget: k.downstream.budget.as_ref().map(|b| b.denied),
                })
                .collect(),
            topics: self
                .topics
                .iter_enumerated()
                .filter(|(_, topic)| topic.queue_of().is_none())
                .map(|(t, topic)| self.topic_status(t, topic))
                .collect(),
            groups: self.groups.iter().map(|g| self.group_status(g)).collect(),
            sagas: self.sagas.iter().map(|k| k.status(&self.groups[k.group].name)).collect(),
            services: self
                .services
                .iter()
                .map(|s| ServiceStatus {
                    replicas: self.replica_statuses(s),
                    balance: s.balancer_policy(),
                    affinity: s.balancer_policy().by_key().then(|| {
                        let a = s.affinity();
                        let changes = a.membership_changes;
                        crate::engine::status::AffinityStatus {
                            key_population: s.key_population(),
                            membership_changes: changes,
                            keys_moved_share_mean: (changes > 0).then(|| a.moved_share_sum / changes as f64),
                            keys_moved_share_last: (changes > 0).then_some(a.moved_share_last),
                            calls_rerouted: a.rerouted,
                        }
                    }),
                    ejections_capped: s.ejections_capped(),
                    callers: s.stats.callers.iter().map(|&(who, n)| (self.caller_name(who).to_string(), n)).collect(),
                    bulkheads: self.bulkhead_statuses(&s.downstream.guards),
                    retries_denied_by_budget: s.downstream.budget.as_ref().map(|b| b.denied),
                    published: s.stats.published,
                    publishes: s.publishes().iter().map(|&t| self.topics[t].name.clone()).collect(),
                    name: s.name.clone(),
                    active: s.active(),
                    waiting: s.waiting() as u64,
                    capacity: s.capacity(),
                    calls: s.stats.calls,
                    errors: s.stats.errors.iter().sum(),
                    errors_by_class: [ErrorClass::Transient, ErrorClass::Business, ErrorClass::Fatal]
                        .into_iter()
                        .map(|c| (c.name().to_string(), s.stats.errors[class_index(c)]))
                        .collect(),
                    refused: s.stats.refused,
                    unreachable: s.stats.unreachable,
                    interrupted: s.stats.interrupted,
                    up: !s.is_down(),
                    slow_factor: s.slow_factor(),
                    fault_error_rate: s.fault_error_rate(),
                    queueing: s.queueing(self.now),
                    queue_discipline: s.queue_discipline(),
                })
                .collect(),
            breakers: self.breaker_statuses(scope),
            call_edges: self.call_edge_statuses(),
            halt: self.halt.clone(),
            brokers: self.broker_status(),
            replication: self.replication_status(),
            faults: self
                .active_faults
                .iter()
                .map(|&f| {
                    let fault = &self.faults[f];
                    FaultStatus {
                        target: fault.target_name.clone(),
                        kind: fault.describe(),
                        since: fault.start,
                        until: fault.ends_at(),
                        from_command: fault.origin == FaultOrigin::Command,
                    }
                })
                .collect(),
            availability: self
                .units
                .iter()
                .filter(|u| scope == StatusScope::Run || u.availability.is_observed())
                .map(|u| {
                    let timeline = u.availability.timeline();
                    AvailabilityStatus {
                        component: u.name.clone(),
                        up: !u.availability.is_down(),
                        figures: u.availability.figures(self.now),
                        // The tail in either scope: the figures cover the whole run, and a
                        // report of thousands of instances need not carry 512 each.
                        timeline: tail(timeline.iter(), RECENT_TRANSITIONS).copied().collect(),
                    }
                })
                .collect(),
            structures: self.structure_statuses(),
            incidents: tail(self.incidents.iter(), scope.keeps(self.incidents.iter().len(), RECENT_INCIDENTS))
                .map(|i| IncidentStatus {
                    component: i.component.clone(),
                    kind: i.kind.to_string(),
                    at: i.at,
                    detected_by: i.detected_by.clone(),
                    diagnosed_by: i.diagnosed_by.clone(),
                    recovered_at: i.recovered_at,
                    timings: i.timings(),
                    state: i.state,
                    fault_tolerance: i.fault_tolerance(self.work_done()),
                })
                .collect(),
            alerts: self
                .alerts
                .iter()
                .map(|a| AlertStatus {
                    name: a.name.clone(),
                    subject: a.subject.clone(),
                    state: a.state,
                    fired: a.history().len() as u64 + a.evicted(),
                    firings: tail(a.history().iter(), scope.keeps(a.history().len(), RECENT_FIRINGS))
                        .map(|e| AlertFiring { fired_at: e.fired_at, resolved_at: e.resolved_at })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The ledger's counts, with every non-zero reason of each terminal state.
    fn ledger_status(&self) -> LedgerStatus {
        let ledger = &self.ledger;
        let mut reasons = Vec::new();
        for terminal in [Terminal::DeadLettered, Terminal::Expired, Terminal::Dropped, Terminal::Lost] {
            reasons.extend(ledger.reasons_of(terminal).map(|(reason, n)| (terminal, reason, n)));
        }
        LedgerStatus {
            produced: ledger.produced,
            fan_out_copies: ledger.fan_out_copies,
            filtered: ledger.filtered,
            in_system: self.in_system(),
            processed: ledger.processed,
            dead_lettered: ledger.dead_lettered,
            expired: ledger.expired,
            dropped: ledger.dropped,
            lost: ledger.lost,
            reasons,
        }
    }

    fn topic_status(&self, t: TopicId, topic: &Topic) -> TopicStatus {
        let mut leaders = Vec::new();
        let mut in_sync = Vec::new();
        if !topic.is_dead_letter_target() {
            leaders = vec![None; topic.partitions.len()];
            in_sync = vec![0; topic.partitions.len()];
            for i in self.broker.placements_of(t) {
                let placement = &self.broker.placements[i];
                leaders[usize::from(placement.partition)] = placement.leader.map(|n| n.get() + 1);
                in_sync[usize::from(placement.partition)] = self.broker.in_sync(i);
            }
        }
        // With fan-out, the topic's figures are its deepest subscriber queue's (the one its
        // bound and shedding judge); each group's own lag is in its status.
        let queues: Vec<&Topic> = self.queues_of(t).into_iter().map(|q| &self.topics[q]).collect();
        TopicStatus {
            name: topic.name.clone(),
            partition_backlog: if topic.is_dead_letter_target() {
                vec![topic.dead_letters().len() as u64]
            } else {
                topic
                    .partitions
                    .keys()
                    .map(|p| queues.iter().map(|q| q.partitions[p].queue.len() as u64).max().unwrap_or(0))
                    .collect()
            },
            capacity: topic.capacity,
            is_dead_letter_target: topic.is_dead_letter_target(),
            backlog: self.deepest_backlog(t),
            max_backlog: queues.iter().map(|q| q.stats.max_backlog).max().unwrap_or(0),
            shed: topic.stats.shed,
            redriven: topic.stats.redriven,
            keys_moved: topic.stats.keys_moved,
            key_order_hazards: topic.stats.key_order_hazards,
            partition_leaders: leaders,
            partition_in_sync: in_sync,
            replication: self.broker.replication,
            log: self.log_ranges(t).map(|partitions| crate::engine::status::TopicLogStatus {
                retained: partitions.iter().map(|r| r.retained).sum(),
                partitions,
            }),
        }
    }

    /// The offsets each partition of topic `t`'s log spans now, if it keeps one.
    fn log_ranges(&self, t: TopicId) -> Option<Vec<crate::engine::status::LogRange>> {
        let topic = &self.topics[t];
        let retention = topic.retention()?;
        Some(topic.partitions.keys().filter_map(|p| Some(topic.log(p)?.range_at(&retention, self.now))).collect())
    }

    /// Group `g`'s place in each partition of its topic's log; empty without one.
    fn group_offsets(&self, g: &Group) -> Vec<crate::engine::status::PartitionOffsets> {
        let queue = &self.topics[g.topic];
        let Some(ranges) = self.log_ranges(queue.queue_of().unwrap_or(g.topic)) else { return Vec::new() };
        queue
            .partitions
            .iter()
            .zip(ranges)
            .map(|(partition, range)| {
                let lag = partition.queue.len() as u64;
                crate::engine::status::PartitionOffsets {
                    log_start: range.start,
                    log_end: range.end,
                    position: range.end.saturating_sub(lag),
                    lag,
                    deleted_by_retention: partition.log_counters.deleted_by_retention,
                    replayed: partition.log_counters.replayed,
                    skipped_by_reset: partition.log_counters.skipped_by_reset,
                }
            })
            .collect()
    }

    fn broker_status(&self) -> Vec<BrokerNodeStatus> {
        let leaders = self.broker.leader_counts();
        // One pass over the placements (not one per node: a cluster may have 1000 nodes).
        let n = self.broker.nodes.len();
        let (mut replicas, mut in_sync, mut under) = (vec![0u32; n], vec![0u32; n], vec![0u32; n]);
        for i in 0..self.broker.placements.len() {
            for r in self.broker.replicas(i) {
                replicas[usize::from(r)] += 1;
                if self.broker.nodes[r].serving() && self.broker.is_in_sync(i, r) {
                    in_sync[usize::from(r)] += 1;
                }
            }
            if let Some(leader) = self.broker.placements[i].leader
                && self.broker.in_sync(i) < self.broker.replication
            {
                under[usize::from(leader)] += 1;
            }
        }
        self.broker
            .nodes
            .iter()
            .enumerate()
            .map(|(k, node)| BrokerNodeStatus {
                name: node.name.clone(),
                state: node.state(),
                leaders: leaders[k],
                availability: self.units[node.unit].availability.figures(self.now).observed,
                replicas: replicas[k],
                in_sync: in_sync[k],
                under_replicated: under[k],
                load: self.node_load_status(NodeId::from(k)),
            })
            .collect()
    }

    /// Node `n`'s request load, when the broker has a cost.
    fn node_load_status(&self, n: NodeId) -> Option<NodeLoadStatus> {
        let load = self.broker.load.as_ref()?;
        let node = &load.nodes[n];
        let stats = node.stats_at(self.now);
        let elapsed_ns = self.now.since(load.measured_from).0 as f64;
        let per_time = |integral: u128| if elapsed_ns > 0.0 { integral as f64 / elapsed_ns } else { 0.0 };
        Some(NodeLoadStatus {
            utilisation: per_time(stats.busy_ns) / f64::from(load.io_threads()),
            queue_mean: per_time(stats.queued_ns),
            queued: node.queued() as u64,
            in_service: node.busy(),
            wait_ms_mean: if stats.started > 0 { stats.wait_ns as f64 / stats.started as f64 / 1e6 } else { 0.0 },
            requests: stats.requests,
            messages: stats.messages,
            refused: stats.refused,
            fetches: stats.fetches,
            follower_fetches: stats.follower_fetches,
        })
    }

    fn replication_status(&self) -> ReplicationStatus {
        let stats = self.broker.stats_at(self.now);
        ReplicationStatus {
            acked_lost: stats.acked_lost,
            unacked_returned: stats.unacked_returned,
            refused_not_enough_replicas: stats.refused_not_enough_replicas,
            unclean_elections: stats.unclean_elections,
            under_replicated_partition_s: stats.under_replicated_partition_ns as f64 / 1e9,
            awaiting_replication: self.broker.replicating_count(),
        }
    }

    fn group_status(&self, g: &Group) -> GroupStatus {
        GroupStatus {
            name: g.name.clone(),
            topic: self.topics[g.topic].name.clone(),
            concurrency: g.config.concurrency,
            prefetch: g.config.prefetch,
            instances: g
                .instances
                .iter()
                .enumerate()
                .map(|(i, inst)| InstanceStatus {
                    name: format!("{}/{}", g.name, i + 1),
                    up: inst.is_up(),
                    state: instance_state(g, i, inst),
                    member: inst.is_member(),
                    busy: inst.busy,
                    buffered: inst.buffer.len() as u32,
                    unacked: inst.unacked,
                    partitions: inst.partitions.iter().map(|p| p.get()).collect(),
                    orphaned: inst.orphaned.len() as u32,
                    unconfirmed: inst.unconfirmed.len() as u32,
                    restart_at: inst.restart_due,
                    crash_loop: inst.crash_loop,
                    availability: self.units[inst.unit].availability.figures(self.now).observed,
                    utilisation: inst.busy_time.mean(self.now, u64::from(inst.busy)).unwrap_or(0.0)
                        / f64::from(g.config.concurrency),
                    finished: inst.finished,
                    rebuild: g.state.as_ref().and_then(|s| s.stores.get(i)).and_then(|s| s.rebuilding).map(|r| {
                        crate::engine::status::RebuildStatus {
                            events: r.events,
                            progress: r.progress(self.now),
                            until: r.until,
                        }
                    }),
                })
                .collect(),
            processed: g.stats.processed,
            attempts: g.stats.attempts,
            retrying: g.retrying_jobs() as u64,
            lag: self.topics[g.topic].in_system() + g.held(),
            rebalancing: g.rebalance_in_progress(),
            rebalances: g.stats.rebalances,
            partitions_moved: g.stats.partitions_moved,
            paused_partition_s: g.paused_partition_ns(self.now) as f64 / 1e9,
            stopped_s: g.stopped_ns(self.now) as f64 / 1e9,
            rebalance_marks: g.rebalance_marks().iter().copied().collect(),
            redelivered: g.stats.redelivered,
            duplicates_processed: g.stats.duplicates_processed,
            deduplicated: g.stats.deduplicated,
            duplicates_redelivered: g.stats.redelivered_duplicates,
            poison_failures: g.stats.poison_failures,
            latency: g.stats.latency.summary(),
            end_to_end: g.flow.end_to_end_summary(&g.stats.latency),
            latency_batch_means: g.stats.latency_batches.means_ms(),
            ledger: g.flow.ledger,
            emits: g.flow.emit_stats,
            instances_provisioned: g.provisioned_instances(),
            instance_seconds: g.recovery.cost.instance_seconds(self.now),
            scaling: g.config.autoscale.as_ref().map(|a| {
                let decisions = &g.recovery.scale_decisions;
                let skip = decisions.len().saturating_sub(crate::engine::status::SCALING_DECISIONS_SHOWN);
                crate::engine::status::ScalingStatus {
                    policy: match a.policy {
                        crate::scenario::ScalePolicy::Proportional => "proportional",
                        crate::scenario::ScalePolicy::Step { .. } => "step",
                    }
                    .to_string(),
                    starting: g.instances.iter().filter(|i| i.starting).count() as u32,
                    decisions_total: g.recovery.decisions_total,
                    decisions: decisions.iter().skip(skip).copied().collect(),
                }
            }),
            health_check: g.config.health_check.as_ref().map(|_| g.recovery.health),
            queueing: self.queueing_status(g),
            service_level: service_level(g),
            policy: self.group_policy_status(g),
            offsets: self.group_offsets(g),
            standby: g.redundancy.as_ref().map(|r| {
                let slots = r.active_slots(g.provisioned_instances());
                let shares = r.serving.shares(self.now);
                let waited = r.stats.crew_waits_served;
                StandbyStatus {
                    active_slots: slots,
                    spares: r.spares,
                    serving: r.serving.serving() as u32,
                    all_serving_share: if self.now.0 == 0 { 1.0 } else { r.serving.at_least(slots as usize, self.now) },
                    serving_shares: shares,
                    switch_overs: r.stats.switch_overs,
                    under_repair: r.under_repair,
                    waiting_for_crew: r.waiting.len() as u32,
                    crew_waits: r.stats.crew_waits,
                    crew_wait_s_mean: (waited > 0).then(|| r.stats.crew_wait.as_secs_f64() / waited as f64),
                    shocks: r.stats.shocks,
                    shock_failures: r.stats.shock_failures,
                }
            }),
            state: g.state.as_ref().map(|s| crate::engine::status::GroupStateStatus {
                snapshot_every: s.snapshot_every,
                rebuild_per_second: s.rebuild_per_second,
                counts: s.stats.counts,
                last_rebuild_s: s.stats.last_rebuild.as_secs_f64(),
            }),
            batch: g.config.batch.as_ref().map(|b| {
                let s = &g.stats;
                let span_s = (self.now - self.measured_from).as_secs_f64();
                crate::engine::status::BatchStatus {
                    max_messages: b.max_messages,
                    batches: s.batches,
                    messages: s.batch_messages,
                    mean_size: if s.batches > 0 { s.batch_messages as f64 / s.batches as f64 } else { 0.0 },
                    per_second: if span_s > 0.0 { s.batches as f64 / span_s } else { 0.0 },
                    commits: s.batch_commits,
                    fetch_refusals: s.fetch_refusals,
                }
            }),
        }
    }
}

impl Simulation {
    fn queueing_status(&self, g: &Group) -> QueueingStatus {
        let q = &g.queueing;
        let (held, busy) = (g.held_deliveries(), g.busy_workers());
        let in_system_mean = q.in_system.mean(self.now, held).unwrap_or(0.0);
        let busy_workers_mean = q.busy.mean(self.now, busy).unwrap_or(0.0);
        let workers = f64::from(g.config.concurrency) * f64::from(g.provisioned_instances());
        QueueingStatus {
            in_system: held,
            in_system_mean,
            busy_workers: busy,
            busy_workers_mean,
            in_queue_mean: (in_system_mean - busy_workers_mean).max(0.0),
            utilisation: if workers > 0.0 { busy_workers_mean / workers } else { 0.0 },
            wait_ms_mean: if q.waits == 0 { 0.0 } else { q.wait_ns as f64 / q.waits as f64 / 1e6 },
            wait_ms_by_priority: (q.waits_by_class.iter().enumerate())
                .map(|(class, &(sum, count))| {
                    let mean = (count > 0).then(|| sum as f64 / count as f64 / 1e6);
                    (u8::try_from(class).unwrap_or(u8::MAX), mean)
                })
                .collect(),
        }
    }
}

fn instance_state(g: &Group, index: usize, inst: &Instance) -> InstanceState {
    if !inst.is_provisioned() {
        InstanceState::Stopped
    } else if !inst.is_up() && inst.restart_due.is_some() {
        InstanceState::Restarting
    } else if !inst.is_up() {
        InstanceState::Down
    } else if !inst.is_connected() {
        InstanceState::Partitioned
    } else if g.state.as_ref().and_then(|s| s.stores.get(index)).is_some_and(|s| s.rebuilding.is_some()) {
        InstanceState::Rebuilding
    } else if inst.role != crate::engine::standby::Role::Active {
        InstanceState::Standby
    } else if g.config.delivery == Delivery::Partitioned
        && !g.assignment.rebalancing
        && inst.is_member()
        && inst.partitions.is_empty()
    {
        InstanceState::Idle
    } else {
        InstanceState::Up
    }
}

/// A group's service level and error budget so far (SRE error budget: the share of
/// intervals allowed to miss the objectives is 1 − target).
pub fn service_level(g: &Group) -> ServiceLevelStatus {
    let (intervals, good) = (g.stats.intervals, g.stats.good_intervals);
    let target = g.config.objectives.target;
    let budget = (1.0 - target) * intervals as f64;
    let bad = (intervals - good) as f64;
    ServiceLevelStatus {
        intervals,
        good_intervals: good,
        availability: if intervals == 0 { 1.0 } else { good as f64 / intervals as f64 },
        target,
        error_budget_consumed: if budget > 0.0 {
            Some(bad / budget)
        } else if bad == 0.0 {
            Some(0.0)
        } else {
            None
        },
    }
}

pub(super) fn producer_policy(p: &Producer) -> ProducerPolicyStatus {
    ProducerPolicyStatus {
        priority: p.priority,
        retrying: p.retrying() as u64,
        publish_retries: p.stats.publish_retries,
        lost: p.stats.lost,
        outbox: p.outbox().map(|o| OutboxStatus {
            pending: o.pending_len(),
            failed: o.failed_len(),
            capacity: p.relay().capacity,
            stats: o.stats,
        }),
    }
}

impl Simulation {
    /// The policies' part of `reset_statistics`: counters restart; state (windows, tokens,
    /// waiting calls, outbox contents) and the breakers' transition histories stay.
    pub(super) fn reset_policy_statistics(&mut self) {
        for group in &mut self.groups {
            if let Some(order) = &mut group.policies.key_order {
                order.violations = 0;
            }
            group.policies.guards.reset_statistics(self.now);
        }
        let chains = self
            .services
            .iter_mut()
            .map(|s| &mut s.downstream)
            .chain(self.clients.iter_mut().map(|c| &mut c.downstream));
        for downstream in chains {
            downstream.guards.reset_statistics(self.now);
        }
        for producer in &mut self.producers {
            if let Some(outbox) = producer.outbox_mut() {
                outbox.stats = Default::default();
            }
        }
    }

    /// The bulkheads among a caller's guards, in call order.
    fn bulkhead_statuses<W: Copy + PartialEq>(&self, guards: &CallGuards<W>) -> Vec<BulkheadStatus> {
        guards
            .iter()
            .filter_map(|guard| {
                let b = guard.bulkhead.as_ref()?;
                Some(BulkheadStatus {
                    service: self.services[guard.service].name.clone(),
                    max_concurrent: b.max_concurrent,
                    max_wait: b.max_wait,
                    active: b.active(),
                    waiting: b.waiting() as u64,
                    entered: b.stats.entered,
                    waited: b.stats.waited,
                    rejected: b.stats.rejected,
                })
            })
            .collect()
    }

    pub(super) fn group_policy_status(&self, g: &Group) -> GroupPolicyStatus {
        GroupPolicyStatus {
            failures: ErrorClass::ALL.iter().map(|c| (c.name().to_string(), g.stats.failures[c.index()])).collect(),
            retries: g.stats.retries,
            timeouts: g.stats.timeouts,
            throttled: g.throttled_jobs() as u64,
            rate_limited: g.stats.rate_limited,
            tokens: g.policies.rate_limit.as_ref().map(|r| r.bucket.tokens(self.now)),
            bulkheads: self.bulkhead_statuses(&g.policies.guards),
            strict_order: g.config.strict_order,
            ordering_violations: g.policies.key_order.as_ref().map_or(0, |k| k.violations),
            parked: g.recovery.parked.len() as u64,
            redriven: g.stats.redriven,
            redrive_guarded: g.stats.redrive_guarded,
        }
    }

    /// Every breaker, in the order of `breaker_keys`, with its name "CALLER:SERVICE".
    pub fn breakers(&self) -> impl Iterator<Item = (String, &Breaker)> + '_ {
        self.breaker_keys()
            .into_iter()
            .filter_map(move |(caller, k)| Some((self.breaker_name(caller, k), self.breaker_of(caller, k)?)))
    }

    pub(super) fn breaker_statuses(&self, scope: StatusScope) -> Vec<BreakerStatus> {
        let mut out = Vec::new();
        for (caller, k) in self.breaker_keys() {
            {
                let Some(b) = self.breaker_of(caller, k) else { continue };
                let counts = b.counts(self.now);
                let rates = b.current_rates(self.now);
                let kept = b.transitions();
                let recent = tail(kept.iter(), scope.keeps(kept.len(), RECENT_BREAKER_TRANSITIONS));
                out.push(BreakerStatus {
                    group: self.caller_name(caller).to_string(),
                    service: self.services[self.guarded_service(caller, k)].name.clone(),
                    state: b.state(),
                    open_until: b.open_until(),
                    failure_rate_pct: rates.map(|r| r.failure_pct),
                    slow_call_rate_pct: rates.map(|r| r.slow_pct),
                    window: b.window_description(),
                    window_calls: counts.calls,
                    window_failed: counts.failed,
                    window_slow: counts.slow,
                    minimum_calls: b.minimum_calls(),
                    failure_threshold_pct: b.failure_threshold_pct(),
                    slow_call_threshold_pct: b.slow_threshold_pct(),
                    slow_call_duration: b.slow_call_duration(),
                    open_for: b.open_for(),
                    half_open_permits: b.half_open_permits(),
                    calls_not_permitted: b.calls_not_permitted(),
                    open_seconds: b.open_time(self.now).as_secs_f64(),
                    transitions_total: b.transitions_total(),
                    transitions_measured: b.transitions_measured(),
                    statistics_from: b.statistics_from(),
                    recent_transitions: recent.map(TransitionStatus::from).collect(),
                });
            }
        }
        out
    }
}

impl Simulation {
    /// Every (caller, service) pair that has called, services in order.
    fn call_edge_statuses(&self) -> Vec<crate::engine::status::CallEdgeStatus> {
        let mut out = Vec::new();
        for service in &self.services {
            for (who, edge) in &service.stats.edges {
                out.push(crate::engine::status::CallEdgeStatus {
                    caller: self.caller_name(*who).to_string(),
                    service: service.name.clone(),
                    calls: edge.calls,
                    errors: ErrorClass::ALL
                        .into_iter()
                        .filter(|c| edge.errors[c.index()] > 0)
                        .map(|c| (c.name().to_string(), edge.errors[c.index()]))
                        .collect(),
                    failed: edge.failed(),
                    retries: edge.retries,
                    latency_ms_p50: edge.last_p50_ms,
                    latency_ms_p95: edge.last_p95_ms,
                });
            }
        }
        out
    }
}
