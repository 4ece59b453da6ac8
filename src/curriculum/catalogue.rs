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
        "sagas-and-compensation",
        "17-sagas-and-compensation.ron",
        include_str!("../../scenarios/17-sagas-and-compensation.ron"),
    ),
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

/// The challenges, in order: scenarios with a goal and no answer (`lesson.challenge`),
/// listed apart from the lessons ("C1", "C2", ... in the browser).
const CHALLENGES: &[(&str, &str, &str)] = &[
    ("retry-storm-challenge", "c1-retry-storm.ron", include_str!("../../scenarios/c1-retry-storm.ron")),
    ("breaker-tuning", "c2-breaker-tuning.ron", include_str!("../../scenarios/c2-breaker-tuning.ron")),
    ("acks", "c3-acks.ron", include_str!("../../scenarios/c3-acks.ron")),
    ("autoscaling-budget", "c4-autoscaling-budget.ron", include_str!("../../scenarios/c4-autoscaling-budget.ron")),
    ("game-day", "c5-game-day.ron", include_str!("../../scenarios/c5-game-day.ron")),
];

/// A theme of the curriculum: the lesson browser's headings, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Theme {
    /// One hop done well: a producer, a topic, a consumer group, a dependency.
    OneHop,
    /// Several services together: chains, buses, fan-out, sagas.
    Systems,
    /// Failure and recovery: crashes, lost nodes, durability, availability, healing time.
    Recovery,
    /// More instances or replicas: autoscaling, load balancing, rebalancing.
    Scaling,
    /// Lessons with a goal and no answer: the challenges, their own list (`CHALLENGES`).
    Challenges,
}

impl Theme {
    /// Every theme, in the browser's order.
    pub const ALL: [Theme; 5] = [Theme::OneHop, Theme::Systems, Theme::Recovery, Theme::Scaling, Theme::Challenges];

    /// The Fluent key of its heading.
    pub fn key(self) -> &'static str {
        match self {
            Theme::OneHop => "theme-one-hop",
            Theme::Systems => "theme-systems",
            Theme::Recovery => "theme-recovery",
            Theme::Scaling => "theme-scaling",
            Theme::Challenges => "theme-challenges",
        }
    }
}

/// Which lessons go under which theme, by id, in teaching order within each. Every
/// lesson is under exactly one theme (the tests hold the catalogue to it); the tour is
/// under none (the browser lists it first). The challenges are the `Challenges` theme,
/// from their own list.
pub const THEMES: &[(Theme, &[&str])] = &[
    (
        Theme::OneHop,
        &[
            "happy-path",
            "overload-and-back-pressure",
            "retry-storm",
            "circuit-breaker",
            "dead-letters-and-redrive",
            "poison-messages",
            "rate-limiting-and-load-shedding",
        ],
    ),
    (
        Theme::Systems,
        &[
            "transactional-outbox",
            "sync-chain-vs-event-bus",
            "retry-amplification",
            "fan-out-and-retention",
            "sagas-and-compensation",
        ],
    ),
    (
        Theme::Recovery,
        &[
            "consumer-crash",
            "broker-node-loss",
            "availability",
            "acks-and-in-sync-replicas",
            "event-sourcing-and-recovery-time",
            "self-healing-time",
        ],
    ),
    (Theme::Scaling, &["autoscaling", "load-balancing", "batching", "rebalancing-and-consistent-hashing"]),
];

/// The theme a lesson or challenge is under, by id.
pub fn theme_of(id: &str) -> Option<Theme> {
    if CHALLENGES.iter().any(|(challenge, _, _)| *challenge == id) {
        return Some(Theme::Challenges);
    }
    THEMES.iter().find(|(_, ids)| ids.contains(&id)).map(|(theme, _)| *theme)
}

/// Every theme with its lessons (an empty theme too), in the browser's order.
pub fn by_theme() -> Vec<(Theme, Vec<&'static Entry>)> {
    Theme::ALL
        .iter()
        .map(|&theme| {
            if theme == Theme::Challenges {
                return (theme, challenges().iter().collect());
            }
            let ids = THEMES.iter().filter(|(t, _)| *t == theme).flat_map(|(_, ids)| ids.iter());
            (theme, ids.filter_map(|id| find(id)).collect())
        })
        .collect()
}

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
    // "01-happy-path.ron" is lesson 1, "c2-....ron" challenge 2; an unnumbered file (the
    // tour) is 0.
    let number = file.split('-').next().unwrap_or_default();
    let order = number.strip_prefix('c').unwrap_or(number).parse().unwrap_or_default();
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

/// The challenges in order (a list apart from the lessons': the browser groups them).
pub fn challenges() -> &'static [Entry] {
    static LIST: OnceLock<Vec<Entry>> = OnceLock::new();
    LIST.get_or_init(|| CHALLENGES.iter().copied().map(entry).collect())
}

/// Every entry: the tour, the lessons, the challenges.
fn everything() -> impl Iterator<Item = &'static Entry> {
    std::iter::once(tour()).chain(catalogue()).chain(challenges())
}

/// The lesson, challenge or tour with this id.
pub fn find(id: &str) -> Option<&'static Entry> {
    everything().find(|e| e.id == id)
}

/// The lesson, challenge or tour shipped as this file (`04-circuit-breaker.ron`).
pub fn find_file(file: &str) -> Option<&'static Entry> {
    everything().find(|e| e.file == file)
}
