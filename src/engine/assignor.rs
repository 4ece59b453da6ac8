//! Partition assignors: who owns which partition after a rebalance (Kafka's
//! `partition.assignment.strategy`). Pure functions of the live members and the current
//! owners, so a reader (and `tests/assignors.rs`) can redo an assignment by hand.

use super::ids::InstanceId;
use crate::scenario::Assignor;

/// The owner of each partition (by index) after a rebalance among `members` (the live
/// members, in slot order, which stands for Kafka's sorted member ids), given `held`: who
/// owns each partition now among them (`None`: nobody live, e.g. its owner left). With no
/// members every partition is left without an owner.
pub fn assign(assignor: Assignor, members: &[InstanceId], held: &[Option<InstanceId>]) -> Vec<Option<InstanceId>> {
    let partitions = held.len();
    let n = members.len();
    if n == 0 {
        return vec![None; partitions];
    }
    match assignor {
        // Kafka's RoundRobinAssignor over one topic: partitions in order, members in turn.
        Assignor::RoundRobin => (0..partitions).map(|p| Some(members[p % n])).collect(),
        Assignor::Range => range(members, partitions),
        Assignor::Sticky | Assignor::CooperativeSticky => sticky(members, held),
    }
}

/// Kafka's RangeAssignor for one topic: member k (in order) gets the contiguous range
/// starting at k·⌊P/n⌋ + min(k, P mod n), one longer for the first P mod n members.
fn range(members: &[InstanceId], partitions: usize) -> Vec<Option<InstanceId>> {
    let n = members.len();
    let (per, extra) = (partitions / n, partitions % n);
    let mut owner = Vec::with_capacity(partitions);
    for (k, &m) in members.iter().enumerate() {
        let len = per + usize::from(k < extra);
        owner.extend(std::iter::repeat_n(Some(m), len));
    }
    owner
}

/// The sticky assignment (Kafka's StickyAssignor and CooperativeStickyAssignor, for one
/// topic and equal subscriptions): balanced — every member gets ⌊P/n⌋ or ⌈P/n⌉ — and
/// otherwise keeping each partition with its current owner.
///
/// 1. Each member keeps its lowest-numbered current partitions up to ⌊P/n⌋, or ⌈P/n⌉
///    while fewer than P mod n members have taken the extra one (in member order).
/// 2. The partitions nobody kept go, in order, round robin to the members below ⌊P/n⌋,
///    then one each to members at ⌊P/n⌋ while extra places remain.
///
/// With nobody holding anything this is the round-robin assignment.
fn sticky(members: &[InstanceId], held: &[Option<InstanceId>]) -> Vec<Option<InstanceId>> {
    let partitions = held.len();
    let n = members.len();
    let (min_quota, mut extra_left) = (partitions / n, partitions % n);
    let mut owner: Vec<Option<InstanceId>> = vec![None; partitions];
    let mut count = vec![0usize; n];
    for (k, &m) in members.iter().enumerate() {
        let mine: Vec<usize> = (0..partitions).filter(|&p| held[p] == Some(m)).collect();
        let mut keep = mine.len().min(min_quota);
        if mine.len() > min_quota && extra_left > 0 {
            keep = min_quota + 1;
            extra_left -= 1;
        }
        for &p in &mine[..keep] {
            owner[p] = Some(m);
        }
        count[k] = keep;
    }
    let unkept: Vec<usize> = (0..partitions).filter(|&p| owner[p].is_none()).collect();
    let mut free = unkept.into_iter();
    // Round robin over the members below the minimum quota, until none is.
    let mut k = 0;
    while count.iter().any(|&c| c < min_quota) {
        if count[k] < min_quota {
            let Some(p) = free.next() else { break };
            owner[p] = Some(members[k]);
            count[k] += 1;
        }
        k = (k + 1) % n;
    }
    // The rest: one extra each, in member order, to members at the minimum quota.
    for (k, &m) in members.iter().enumerate() {
        if extra_left == 0 {
            break;
        }
        if count[k] == min_quota {
            let Some(p) = free.next() else { break };
            owner[p] = Some(m);
            count[k] += 1;
            extra_left -= 1;
        }
    }
    owner
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[u32]) -> Vec<InstanceId> {
        v.iter().map(|&i| InstanceId::new(i)).collect()
    }

    #[test]
    fn every_assignor_is_balanced_and_total() {
        for assignor in [Assignor::Range, Assignor::RoundRobin, Assignor::Sticky, Assignor::CooperativeSticky] {
            for partitions in 0..12usize {
                for n in 1..6u32 {
                    let members = ids(&(0..n).collect::<Vec<_>>());
                    // Skewed current holdings: everything on member 0.
                    let held = vec![Some(InstanceId::new(0)); partitions];
                    let owner = assign(assignor, &members, &held);
                    assert!(owner.iter().all(Option::is_some), "{assignor:?} {partitions} {n}");
                    let counts: Vec<usize> =
                        members.iter().map(|m| owner.iter().filter(|o| **o == Some(*m)).count()).collect();
                    let (lo, hi) = (counts.iter().min().copied(), counts.iter().max().copied());
                    assert!(hi.zip(lo).is_some_and(|(h, l)| h - l <= 1), "{assignor:?} {partitions} {n}: {counts:?}");
                }
            }
        }
    }
}
