//! Recovery of consumer instances: crash, heartbeat detection, eviction and redelivery,
//! rebalance, supervisor restarts with crash-loop back-off, network partitions, and the
//! acknowledgements and offset commits that decide what a crash redelivers.
//!
//! Life of a crash (Kafka consumer group protocol; Kubernetes restart policy):
//! 1. the process dies: everything it held — prefetched, being handled, waiting to retry,
//!    processed but not yet acknowledged or committed — is gone from its memory and
//!    waits, counted in the system, for the broker to deliver it again;
//! 2. the broker hears no heartbeat for `session_timeout` and evicts the member; its
//!    messages go back to the head of their partitions (redelivered), processed ones as
//!    duplicate copies, and the group rebalances (Partitioned: a stop-the-world pause of
//!    `rebalance_pause`, then round-robin assignment to the live members);
//! 3. a supervisor notices after `detect_after` and restarts it `restart_after` later;
//!    a restart while the crash's cause persists crashes again at once and the next
//!    delay doubles, up to `max_restart_after` (CrashLoopBackOff); after running for
//!    10 minutes the back-off starts over. Without a supervisor nothing restarts it: it
//!    stays down until recovered by command (a bare process, `restartPolicy: Never`).
//!
//! A network partition leaves the process running but unable to fetch, acknowledge or
//! commit: it works through what it holds, and what it processes stays unconfirmed.
//! Healed within the session timeout, the acknowledgements go through and nothing is
//! redelivered; detected first, the member is evicted and fenced (it drops its work, as
//! a consumer that learns it lost its partitions), its unconfirmed messages are
//! redelivered — duplicates, the classic at-least-once outcome — and it rejoins when the
//! partition heals.

use super::*;
use crate::engine::consumer::{CRASH_LOOP_RESET_AFTER, CooperativeRound, UNCONFIRMED_CAPACITY};
use crate::engine::standby::Role;

/// What brought an instance down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CrashCause {
    /// A Crash fault: the supervisor, if any, restarts it.
    Fault,
    /// A stochastic failure: down for its drawn repair time (which includes detection
    /// and restart), then back; the supervisor is not involved.
    Failure,
}

impl Simulation {
    pub(super) fn instance_name(&self, g: GroupId, i: InstanceId) -> String {
        format!("{}/{}", self.groups[g].name, i.get() + 1)
    }

    /// The process dies now.
    pub(super) fn crash_instance(&mut self, g: GroupId, i: InstanceId, cause: CrashCause) {
        let now = self.now;
        let inst = &mut self.groups[g].instances[i];
        if !inst.is_provisioned() || !inst.is_up() {
            return;
        }
        if now - inst.started_at >= CRASH_LOOP_RESET_AFTER {
            inst.crash_loop = 0;
        }
        inst.crash();
        inst.down_since = now;
        self.state_lost_from_memory(g, i);
        self.orphan_work(g, i, true);
        let lost = self.groups[g].instances[i].orphaned.len();
        let failure = cause == CrashCause::Failure;
        let kind = if failure { "failure" } else { "crash" };
        self.instance_outage_begins(g, i, kind);
        self.lose_heartbeat(g, i);
        let group = &mut self.groups[g];
        let inst = &mut group.instances[i];
        if cause == CrashCause::Fault
            && let Some(supervisor) = &group.config.supervisor
        {
            inst.supervisor_generation = inst.supervisor_generation.wrapping_add(1);
            let generation = inst.supervisor_generation;
            self.queue.schedule(
                now + supervisor.detect_after,
                Event::SupervisorNotices { group: g, instance: i, generation },
            );
        }
        let text = LogText::Crashed { failure, lost: lost as u64 };
        self.log.push(now, Severity::Error, self.instance_name(g, i), text);
    }

