//! The run-time resource limit: a run that would hold too many messages stops exactly
//! where the arithmetic says, says so everywhere, and loses nothing.

use super::*;

/// 1,000 events a second, evenly spaced, into a topic nobody reads: after k ms the
/// system holds k messages.
const FILLING: &str = r#"Scenario(name: "filling", duration: "30s", seed: 1,
    topics: [Topic(name: "t", capacity: 18446744073709551615)],
    producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1000.0))],
)"#;

fn filling(held_limit: u64) -> Simulation {
    let scenario = crate::scenario::parse_str(FILLING, "filling.ron").expect("valid");
    let mut sim = Simulation::new(&scenario).expect("builds");
    sim.held_limit = held_limit;
    sim
}

#[test]
fn a_run_stops_at_the_first_count_at_or_over_the_limit() {
    // Counts are taken before the 1st, 1025th, 2049th ... message: the first count at or
    // over 10,000 is the one before message 10,241 (10 × 1,024 = 10,240 held), which is
    // due at 10.241 s. Nothing is handled after it; the clock still runs to the end.
    let mut sim = filling(10_000);
    sim.run_to_end();
    let halt = sim.halt().expect("the run halts");
    assert_eq!(halt.at, SimTime::from_secs_f64(10.241));
    let held = MessagesHeld { in_system: 10_240, dead_letters: 0, awaiting_commit: 0 };
    assert_eq!(halt.reason, HaltReason::MessagesHeld { held, limit: 10_000 });
    assert_eq!(sim.ledger().produced, 10_240);
    assert_eq!(sim.in_system(), 10_240);
    assert!(sim.conservation_holds());
    assert!(sim.is_finished());
    assert_eq!(sim.now(), sim.end());
    let events = sim.events_handled();
    sim.step_until(sim.end() + SimDuration::from_secs(5));
    assert_eq!(sim.events_handled(), events, "a halted run handles nothing more");
    assert!(!sim.step_one(), "nor one step");
}

#[test]
fn the_halt_is_in_the_report_the_status_and_the_log() {
    let mut sim = filling(2_048);
    sim.run_to_end();
    let report = crate::report::RunReport::new(&sim, 0.0);
    let halted = report.halted.as_ref().expect("reported");
    assert_eq!(halted.at_s, 2.049);
    assert_eq!(
        halted.halt.to_string(),
        "the run stopped at 2049ms: it holds 2048 messages (2048 in the system, 0 dead letters kept for redrive, 0 processed awaiting an offset commit), faultline's limit is 2048 (a topic with a large capacity filling faster than it drains, or a long commit_interval at a high rate? lower the capacity, add an overflow policy, consume faster or commit more often)"
    );
    assert!(report.human_summary().contains("STOPPED EARLY"));
    assert_eq!(sim.status().halt.as_ref(), sim.halt());
    let last = sim.log().entries().back().expect("logged");
    assert_eq!(last.severity, Severity::Error);
    assert_eq!(last.text.to_string(), halted.halt.to_string());
}

#[test]
fn a_run_under_the_limit_does_not_halt_and_reports_no_halt() {
    // 30 s at 1,000/s holds 30,000 messages at the end: under a limit of 30,721.
    let mut sim = filling(30_721);
    sim.run_to_end();
    assert_eq!(sim.halt(), None);
    assert_eq!(sim.ledger().produced, 30_000);
    let json = serde_json::to_value(crate::report::RunReport::new(&sim, 0.0)).expect("encodes");
    assert!(json.get("halted").is_none(), "no `halted` key in a run that finished");
}

#[test]
fn dead_letters_kept_for_redrive_count_as_held() {
    // Every attempt fails (business error, no retry) into a dead-letter topic: the messages
    // are terminal, but the dead-letter topic keeps each one in memory.
    let text = r#"Scenario(name: "dead letters", duration: "30s", seed: 1,
        services: [Service(name: "s", errors: Errors(business: 1.0))],
        topics: [Topic(name: "t"), Topic(name: "dlq", capacity: 18446744073709551615)],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1000.0))],
        consumers: [ConsumerGroup(name: "g", topic: "t", concurrency: 50, handler: Handler(calls: ["s"]),
                                  on_exhausted: DeadLetter("dlq"), commit_interval: "0s")],
    )"#;
    let scenario = crate::scenario::parse_str(text, "dead-letters.ron").expect("valid");
    let mut sim = Simulation::new(&scenario).expect("builds");
    sim.held_limit = 5_000;
    sim.run_to_end();
    let halt = sim.halt().expect("the dead letters fill the limit");
    assert!(sim.ledger().dead_lettered >= 4_900, "most held messages are dead letters");
    let HaltReason::MessagesHeld { held, .. } = halt.reason;
    assert!(held.total() >= 5_000 && held.dead_letters >= 4_900, "{held:?}");
    assert!(sim.conservation_holds());
}

#[test]
fn processed_copies_awaiting_an_offset_commit_count_as_held() {
    // Partitioned delivery commits offsets every 10 s: until then each processed message
    // stays with its instance (a crash would redeliver it). 1,000 a second, all processed
    // at once: by the count before message 3,073 (3.073 s) the instance keeps 3,072.
    let text = r#"Scenario(name: "commits", duration: "30s", seed: 1,
        topics: [Topic(name: "t")],
        producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 1000.0))],
        consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Partitioned, commit_interval: "10s",
                                  handler: Handler(work: Constant("0s")))],
    )"#;
    let scenario = crate::scenario::parse_str(text, "commits.ron").expect("valid");
    let mut sim = Simulation::new(&scenario).expect("builds");
    sim.held_limit = 3_000;
    sim.run_to_end();
    let halt = sim.halt().expect("the copies fill the limit");
    assert_eq!(halt.at, SimTime::from_secs_f64(3.073));
    let held = MessagesHeld { in_system: 0, dead_letters: 0, awaiting_commit: 3_072 };
    assert_eq!(halt.reason, HaltReason::MessagesHeld { held, limit: 3_000 });
}
