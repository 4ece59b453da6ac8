//! Every limit on what a scenario, a live change or a command may ask for, in one place:
//! on single fields, on totals across a scenario, and floors on the periods that schedule
//! events. (The engine's own storage bounds — the parking lot, the event log, histories,
//! a service's waiting calls — are decisions of the component that owns the store and sit
//! beside it, each with what happens at the bound.)
//!
//! Why limits at all (TigerBeetle's "put a limit on everything"): a scenario is input, and
//! input must not be able to make the engine allocate without bound or stay at one
//! instant forever. Each limit is far above what a realistic scenario needs, and what
//! happens at it is decided and tested:
//! - a scenario over a limit is refused by validation, with a located error that names
//!   the limit and why it exists (see `validate`);
//! - a live change over a limit is refused like a scenario would be (live changes are
//!   validated as whole scenarios);
//! - the one limit that depends on what a run does, [`MAX_MESSAGES_HELD`], stops the run
//!   at the moment it is reached, with the reason in its report (see `engine::Halt`).
//!
//! The budget behind the totals: a run of any valid scenario stays under 2 GB. Measured
//! sizes: a message 48 bytes (up to twice that in a queue's growth slack), a consumer
//! instance ~2 KB, a consumer group ~210 KB of latency histograms, a circuit-breaker
//! window cell ~27 bytes, a dedup id ~36 bytes, a tracked key 8 bytes (up to 16 in slack).
//! At every total's limit at once: 480 + 200 + 210 + 270 + 360 + 160 + 50 (partitions)
//! ≈ 1.7 GB.

use crate::time::SimDuration;

// ----- the run ---------------------------------------------------------------------------

/// Longest virtual duration of a run: ten years.
pub const MAX_DURATION: SimDuration = SimDuration::from_secs(10 * 365 * 86_400);
/// Shortest metrics sample interval.
pub const MIN_SAMPLE_EVERY: SimDuration = SimDuration::from_millis(1);
/// Largest scenario or session file read; bigger files are refused rather than loaded.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Most diagnostics reported for one scenario; the rest are counted in a last one.
pub const MAX_DIAGNOSTICS: usize = 100;
/// Most validation problems recorded for one scenario; the rest are counted in a last one.
pub const MAX_PROBLEMS: usize = 10_000;

// ----- single fields ---------------------------------------------------------------------