    /// Moves everything instance `i` holds into its `orphaned` list, cancelling its jobs
    /// (their pending timers and service answers become stale). With
    /// `with_unconfirmed`, processed messages not yet acknowledged or committed come too,
    /// as duplicate copies.
    fn orphan_work(&mut self, g: GroupId, i: InstanceId, with_unconfirmed: bool) {
        for j in self.groups[g].jobs.keys() {
            let job = self.groups[g].jobs[j];
            if job.state != JobState::Free && job.instance == i {
                if !self.groups[g].policies.guards.is_empty() {
                    self.abandon_guards(g, j);
                }
                let group = &mut self.groups[g];
                // The guard release may have handed a bulkhead slot to this instance's own
                // next waiter, which is cancelled in turn below; its message is the same.
                let job = group.jobs[j];
                group.instances[i].orphaned.push(job.message);
                group.jobs.free(j);
            }
        }
        let group = &mut self.groups[g];
        group.queueing.busy.depart_many(self.now, u64::from(group.instances[i].busy));
        let inst = &mut group.instances[i];
        inst.orphaned.extend(inst.buffer.drain(..));
        inst.busy_time.depart_many(self.now, u64::from(inst.busy));
        inst.busy = 0;
        inst.unacked = 0;
        inst.active_keys.clear();
        if group.config.batch.is_some() {
            self.batch_cut_short(g, i);
        }
        let group = &mut self.groups[g];
        let inst = &mut group.instances[i];
        if with_unconfirmed {
            let copies = inst.unconfirmed.len() as u64;
            inst.orphaned.extend(inst.unconfirmed.drain(..).map(|mut m| {
                m.flags |= Message::DUPLICATE;
                m
            }));
            group.stats.redelivered_duplicates += copies;
            group.duplicate_copies_held += copies;
        }
    }

    /// The broker stops hearing from the instance: the session timeout starts, once.
    fn lose_heartbeat(&mut self, g: GroupId, i: InstanceId) {
        let timeout = self.groups[g].config.session_timeout;
        let inst = &mut self.groups[g].instances[i];
        if !inst.is_member() || inst.heartbeat_lost_at.is_some() {
            return;
        }
        inst.heartbeat_lost_at = Some(self.now);
        inst.session_generation = inst.session_generation.wrapping_add(1);
        let generation = inst.session_generation;
        self.queue.schedule(self.now + timeout, Event::SessionExpired { group: g, instance: i, generation });
    }

    pub(super) fn on_session_expired(&mut self, g: GroupId, i: InstanceId, generation: u32) {
        let inst = &self.groups[g].instances[i];
        if inst.session_generation != generation || !inst.is_member() || inst.is_available() {
            return;
        }
        self.evict_member(g, i, "heartbeat lost: session timeout");
        self.membership_changed(g, "member evicted");
    }

    /// The broker removes a member that stopped heartbeating. A running one (cut off by
    /// a partition) is fenced: it drops its work. Its messages are redelivered.
    fn evict_member(&mut self, g: GroupId, i: InstanceId, by: &str) {
        let inst = &mut self.groups[g].instances[i];
        inst.leave_group();
        if inst.is_up() {
            self.orphan_work(g, i, true);
        }
        if let Some(id) = self.groups[g].instances[i].incident {
            self.incidents.detected(id, self.now, by);
        }
        let redelivered = self.redeliver_orphans(g, i);
        self.log.push(
            self.now,
            Severity::Warning,
            self.instance_name(g, i),
            LogText::Evicted { by: by.to_string(), redelivered },
        );
    }

    /// Delivers an instance's orphaned messages again: back to the head of their
    /// partitions, where a live member fetches them.
    fn redeliver_orphans(&mut self, g: GroupId, i: InstanceId) -> u64 {
        let mut batch = std::mem::take(&mut self.scratch);
        batch.clear();
        batch.append(&mut self.groups[g].instances[i].orphaned);
        let n = batch.len() as u64;
        let group = &mut self.groups[g];
        group.stats.redelivered += n;
        self.return_to_log(g, &mut batch);
        self.scratch = batch;
        n
    }

