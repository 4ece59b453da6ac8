//! Live status of the resilience policies, for the UI and reports.

use super::*;
use crate::engine::policy::Breaker;
use crate::engine::status::{
    BreakerStatus, BulkheadStatus, GroupPolicyStatus, OutboxStatus, ProducerPolicyStatus, TransitionStatus,
};

/// Transitions shown per breaker in the live status (the report lists all it keeps).
const RECENT_TRANSITIONS: usize = 10;

pub(super) fn producer_policy(p: &Producer) -> ProducerPolicyStatus {
    ProducerPolicyStatus {
        priority: p.priority,
        retrying: p.retrying.len() as u64,
        publish_retries: p.stats.publish_retries,
        lost: p.stats.lost,
        outbox: p.outbox.as_ref().map(|o| OutboxStatus {
            pending: o.pending_len(),
            failed: o.failed_len(),
            capacity: p.relay.capacity,
            written: o.stats.written,
            published: o.stats.published,
            refusals: o.stats.refusals,
            marked_failed: o.stats.marked_failed,
            rescheduled: o.stats.rescheduled,
            refused_full: o.stats.refused_full,
        }),
    }
}

impl Simulation {
    /// The policies' part of `reset_statistics`: counters restart; state (windows, tokens,
    /// waiting calls, outbox contents) and the breakers' transition histories stay.
    pub(super) fn reset_policy_statistics(&mut self) {
        for group in &mut self.groups {
            if let Some(order) = &mut group.key_order {
                order.violations = 0;
            }
            for guard in &mut group.guards {
                if let Some(b) = &mut guard.breaker {
                    b.reset_statistics(self.now);
                }
                if let Some(b) = &mut guard.bulkhead {
                    b.stats = Default::default();
                }
            }
        }
        for producer in &mut self.producers {
            if let Some(outbox) = &mut producer.outbox {
                outbox.stats = Default::default();
            }
        }
    }

    pub(super) fn group_policy_status(&self, g: &Group) -> GroupPolicyStatus {
        GroupPolicyStatus {
            failures: ErrorClass::ALL.iter().map(|c| (c.name().to_string(), g.stats.failures[c.index()])).collect(),
            retries: g.stats.retries,
            timeouts: g.stats.timeouts,
            throttled: g.throttled_jobs() as u64,
            rate_limited: g.stats.rate_limited,
            tokens: g.rate_limit.as_ref().map(|r| r.bucket.tokens(self.now)),
            bulkheads: g
                .guards
                .iter()
                .filter_map(|guard| {
                    let b = guard.bulkhead.as_ref()?;
                    Some(BulkheadStatus {
                        service: self.services[guard.service as usize].name.clone(),
                        max_concurrent: b.max_concurrent,
                        max_wait: b.max_wait,
                        active: b.active(),
                        waiting: b.waiting() as u64,
                        entered: b.stats.entered,
                        waited: b.stats.waited,
                        rejected: b.stats.rejected,
                    })
                })
                .collect(),
            strict_order: g.strict_order,
            ordering_violations: g.key_order.as_ref().map_or(0, |k| k.violations),
            parked: g.parked.len() as u64,
            redriven: g.stats.redriven,
            redrive_guarded: g.stats.redrive_guarded,
        }
    }

    /// Every breaker, in group then call order, with the name "GROUP:SERVICE".
    pub fn breakers(&self) -> impl Iterator<Item = (String, &Breaker)> + '_ {
        self.groups.iter().flat_map(move |g| {
            g.guards.iter().filter_map(move |guard| {
                let b = guard.breaker.as_ref()?;
                Some((format!("{}:{}", g.name, self.services[guard.service as usize].name), b))
            })
        })
    }

    pub(super) fn breaker_statuses(&self) -> Vec<BreakerStatus> {
        let mut out = Vec::new();
        for g in &self.groups {
            for guard in &g.guards {
                let Some(b) = &guard.breaker else { continue };
                let counts = b.counts(self.now);
                let rates = b.current_rates(self.now);
                let recent = b.transitions().iter().rev().take(RECENT_TRANSITIONS).rev();
                out.push(BreakerStatus {
                    group: g.name.clone(),
                    service: self.services[guard.service as usize].name.clone(),
                    state: b.state().name().into(),
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
                    recent_transitions: recent.map(TransitionStatus::from).collect(),
                });
            }
        }
        out
    }
}
