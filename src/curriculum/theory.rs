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