    /// Puts messages held by a group back at the head of their partitions, in id order.
    fn return_to_log(&mut self, g: GroupId, batch: &mut Vec<Message>) {
        if batch.is_empty() {
            return;
        }
        let copies = batch.iter().filter(|m| m.is_duplicate()).count() as u64;
        let group = &mut self.groups[g];
        group.duplicate_copies_held -= copies;
        let t = group.topic;
        batch.sort_unstable_by_key(|m| m.id);
        let topic = &mut self.topics[t];
        for message in batch.iter().rev() {
            topic.push_front(*message);
        }
        if topic.expire_after.is_some() {
            // The heads changed, maybe to older messages: check their deadlines.
            let mut touched: Vec<PartitionId> = batch.iter().map(|m| m.partition).collect();
            touched.sort_unstable();
            touched.dedup();
            for p in touched {
                self.arm_expiry(t, p);
            }
        }
        batch.clear();
    }

    /// Someone joined or left: Partitioned groups rebalance; Competing consumers just
    /// share the queue among whoever is there.
    pub(super) fn membership_changed(&mut self, g: GroupId, why: &str) {
        match self.groups[g].config.delivery {
            Delivery::Partitioned => self.start_rebalance(g, why),
            Delivery::Competing => self.pump_all(g),
        }
    }

    pub(super) fn pump_all(&mut self, g: GroupId) {
        for i in self.groups[g].instances.keys() {
            self.pump(g, i);
        }
    }

    /// A rebalance: members not heard from are left out, then the group's assignor runs by
    /// its protocol.
    ///
    /// Eager (Range, RoundRobin, Sticky): every member commits and gives up its
    /// partitions (prefetched messages go back to the log), nobody fetches for
    /// `rebalance_pause`, then the partitions are assigned to the live members.
    /// Cooperative (CooperativeSticky, KIP-429): see `start_cooperative_rebalance`.
    /// Members that are registered but silent do not make it into the new generation:
    /// they are evicted now.
    pub(super) fn start_rebalance(&mut self, g: GroupId, why: &str) {
        for i in self.groups[g].instances.keys() {
            let inst = &self.groups[g].instances[i];
            if inst.is_member() && !inst.is_live_member() {
                self.evict_member(g, i, "left out of the rebalance");
            }
        }
        if !self.groups[g].rebalance_in_progress() {
            let group = &mut self.groups[g];
            group.assignment.rebalance_started_at = self.now;
            group.assignment.moved_this_rebalance = 0;
        }
        if self.groups[g].config.assignor.is_cooperative() && !self.groups[g].assignment.rebalancing {
            self.start_cooperative_rebalance(g, why);
            return;
        }
        let mut batch = std::mem::take(&mut self.scratch);
        batch.clear();
        for i in self.groups[g].instances.keys() {
            if !self.groups[g].instances[i].is_live_member() {
                continue;
            }
            self.commit(g, i);
            let inst = &mut self.groups[g].instances[i];
            inst.unacked -= inst.buffer.len() as u32;
            batch.extend(inst.buffer.drain(..));
        }
        self.return_to_log(g, &mut batch);
        self.scratch = batch;
        let now = self.now;
        let group = &mut self.groups[g];
        group.stats.rebalances += 1;
        group.assignment.rebalancing = true;
        // An eager rebalance replaces a cooperative one in progress (the assignor changed
        // live): it assigns every partition at its end.
        group.assignment.cooperative = None;
        group.assignment.revoked.clear();
        group.assignment.stopped_since.get_or_insert(now);
        for p in group.assignment.partition_owner.keys() {
            group.pause_partition(p, now);
        }
        self.schedule_rebalance_round(g, why);
    }

