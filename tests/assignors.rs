//! Partition assignors and rebalance protocols (Kafka's `partition.assignment.strategy`,
//! KIP-429): each assignor's assignment for small cases worked by hand, which partitions
//! move when a member leaves or joins, and the pause times of an eager and a cooperative
//! rebalance pinned at exact virtual times.

mod common;

use common::{secs, simulation};
use faultline::engine::assignor::assign;
use faultline::engine::ids::InstanceId;
use faultline::engine::status::GroupStatus;
use faultline::engine::{Command, Simulation};
use faultline::scenario::Assignor;

fn members(v: &[u32]) -> Vec<InstanceId> {
    v.iter().map(|&i| InstanceId::new(i)).collect()
}

/// Owner numbers of an assignment (`None` as u32::MAX).
fn owners(a: &[Option<InstanceId>]) -> Vec<u32> {
    a.iter().map(|o| o.map_or(u32::MAX, InstanceId::get)).collect()
}

/// `held` as an assignment would leave it for the members still live.
fn held_by(previous: &[u32], live: &[u32]) -> Vec<Option<InstanceId>> {
    previous.iter().map(|&o| live.contains(&o).then_some(InstanceId::new(o))).collect()
}

fn moved(before: &[u32], after: &[u32]) -> Vec<usize> {
    (0..before.len()).filter(|&p| before[p] != after[p]).collect()
}

/// 7 partitions, members 0, 1, 2 (⌊7/3⌋ = 2 each, 7 mod 3 = 1 member one more):
/// RoundRobin deals p to member p mod 3; Range gives member 0 the range 0..3, member 1
/// 3..5, member 2 5..7; Sticky with nothing held deals round robin like RoundRobin.
#[test]
fn seven_partitions_three_members_by_hand() {
    let three = members(&[0, 1, 2]);
    let nothing = vec![None; 7];
    assert_eq!(owners(&assign(Assignor::RoundRobin, &three, &nothing)), [0, 1, 2, 0, 1, 2, 0]);
    assert_eq!(owners(&assign(Assignor::Range, &three, &nothing)), [0, 0, 0, 1, 1, 2, 2]);
    assert_eq!(owners(&assign(Assignor::Sticky, &three, &nothing)), [0, 1, 2, 0, 1, 2, 0]);
    assert_eq!(owners(&assign(Assignor::CooperativeSticky, &three, &nothing)), [0, 1, 2, 0, 1, 2, 0]);
}

/// Member 0 leaves the 7-partition, 3-member group (2 members: ⌊7/2⌋ = 3, one gets 4).
/// - RoundRobin deals again over [1, 2]: 1 2 1 2 1 2 1; against 0 1 2 0 1 2 0 five
///   partitions change owner (0, 1, 2, 3, 6): every member's work is reshuffled.
/// - Range: member 1 gets 0..4, member 2 4..7: 1 1 1 1 2 2 2 against 0 0 0 1 1 2 2,
///   four move (member 0's three and partition 4).
/// - Sticky keeps 1 → {1, 4} and 2 → {2, 5}; the free 0, 3, 6 go round robin to the
///   members below 3 (0 → 1, 3 → 2), then the one extra place to member 1 (6):
///   1 1 2 2 1 2 1. Only member 0's three partitions move.
#[test]
fn a_member_leaves_sticky_moves_only_its_partitions() {
    let live = [1, 2];
    let two = members(&live);
    let rr_before = [0, 1, 2, 0, 1, 2, 0];
    let rr = owners(&assign(Assignor::RoundRobin, &two, &held_by(&rr_before, &live)));
    assert_eq!(rr, [1, 2, 1, 2, 1, 2, 1]);
    assert_eq!(moved(&rr_before, &rr), [0, 1, 2, 3, 6]);

    let range_before = [0, 0, 0, 1, 1, 2, 2];
    let range = owners(&assign(Assignor::Range, &two, &held_by(&range_before, &live)));
    assert_eq!(range, [1, 1, 1, 1, 2, 2, 2]);
    assert_eq!(moved(&range_before, &range), [0, 1, 2, 4]);

    for sticky in [Assignor::Sticky, Assignor::CooperativeSticky] {
        let after = owners(&assign(sticky, &two, &held_by(&rr_before, &live)));
        assert_eq!(after, [1, 1, 2, 2, 1, 2, 1], "{sticky:?}");
        assert_eq!(moved(&rr_before, &after), [0, 3, 6], "{sticky:?}: member 0's partitions only");
    }
}

