//! What a duration distribution is, as numbers: its mean and its squared coefficient of
//! variation (SCV = variance / mean²), written once for validation, the theory the lessons
//! check against, `check`'s summary and the engine's samplers.
//!
//! SCV is what queueing formulas read (Pollaczek–Khinchine: the mean wait of M/G/1 is
//! ρ·E[S]·(1 + SCV) / (2(1 − ρ))): 0 for a constant, 1 for an exponential.

use super::{Arrivals, Distribution, Failures, Scenario};

/// z such that P(Z ≤ z) = 0.99 for a standard normal Z (the log-normal's fit).
pub const Z_99: f64 = 2.326_347_874_040_841;

impl Distribution {
    /// No time at all: the default of costs that are off unless given.
    pub fn zero() -> Distribution {
        Distribution::Constant(crate::time::SimDuration::ZERO)
    }

    /// The mean, in seconds.
    pub fn mean_s(&self) -> f64 {
        match self {
            Distribution::Constant(d) | Distribution::Exponential(d) => d.as_secs_f64(),
            Distribution::Uniform { min, max } => (min.as_secs_f64() + max.as_secs_f64()) / 2.0,
            Distribution::LogNormal { median, p99 } => {
                let m = median.as_secs_f64();
                if m <= 0.0 {
                    return 0.0;
                }
                let sigma = log_normal_sigma(m, p99.as_secs_f64());
                m * (sigma * sigma / 2.0).exp()
            }
            Distribution::Gamma { mean, .. }
            | Distribution::Erlang { mean, .. }
            | Distribution::Weibull { mean, .. } => mean.as_secs_f64(),
            Distribution::Pareto { shape, min, max } => {
                bounded_pareto_moment(*shape, min.as_secs_f64(), max.as_secs_f64(), 1.0)
            }
            Distribution::Hyperexponential { branches } => branches.iter().map(|b| b.p * b.mean.as_secs_f64()).sum(),
            Distribution::Empirical { values, .. } => average(values.iter().map(|v| v.as_secs_f64())),
        }
    }

    /// The squared coefficient of variation, variance / mean² (0 when the mean is 0).
    pub fn scv(&self) -> f64 {
        let mean = self.mean_s();
        if mean <= 0.0 {
            return 0.0;
        }
        match self {
            Distribution::Constant(_) => 0.0,
            Distribution::Exponential(_) => 1.0,
            Distribution::Uniform { min, max } => {
                let width = max.as_secs_f64() - min.as_secs_f64();
                width * width / 12.0 / (mean * mean)
            }
            Distribution::LogNormal { median, p99 } => {
                let sigma = log_normal_sigma(median.as_secs_f64(), p99.as_secs_f64());
                (sigma * sigma).exp() - 1.0
            }
            Distribution::Gamma { shape, .. } => 1.0 / shape,
            Distribution::Erlang { k, .. } => 1.0 / f64::from((*k).max(1)),
            Distribution::Weibull { shape, .. } => {
                let g1 = statrs::function::gamma::gamma(1.0 + 1.0 / shape);
                statrs::function::gamma::gamma(1.0 + 2.0 / shape) / (g1 * g1) - 1.0
            }
            Distribution::Pareto { shape, min, max } => {
                let second = bounded_pareto_moment(*shape, min.as_secs_f64(), max.as_secs_f64(), 2.0);
                second / (mean * mean) - 1.0
            }
            // An exponential of mean m has E[X²] = 2m², so the mixture has Σ pᵢ·2mᵢ².
            Distribution::Hyperexponential { branches } => {
                let second: f64 = branches.iter().map(|b| 2.0 * b.p * b.mean.as_secs_f64().powi(2)).sum();
                second / (mean * mean) - 1.0
            }
            // The variance of the values themselves (divided by n, not n − 1): each is drawn
            // with probability 1/n, so this is the distribution's variance exactly.
            Distribution::Empirical { values, .. } => {
                let variance = average(values.iter().map(|v| (v.as_secs_f64() - mean).powi(2)));
                variance / (mean * mean)
            }
        }
    }
}

