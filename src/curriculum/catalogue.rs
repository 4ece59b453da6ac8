//! The shipped curriculum, embedded in the binary: the GUI lists it (title and one-line
//! summary, in teaching order) and loads a lesson without touching the file system.

use crate::scenario::{self, Scenario, ScenarioError};
use std::sync::OnceLock;

/// One lesson of the shipped curriculum.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Stable identifier, e.g. `happy-path` (the file name without its number).
    pub id: &'static str,
    /// File name under `scenarios/`, e.g. `01-happy-path.ron`.
    pub file: &'static str,
    /// Position in the curriculum: the file's number (lessons not built yet leave gaps).
    pub order: usize,
    /// The lesson's title and one-line summary, read from the file.
    pub title: String,
    pub summary: String,
    /// The scenario text as shipped.
    pub text: &'static str,
}

impl Entry {
    /// The lesson's scenario, parsed and checked like a file from disk (the origin in any
    /// message is `scenarios/FILE`).
    pub fn load(&self) -> Result<Scenario, ScenarioError> {
        super::parse_str(self.text, &format!("scenarios/{}", self.file))
    }
}

/// Every lesson file, in teaching order: (id, file, text).
const SHIPPED: &[(&str, &str, &str)] = &[
    ("happy-path", "01-happy-path.ron", include_str!("../../scenarios/01-happy-path.ron")),
    (
        "overload-and-back-pressure",
        "02-overload-and-back-pressure.ron",
        include_str!("../../scenarios/02-overload-and-back-pressure.ron"),
    ),
    ("retry-storm", "03-retry-storm.ron", include_str!("../../scenarios/03-retry-storm.ron")),
    ("circuit-breaker", "04-circuit-breaker.ron", include_str!("../../scenarios/04-circuit-breaker.ron")),
    (
        "dead-letters-and-redrive",
        "05-dead-letters-and-redrive.ron",
        include_str!("../../scenarios/05-dead-letters-and-redrive.ron"),
    ),
    ("poison-messages", "06-poison-messages.ron", include_str!("../../scenarios/06-poison-messages.ron")),
    ("consumer-crash", "07-consumer-crash.ron", include_str!("../../scenarios/07-consumer-crash.ron")),
    ("broker-node-loss", "08-broker-node-loss.ron", include_str!("../../scenarios/08-broker-node-loss.ron")),
    (
        "rate-limiting-and-load-shedding",
        "09-rate-limiting-and-load-shedding.ron",
        include_str!("../../scenarios/09-rate-limiting-and-load-shedding.ron"),
    ),
    ("availability", "10-availability.ron", include_str!("../../scenarios/10-availability.ron")),
    (
        "transactional-outbox",
        "11-transactional-outbox.ron",
        include_str!("../../scenarios/11-transactional-outbox.ron"),
    ),
    ("autoscaling", "12-autoscaling.ron", include_str!("../../scenarios/12-autoscaling.ron")),
    (
        "sync-chain-vs-event-bus",
        "13-sync-chain-vs-event-bus.ron",
        include_str!("../../scenarios/13-sync-chain-vs-event-bus.ron"),
    ),
    ("retry-amplification", "14-retry-amplification.ron", include_str!("../../scenarios/14-retry-amplification.ron")),
    (
        "fan-out-and-retention",
        "15-fan-out-and-retention.ron",
        include_str!("../../scenarios/15-fan-out-and-retention.ron"),
    ),
    ("load-balancing", "16-load-balancing.ron", include_str!("../../scenarios/16-load-balancing.ron")),
    (
        "acks-and-in-sync-replicas",
        "18-acks-and-in-sync-replicas.ron",
        include_str!("../../scenarios/18-acks-and-in-sync-replicas.ron"),
    ),
    (
        "event-sourcing-and-recovery-time",
        "19-event-sourcing-and-recovery-time.ron",
        include_str!("../../scenarios/19-event-sourcing-and-recovery-time.ron"),
    ),
    ("batching", "20-batching.ron", include_str!("../../scenarios/20-batching.ron")),
    (
        "rebalancing-and-consistent-hashing",
        "21-rebalancing-and-consistent-hashing.ron",
        include_str!("../../scenarios/21-rebalancing-and-consistent-hashing.ron"),
    ),
    ("self-healing-time", "22-self-healing-time.ron", include_str!("../../scenarios/22-self-healing-time.ron")),
];

/// The tour: the order pipeline with one fault at a time, what the dashboard opens
/// without arguments. Not a numbered lesson: it shows many ideas briefly where each
/// lesson shows one in depth.
const TOUR: (&str, &str, &str) =
    ("order-pipeline-demo", "order-pipeline-demo.ron", include_str!("../../scenarios/order-pipeline-demo.ron"));

fn entry((id, file, text): (&'static str, &'static str, &'static str)) -> Entry {
    // Only the lesson's words are needed here; `Entry::load` does the full checks.
    let (title, summary) = match scenario::parse_str(text, file) {
        Ok(s) => match s.lesson {
            Some(lesson) => (lesson.title, lesson.summary),
            None => (s.name, s.description),
        },
        // The tests keep this from happening; a broken entry still lists.
        Err(e) => (file.to_string(), e.to_string().lines().next().unwrap_or_default().to_string()),
    };
    // "01-happy-path.ron" is lesson 1; an unnumbered file (the tour) is 0.
    let order = file.split('-').next().and_then(|n| n.parse().ok()).unwrap_or_default();
    Entry { id, file, order, title, summary, text }
}

/// The curriculum in teaching order.
pub fn catalogue() -> &'static [Entry] {
    static CATALOGUE: OnceLock<Vec<Entry>> = OnceLock::new();
    CATALOGUE.get_or_init(|| SHIPPED.iter().copied().map(entry).collect())
}

/// The tour of failures (`scenarios/order-pipeline-demo.ron`), listed before the lessons.
pub fn tour() -> &'static Entry {
    static TOUR_ENTRY: OnceLock<Entry> = OnceLock::new();
    TOUR_ENTRY.get_or_init(|| entry(TOUR))
}

/// The lesson (or the tour) with this id.
pub fn find(id: &str) -> Option<&'static Entry> {
    std::iter::once(tour()).chain(catalogue()).find(|e| e.id == id)
}

/// The lesson (or the tour) shipped as this file (`04-circuit-breaker.ron`).
pub fn find_file(file: &str) -> Option<&'static Entry> {
    std::iter::once(tour()).chain(catalogue()).find(|e| e.file == file)
}