/// A member joins: Sticky takes from the members above the new quota only. From
/// 0 1 2 0 1 2 0 a fourth member (3) makes the quota ⌊7/4⌋ = 1 with 3 members allowed 2:
/// members 0, 1, 2 keep their two lowest (0 drops 6), and 6 goes to member 3. One
/// partition moves; RoundRobin over four moves 4 (p 3..6 all change owner).
#[test]
fn a_member_joins_sticky_moves_one_partition() {
    let live = [0, 1, 2, 3];
    let four = members(&live);
    let before = [0, 1, 2, 0, 1, 2, 0];
    let sticky = owners(&assign(Assignor::Sticky, &four, &held_by(&before, &live)));
    assert_eq!(sticky, [0, 1, 2, 0, 1, 2, 3]);
    assert_eq!(moved(&before, &sticky), [6]);
    let rr = owners(&assign(Assignor::RoundRobin, &four, &held_by(&before, &live)));
    assert_eq!(moved(&before, &rr), [3, 4, 5, 6]);
}

/// 7 partitions, 3 instances with a 10 ms constant handler, one message every 100 ms
/// (at 0.1, 0.2, … s). g/2 crashes at 10.05 s; the broker evicts it at 10.05 + 3 s =
/// 13.05 s (session timeout), and the rebalance round takes `rebalance_pause` 1 s, to
/// 14.05 s. No handling is in progress at 13.05 s (the 13.0 s message ended at 13.01).
fn crash_run(assignor: &str) -> Simulation {
    simulation(&format!(
        r#"Scenario(name: "assign", duration: "30s", seed: 7,
            topics: [Topic(name: "t", partitions: 7)],
            producers: [Producer(name: "p", topic: "t", rate: Constant(per_second: 10.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 3, assignor: {assignor},
                handler: Handler(work: Constant("10ms")), session_timeout: "3s", rebalance_pause: "1s")],
            faults: [Fault(at: "10.05s", duration: "1h", target: "g/2", kind: Crash)],
        )"#
    ))
}

fn group(sim: &Simulation) -> GroupStatus {
    sim.status().groups[0].clone()
}

fn backlog(sim: &Simulation) -> u64 {
    sim.status().topics[0].backlog
}

/// Of the 10 messages published between the eviction (13.05 s) and the end of the first
/// rebalance round (14.05 s), at 13.1 … 14.0 s: how many are processed in it, and how many
/// join the topic's backlog.
fn processed_in_the_pause(sim: &mut Simulation) -> (u64, u64) {
    sim.step_until(secs(13.05));
    let (processed, waiting) = (group(sim).processed, backlog(sim));
    sim.step_until(secs(14.049));
    (group(sim).processed - processed, backlog(sim) - waiting)
}

/// Eager (RoundRobin, today's default): the whole group stops for the 1 s pause —
/// nothing is processed in it, and all 7 partitions wait 1 s (7 partition-seconds); 5
/// partitions change owner (hand count in `a_member_leaves...`, here with member 1
/// leaving: 0 2 0 2 0 2 0 against 0 1 2 0 1 2 0 moves 1, 2, 3 and 4).
#[test]
fn eager_rebalance_stops_the_whole_group_for_the_pause() {
    let mut sim = crash_run("RoundRobin");
    assert_eq!(processed_in_the_pause(&mut sim), (0, 10), "the whole group stops");
    sim.step_until(secs(14.05));
    let g = group(&sim);
    assert_eq!((g.rebalances, g.partitions_moved), (1, 4));
    assert!((g.stopped_s - 1.0).abs() < 1e-9, "{}", g.stopped_s);
    assert!((g.paused_partition_s - 7.0).abs() < 1e-9, "7 partitions × 1 s: {}", g.paused_partition_s);
    assert_eq!(g.instances[0].partitions, [0, 2, 4, 6]);
    sim.run_to_end();
    assert!(sim.conservation_holds());
}