    /// Cooperative rebalance, first round: only the partitions whose owner changes are
    /// revoked (their prefetched messages go back to the log); the members keep fetching
    /// the others throughout. Partitions nobody holds (a departed member's) are assigned
    /// at the end of this round; revoked ones at the end of a second round, as Kafka's
    /// CooperativeStickyAssignor needs a second rebalance to hand out what the first
    /// revoked.
    fn start_cooperative_rebalance(&mut self, g: GroupId, why: &str) {
        let revoked = self.groups[g].revoke_moving();
        let mut batch = std::mem::take(&mut self.scratch);
        batch.clear();
        for &(p, from) in &revoked {
            // The member commits before giving a partition up (Kafka's onPartitionsRevoked).
            self.commit(g, from);
            let inst = &mut self.groups[g].instances[from];
            let before = inst.buffer.len();
            inst.buffer.retain(|m| {
                if m.partition == p {
                    batch.push(*m);
                }
                m.partition != p
            });
            inst.unacked -= (before - inst.buffer.len()) as u32;
        }
        self.return_to_log(g, &mut batch);
        self.scratch = batch;
        let now = self.now;
        let group = &mut self.groups[g];
        for (p, _) in revoked {
            if !group.assignment.revoked.contains(&p) {
                group.assignment.revoked.push(p);
            }
        }
        let owned: Vec<bool> = {
            let mut owned = vec![false; group.assignment.partition_owner.len()];
            for inst in group.instances.iter().filter(|inst| inst.is_live_member()) {
                for &p in &inst.partitions {
                    owned[usize::from(p)] = true;
                }
            }
            owned
        };
        for (p, owned) in group.assignment.partition_owner.keys().zip(owned) {
            if !owned {
                group.pause_partition(p, now);
            }
        }
        group.stats.rebalances += 1;
        group.assignment.cooperative = Some(CooperativeRound::Revoke);
        self.schedule_rebalance_round(g, why);
    }

    /// The current rebalance round ends `rebalance_pause` from now.
    fn schedule_rebalance_round(&mut self, g: GroupId, why: &str) {
        let group = &mut self.groups[g];
        group.assignment.rebalance_generation = group.assignment.rebalance_generation.wrapping_add(1);
        let generation = group.assignment.rebalance_generation;
        let pause = group.config.rebalance_pause;
        let name = group.name.clone();
        self.queue.schedule(self.now + pause, Event::RebalanceDone { group: g, generation });
        self.log.push(self.now, Severity::Info, name, LogText::Rebalance { why: why.to_string(), pause });
    }

    pub(super) fn on_rebalance_done(&mut self, g: GroupId, generation: u32) {
        let now = self.now;
        let group = &mut self.groups[g];
        if group.assignment.rebalance_generation != generation || !group.rebalance_in_progress() {
            return;
        }
        if let Some(round) = group.assignment.cooperative {
            self.on_cooperative_round_done(g, round);
            return;
        }
        group.assignment.rebalancing = false;
        let moved = group.assign_partitions();
        group.stats.partitions_moved += moved;
        group.assignment.moved_this_rebalance += moved;
        if let Some(since) = group.assignment.stopped_since.take() {
            group.stats.stopped_ns += (now - since).0;
        }
        if group.live_instances() > 0 {
            for p in group.assignment.partition_owner.keys() {
                group.resume_partition(p, now);
            }
        }
        group.rebalance_finished(now, false);
        self.log_rebalance_done(g);
        self.pump_all(g);
    }

    fn on_cooperative_round_done(&mut self, g: GroupId, round: CooperativeRound) {
        let now = self.now;
        let group = &mut self.groups[g];
        let withheld = match round {
            CooperativeRound::Revoke => std::mem::take(&mut group.assignment.revoked),
            CooperativeRound::Assign => Vec::new(),
        };
        let (assigned, moved) = group.assign_free(&withheld);
        group.stats.partitions_moved += moved;
        group.assignment.moved_this_rebalance += moved;
        for p in assigned {
            group.resume_partition(p, now);
        }
        if round == CooperativeRound::Revoke && !withheld.is_empty() {
            group.assignment.revoked = withheld;
            group.assignment.cooperative = Some(CooperativeRound::Assign);
            self.schedule_rebalance_round(g, "assigning the revoked partitions");
            self.pump_all(g);
            return;
        }
        group.assignment.cooperative = None;
        group.rebalance_finished(now, true);
        self.log_rebalance_done(g);
        self.pump_all(g);
    }