pub const MAX_BROKER_NODES: u32 = 1_000;
/// I/O threads per broker node (Kafka's `num.io.threads` is 8 by default).
pub const MAX_IO_THREADS: u32 = 1_024;
/// Produce requests waiting at one broker node (Kafka's `queued.max.requests` is 500).
pub const MAX_QUEUED_REQUESTS: u32 = 1_000_000;
/// Messages in one producer send batch.
pub const MAX_SEND_BATCH: u32 = 100_000;
/// Messages in one consumer batch (Kafka's `max.poll.records`).
pub const MAX_CONSUME_BATCH: u32 = 100_000;
/// Partitions of one topic.
pub const MAX_PARTITIONS: u32 = 100_000;
/// Instances of one consumer group (also the most a command may scale it to).
pub const MAX_INSTANCES: u32 = 10_000;
pub const MAX_CONCURRENCY: u32 = 100_000;
pub const MAX_PREFETCH: u32 = 1_000_000;
pub const MAX_KEYS: u32 = 10_000_000;
/// Beyond this exponent a Zipf distribution sends practically everything to one key.
pub const MAX_ZIPF_EXPONENT: f64 = 10.0;
/// Highest rate of a producer or a rate limiter, per second.
pub const MAX_RATE_PER_SECOND: f64 = 10_000_000.0;
/// Lowest rate above zero, per second: one event in about 11.6 days. Below it a rate is a
/// typo (or a subnormal float) rather than a load, and the arrival processes would search
/// centuries of virtual time for the next event; 0 stays allowed for an idle producer.
pub const MIN_RATE_PER_SECOND: f64 = 1e-6;
/// Shape of a Gamma, Weibull or Pareto distribution. Outside this range the distribution
/// is all tail (a Weibull of shape 0.01 has Γ(101) ≈ 10¹⁵⁸ in its scale) or all spike; a
/// shape of 0.1 already gives a Gamma an SCV of 10.
pub const SHAPE_RANGE: std::ops::RangeInclusive<f64> = 0.1..=100.0;
/// Phases of an Erlang distribution (SCV 1/k: at 1 000 it is nearly constant).
pub const MAX_ERLANG_PHASES: u32 = 1_000;
/// Branches of a hyperexponential (JMT's has two; a hundred fits any measured mixture).
pub const MAX_BRANCHES: usize = 100;
/// Values of an empirical distribution: a million observations, 8 MB shared by every unit
/// drawing from them (a file of 16 MiB holds at most about three million).
pub const MAX_EMPIRICAL_VALUES: usize = 1_000_000;
pub const MAX_STEPS: usize = 10_000;
/// States of a `Modulated` arrival process (a handful describe any measured burstiness:
/// the MMPP fits in the literature use two to four).
pub const MAX_MODULATED_STATES: usize = 16;
/// The shortest mean stay in a state of a `Modulated` process: a chain changing state more
/// often than every millisecond is, for any service slower than that, a Poisson process of
/// the mean rate, and would cost a draw per change.
pub const MIN_MODULATED_STAY: SimDuration = SimDuration::from_millis(1);
/// Events in one batch of a producer (`batch`), and sizes listed in a `Weighted` batch.
pub const MAX_BATCH: u32 = 1_000;
pub const MAX_BATCH_SIZES: usize = 100;
/// Callers of a client's `FinitePopulation`: at most one request in flight each.
pub const MAX_SOURCES: u32 = 100_000;
/// Rows of a replayed trace (`Arrivals::Replay`), inline or read from a CSV.
pub const MAX_TRACE_ROWS: usize = 1_000_000;
/// A replay's `speed`: from a thousand times slower to a thousand times faster.
pub const REPLAY_SPEED_RANGE: std::ops::RangeInclusive<f64> = 0.001..=1000.0;
/// The shortest `repeat_every` of a replay: with the fastest speed, a pass still lasts 1 µs,
/// so a repeating trace always moves time on.
pub const MIN_REPLAY_REPEAT: SimDuration = SimDuration::from_millis(1);
/// Attempts per message (handler retries, publish retries, outbox tries): bounded so that
/// a zero-time retry loop still ends. The engine counts attempts in a `u16`.
pub const MAX_ATTEMPTS: u32 = 1_000;
/// Calls in a count-based circuit-breaker window.
pub const MAX_WINDOW_CALLS: u32 = 1_000_000;
/// A time window is kept in one-second buckets: at least one, at most a day of them.
pub const MIN_WINDOW_TIME: SimDuration = SimDuration::from_secs(1);
pub const MAX_WINDOW_TIME: SimDuration = SimDuration::from_secs(86_400);
/// Most events a stateful group applies between two snapshots: each instance remembers
/// where each event since its snapshot was published (to know what its log still holds
/// for a rebuild), 16 bytes each.
pub const MAX_SNAPSHOT_EVERY: u64 = 1_000_000;
/// Shortest interval between a stateful group's backups (a timer per interval).
pub const MIN_BACKUP_EVERY: SimDuration = SimDuration::from_secs(1);
/// Most message ids one idempotent consumer's dedup window remembers.
pub const MAX_DEDUP_IDS: u32 = 10_000_000;
/// Load-shedding rules per topic (priorities are 0 to 255, so more could not differ).
pub const MAX_SHED_RULES: usize = 256;
/// Events a producer may hold waiting to retry a publish: no more than the whole system
/// may hold.
pub const MAX_PUBLISH_BUFFER: u32 = MAX_MESSAGES_HELD as u32;
pub const MAX_RELAY_BATCH: u32 = 1_000_000;
/// Events one transactional outbox may hold: no more than the whole system may hold.
pub const MAX_OUTBOX_CAPACITY: u64 = MAX_MESSAGES_HELD;
/// Replicas of one service. Each costs a few hundred bytes (its queue's head, two random
/// streams, an availability unit) and the balancer scans them on every call under
/// LeastRequest, so a hundred is generous for a simulated cluster and cheap at the
/// component limit (at most 100 000 replicas in all).
pub const MAX_REPLICAS: u32 = 100;
/// Faults in a scenario; commands that add faults stop at the same number.
pub const MAX_FAULTS: usize = 100_000;
/// Alert rules in a scenario (each is evaluated at every sample).
pub const MAX_ALERTS: usize = 1_000;