/// Cooperative: only g/2's partitions 1 and 4 wait (nobody holds them, so they are
/// assigned at the end of the first round: 2 partitions × 1 s); the group never stops, and
/// the messages published to partitions 0, 2, 3, 5, 6 in the pause are processed at once.
/// Of the 10 published in it (seed 7, measured), 5 hash to those partitions and are
/// processed, and 5 land in partitions 1 and 4 and wait for their new owners (2/7 of 10
/// expected, ≈ 2.9; the sum of 10 is exact whatever the keys). Sticky eager moves the same 2
/// partitions but stops everything for 1 s (7 partition-seconds).
#[test]
fn cooperative_rebalance_stops_only_the_moved_partitions() {
    let mut sim = crash_run("CooperativeSticky");
    let (during, waiting) = processed_in_the_pause(&mut sim);
    let g = group(&sim);
    assert_eq!(during + waiting, 10, "every message of the pause is processed or waits in 1 and 4");
    assert_eq!((during, waiting), (5, 5));
    assert!(g.rebalancing);
    sim.step_until(secs(14.05));
    let g = group(&sim);
    assert_eq!((g.rebalances, g.partitions_moved), (1, 2));
    assert_eq!(g.stopped_s, 0.0, "a cooperative rebalance never stops the group");
    assert!((g.paused_partition_s - 2.0).abs() < 1e-9, "2 partitions × 1 s: {}", g.paused_partition_s);
    assert_eq!(
        (g.instances[0].partitions.as_slice(), g.instances[2].partitions.as_slice()),
        ([0, 3, 4, 6].as_slice(), [1, 2, 5].as_slice())
    );

    // g/2 comes back at 20 s: Sticky over three members gives it 5 (from g/3) and 6
    // (from g/1): g/1 keeps 0 3 4, g/3 keeps 1 2. Those two are revoked in the first round
    // (20 → 21 s) and assigned in the second (21 → 22 s): 2 partitions × 2 s more.
    sim.step_until(secs(20.0));
    sim.apply(Command::RecoverNow { target: "g/2".into() }).expect("g/2 is down");
    sim.step_until(secs(21.5));
    let g = group(&sim);
    assert!(g.instances[1].partitions.is_empty(), "revoked, not yet assigned");
    assert_eq!(g.instances[0].partitions, [0, 3, 4]);
    sim.step_until(secs(22.0));
    let g = group(&sim);
    assert_eq!(g.instances[1].partitions, [5, 6]);
    assert_eq!((g.rebalances, g.partitions_moved), (2, 4));
    assert!((g.paused_partition_s - 6.0).abs() < 1e-9, "2 + 2 × 2: {}", g.paused_partition_s);
    assert_eq!(g.rebalance_marks.len(), 2);
    assert_eq!(g.rebalance_marks[1].moved, 2);
    sim.run_to_end();
    assert!(sim.conservation_holds());

    let mut eager = crash_run("Sticky");
    assert_eq!(processed_in_the_pause(&mut eager), (0, 10));
    eager.step_until(secs(14.05));
    let g = group(&eager);
    assert_eq!(g.partitions_moved, 2);
    assert!((g.paused_partition_s - 7.0).abs() < 1e-9);
}

/// Range moves member 1's range (3, 4) when it leaves, and its eager pause is the
/// RoundRobin one.
#[test]
fn range_rebalance_moves_the_departed_range() {
    let mut sim = crash_run("Range");
    sim.step_until(secs(1.0));
    assert_eq!(group(&sim).instances[1].partitions, [3, 4]);
    sim.step_until(secs(14.05));
    let g = group(&sim);
    assert_eq!(g.partitions_moved, 2);
    assert_eq!(
        (g.instances[0].partitions.as_slice(), g.instances[2].partitions.as_slice()),
        ([0, 1, 2, 3].as_slice(), [4, 5, 6].as_slice())
    );
    sim.run_to_end();
    assert!(sim.conservation_holds());
}

#[test]
fn an_assignor_needs_partitioned_delivery() {
    let text = r#"Scenario(name: "s", topics: [Topic(name: "t")],
        consumers: [ConsumerGroup(name: "g", topic: "t", delivery: Competing, assignor: Sticky)])"#;
    let e = faultline::scenario::parse_str(text, "s.ron").expect_err("refused");
    let shown = e.to_string();
    assert!(shown.contains("consumers[g].assignor: needs Partitioned delivery"), "{shown}");
    assert!(shown.contains("s.ron:2:"), "located: {shown}");
}

// ----- adding partitions ------------------------------------------------------------------

/// A topic of 4 partitions read by `assignor` group `g` (2 instances), with 10 000 keys;
/// `work` sets how fast it keeps up. Partitions are added at 10 s.
fn growing(assignor: &str, work: &str) -> Simulation {
    simulation(&format!(
        r#"Scenario(name: "grow", duration: "20s", seed: 3,
            topics: [Topic(name: "t", partitions: 4)],
            producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 200.0), keys: Uniform(keys: 10000))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, concurrency: 4, assignor: {assignor},
                handler: Handler(work: Exponential("{work}")), rebalance_pause: "1s")],
        )"#
    ))
}

