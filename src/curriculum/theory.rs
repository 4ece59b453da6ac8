//! The formulas laws are checked against, computed from the scenario so that a reader
//! can redo each one by hand from the numbers the sentence prints.

use crate::scenario::{Arrivals, Distribution, Scenario};
use crate::time::SimDuration;

/// Erlang C: the probability that an arrival waits in an M/M/c queue with offered load
/// a = λ/μ, via the Erlang B recursion B(k) = a·B(k−1)/(k + a·B(k−1)), then
/// C = c·B / (c − a·(1 − B)); stable for large c (Kleinrock, *Queueing Systems* vol. 1,
/// §3.5; Harchol-Balter, *Performance Modeling and Design of Computer Systems*, §14).
pub fn erlang_c(c: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    let c = f64::from(c);
    c * b / (c - a * (1.0 - b))
}

/// An M/M/c queue read from a scenario's group (validation has checked the assumptions).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mmc {
    /// Arrivals per second.
    pub lambda: f64,
    /// Services per second of one server.
    pub mu: f64,
    /// Servers: instances × workers each.
    pub c: u32,
}

impl Mmc {
    /// The queue of group `name`, when it is one.
    pub fn of_group(scenario: &Scenario, name: &str) -> Option<Mmc> {
        let group = scenario.consumers.iter().find(|g| g.name == name)?;
        let lambda: f64 = scenario
            .producers
            .iter()
            .filter(|p| p.topic == group.topic)
            .map(|p| match p.rate {
                Arrivals::Poisson { per_second } => Some(per_second),
                _ => None,
            })
            .sum::<Option<f64>>()?;
        let Distribution::Exponential(mean) = group.handler.work else { return None };
        let mean_s = mean.as_secs_f64();
        let c = group.instances.saturating_mul(group.concurrency.min(group.effective_prefetch()));
        (mean_s > 0.0 && c > 0).then_some(Mmc { lambda, mu: 1.0 / mean_s, c })
    }

    /// Offered load a = λ/μ (Erlangs).
    pub fn offered_load(&self) -> f64 {
        self.lambda / self.mu
    }

    /// Utilisation ρ = λ/(cμ).
    pub fn utilisation(&self) -> f64 {
        self.offered_load() / f64::from(self.c)
    }

    /// Mean time in system W = 1/μ + C(c, a)/(cμ − λ), seconds.
    pub fn mean_sojourn_s(&self) -> f64 {
        1.0 / self.mu + erlang_c(self.c, self.offered_load()) / (f64::from(self.c) * self.mu - self.lambda)
    }
}

/// MTBF/(MTBF+MTTR) from the means of a component's up and down time distributions.
pub fn availability(mtbf: &Distribution, mttr: &Distribution) -> (f64, f64, f64) {
    let (up, down) = (mtbf.mean_s(), mttr.mean_s());
    let total = up + down;
    (up, down, if total > 0.0 { up / total } else { 1.0 })
}

/// A group of `instances` repairable instances as a continuous-time Markov chain on the
/// number failed, j = 0..=n (Trivedi, *Probability and Statistics with Reliability,
/// Queuing and Computer Science Applications*, §8.4–8.6; the machine-repairman model is
/// Kleinrock vol. 1 §3.9's M/M/r//N). With u = n − j up, min(m, u) of them hold the
/// m = n − spares active slots and fail at λ each, the other u − min(m, u) are idle
/// spares failing at `idle_factor` · λ (0: cold); a shock at rate λc takes every state
/// j < n to n; repairs bring j to j − 1 at min(j, r) · μ (r the crew, unlimited: j).
/// Switch-over is instant: a spare that is up fills an empty slot at once.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RepairableGroup {
    pub instances: u32,
    pub spares: u32,
    pub idle_factor: f64,
    /// Failure rate of an active instance (1/MTBF) and repair rate (1/MTTR), per second.
    pub lambda: f64,
    pub mu: f64,
    pub crew: Option<u32>,
    /// Common-cause shocks per second (0: none).
    pub shock_rate: f64,
}

impl RepairableGroup {
    /// Active slots m = n − spares.
    pub fn active_slots(&self) -> u32 {
        self.instances.saturating_sub(self.spares)
    }