// ----- floors on periods that schedule events ---------------------------------------------
// A period that re-arms itself schedules one event per period; at 1 ns that is 10⁹ events
// per virtual second, and at 0 s the run never leaves the instant. Each floor below is far
// under any production setting of the same knob.

/// Shortest outbox relay poll interval.
pub const MIN_RELAY_POLL: SimDuration = SimDuration::from_millis(1);
/// Shortest auto-commit interval above zero (0 commits each message at once; Kafka's
/// `auto.commit.interval.ms` defaults to 5 s).
pub const MIN_COMMIT_INTERVAL: SimDuration = SimDuration::from_millis(1);
/// Shortest autoscaler check interval (Kubernetes' HPA syncs every 15 s, KEDA polls every 30 s).
pub const MIN_AUTOSCALE_CHECK: SimDuration = SimDuration::from_secs(1);
/// Shortest health-check interval (Kubernetes' `periodSeconds` is at least 1 s; Envoy's
/// `interval` is often 5 s).
pub const MIN_HEALTH_CHECK_INTERVAL: SimDuration = SimDuration::from_millis(100);
/// Most failed probes in a row before a health check acts (its count is a u32; a run
/// needs no more).
pub const MAX_HEALTH_CHECK_THRESHOLD: u32 = 1_000_000;
/// Shortest supervisor restart delay: the first step of the crash-loop back-off, which
/// doubles from here (systemd's `RestartSec` defaults to 100 ms).
pub const MIN_RESTART_AFTER: SimDuration = SimDuration::from_millis(100);
/// Shortest mean time between failures of a stochastic failure process.
pub const MIN_MTBF: SimDuration = SimDuration::from_millis(100);
/// Shortest mean time to repair of a stochastic failure process.
pub const MIN_MTTR: SimDuration = SimDuration::from_millis(1);

// ----- experiments and sessions ------------------------------------------------------------

/// Most commands one run records (the log must be kept whole for exact replay); beyond
/// it a command is refused with `CommandError::LogFull`, and a session with more is refused.
pub const MAX_COMMANDS: usize = 100_000;
/// Most runs (grid points × replications) one sweep may ask for. Every run is a whole
/// simulation, so 100 000 runs of an ordinary one-hour scenario is days of computing, while
/// the grid, the jobs and the per-point results of that many runs stay a few megabytes:
/// the limit refuses a mistyped grid (eight `--set`s of ten values are 10⁸ points) before
/// anything is allocated, and bounds what a sweep can hold.
pub const MAX_SWEEP_RUNS: u64 = 100_000;

/// Event types a scenario may name: a message carries its type in one byte (0 is the
/// untyped event).
pub const MAX_EVENT_TYPES: usize = 255;
/// Most journeys `tracing` keeps (their steps are bounded in all, see `engine::trace`).
pub const MAX_TRACES: u32 = 100_000;
/// The largest `max_hops`: a message counts its hops in one byte.
pub const MAX_HOPS: u32 = 255;

/// Most steps of one saga: the saga log keeps which steps are done as one bit each in a
/// 64-bit word (a real saga has a handful).
pub const MAX_SAGA_STEPS: usize = 64;

// ----- totals across a scenario ----------------------------------------------------------