fn add_partitions(sim: &mut Simulation, partitions: u32) -> Result<(), faultline::engine::CommandError> {
    sim.apply(Command::AddPartitions { topic: "t".into(), partitions })
}

/// Going from 4 to 5 partitions, a key keeps its partition iff h mod 4 = h mod 5, i.e.
/// h mod 20 ∈ {0, 1, 2, 3}: 4 of every 20 hash values, so 1 − 1/5 = 80 % of the keys move
/// (for a hash uniform mod 20). Over 10 000 keys a uniform hash moves 8 000 ± 40
/// (binomial σ = √(10 000 · 0.8 · 0.2)); ±160 is 4 σ. The fixed hash moves 7 939 (measured:
/// exact, the keys are all the producer's). From 4 to 8 a key keeps its partition iff
/// h mod 8 < 4: half move (5 063 measured, within 4 σ = 200).
#[test]
fn growing_four_partitions_to_five_moves_four_fifths_of_the_keys() {
    let mut sim = growing("RoundRobin", "2ms");
    sim.step_until(secs(10.0));
    add_partitions(&mut sim, 5).expect("grows");
    let t = &sim.status().topics[0];
    assert_eq!(t.partition_backlog.len(), 5);
    assert!((t.keys_moved as i64 - 8_000).abs() <= 160, "{}", t.keys_moved);
    assert_eq!(t.keys_moved, 7_939);
    sim.run_to_end();
    assert!(sim.conservation_holds());
    let g = &sim.status().groups[0];
    assert_eq!(g.rebalances, 1, "the group rebalanced to take the new partition");
    let owned: usize = g.instances.iter().map(|i| i.partitions.len()).sum();
    assert_eq!(owned, 5);
    assert!(sim.status().topics[0].partition_backlog[4] == 0, "the new partition is read");

    let mut double = growing("RoundRobin", "2ms");
    double.step_until(secs(10.0));
    add_partitions(&mut double, 8).expect("grows");
    let moved = double.status().topics[0].keys_moved;
    assert!((moved as i64 - 5_000).abs() <= 200, "{moved}");
    assert_eq!(moved, 5_063);
}

/// A group that keeps up holds almost nothing when the partitions are added: hardly any
/// moved key has an older message waiting. A group far behind (50 ms of work at 200/s on
/// 8 workers: ρ = 1.25, a backlog growing by 200 − 8/0.05 = 40/s, ≈ 400 at 10 s) has
/// older messages of most moved keys in the
/// old partitions, and their newer messages, fetched from the new partition, are handled
/// before them: ordering violations the group counts. Conservation holds through the
/// growth and the rebalance, eager and cooperative.
#[test]
fn growing_partitions_under_a_backlog_breaks_per_key_order() {
    for assignor in ["RoundRobin", "CooperativeSticky"] {
        let mut fast = growing(assignor, "2ms");
        fast.step_until(secs(10.0));
        add_partitions(&mut fast, 5).expect("grows");
        let calm = fast.status().topics[0].key_order_hazards;
        fast.run_to_end();
        assert!(fast.conservation_holds());

        let mut slow = growing(assignor, "50ms");
        slow.step_until(secs(10.0));
        let backlog = slow.status().topics[0].backlog;
        add_partitions(&mut slow, 5).expect("grows");
        let hazards = slow.status().topics[0].key_order_hazards;
        assert!(backlog > 200, "{backlog}");
        assert!(hazards > 10 * calm.max(1), "{assignor}: {hazards} against {calm} keeping up");
        while slow.now() < secs(20.0) {
            slow.step_until(slow.now() + faultline::time::SimDuration::from_millis(100));
            assert!(slow.conservation_holds());
        }
        let violations = slow.status().groups[0].policy.ordering_violations;
        assert!(violations > 0, "{assignor}: newer messages overtook older ones");
    }
}

#[test]
fn partitions_only_grow() {
    let mut sim = growing("RoundRobin", "2ms");
    let refused = add_partitions(&mut sim, 4).expect_err("not growth");
    assert_eq!(
        refused.to_string(),
        "`t` has 4 partitions: a topic's partitions can only grow, up to 100000 (Kafka refuses to remove partitions)"
    );
    assert!(add_partitions(&mut sim, 3).is_err());
}