    /// Failure rate out of state j (single failures, shocks apart).
    fn failure_rate(&self, failed: u32) -> f64 {
        let up = self.instances - failed;
        let active = up.min(self.active_slots());
        (f64::from(active) + self.idle_factor * f64::from(up - active)) * self.lambda
    }

    fn repair_rate(&self, failed: u32) -> f64 {
        f64::from(self.crew.map_or(failed, |r| failed.min(r))) * self.mu
    }

    /// The stationary distribution π_j of the number failed. Every transition down is one
    /// repair, so the flow across the cut between {0..j} and {j+1..n} balances:
    /// π_{j+1} · repair(j+1) = π_j · failure(j) + λc · Σ_{i ≤ j} π_i (each state at or
    /// below j jumps past the cut on a shock) — a recursion, with no matrix to invert. It
    /// is the birth–death product form π_{j+1}/π_j = failure(j)/repair(j+1) when λc = 0.
    pub fn failed_distribution(&self) -> Vec<f64> {
        let n = self.instances;
        let mut pi = vec![1.0];
        let mut below = 1.0;
        for j in 0..n {
            let next = (pi[j as usize] * self.failure_rate(j) + self.shock_rate * below) / self.repair_rate(j + 1);
            pi.push(next);
            below += next;
            if below > 1e250 {
                // Rescaled on the way: a long chain with a heavy load would overflow.
                pi.iter_mut().for_each(|p| *p /= below);
                below = 1.0;
            }
        }
        let total: f64 = pi.iter().sum();
        pi.iter().map(|p| p / total).collect()
    }

    /// P(at least `k` active slots serve) = Σ π_j over the j with min(m, n − j) ≥ k.
    pub fn serving_at_least(&self, k: u32) -> f64 {
        let m = self.active_slots();
        self.failed_distribution()
            .iter()
            .enumerate()
            .filter(|(j, _)| (self.instances - *j as u32).min(m) >= k)
            .map(|(_, p)| p)
            .sum()
    }
}