    fn log_rebalance_done(&mut self, g: GroupId) {
        let group = &self.groups[g];
        let members = group.live_instances();
        let partitions = group.assignment.partition_owner.len();
        let idle: Vec<String> = group
            .instances
            .iter()
            .enumerate()
            .filter(|(_, inst)| inst.is_live_member() && inst.partitions.is_empty())
            .map(|(i, _)| format!("{}/{}", group.name, i + 1))
            .collect();
        let text = LogText::RebalanceDone { partitions: partitions as u64, members: members as u64, idle };
        self.log.push(self.now, Severity::Info, group.name.clone(), text);
    }

    /// Starts instance `i` again (supervisor, repair, command).
    pub(super) fn restart_instance(&mut self, g: GroupId, i: InstanceId, by: &str) {
        if self.groups[g].instances[i].is_member() {
            // The old incarnation was never detected; its session ends as the new one joins.
            self.evict_member(g, i, "replaced by its restart");
        } else {
            self.redeliver_orphans(g, i);
        }
        let now = self.now;
        let inst = &mut self.groups[g].instances[i];
        inst.start(now);
        self.log.push(now, Severity::Info, self.instance_name(g, i), LogText::Started { by: by.to_string() });
        if self.groups[g].state.is_some() && self.begin_rebuild(g, i) {
            // It takes traffic once its state is rebuilt (`on_rebuild_done`); its outage,
            // and its incident, last until then.
            return;
        }
        self.try_join(g, i, "member joined");
    }

    /// A running, reachable, provisioned instance that is not a member joins the group.
    pub(super) fn try_join(&mut self, g: GroupId, i: InstanceId, why: &str) {
        let inst = &mut self.groups[g].instances[i];
        if !(inst.is_up() && inst.is_connected() && inst.is_provisioned()) {
            return;
        }
        if self.groups[g].state.is_some() && self.rebuilding(g, i) {
            return; // it rejoins when its rebuild is done
        }
        let inst = &mut self.groups[g].instances[i];
        if inst.role != Role::Active {
            // A spare runs but stays out of the group until it switches in.
            self.instance_outage_ends(g, i);
            return;
        }
        let joined = inst.join_group();
        self.instance_outage_ends(g, i);
        if joined {
            self.membership_changed(g, why);
        } else {
            self.pump(g, i);
        }
    }

    pub(super) fn on_supervisor_notices(&mut self, g: GroupId, i: InstanceId, generation: u32) {
        let inst = &self.groups[g].instances[i];
        if inst.supervisor_generation != generation || inst.is_up() || !inst.is_provisioned() {
            return;
        }
        if let Some(id) = inst.incident {
            self.incidents.detected(id, self.now, "supervisor liveness check");
        }
        let delay = self.schedule_restart(g, i);
        let text = LogText::SupervisorNoticed { restart_in: delay };
        self.log.push(self.now, Severity::Warning, self.instance_name(g, i), text);
    }

    /// Schedules the supervisor's next start attempt: `restart_after` doubled per attempt
    /// since the instance last ran long enough, capped at `max_restart_after`.
    fn schedule_restart(&mut self, g: GroupId, i: InstanceId) -> SimDuration {
        let group = &mut self.groups[g];
        let Some(supervisor) = &group.config.supervisor else { return SimDuration::ZERO };
        let inst = &mut group.instances[i];
        let doubling = 1u64.checked_shl(inst.crash_loop).unwrap_or(u64::MAX);
        let delay = SimDuration(supervisor.restart_after.0.saturating_mul(doubling)).min(supervisor.max_restart_after);
        inst.crash_loop = inst.crash_loop.saturating_add(1);
        inst.supervisor_generation = inst.supervisor_generation.wrapping_add(1);
        inst.restart_due = Some(self.now + delay);
        let generation = inst.supervisor_generation;
        self.queue.schedule(self.now + delay, Event::RestartDue { group: g, instance: i, generation });
        delay
    }

    pub(super) fn on_restart_due(&mut self, g: GroupId, i: InstanceId, generation: u32) {
        let inst = &mut self.groups[g].instances[i];
        if inst.supervisor_generation != generation || inst.is_up() || !inst.is_provisioned() {
            return;
        }
        inst.restart_due = None;
        if self.crash_cause_persists(g, i) || self.groups[g].instances[i].failed {
            let delay = self.schedule_restart(g, i);
            let text = LogText::CrashLoop { restart_in: delay };
            self.log.push(self.now, Severity::Error, self.instance_name(g, i), text);
            return;
        }
        self.restart_instance(g, i, "supervisor restart");
    }