/// As a lesson action it is validated where it is written, and it replays bit for bit
/// however the run is sliced.
#[test]
fn adding_partitions_is_a_lesson_action() {
    let source = |n: u32| {
        format!(
            r#"Scenario(name: "grow", duration: "20s", seed: 3,
            topics: [Topic(name: "t", partitions: 4)],
            producers: [Producer(name: "p", topic: "t", rate: Poisson(per_second: 200.0))],
            consumers: [ConsumerGroup(name: "g", topic: "t", instances: 2, assignor: CooperativeSticky)],
            lesson: Lesson(title: "grow", summary: "s", actions: [
                AddPartitions(at: "10s", topic: "t", partitions: {n}),
            ]),
        )"#
        )
    };
    let e = faultline::scenario::parse_str(&source(3), "s.ron").expect_err("shrinking is refused");
    let shown = e.to_string();
    assert!(shown.contains("s.ron:6:"), "located: {shown}");
    assert!(shown.contains("partitions: must be more than the 4 partitions `t` has"), "{shown}");

    let plan = faultline::curriculum::plan(&common::scenario(&source(6)), None).expect("plans");
    let drive = |slices: u64| {
        let (mut sim, mut lesson) = faultline::curriculum::start(&plan, None).expect("starts");
        for k in 1..=slices {
            lesson.step_until(&mut sim, faultline::time::SimTime(secs(20.0).0 / slices * k));
        }
        assert!(lesson.outcomes().iter().all(|o| o.result.is_ok()), "{:?}", lesson.outcomes());
        assert_eq!(sim.status().topics[0].partition_backlog.len(), 6);
        assert!(sim.conservation_holds());
        common::fingerprint(&sim)
    };
    assert_eq!(drive(20), drive(2000));
}

/// A live AddPartitions is saved in a session and replays bit for bit.
#[test]
fn a_session_with_added_partitions_replays_exactly() {
    let mut live = growing("CooperativeSticky", "10ms");
    live.step_until(secs(10.0));
    add_partitions(&mut live, 6).expect("grows");
    live.step_until(secs(15.0));
    let text = faultline::session::Session::of(&live).to_ron_string();
    assert!(text.contains("AddPartitions"), "{text}");
    let session = faultline::session::Session::parse(&text, "s.session.ron").expect("loads");
    let replayed = session.replay_until(live.now()).expect("replays");
    assert_eq!(common::fingerprint(&replayed), common::fingerprint(&live));
    assert_eq!(replayed.status().topics[0].partition_backlog.len(), 6);
}

/// A topic grown live is placed after every other topic's partitions, so its new
/// partitions' placements are not consecutive with its first ones. With a replication lag
/// (each message waits 5 ms for its follower, found through the partition's placement),
/// messages to the new partitions must reach the new placements, not the next topic's.
/// Three nodes, two copies each: placements 0–1 are `t`'s, 2–3 `u`'s, and `t`'s third
/// partition is placement 4, first replica node 4 mod 3 = 1, i.e. broker/2 leads it; each
/// topic gets its own messages and no other, and nothing is lost.
#[test]
fn a_grown_topic_before_another_replicates_through_its_own_new_placements() {
    let mut sim = simulation(
        r#"Scenario(name: "grow-lag", duration: "4s", seed: 5,
            broker: Broker(nodes: 3, replication: 2, replication_lag: Constant("5ms")),
            topics: [Topic(name: "t", partitions: 2), Topic(name: "u", partitions: 2)],
            producers: [
                Producer(name: "p", topic: "t", rate: Constant(per_second: 100.0), keys: Uniform(keys: 1000)),
                Producer(name: "q", topic: "u", rate: Constant(per_second: 50.0), keys: Uniform(keys: 1000)),
            ],
            consumers: [
                ConsumerGroup(name: "g", topic: "t", handler: Handler(work: Constant("1ms"))),
                ConsumerGroup(name: "h", topic: "u", handler: Handler(work: Constant("1ms"))),
            ],
        )"#,
    );
    sim.step_until(secs(1.0));
    add_partitions(&mut sim, 3).expect("grows");
    sim.run_to_end();
    assert!(sim.conservation_holds());
    let s = sim.status();
    let (t, u) = (&s.topics[0], &s.topics[1]);
    assert_eq!(t.partition_leaders, vec![Some(1), Some(2), Some(2)]);
    assert_eq!(u.partition_leaders, vec![Some(3), Some(1)]);
    // 100/s and 50/s for 4 s: 400 and 200 published; the last 5 ms of each still copying.
    let (g, h) = (&s.groups[0], &s.groups[1]);
    assert!((399..=400).contains(&g.processed), "{}", g.processed);
    assert!((199..=200).contains(&h.processed), "{}", h.processed);
    assert_eq!(s.ledger.lost, 0);
}