impl std::fmt::Display for Distribution {
    /// How a person would say it: "gamma, shape 2, mean 8ms".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Distribution::Constant(v) => write!(f, "constant {v}"),
            Distribution::Exponential(m) => write!(f, "exponential, mean {m}"),
            Distribution::Uniform { min, max } => write!(f, "uniform {min} – {max}"),
            Distribution::LogNormal { median, p99 } => write!(f, "log-normal, median {median}, p99 {p99}"),
            Distribution::Gamma { shape, mean } => write!(f, "gamma, shape {shape}, mean {mean}"),
            Distribution::Erlang { k, mean } => write!(f, "Erlang-{k}, mean {mean}"),
            Distribution::Weibull { shape, mean } => write!(f, "Weibull, shape {shape}, mean {mean}"),
            Distribution::Pareto { shape, min, max } => write!(f, "Pareto, shape {shape}, {min} – {max}"),
            Distribution::Hyperexponential { branches } => {
                // "hyperexponential, 0.9 × exponential 1ms + 0.1 × exponential 10ms"; a long
                // list is cut after four branches so that `check` stays one line each.
                write!(f, "hyperexponential, ")?;
                for (i, b) in branches.iter().take(4).enumerate() {
                    let plus = if i == 0 { "" } else { " + " };
                    write!(f, "{plus}{} × exponential {}", b.p, b.mean)?;
                }
                if branches.len() > 4 {
                    write!(f, " + {} more", branches.len() - 4)?;
                }
                Ok(())
            }
            Distribution::Empirical { values, .. } => {
                let low = values.iter().min().copied().unwrap_or_default();
                let high = values.iter().max().copied().unwrap_or_default();
                write!(f, "empirical, {} values in {low} – {high}", values.len())
            }
        }
    }
}

impl Scenario {
    /// Every duration distribution of the scenario with its dotted path
    /// (`services.db.latency`, `consumers.g.handler.work`, `broker.failures.mtbf`,
    /// `producers.p.rate.gap`): services, groups, the broker, then producers and clients.
    pub fn distributions(&self) -> Vec<(String, &Distribution)> {
        fn failures<'a>(found: &mut Vec<(String, &'a Distribution)>, at: String, f: &'a Option<Failures>) {
            if let Some(f) = f {
                found.push((format!("{at}.failures.mtbf"), &f.mtbf));
                found.push((format!("{at}.failures.mttr"), &f.mttr));
            }
        }
        let mut found = Vec::new();
        for s in &self.services {
            found.push((format!("services.{}.latency", s.name), &s.latency));
            failures(&mut found, format!("services.{}", s.name), &s.failures);
        }
        for g in &self.consumers {
            found.push((format!("consumers.{}.handler.work", g.name), &g.handler.work));
            failures(&mut found, format!("consumers.{}", g.name), &g.failures);
            if let Some(common) = &g.common_cause {
                found.push((format!("consumers.{}.common_cause.mtbf", g.name), &common.mtbf));
            }
        }
        failures(&mut found, "broker".into(), &self.broker.failures);
        for p in &self.producers {
            if let Arrivals::Renewal { gap } = &p.rate {
                found.push((format!("producers.{}.rate.gap", p.name), gap));
            }
        }
        for c in &self.clients {
            match &c.rate {
                Arrivals::Renewal { gap } => found.push((format!("clients.{}.rate.gap", c.name), gap)),
                Arrivals::FinitePopulation { think, .. } => {
                    found.push((format!("clients.{}.rate.think", c.name), think));
                }
                _ => {}
            }
        }
        found
    }
}

/// The mean of `xs` (0 for none: validation refuses an empty list before anyone asks).
fn average(xs: impl ExactSizeIterator<Item = f64>) -> f64 {
    let n = xs.len();
    if n == 0 { 0.0 } else { xs.sum::<f64>() / n as f64 }
}

/// σ of the log-normal with this median and 99th percentile: ln(p99/median)/z₀.₉₉.
fn log_normal_sigma(median_s: f64, p99_s: f64) -> f64 {
    (p99_s.max(median_s) / median_s).ln() / Z_99
}