/// Services, topics, producers, consumer groups and clients together. Each group keeps two
/// run-wide latency histograms (its own and end to end, ~420 KB; a client one), so this
/// bounds them at ~420 MB.
pub const MAX_COMPONENTS: usize = 1_000;
/// Partitions across all topics.
pub const MAX_TOTAL_PARTITIONS: u64 = 1_000_000;
/// Records a retained log keeps per partition when only a time (`retention`) bounds it:
/// at 80 bytes a record, 8 MB a partition, so a time alone never leaves memory unbounded
/// (Kafka bounds a log by disk; faultline keeps it in memory).
pub const DEFAULT_RETAINED_RECORDS: u64 = 100_000;
/// Most records a retained log may keep per partition (`retention_messages`).
pub const MAX_RETAINED_RECORDS: u64 = 10_000_000;
/// Records all retained logs may keep together (partitions × records per partition):
/// about 400 MB at 80 bytes a record.
pub const MAX_TOTAL_RETAINED_RECORDS: u64 = 5_000_000;
/// Consumer instances across all groups, each group counted at its most (its autoscaler's
/// `max` where larger, see [`instances_counted`]): ~2 KB each.
pub const MAX_TOTAL_INSTANCES: u64 = 100_000;

/// What one consumer group counts for in [`MAX_TOTAL_INSTANCES`]: the most instances it may
/// hold, its `instances` or its autoscaler's `max` where larger, each at most
/// [`MAX_INSTANCES`] (a larger one is refused on its own). Validation counts a scenario's
/// groups with it; a `ScaleGroup` command counts the running groups with it (there
/// `instances` is the slots a group has had, which scaling in keeps, or the count asked
/// for), so a command cannot reach a total a scenario could not declare.
pub fn instances_counted(instances: u32, autoscale_max: Option<u32>) -> u64 {
    u64::from(autoscale_max.map_or(instances, |max| max.max(instances)).min(MAX_INSTANCES))
}
/// Circuit-breaker window cells across all breakers: a count window has one per call, a
/// time window one per second, and a group has one breaker per service its handler calls.
pub const MAX_TOTAL_BREAKER_CELLS: u64 = 10_000_000;
/// Message ids remembered across all idempotent consumers' dedup windows (~36 bytes each).
pub const MAX_TOTAL_DEDUP_IDS: u64 = 10_000_000;
/// Keys whose order is tracked, across all groups: a group remembers the newest message of
/// every key it reads (8 bytes a key, up to the most `keys` of a producer on its topic).
pub const MAX_TOTAL_KEYS: u64 = 10_000_000;

/// Messages a run may hold at once: in flight, queued in topics, buffered at producers and
/// consumers, waiting out a retry, kept as dead letters, and processed copies an instance
/// keeps until their offset commit (see `engine::halt::MessagesHeld`). This one cannot
/// be checked before a run (it depends on what the run does), so the engine stops the run
/// when it is reached: at 48 bytes a message this is under 500 MB even with the queues'
/// growth slack.
pub const MAX_MESSAGES_HELD: u64 = 5_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    /// A group counts at the larger of its instances and its autoscaler's max, capped at
    /// the per-group limit: 9 groups autoscaled to 10 000 and one to 9 000 count 99 000,
    /// so one more group may hold 1 000 instances (exactly 100 000) but not 1 001.
    #[test]
    fn a_group_counts_at_the_most_it_may_hold() {
        assert_eq!(instances_counted(3, None), 3);
        assert_eq!(instances_counted(3, Some(8)), 8);
        assert_eq!(instances_counted(12, Some(8)), 12);
        assert_eq!(instances_counted(50_000, None), u64::from(MAX_INSTANCES));
        let others: u64 =
            (0..9).map(|_| instances_counted(1, Some(10_000))).sum::<u64>() + instances_counted(1, Some(9_000));
        assert_eq!(others, 99_000);
        assert!(others + instances_counted(1_000, None) <= MAX_TOTAL_INSTANCES);
        assert!(others + instances_counted(1_001, None) > MAX_TOTAL_INSTANCES);
    }
}
