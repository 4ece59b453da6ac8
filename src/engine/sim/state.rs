//! Stateful consumers in the simulation: applying events, snapshots, backups, the rebuild
//! a restarted instance runs before it rejoins, and the state a disk loss takes with it
//! (the model is in `engine::state`).

use super::*;
use crate::engine::incident::StateRecovery;

impl Simulation {
    /// Instance `i` crashed: its in-memory state is gone; a rebuild in progress stops.
    pub(super) fn state_lost_from_memory(&mut self, g: GroupId, i: InstanceId) {
        if let Some(state) = &mut self.groups[g].state {
            let store = state.store(usize::from(i));
            store.needs_rebuild = true;
            store.rebuilding = None;
        }
    }

    /// A `DiskLoss` fault took instance `i`'s disk: its snapshots are gone, and it goes
    /// back to the last off-host backup (or to the empty state without one). What it
    /// applied since is lost — the incident's RPO — and is not replayed (see
    /// `engine::state`).
    pub(super) fn lose_disk(&mut self, g: GroupId, i: InstanceId) {
        let now = self.now;
        let incident = self.groups[g].instances[i].incident;
        let Some(state) = &mut self.groups[g].state else { return };
        let store = state.store(usize::from(i));
        let (point, point_at) = store.backup.unwrap_or((0, SimTime::ZERO));
        let lost = store.applied - point;
        store.applied = point;
        store.snapshot_applied = point;
        store.since_snapshot.clear();
        store.needs_rebuild = true;
        store.rebuilding = None;
        let from_backup = store.backup.is_some();
        state.stats.counts.lost_with_disk += lost;
        if let Some(id) = incident {
            self.incidents.reclassify(id, now, "disk_loss");
        }
        if let Some(recovery) = incident.and_then(|id| self.incidents.state_mut(id)) {
            recovery.disk_lost = true;
            recovery.from_backup = from_backup;
            recovery.rpo_events += lost;
            recovery.rpo_s = (now - point_at).as_secs_f64();
        }
        let text = LogText::DiskLost { lost, since: now - point_at, from_backup };
        self.log.push(now, Severity::Error, self.instance_name(g, i), text);
    }

    /// Instance `i` just started again: if its state must be rebuilt, it replays the log
    /// since its recovery point and rejoins when done (returns true); false when it may
    /// join now.
    pub(super) fn begin_rebuild(&mut self, g: GroupId, i: InstanceId) -> bool {
        let now = self.now;
        let t = self.groups[g].topic;
        let t = self.topics[t].queue_of().unwrap_or(t);
        let incident = self.groups[g].instances[i].incident;
        let Some(state) = &mut self.groups[g].state else { return false };
        let store = state.store(usize::from(i));
        if !store.needs_rebuild {
            return false;
        }
        store.needs_rebuild = false;
        // An event is still in the log if its partition's oldest record is no newer and its
        // time has not passed (records in a partition's log are in publication order).
        let topic = &self.topics[t];
        let retained = |&(p, published_at): &(PartitionId, SimTime)| match (topic.retention(), topic.log(p)) {
            (Some(retention), Some(log)) => {
                !retention.is_past(published_at, now)
                    && log.records().front().is_some_and(|oldest| oldest.message.published_at <= published_at)
            }
            _ => false,
        };
        let before = store.since_snapshot.len() as u64;
        store.since_snapshot.retain(retained);
        let events = store.since_snapshot.len() as u64;
        let deleted = before - events;
        let duration = state.rebuild_time(events);
        state.stats.counts.rebuilds += 1;
        state.stats.counts.replayed += events;
        state.stats.counts.lost_by_retention += deleted;
        state.stats.counts.last_rebuild_events = events;
        state.stats.last_rebuild = duration;
        if let Some(recovery) = incident.and_then(|id| self.incidents.state_mut(id)) {
            let StateRecovery { replayed_events, lost_by_retention, .. } = *recovery;
            recovery.replayed_events = replayed_events + events;
            recovery.rebuild_s += duration.as_secs_f64();
            recovery.lost_by_retention = lost_by_retention + deleted;
        }
        if events > 0 || deleted > 0 {
            let text = LogText::RebuildStarted { events, duration, deleted };
            self.log.push(now, Severity::Info, self.instance_name(g, i), text);
        }
        if events == 0 {
            return false; // the snapshot (or backup) is the whole state: it joins now
        }
        let Some(state) = &mut self.groups[g].state else { return false };
        state.generation = state.generation.wrapping_add(1);
        let generation = state.generation;
        let rebuild = crate::engine::state::Rebuild { from: now, until: now + duration, events, generation };
        state.store(usize::from(i)).rebuilding = Some(rebuild);
        self.queue.schedule(now + duration, Event::RebuildDone { group: g, instance: i, generation });
        true
    }

    /// Whether instance `i` is replaying its state (it may not join until it is done).
    pub(super) fn rebuilding(&self, g: GroupId, i: InstanceId) -> bool {
        let Some(state) = &self.groups[g].state else { return false };
        state.stores.get(usize::from(i)).is_some_and(|s| s.rebuilding.is_some())
    }

    pub(super) fn on_rebuild_done(&mut self, g: GroupId, i: InstanceId, generation: u32) {
        let Some(state) = &mut self.groups[g].state else { return };
        let store = state.store(usize::from(i));
        if store.rebuilding.is_none_or(|r| r.generation != generation) {
            return;
        }
        store.rebuilding = None;
        let text = LogText::RebuildDone;
        self.log.push(self.now, Severity::Info, self.instance_name(g, i), text);
        self.try_join(g, i, "member joined");
    }

    /// Starts a stateful group's backup chain, if it takes backups.
    pub(super) fn schedule_backup(&mut self, g: GroupId) {
        if let Some(every) = self.groups[g].state.as_ref().and_then(|s| s.backup_every) {
            self.queue.schedule(self.now + every, Event::BackupDue { group: g });
        }
    }

    /// Every running instance backs up its state (as of now); one that is down or
    /// rebuilding has no current state to back up and keeps its previous backup.
    pub(super) fn on_backup_due(&mut self, g: GroupId) {
        let now = self.now;
        let group = &mut self.groups[g];
        let Some(state) = &mut group.state else { return };
        for (k, inst) in group.instances.iter().enumerate() {
            let store = state.store(k);
            if inst.is_up() && inst.is_provisioned() && store.rebuilding.is_none() && !store.needs_rebuild {
                store.backup = Some((store.applied, now));
                state.stats.counts.backups += 1;
            }
        }
        self.schedule_backup(g);
    }

    /// A slot provisioned again is a new instance: it starts with an empty state.
    pub(super) fn reset_state(&mut self, g: GroupId, i: InstanceId) {
        if let Some(state) = &mut self.groups[g].state {
            *state.store(usize::from(i)) = Default::default();
        }
    }
}