/// E[Xⁿ] of a Pareto with tail index α bounded to [L, H]: the density is
/// α Lᵅ x^(−α−1) / (1 − (L/H)ᵅ), so E[Xⁿ] = α Lᵅ (H^(n−α) − L^(n−α)) / ((n − α)(1 − (L/H)ᵅ)),
/// and α Lᵅ ln(H/L) / (1 − (L/H)ᵅ) when n = α.
pub fn bounded_pareto_moment(alpha: f64, low: f64, high: f64, n: f64) -> f64 {
    if low <= 0.0 || high <= low || alpha <= 0.0 {
        return low.max(0.0).powf(n);
    }
    let norm = alpha * low.powf(alpha) / (1.0 - (low / high).powf(alpha));
    if (n - alpha).abs() < 1e-12 {
        norm * (high / low).ln()
    } else {
        norm * (high.powf(n - alpha) - low.powf(n - alpha)) / (n - alpha)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SimDuration;

    fn ms(n: u64) -> SimDuration {
        SimDuration::from_millis(n)
    }

    #[test]
    fn means_and_variability_by_hand() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12 * b.abs().max(1.0);
        assert_eq!((Distribution::Constant(ms(5)).mean_s(), Distribution::Constant(ms(5)).scv()), (0.005, 0.0));
        assert_eq!(Distribution::Exponential(ms(10)).scv(), 1.0);
        // Uniform 2..4 ms: mean 3 ms, variance (2 ms)²/12, SCV = 4/12/9 = 1/27.
        let uniform = Distribution::Uniform { min: ms(2), max: ms(4) };
        assert!(close(uniform.mean_s(), 0.003) && close(uniform.scv(), 1.0 / 27.0));
        // Log-normal with p99 = 10 × median: σ = ln 10 / 2.326 = 0.98979, SCV = e^σ² − 1.
        let log_normal = Distribution::LogNormal { median: ms(40), p99: ms(400) };
        let sigma = 10f64.ln() / Z_99;
        assert!(close(log_normal.scv(), (sigma * sigma).exp() - 1.0));
        assert!((log_normal.mean_s() - 0.065_28).abs() < 1e-5);
        assert_eq!(Distribution::Gamma { shape: 4.0, mean: ms(8) }.scv(), 0.25);
        assert_eq!(Distribution::Erlang { k: 4, mean: ms(10) }.scv(), 0.25);
        // Weibull shape 1 is the exponential; shape 2 (Rayleigh): Γ(2)/Γ(1.5)² − 1 = 4/π − 1.
        assert!((Distribution::Weibull { shape: 1.0, mean: ms(10) }.scv() - 1.0).abs() < 1e-9);
        let rayleigh = Distribution::Weibull { shape: 2.0, mean: ms(10) }.scv();
        assert!((rayleigh - (4.0 / std::f64::consts::PI - 1.0)).abs() < 1e-9, "{rayleigh}");
    }

    #[test]
    fn a_hyperexponential_has_the_moments_of_its_branches() {
        use crate::scenario::Branch;
        let branch = |p: f64, mean_ms: u64| Branch { p, mean: ms(mean_ms) };
        // 0.9 × Exp(1 ms) + 0.1 × Exp(10 ms): mean 0.9 + 1 = 1.9 ms; E[X²] = 2(0.9·1 + 0.1·100)
        // = 21.8 ms²; SCV = 21.8/1.9² − 1 = 18.19/3.61 = 5.0388.
        let mixture = Distribution::Hyperexponential { branches: vec![branch(0.9, 1), branch(0.1, 10)] };
        assert!((mixture.mean_s() - 0.0019).abs() < 1e-15, "{}", mixture.mean_s());
        assert!((mixture.scv() - 18.19 / 3.61).abs() < 1e-9, "{}", mixture.scv());
        // One branch is the exponential; two equal branches are too.
        let one = Distribution::Hyperexponential { branches: vec![branch(1.0, 10)] };
        assert!((one.scv() - 1.0).abs() < 1e-12 && (one.mean_s() - 0.01).abs() < 1e-15);
        let equal = Distribution::Hyperexponential { branches: vec![branch(0.5, 4), branch(0.5, 4)] };
        assert!((equal.scv() - 1.0).abs() < 1e-12);
        assert_eq!(mixture.to_string(), "hyperexponential, 0.9 × exponential 1ms + 0.1 × exponential 10ms");
    }

    #[test]
    fn an_empirical_distribution_has_the_moments_of_its_values() {
        // 1, 2, 3, 6 ms, each with probability 1/4: mean 3 ms; squared deviations 4, 1, 0, 9
        // (ms²) average 3.5 ms², so SCV = 3.5/9 = 7/18.
        let values = Distribution::Empirical { values: [1, 2, 3, 6].map(ms).into(), csv: None };
        assert!((values.mean_s() - 0.003).abs() < 1e-15, "{}", values.mean_s());
        assert!((values.scv() - 7.0 / 18.0).abs() < 1e-9, "{}", values.scv());
        assert_eq!(values.to_string(), "empirical, 4 values in 1ms – 6ms");
        // One value is a constant.
        assert_eq!(Distribution::Empirical { values: [ms(5)].into(), csv: None }.scv(), 0.0);
    }

    #[test]
    fn a_bounded_pareto_has_the_moments_of_its_density() {
        // α = 2 on [1, 10]: norm = 2·1/(1 − 1/100) = 200/99; E[X] = norm·(10^−1 − 1)/(−1)
        // = 200/99 · 0.9 = 20/11; E[X²] (n = α) = norm·ln 10.
        assert!((bounded_pareto_moment(2.0, 1.0, 10.0, 1.0) - 20.0 / 11.0).abs() < 1e-12);
        assert!((bounded_pareto_moment(2.0, 1.0, 10.0, 2.0) - 200.0 / 99.0 * 10f64.ln()).abs() < 1e-12);
        let pareto =
            Distribution::Pareto { shape: 2.0, min: SimDuration::from_secs(1), max: SimDuration::from_secs(10) };
        assert!((pareto.mean_s() - 20.0 / 11.0).abs() < 1e-12);
    }
}