    /// Whether a Crash fault on the instance (or its group) is still in effect.
    pub(super) fn crash_cause_persists(&self, g: GroupId, i: InstanceId) -> bool {
        self.fault_levels(Target::Instance { group: g, instance: i }).crashed
    }

    /// A Crash fault's cause is gone. With a supervisor the next restart succeeds;
    /// without one, nothing restarts the process.
    pub(super) fn crash_cause_cleared(&mut self, g: GroupId, i: InstanceId) {
        let inst = &self.groups[g].instances[i];
        if inst.is_up() || inst.failed || self.crash_cause_persists(g, i) || self.groups[g].config.supervisor.is_some()
        {
            return;
        }
        let text = LogText::CrashCauseGone;
        self.log.push(self.now, Severity::Warning, self.instance_name(g, i), text);
    }

    /// Partition faults on the instance (or its group) in effect or not.
    pub(super) fn refresh_connection(&mut self, g: GroupId, i: InstanceId) {
        let partitioned = self.fault_levels(Target::Instance { group: g, instance: i }).partitioned;
        let connected = self.groups[g].instances[i].is_connected();
        if partitioned && connected {
            self.disconnect_instance(g, i);
        } else if !partitioned && !connected {
            self.reconnect_instance(g, i);
        }
    }

    fn disconnect_instance(&mut self, g: GroupId, i: InstanceId) {
        self.groups[g].set_connected(i, false);
        let inst = &self.groups[g].instances[i];
        let (up, held) = (inst.is_up(), inst.buffer.len() as u32 + inst.busy);
        if up {
            self.instance_outage_begins(g, i, "partition");
        }
        self.lose_heartbeat(g, i);
        let text = LogText::CutOff { held: u64::from(held) };
        self.log.push(self.now, Severity::Warning, self.instance_name(g, i), text);
    }

    fn reconnect_instance(&mut self, g: GroupId, i: InstanceId) {
        self.groups[g].set_connected(i, true);
        self.log.push(self.now, Severity::Info, self.instance_name(g, i), LogText::Reconnected);
        let inst = &self.groups[g].instances[i];
        if inst.is_member() && inst.is_up() {
            // Never evicted: heartbeats resume and the pending acks and commits go through.
            self.confirm_all(g, i);
        }
        self.try_join(g, i, "member rejoined");
    }

    /// The broker records everything the instance processed (acks flow again; a commit).
    pub(super) fn confirm_all(&mut self, g: GroupId, i: InstanceId) {
        match self.groups[g].config.delivery {
            Delivery::Competing => self.groups[g].instances[i].unconfirmed.clear(),
            Delivery::Partitioned => self.commit(g, i),
        }
    }

    fn instance_outage_begins(&mut self, g: GroupId, i: InstanceId, kind: &'static str) {
        let unit = self.groups[g].instances[i].unit;
        self.unit_down(unit);
        self.refresh_serving(g);
        if self.groups[g].instances[i].incident.is_none() {
            let (related, naming) = self.alert_links(Target::Instance { group: g, instance: i });
            self.incidents.set_work(self.work_done());
            let id = self.incidents.open(self.instance_name(g, i), kind, self.now, related, naming);
            self.groups[g].instances[i].incident = Some(id);
        }
    }

    fn instance_outage_ends(&mut self, g: GroupId, i: InstanceId) {
        let inst = &mut self.groups[g].instances[i];
        let unit = inst.unit;
        if let Some(id) = inst.incident.take() {
            self.incidents.set_work(self.work_done());
            self.incidents.recovered(id, self.now);
        }
        self.unit_up(unit);
        self.refresh_serving(g);
    }

    // ----- acknowledgements and offset commits --------------------------------------------