/// A duration printed the way scenarios write it.
pub fn duration_text(seconds: f64) -> String {
    SimDuration::from_secs_f64(seconds).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_c_matches_published_values() {
        // M/M/1: C = ρ. M/M/2 with a = 1: C = 1/3.
        assert!((erlang_c(1, 0.7) - 0.7).abs() < 1e-12);
        assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
        // M/M/1 at ρ = 0.5 with μ = 1000/s: W = 1/(μ − λ) = 2 ms.
        let q = Mmc { lambda: 500.0, mu: 1000.0, c: 1 };
        assert!((q.mean_sojourn_s() - 0.002).abs() < 1e-15);
    }

    /// Two-unit cold standby with one repairman and perfect switching: failure rate λ in
    /// states 0 and 1 (the one active unit), repair μ in 1 and 2, so P0 : P1 : P2 =
    /// 1 : ρ : ρ², ρ = λ/μ, and A = 1 − P2 = (1 + ρ)/(1 + ρ + ρ²). For ρ = 0.1:
    /// 1.1/1.11 = 0.990991. A warm spare at half the rate: failure(0) = 1.5λ, so P1 = 0.15,
    /// P2 = 0.015 and A = 1 − 0.015/1.165 = 0.987124.
    #[test]
    fn two_unit_standby_by_hand() {
        let cold = RepairableGroup {
            instances: 2,
            spares: 1,
            idle_factor: 0.0,
            lambda: 0.1,
            mu: 1.0,
            crew: Some(1),
            shock_rate: 0.0,
        };
        let pi = cold.failed_distribution();
        assert!((pi[1] / pi[0] - 0.1).abs() < 1e-12 && (pi[2] / pi[0] - 0.01).abs() < 1e-12, "{pi:?}");
        assert!((cold.serving_at_least(1) - 1.1 / 1.11).abs() < 1e-12);
        let warm = RepairableGroup { idle_factor: 0.5, ..cold };
        assert!((warm.serving_at_least(1) - (1.0 - 0.015 / 1.165)).abs() < 1e-12);
    }

    /// Machine repairman M/M/1//3 (three machines, one repairman, ρ = λ/μ = 0.1):
    /// π_j ∝ N!/(N − j)! · ρ^j = 1, 3ρ, 6ρ², 6ρ³ = 1, 0.3, 0.06, 0.006 (sum 1.366), so all
    /// three up 1/1.366 = 0.732064 and at least two (1.3)/1.366 = 0.951684. With two
    /// repairmen the second repair doubles the rate out of j = 2 and 3: π ∝ 1, 0.3, 0.03,
    /// 0.0015 (sum 1.3315), all up 0.751033.
    #[test]
    fn machine_repairman_by_hand() {
        let group = RepairableGroup {
            instances: 3,
            spares: 0,
            idle_factor: 0.0,
            lambda: 0.1,
            mu: 1.0,
            crew: Some(1),
            shock_rate: 0.0,
        };
        assert!((group.serving_at_least(3) - 1.0 / 1.366).abs() < 1e-12);
        assert!((group.serving_at_least(2) - 1.3 / 1.366).abs() < 1e-12);
        let two = RepairableGroup { crew: Some(2), ..group };
        assert!((two.serving_at_least(3) - 1.0 / 1.3315).abs() < 1e-12);
        // An unlimited crew makes the instances independent: A³ with A = 1/1.1.
        let any = RepairableGroup { crew: None, ..group };
        assert!((any.serving_at_least(3) - (1.0f64 / 1.1).powi(3)).abs() < 1e-12);
    }

    /// Two in parallel with common cause, λ = 0.1/s, μ = 1/s each, unlimited repairs, shocks
    /// at λc = 0.01/s. Cuts: π1 · μ = π0 (2λ + λc) → π1 = 0.21 π0; π2 · 2μ = π1 λ +
    /// λc (π0 + π1) = 0.021 + 0.0121 → π2 = 0.01655 π0; A = 1 − π2/Σπ = 1 − 0.01655/1.22655 =
    /// 0.986507, against 1 − (1 − 1/1.1)² = 0.991736 for independent instances: the
    /// common cause costs more than half of what the second instance bought. With the
    /// instances never failing alone (λ = 0), only shocks: π1 · μ = λc π0 → π1 = 0.01 π0,
    /// π2 · 2μ = λc (π0 + π1) → π2 = 0.00505 π0, A = 1 − 0.00505/1.01505 = 1.01/1.01505 =
    /// 2/2.01, exactly the beta-factor textbook's A_cc = μc/(λc + μc) with μc = 2μ: the
    /// pair is up until a shock (rate λc whether one or both are up) and down until the
    /// first of its two repairs ends (rate 2μ).
    #[test]
    fn parallel_with_common_cause_by_hand() {
        let pair = RepairableGroup {
            instances: 2,
            spares: 0,
            idle_factor: 0.0,
            lambda: 0.1,
            mu: 1.0,
            crew: None,
            shock_rate: 0.01,
        };
        assert!((pair.serving_at_least(1) - (1.0 - 0.01655 / 1.22655)).abs() < 1e-12);
        let shocks_only = RepairableGroup { lambda: 0.0, ..pair };
        assert!((shocks_only.serving_at_least(1) - (1.0 - 0.00505 / 1.01505)).abs() < 1e-12);
        assert!((shocks_only.serving_at_least(1) - 2.0 / 2.01).abs() < 1e-12);
    }

    #[test]
    fn means_of_the_distributions() {
        let ms = SimDuration::from_millis;
        assert_eq!(Distribution::Uniform { min: ms(2), max: ms(4) }.mean_s(), 0.003);
        // p99 = median: no spread, the mean is the median.
        assert_eq!(Distribution::LogNormal { median: ms(40), p99: ms(40) }.mean_s(), 0.04);
        let ln = Distribution::LogNormal { median: ms(40), p99: ms(400) }.mean_s();
        // σ = ln 10 / 2.326 = 0.9898; mean = 40 ms · e^(0.4899) = 65.28 ms.
        assert!((ln - 0.065_28).abs() < 1e-5, "{ln}");
        let (up, down, a) = availability(&Distribution::Exponential(ms(60_000)), &Distribution::Constant(ms(6_000)));
        assert_eq!((up, down), (60.0, 6.0));
        assert!((a - 60.0 / 66.0).abs() < 1e-15);
    }
}
