//! Stateful consumers: the state an instance builds from the events it applies, its
//! snapshots and backups, and what a crash or a disk loss costs to recover.
//!
//! The model is a per-instance state store, as a Kafka Streams instance keeps a local
//! RocksDB store for the tasks it runs, and as an event-store projection keeps its read
//! model beside a checkpoint:
//! - every message the instance processes (a first processing, not a duplicate copy) is
//!   an event applied to its state;
//! - every `snapshot_every` applied events it writes a snapshot to its local disk (a
//!   checkpoint: the events applied so far are in it);
//! - a process crash loses the in-memory state but not the disk: the restarted instance
//!   restores the last snapshot and replays, from the topic's retained log, the events
//!   applied since, at `rebuild_per_second`; only then does it rejoin the group (Kafka
//!   Streams keeps a task in RESTORING until its store has caught up). Recovery time =
//!   events since the snapshot / rebuild rate. An event the log no longer holds
//!   (deleted by retention) cannot be replayed: it is counted as state lost and the
//!   instance goes on from what the log still holds (a projection with a gap);
//! - a `DiskLoss` fault also loses the disk and its snapshots: the instance restores the
//!   last off-host backup (or starts empty without one), and the events applied since
//!   it are lost: the recovery point objective (RPO), in events and in time. They are not
//!   replayed: the group's committed offsets are past them and the store's own changelog
//!   was on the lost disk, as a database restored from last night's backup loses the
//!   day's writes. (An operator could replay them with an offset reset.)

use super::ids::PartitionId;
use crate::time::{SimDuration, SimTime};
use std::collections::VecDeque;

/// What one instance's state store holds.
#[derive(Clone, Debug, Default)]
pub struct StateStore {
    /// Events applied to the state since the run started (its version).
    pub applied: u64,
    /// `applied` when the last snapshot was written (0: none yet, the empty state).
    pub snapshot_applied: u64,
    /// Partition and publication time of each event applied since the last snapshot, in
    /// the order applied: what a rebuild replays, and whether the log still holds it.
    /// Bounded by `snapshot_every` (a snapshot clears it).
    pub since_snapshot: VecDeque<(PartitionId, SimTime)>,
    /// `applied` at the last backup and when it was taken (`None`: no backup yet).
    pub backup: Option<(u64, SimTime)>,
    /// The state was lost from memory and waits for a rebuild when the process starts.
    pub needs_rebuild: bool,
    /// The rebuild in progress: started at, done at, events replayed.
    pub rebuilding: Option<Rebuild>,
}

/// A rebuild in progress.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rebuild {
    pub from: SimTime,
    pub until: SimTime,
    pub events: u64,
    /// Generation of the `RebuildDone` timer (a newer crash makes it stale).
    pub generation: u32,
}

impl Rebuild {
    /// The share replayed at `now`, in [0, 1].
    pub fn progress(&self, now: SimTime) -> f64 {
        let span = (self.until - self.from).0;
        if span == 0 {
            return 1.0;
        }
        ((now - self.from).0 as f64 / span as f64).clamp(0.0, 1.0)
    }
}

/// A group's state-recovery counts, as the engine keeps them and `run --json` reports them
/// (`engine::status::GroupStateStatus` flattens them beside the spec).
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StateCounts {
    pub snapshots: u64,
    pub backups: u64,
    pub rebuilds: u64,
    /// Events replayed over every rebuild.
    pub replayed: u64,
    /// Events needed for a rebuild that the log had deleted (retention): state lost.
    pub lost_by_retention: u64,
    /// Events lost with a disk, since the last backup (the sum of the incidents' RPO).
    pub lost_with_disk: u64,
    /// Events the last rebuild replayed.
    pub last_rebuild_events: u64,
}

/// A group's state-recovery counters: the counts, and how long the last rebuild took.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StateStats {
    pub counts: StateCounts,
    pub last_rebuild: SimDuration,
}

/// A group's stateful side: the spec, one store per instance slot, the counters.
#[derive(Clone, Debug)]
pub struct GroupStateRuntime {
    pub snapshot_every: u64,
    pub rebuild_per_second: f64,
    pub backup_every: Option<SimDuration>,
    /// By instance slot; a slot provisioned later gets an empty store.
    pub stores: Vec<StateStore>,
    pub stats: StateStats,
    /// Generations of rebuild timers, one counter for the group.
    pub generation: u32,
}

impl GroupStateRuntime {
    pub fn new(spec: &crate::scenario::GroupState, backup: Option<&crate::scenario::Backup>) -> GroupStateRuntime {
        let crate::scenario::GroupState::Projection { snapshot_every, rebuild_per_second } = *spec;
        GroupStateRuntime {
            snapshot_every: snapshot_every.max(1),
            rebuild_per_second,
            backup_every: backup.map(|b| b.every),
            stores: Vec::new(),
            stats: StateStats::default(),
            generation: 0,
        }
    }

    /// Instance slot `i`'s store (created empty on first use).
    pub fn store(&mut self, i: usize) -> &mut StateStore {
        if self.stores.len() <= i {
            self.stores.resize_with(i + 1, StateStore::default);
        }
        &mut self.stores[i]
    }

    /// Instance slot `i` applied an event published at `published_at` to `partition`;
    /// a snapshot is written when `snapshot_every` events have been applied since the last.
    // Out of line and cold: it is on the processing path of every group, stateless ones
    // included, where only the `Option` check should cost anything.
    #[cold]
    #[inline(never)]
    pub fn apply(&mut self, i: usize, partition: PartitionId, published_at: SimTime) {
        let every = self.snapshot_every;
        let store = self.store(i);
        store.applied += 1;
        store.since_snapshot.push_back((partition, published_at));
        if store.applied - store.snapshot_applied >= every {
            store.snapshot_applied = store.applied;
            store.since_snapshot.clear();
            self.stats.counts.snapshots += 1;
        }
    }

    /// How long replaying `events` takes at the rebuild rate, to the nanosecond.
    pub fn rebuild_time(&self, events: u64) -> SimDuration {
        SimDuration((events as f64 * 1e9 / self.rebuild_per_second).round() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_every_n_events_clears_what_a_rebuild_replays() {
        let spec = crate::scenario::GroupState::Projection { snapshot_every: 3, rebuild_per_second: 4.0 };
        let mut state = GroupStateRuntime::new(&spec, None);
        for k in 0..7 {
            state.apply(0, PartitionId::new(0), SimTime(k));
        }
        // 7 applied: snapshots at 3 and 6, one event since.
        assert_eq!(state.stats.counts.snapshots, 2);
        assert_eq!(state.stores[0].snapshot_applied, 6);
        assert_eq!(state.stores[0].since_snapshot.len(), 1);
        // 1 event at 4 per second: 250 ms exactly.
        assert_eq!(state.rebuild_time(1), SimDuration::from_millis(250));
    }

    #[test]
    fn rebuild_progress_is_the_share_of_its_span() {
        let r = Rebuild { from: SimTime(100), until: SimTime(300), events: 2, generation: 0 };
        assert_eq!(r.progress(SimTime(200)), 0.5);
        assert_eq!(r.progress(SimTime(400)), 1.0);
    }
}
