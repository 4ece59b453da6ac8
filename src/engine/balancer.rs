//! A service's load balancer: which replica serves each call (each attempt), as Envoy's
//! load-balancing policies choose a host.
//!
//! Only ejected replicas (outlier detection) are passed over: like Envoy without active
//! health checks, the balancer does not know that a replica is down until outlier detection
//! ejects it, so calls to a crashed replica fail fast ("connection refused") until then.
//! When every replica is ejected the balancer uses them all (Envoy's panic mode, which
//! starts when the healthy share falls under `healthy_panic_threshold`; here only when none
//! is left, so the cap `max_ejected` alone decides how many are kept out).
//!
//! RoundRobin and LeastRequest are deterministic; Random and PowerOfTwoChoices draw from
//! the balancer's own stream (`StreamOf::Balancer`), so the replicas' own draws do not
//! move when the balancing policy changes (common random numbers).

use super::rng::{Stream, StreamOf, unseeded};
use crate::scenario::Balance;
use rand::RngExt;

/// The balancer of one service.
#[derive(Clone, Debug)]
pub struct Balancer {
    policy: Balance,
    rng: Stream,
    /// Round robin: the replica to try first next time.
    next: usize,
}

impl Balancer {
    /// A balancer with `policy`; its stream is set by `for_each_stream`.
    pub fn new(policy: Balance) -> Balancer {
        Balancer { policy, rng: unseeded(), next: 0 }
    }

    /// Visits its random stream, named after the service.
    pub fn for_each_stream(&mut self, service: &str, visit: &mut dyn FnMut(StreamOf<'_>, &mut Stream)) {
        visit(StreamOf::Balancer(service), &mut self.rng);
    }

    pub fn policy(&self) -> Balance {
        self.policy
    }

    /// A new policy from the next call on (a round robin goes on from where it was).
    pub fn reconfigure(&mut self, policy: Balance) {
        self.policy = policy;
    }

    /// The replica (0-based) of `replicas` that serves the next call. `ejected(r)` says
    /// whether replica r is out of balancing; `busy(r)` how many calls it serves or queues.
    pub fn pick(&mut self, replicas: usize, ejected: impl Fn(usize) -> bool, busy: impl Fn(usize) -> usize) -> usize {
        if replicas <= 1 {
            return 0;
        }
        let mut eligible = (0..replicas).filter(|&r| !ejected(r)).count();
        // Panic mode: every replica ejected, so every replica takes calls again.
        let panic = eligible == 0;
        if panic {
            eligible = replicas;
        }
        let candidate = |r: usize| panic || !ejected(r);
        // The k-th eligible replica (k < eligible).
        let nth = |k: usize| (0..replicas).filter(|&r| candidate(r)).nth(k).unwrap_or(0);
        match self.policy {
            Balance::RoundRobin => {
                let start = self.next % replicas;
                let chosen = (0..replicas).map(|i| (start + i) % replicas).find(|&r| candidate(r)).unwrap_or(start);
                self.next = (chosen + 1) % replicas;
                chosen
            }
            Balance::Random => nth(self.rng.random_range(0..eligible)),
            // Fewest calls in progress; the lowest number wins a tie (min_by_key keeps the first).
            Balance::LeastRequest => (0..replicas).filter(|&r| candidate(r)).min_by_key(|&r| busy(r)).unwrap_or(0),
            Balance::PowerOfTwoChoices => {
                if eligible == 1 {
                    return nth(0);
                }
                // Two distinct candidates, uniformly: the second is drawn from the others.
                let a = self.rng.random_range(0..eligible);
                let mut b = self.rng.random_range(0..eligible - 1);
                if b >= a {
                    b += 1;
                }
                let (a, b) = (nth(a), nth(b));
                // The first drawn wins a tie.
                if busy(b) < busy(a) { b } else { a }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::seed_with;

    fn seeded(policy: Balance) -> Balancer {
        let mut b = Balancer::new(policy);
        b.for_each_stream("svc", &mut seed_with(1));
        b
    }

    #[test]
    fn round_robin_cycles_and_passes_over_the_ejected() {
        let mut b = seeded(Balance::RoundRobin);
        let picks: Vec<usize> = (0..7).map(|_| b.pick(3, |_| false, |_| 0)).collect();
        assert_eq!(picks, [0, 1, 2, 0, 1, 2, 0]);
        let picks: Vec<usize> = (0..4).map(|_| b.pick(3, |r| r == 2, |_| 0)).collect();
        assert_eq!(picks, [1, 0, 1, 0]);
        // All ejected: panic mode, every replica in turn.
        let picks: Vec<usize> = (0..3).map(|_| b.pick(3, |_| true, |_| 0)).collect();
        assert_eq!(picks, [1, 2, 0]);
    }

    #[test]
    fn least_request_takes_the_least_busy_and_the_lowest_on_a_tie() {
        let mut b = seeded(Balance::LeastRequest);
        let busy = [4, 2, 2, 7];
        assert_eq!(b.pick(4, |_| false, |r| busy[r]), 1);
        assert_eq!(b.pick(4, |r| r == 1, |r| busy[r]), 2);
        assert_eq!(b.pick(4, |r| r != 3, |r| busy[r]), 3);
    }

    #[test]
    fn random_choices_spread_evenly_and_skip_the_ejected() {
        let mut b = seeded(Balance::Random);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[b.pick(3, |_| false, |_| 0)] += 1;
        }
        // 10 000 expected each; the binomial standard deviation is ~82.
        assert!(counts.iter().all(|&c| (9_600..=10_400).contains(&c)), "{counts:?}");
        assert!((0..100).all(|_| b.pick(3, |r| r == 0, |_| 0) != 0));
    }

    #[test]
    fn two_choices_never_take_the_busiest_of_three() {
        // Two distinct of three always include one of the two less busy replicas.
        let mut b = seeded(Balance::PowerOfTwoChoices);
        let busy = [5, 1, 9];
        let mut counts = [0u32; 3];
        for _ in 0..3_000 {
            counts[b.pick(3, |_| false, |r| busy[r])] += 1;
        }
        assert_eq!(counts[2], 0);
        // Replica 1 wins both pairs it is in: 2/3 of the picks (±3σ ≈ 77).
        assert!((1_923..=2_077).contains(&counts[1]), "{counts:?}");
    }
}