    /// A message finished (processed or given up) at instance `i`. If the broker cannot
    /// record that yet — the instance is cut off, or (Partitioned) its offset waits for
    /// the next commit — the instance keeps it, and a crash now redelivers it.
    #[inline(always)]
    pub(super) fn hold_until_confirmed(&mut self, g: GroupId, i: InstanceId, message: &Message) {
        let group = &self.groups[g];
        if group.config.confirms_at_once && group.all_connected() {
            return; // acknowledged now (the common case: costs two loads)
        }
        if group.config.confirms_at_once && group.instances[i].is_connected() {
            return;
        }
        self.hold_unconfirmed(g, i, *message);
    }

    #[cold]
    fn hold_unconfirmed(&mut self, g: GroupId, i: InstanceId, message: Message) {
        let inst = &self.groups[g].instances[i];
        if inst.unconfirmed.len() >= UNCONFIRMED_CAPACITY {
            if inst.is_connected() {
                self.commit(g, i);
            }
            let group = &mut self.groups[g];
            let inst = &mut group.instances[i];
            if inst.unconfirmed.len() >= UNCONFIRMED_CAPACITY {
                inst.unconfirmed.pop_front();
                group.stats.unconfirmed_forgotten += 1;
            }
        }
        self.groups[g].instances[i].unconfirmed.push_back(message);
    }

    /// Commits instance `i`'s offsets: per partition, everything before the oldest
    /// message it still has unfinished (an at-least-once consumer never commits past
    /// work in progress). Processed messages after that stay unconfirmed.
    pub(super) fn commit(&mut self, g: GroupId, i: InstanceId) {
        let group = &mut self.groups[g];
        if group.instances[i].unconfirmed.is_empty() {
            return;
        }
        if group.config.delivery == Delivery::Competing {
            group.instances[i].unconfirmed.clear();
            return;
        }
        let mut oldest = std::mem::take(&mut group.assignment.commit_scratch);
        oldest.fill(u64::MAX);
        for job in group.jobs.iter() {
            if job.state != JobState::Free && job.instance == i {
                let slot = &mut oldest[job.message.partition];
                *slot = (*slot).min(job.message.id);
            }
        }
        let inst = &mut group.instances[i];
        for m in &inst.buffer {
            let slot = &mut oldest[m.partition];
            *slot = (*slot).min(m.id);
        }
        inst.unconfirmed.retain(|m| m.id > oldest[m.partition]);
        group.assignment.commit_scratch = oldest;
    }

    pub(super) fn on_auto_commit(&mut self, g: GroupId) {
        if self.groups[g].config.confirms_at_once || self.groups[g].config.batch.is_some() {
            // A live change made every message confirm at once: the chain ends here (a
            // chain at interval zero would never let time move on).
            self.groups[g].recovery.commit_armed = false;
            return;
        }
        for i in self.groups[g].instances.keys() {
            if self.groups[g].instances[i].is_live_member() {
                self.commit(g, i);
            }
        }
        let interval = self.groups[g].config.commit_interval;
        self.queue.schedule(self.now + interval, Event::AutoCommit { group: g });
    }

    /// An idempotent consumer finds a duplicate copy in its dedup window and
    /// acknowledges it without processing. Returns whether it did.
    pub(super) fn deduplicate(&mut self, g: GroupId, i: InstanceId, message: &Message) -> bool {
        let group = &mut self.groups[g];
        let Some(dedup) = &mut group.policies.dedup else { return false };
        if !dedup.contains(message.id, self.now) {
            return false;
        }
        group.instances[i].unacked -= 1;
        group.duplicate_copies_held -= 1;
        group.stats.deduplicated += 1;
        self.hold_until_confirmed(g, i, message);
        true
    }

    // ----- graceful leave (scale-in) ---------------------------------------------------------

