//! Scaling a consumer group: the autoscaler and the manual scale command.
//!
//! The autoscaler watches the group's lag (unfetched plus unacknowledged messages, KEDA's
//! Kafka and RabbitMQ scalers' metric); its utilisation of the target is
//! u = lag / (current × target_backlog), `current` counting instances still starting (as
//! the HPA counts pods that are not ready). Two policies:
//! - `Proportional` (the default) follows the Kubernetes Horizontal Pod Autoscaler:
//!   desired = ⌈lag / target_backlog⌉, clamped to [min, max]; no change while u is
//!   within the HPA's default 10 % tolerance of 1. KEDA's Kafka scaler with
//!   `lagThreshold` = `target_backlog` hands the HPA exactly this (an AverageValue
//!   metric), so it is KEDA's lag-per-instance trigger too; KEDA's `activationLagThreshold`
//!   only matters when scaling from zero, which a group (min ≥ 1) never does.
//! - `Step` follows AWS Auto Scaling's step (simple) scaling: +`up_by` when u > `up_above`,
//!   −`down_by` when u < `down_below`, clamped to [min, max].
//!
//! After any change, none for `cooldown`. Checks happen every `check_every` from
//! `check_every` on. A new instance starts `startup` after it is provisioned (it costs
//! from the start). Instances beyond the partition count join but get no partitions
//! (Partitioned delivery), as in Kafka: they sit idle.

use super::*;
use crate::engine::consumer::{SCALE_DECISIONS_CAPACITY, ScaleDecision, ScaleRule};
use crate::scenario::ScalePolicy;

/// The HPA's default tolerance around a ratio of 1.
const SCALING_TOLERANCE: f64 = 0.1;

impl Simulation {
    /// Timers a group needs from the start: offset auto-commit, autoscaler checks and
    /// health probes.
    pub(super) fn schedule_group_timers(&mut self, g: GroupId) {
        let group = &mut self.groups[g];
        // A group with batches commits once per batch instead (Spring Kafka turns the
        // consumer's auto-commit off).
        if group.config.delivery == Delivery::Partitioned
            && group.config.commit_interval.0 > 0
            && group.config.batch.is_none()
        {
            group.recovery.commit_armed = true;
            self.queue.schedule(self.now + group.config.commit_interval, Event::AutoCommit { group: g });
        }
        if let Some(autoscale) = &group.config.autoscale {
            let every = SimDuration(autoscale.check_every.0.max(1));
            group.recovery.autoscale_armed = true;
            self.queue.schedule(self.now + every, Event::AutoscaleCheck { group: g });
        }
        if self.groups[g].config.health_check.is_some() {
            self.arm_health_probes(g);
        }
    }

    /// Lag of group `g`: messages in its topic plus those its instances hold.
    pub(super) fn group_lag(&self, g: GroupId) -> u64 {
        let group = &self.groups[g];
        self.topics[group.topic].in_system() + group.held()
    }

    pub(super) fn on_autoscale_check(&mut self, g: GroupId) {
        let Some(autoscale) = self.groups[g].config.autoscale.clone() else {
            // Removed by a live change: the chain of checks ends here.
            self.groups[g].recovery.autoscale_armed = false;
            return;
        };
        let every = SimDuration(autoscale.check_every.0.max(1));
        self.queue.schedule(self.now + every, Event::AutoscaleCheck { group: g });
        let lag = self.group_lag(g);
        let group = &self.groups[g];
        let current = group.provisioned_instances();
        let target = autoscale.target_backlog.max(1);
        let (low, high) = (autoscale.min.max(1), autoscale.max.max(autoscale.min).max(1));
        let ratio = lag as f64 / (f64::from(current.max(1)) * target as f64);
        let clamped = current < low || current > high;
        let (desired, rule) = match autoscale.policy {
            ScalePolicy::Proportional => {
                let desired = lag.div_ceil(target).clamp(u64::from(low), u64::from(high)) as u32;
                if !clamped && (ratio - 1.0).abs() <= SCALING_TOLERANCE {
                    return;
                }
                (desired, ScaleRule::Proportional)
            }
            ScalePolicy::Step { up_above, up_by, down_below, down_by } => {
                if ratio > up_above {
                    (current.saturating_add(up_by).clamp(low, high), ScaleRule::StepUp)
                } else if ratio < down_below {
                    (current.saturating_sub(down_by).clamp(low, high), ScaleRule::StepDown)
                } else {
                    // Between the thresholds only a count outside the bounds (a scale
                    // command moved it) is brought back.
                    let rule = if current < low { ScaleRule::StepUp } else { ScaleRule::StepDown };
                    (current.clamp(low, high), rule)
                }
            }
        };
        if desired == current {
            return;
        }
        if let Some(last) = group.recovery.last_scale_at
            && self.now - last < autoscale.cooldown
        {
            return;
        }
        let group = &mut self.groups[g];
        group.recovery.last_scale_at = Some(self.now);
        group.recovery.decisions_total += 1;
        if group.recovery.scale_decisions.len() == SCALE_DECISIONS_CAPACITY {
            group.recovery.scale_decisions.pop_front();
        }
        group.recovery.scale_decisions.push_back(ScaleDecision {
            at: self.now,
            from: current,
            to: desired,
            lag,
            target,
            rule,
        });
        self.scale_to(g, desired, ScaleCause::Autoscaler { lag, target });
    }

    /// Provisions or removes instances until the group has `desired`. Removal prefers
    /// instances that are down, then the highest-numbered (as a ReplicaSet scales down
    /// not-ready pods first).
    pub(super) fn scale_to(&mut self, g: GroupId, desired: u32, why: ScaleCause) {
        let current = self.groups[g].provisioned_instances();
        if desired == current {
            return;
        }
        if desired > current {
            for _ in current..desired {
                self.provision_instance(g);
            }
        } else {
            for _ in desired..current {
                let instances = &self.groups[g].instances;
                let victim = instances
                    .keys()
                    .rev()
                    .filter(|&i| instances[i].is_provisioned())
                    .min_by_key(|&i| instances[i].is_up());
                if let Some(i) = victim {
                    self.stop_instance(g, i);
                }
            }
        }
        // A command may scale a group with spares: they stay `spares`, the active slots follow.
        self.fill_active_slots(g);
        let name = self.groups[g].name.clone();
        let (from, to) = (u64::from(current), u64::from(desired));
        self.log.push(self.now, Severity::Info, name, LogText::Scaled { from, to, why });
        self.membership_changed(g, "scaled");
    }
}