    /// Stops instance `i` gracefully: it commits what it processed, hands its unfinished
    /// messages back (redelivered, unprocessed), and leaves the group at once.
    pub(super) fn stop_instance(&mut self, g: GroupId, i: InstanceId) {
        let inst = &self.groups[g].instances[i];
        let (unit, incident, was_up) = (inst.unit, inst.incident, inst.is_up());
        if was_up {
            if inst.is_connected() {
                let inst = &mut self.groups[g].instances[i];
                inst.unconfirmed.clear(); // a clean close commits everything it processed
            }
            self.orphan_work(g, i, true);
        }
        self.redeliver_orphans(g, i);
        self.groups[g].retire_instance(i);
        let count = self.groups[g].provisioned_instances();
        self.groups[g].recovery.cost.change(self.now, count);
        if let Some(id) = incident {
            self.incidents.set_work(self.work_done());
            self.incidents.recovered(id, self.now);
        }
        self.unit_suspended(unit);
        self.forget_repair(g, i);
        self.pause_unit_failures(unit);
    }

    /// Provisions one more instance (reusing the lowest free slot, so names stay
    /// `group/1..N`); it joins with the next rebalance. Returns its index.
    pub(super) fn provision_instance(&mut self, g: GroupId) -> InstanceId {
        let now = self.now;
        let free = self.groups[g].instances.position(|inst| !inst.is_provisioned());
        let i = match free {
            Some(i) => {
                let inst = &mut self.groups[g].instances[i];
                let (unit, session, supervisor) = (inst.unit, inst.session_generation, inst.supervisor_generation);
                let batch_generation = inst.batch_generation;
                let start_generation = inst.start_generation.wrapping_add(1);
                let fresh = self.new_instance_for(g, now);
                let inst = &mut self.groups[g].instances[i];
                *inst = fresh;
                inst.start_generation = start_generation;
                inst.unit = unit;
                inst.session_generation = session;
                inst.supervisor_generation = supervisor;
                // The slot's old batch timers and fetch stay stale.
                inst.batch_generation = batch_generation;
                self.reset_state(g, i);
                self.units[unit].availability.resume(now);
                self.structures_changed(unit);
                self.schedule_unit_failure(unit);
                i
            }
            None => {
                let fresh = self.new_instance_for(g, now);
                let i = self.groups[g].instances.push_and_get_key(fresh);
                let unit = match self.groups[g].recovery.slot_units.get(usize::from(i)) {
                    Some(&unit) => {
                        self.units[unit].availability.resume(now);
                        self.structures_changed(unit);
                        unit
                    }
                    None => self.new_instance_unit(g, i),
                };
                self.groups[g].instances[i].unit = unit;
                self.schedule_unit_failure(unit);
                i
            }
        };
        self.refresh_handler(g);
        let count = self.groups[g].provisioned_instances();
        self.groups[g].recovery.cost.change(now, count);
        let partitioned = self.fault_levels(Target::Instance { group: g, instance: i }).partitioned;
        if partitioned {
            self.groups[g].start_cut_off(i);
            self.instance_outage_begins(g, i, "partition");
        }
        if self.groups[g].instances[i].starting {
            let inst = &self.groups[g].instances[i];
            let (generation, startup) = (inst.start_generation, self.startup_of(g));
            self.queue.schedule(now + startup, Event::InstanceStarted { group: g, instance: i, generation });
        }
        i
    }

    /// A new instance of group `g`: running at once, or still starting when its autoscaler
    /// has a `startup`.
    fn new_instance_for(&self, g: GroupId, now: SimTime) -> Instance {
        if self.startup_of(g).is_zero() { Instance::new(now) } else { Instance::starting(now) }
    }

    fn startup_of(&self, g: GroupId) -> SimDuration {
        self.groups[g].config.autoscale.as_ref().map_or(SimDuration::ZERO, |a| a.startup)
    }

    /// A provisioned instance's start-up is over: it runs and joins the group.
    pub(super) fn on_instance_started(&mut self, g: GroupId, i: InstanceId, generation: u32) {
        let inst = &self.groups[g].instances[i];
        if inst.start_generation != generation || !inst.is_provisioned() || !inst.starting {
            return;
        }
        let now = self.now;
        self.groups[g].instances[i].start(now);
        self.log.push(
            now,
            Severity::Info,
            self.instance_name(g, i),
            LogText::Started { by: "start-up done".to_string() },
        );
        self.try_join(g, i, "member joined");
    }
}
