//! Exact samplers for the scenario's distributions, arrival processes and keys.
//!
//! Durations are drawn in nanoseconds: exponential by the ziggurat method, log-normal
//! from a normal draw, uniform by unbiased integer sampling, gamma and Erlang by
//! Marsaglia–Tsang (rand_distr), Weibull by inversion, bounded Pareto by inversion of its
//! truncated CDF, hyperexponential by choosing a branch and then an exponential, empirical
//! by choosing one of its values uniformly; time-varying Poisson
//! processes by thinning (Lewis & Shedler 1979) or, where the rate is piecewise
//! constant, by restarting the exponential clock at each change (memorylessness), which
//! also runs a Markov-modulated process state by state; a replayed trace is no draw at
//! all, its rows played in order.

use super::rng::Stream;
use crate::scenario::distribution::Z_99;
use crate::scenario::{Arrivals, Batch, Distribution, Keys, ModulatedState, TraceRow};
use crate::time::{SimDuration, SimTime};
use rand::RngExt;
use rand_distr::{Distribution as _, Exp1, Gamma, LogNormal, Weibull, Zipf};
use std::sync::Arc;

/// Draws durations from one of the scenario's distributions.
#[derive(Clone, Debug)]
pub enum DurationSampler {
    Constant(SimDuration),
    Exponential {
        mean_ns: f64,
    },
    Uniform {
        min_ns: u64,
        max_ns: u64,
    },
    LogNormal {
        dist: LogNormal<f64>,
        mean_ns: f64,
    },
    /// Gamma and Erlang (an Erlang-k is a gamma of integer shape k).
    Gamma {
        dist: Gamma<f64>,
        mean_ns: f64,
    },
    Weibull {
        dist: Weibull<f64>,
        mean_ns: f64,
    },
    /// Bounded Pareto on [low, high] (ns) with tail index alpha.
    Pareto {
        alpha: f64,
        low_ns: f64,
        high_ns: f64,
        mean_ns: f64,
    },
    /// Hyperexponential: a branch by one uniform draw against the cumulative
    /// probabilities, then an exponential of that branch's mean.
    Hyperexponential {
        /// (P(branch ≤ i), mean of branch i in ns), the last cumulative probability 1.
        branches: Vec<(f64, f64)>,
        mean_ns: f64,
    },
    /// One of the values, each with probability 1/n.
    Empirical {
        values: Arc<[SimDuration]>,
        mean_ns: f64,
    },
}

impl DurationSampler {
    pub fn new(dist: &Distribution) -> DurationSampler {
        match *dist {
            Distribution::Constant(d) => DurationSampler::Constant(d),
            Distribution::Exponential(mean) => DurationSampler::Exponential { mean_ns: mean.0 as f64 },
            Distribution::Hyperexponential { ref branches } => {
                let mut cumulative = 0.0;
                let mut table: Vec<(f64, f64)> = branches
                    .iter()
                    .map(|b| {
                        cumulative += b.p;
                        (cumulative, b.mean.0 as f64)
                    })
                    .collect();
                // Validation makes the probabilities add up to 1 within 10⁻⁹; the last
                // branch takes what rounding leaves, so every draw lands in one.
                match table.last_mut() {
                    Some(last) => last.0 = 1.0,
                    None => return DurationSampler::Constant(SimDuration::ZERO),
                }
                DurationSampler::Hyperexponential { branches: table, mean_ns: dist.mean_s() * 1e9 }
            }
            Distribution::Empirical { ref values, .. } => {
                if values.is_empty() {
                    return DurationSampler::Constant(SimDuration::ZERO);
                }
                DurationSampler::Empirical { values: Arc::clone(values), mean_ns: dist.mean_s() * 1e9 }
            }
            Distribution::Uniform { min, max } => {
                DurationSampler::Uniform { min_ns: min.0.min(max.0), max_ns: max.0.max(min.0) }
            }
            Distribution::LogNormal { median, p99 } => {
                // ln X ~ N(mu, sigma²) with median e^mu and p99 e^(mu + z99·sigma).
                let mu = (median.0.max(1) as f64).ln();
                let sigma = ((p99.0.max(median.0).max(1) as f64).ln() - mu).max(0.0) / Z_99;
                let dist = LogNormal::new(mu, sigma).expect("sigma is finite and non-negative by construction");
                DurationSampler::LogNormal { dist, mean_ns: (mu + sigma * sigma / 2.0).exp() }
            }
            // Validation keeps the shapes in limits::SHAPE_RANGE and the means above zero;
            // an unvalidated spec falls back to a constant of its mean rather than panic.
            Distribution::Gamma { shape, mean } => gamma(shape, mean),
            Distribution::Erlang { k, mean } => gamma(f64::from(k.max(1)), mean),
            Distribution::Weibull { shape, mean } => {
                let scale_ns = mean.0 as f64 / statrs::function::gamma::gamma(1.0 + 1.0 / shape);
                match Weibull::new(scale_ns, shape) {
                    Ok(dist) if scale_ns.is_finite() => DurationSampler::Weibull { dist, mean_ns: mean.0 as f64 },
                    _ => DurationSampler::Constant(mean),
                }
            }
            Distribution::Pareto { shape, min, max } => {
                let (low_ns, high_ns) = (min.0 as f64, max.0.max(min.0) as f64);
                let mean_ns = dist.mean_s() * 1e9;
                if !(shape > 0.0 && low_ns > 0.0 && high_ns > low_ns) {
                    return DurationSampler::Constant(min);
                }
                DurationSampler::Pareto { alpha: shape, low_ns, high_ns, mean_ns }
            }
        }
    }

    pub fn sample(&self, rng: &mut Stream) -> SimDuration {
        match self {
            DurationSampler::Constant(d) => *d,
            DurationSampler::Exponential { mean_ns } => {
                let x: f64 = Exp1.sample(rng);
                SimDuration::from_secs_f64(x * mean_ns / 1e9)
            }
            DurationSampler::Uniform { min_ns, max_ns } => SimDuration(rng.random_range(*min_ns..=*max_ns)),
            DurationSampler::LogNormal { dist, .. } => SimDuration::from_secs_f64(dist.sample(rng) / 1e9),
            DurationSampler::Gamma { dist, .. } => SimDuration::from_secs_f64(dist.sample(rng) / 1e9),
            DurationSampler::Weibull { dist, .. } => SimDuration::from_secs_f64(dist.sample(rng) / 1e9),
            DurationSampler::Pareto { alpha, low_ns, high_ns, .. } => {
                // Inverse of F(x) = (1 − (L/x)^α) / (1 − (L/H)^α) on [L, H].
                let u: f64 = rng.random();
                let tail = 1.0 - u * (1.0 - (low_ns / high_ns).powf(*alpha));
                SimDuration::from_secs_f64(low_ns * tail.powf(-1.0 / alpha) / 1e9)
            }
            DurationSampler::Hyperexponential { branches, .. } => {
                let u: f64 = rng.random();
                let (_, mean_ns) = branches
                    .iter()
                    .find(|(cumulative, _)| u < *cumulative)
                    .or(branches.last())
                    .expect("a hyperexponential sampler is built with at least one branch");
                let x: f64 = Exp1.sample(rng);
                SimDuration::from_secs_f64(x * mean_ns / 1e9)
            }
            DurationSampler::Empirical { values, .. } => values[rng.random_range(0..values.len())],
        }
    }

    /// The distribution's mean (for analytic comparisons and the UI).
    pub fn mean(&self) -> SimDuration {
        match self {
            DurationSampler::Constant(d) => *d,
            DurationSampler::Exponential { mean_ns } => SimDuration(*mean_ns as u64),
            DurationSampler::Uniform { min_ns, max_ns } => SimDuration(min_ns / 2 + max_ns / 2),
            DurationSampler::LogNormal { mean_ns, .. }
            | DurationSampler::Gamma { mean_ns, .. }
            | DurationSampler::Weibull { mean_ns, .. }
            | DurationSampler::Pareto { mean_ns, .. }
            | DurationSampler::Hyperexponential { mean_ns, .. }
            | DurationSampler::Empirical { mean_ns, .. } => SimDuration(*mean_ns as u64),
        }
    }
}

/// A gamma of `shape` with the given mean (scale mean/shape), or a constant of the mean
/// for a shape rand_distr refuses (only an unvalidated spec has one).
fn gamma(shape: f64, mean: SimDuration) -> DurationSampler {
    match Gamma::new(shape, mean.0 as f64 / shape) {
        Ok(dist) => DurationSampler::Gamma { dist, mean_ns: mean.0 as f64 },
        Err(_) => DurationSampler::Constant(mean),
    }
}

/// The time of a producer's next event, given its arrival process.
#[derive(Clone, Debug)]
pub struct ArrivalProcess {
    spec: Arrivals,
    /// Constant arrivals are placed at epoch + k/rate (no accumulated rounding drift);
    /// the epoch moves when the producer is blocked or its rate changes.
    epoch: SimTime,
    emitted_since_epoch: u64,
    /// The sampler of a renewal process's gaps (built once, not at every arrival).
    gap: Option<DurationSampler>,
    /// Where a replay is in its trace.
    replay: ReplayCursor,
    /// The modulating chain of a `Modulated` process: its state and when it leaves it
    /// (`None` until the first draw, and again after the process is replaced).
    chain: Option<ChainState>,
    /// The modulating chain's draws (initial state, stays): a stream of its own
    /// (`producer:NAME:modulation`), so the arrival gaps drawn from the source's stream
    /// do not depend on how many stays were drawn in between.
    chain_rng: Stream,
}

/// Where the modulating chain of a `Modulated` process is: in `state` until `leaves_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ChainState {
    state: usize,
    leaves_at: SimTime,
}

/// A replay's position: the pass (0 the first; more only with `repeat_every`), the next row
/// to play, and the row of the arrival last scheduled (whose key and type it carries).
#[derive(Clone, Copy, Debug, Default)]
struct ReplayCursor {
    pass: u64,
    next: usize,
    current: Option<usize>,
}

impl ArrivalProcess {
    pub fn new(spec: Arrivals) -> ArrivalProcess {
        let gap = renewal_gap(&spec);
        ArrivalProcess {
            spec,
            epoch: SimTime::ZERO,
            emitted_since_epoch: 0,
            gap,
            replay: ReplayCursor::default(),
            chain: None,
            chain_rng: super::rng::unseeded(),
        }
    }

    /// The modulating chain's stream, for its owner's `for_each_stream` to seed.
    pub fn chain_stream_mut(&mut self) -> &mut Stream {
        &mut self.chain_rng
    }

    pub fn spec(&self) -> &Arrivals {
        &self.spec
    }

    /// Replaces the process (a live change); timing restarts from `now`.
    pub fn replace(&mut self, spec: Arrivals, now: SimTime) {
        self.gap = renewal_gap(&spec);
        self.spec = spec;
        self.replay = ReplayCursor::default();
        // A new chain starts from its long-run shares at the next draw.
        self.chain = None;
        self.restart_at(now);
    }

    /// The callers of a finite population: each sends its next request only after its
    /// answer (`None`: an open loop, whose arrivals do not wait for answers).
    pub fn closed_loop_sources(&self) -> Option<u32> {
        match self.spec {
            Arrivals::FinitePopulation { sources, .. } => Some(sources),
            _ => None,
        }
    }

    /// The trace row of the arrival last scheduled, when the process replays a trace: its
    /// key and event type, where the row gives them, are the event's.
    #[inline]
    pub fn replayed(&self) -> Option<&TraceRow> {
        match &self.spec {
            Arrivals::Replay { trace, .. } => trace.get(self.replay.current?),
            _ => None,
        }
    }

    /// Restarts the clock of evenly spaced arrivals (after a stall or a change).
    pub fn restart_at(&mut self, now: SimTime) {
        self.epoch = now;
        self.emitted_since_epoch = 0;
    }

    /// The first arrival strictly after `now`, or `None` if the rate stays zero forever.
    // Poisson, the common process, in line: through the full match it paid the register
    // saves the other arms need, about 25 instructions per arrival (measured with callgrind).
    #[inline]
    pub fn next_after(&mut self, now: SimTime, rng: &mut Stream) -> Option<SimTime> {
        if let Arrivals::Poisson { per_second } = self.spec {
            return exponential_gap(now, per_second, rng);
        }
        self.next_after_other(now, rng)
    }

    /// `next_after` for every process (Poisson too, though it is answered before).
    #[inline(never)]
    fn next_after_other(&mut self, now: SimTime, rng: &mut Stream) -> Option<SimTime> {
        match &self.spec {
            Arrivals::Constant { per_second } => {
                if *per_second <= 0.0 {
                    return None;
                }
                self.emitted_since_epoch += 1;
                let offset = SimDuration::from_secs_f64(self.emitted_since_epoch as f64 / per_second);
                Some((self.epoch + offset).max(SimTime(now.0 + 1)))
            }
            Arrivals::Poisson { per_second } => exponential_gap(now, *per_second, rng),
            // The next renewal: a fresh gap from `now`, the previous event (or the moment the
            // process started or restarted). At least 1 ns, so time always moves forward.
            // One caller's next request: a think time after `now`, its answer (or, at the
            // start, the start). The client schedules one per caller (`sources`).
            Arrivals::Renewal { .. } | Arrivals::FinitePopulation { .. } => {
                let gap = self.gap.as_ref()?.sample(rng);
                Some(SimTime(now.0.saturating_add(gap.0.max(1))))
            }
            Arrivals::Replay { trace, speed, repeat_every, .. } => {
                replay_next(trace, *speed, *repeat_every, &mut self.replay, now)
            }
            Arrivals::Bursty { per_second, on, off } => bursty_next(now, *per_second, *on, *off, rng),
            Arrivals::Modulated { states } => modulated_next(states, &mut self.chain, &mut self.chain_rng, now, rng),
            Arrivals::Steps(steps) => {
                let mut t = now;
                loop {
                    let current = steps.iter().rev().find(|s| SimTime(s.at.0) <= t).map_or(0.0, |s| s.per_second);
                    let next_change = steps.iter().map(|s| SimTime(s.at.0)).filter(|at| *at > t).min();
                    let candidate = exponential_gap(t, current, rng);
                    match (candidate, next_change) {
                        (Some(c), Some(change)) if c < change => return Some(c),
                        (Some(c), None) => return Some(c),
                        (_, Some(change)) => t = change,
                        (None, None) => return None,
                    }
                }
            }
            Arrivals::Ramp { from_per_second, to_per_second, over } => {
                let (from, to, over_s) = (*from_per_second, *to_per_second, over.as_secs_f64());
                let rate_at = |t: SimTime| {
                    let progress = if over_s > 0.0 { (t.as_secs_f64() / over_s).min(1.0) } else { 1.0 };
                    from + (to - from) * progress
                };
                let max_rate = from.max(to);
                let ramp_end = SimTime(over.0);
                let mut t = now;
                loop {
                    if t >= ramp_end {
                        // Constant from here on: an ordinary Poisson process.
                        return exponential_gap(t, to, rng);
                    }
                    let candidate = exponential_gap(t, max_rate, rng).filter(|c| *c < SimTime::MAX)?;
                    if rng.random::<f64>() * max_rate < rate_at(candidate) {
                        return Some(candidate);
                    }
                    t = candidate;
                }
            }
            Arrivals::Sine { mean_per_second, amplitude_per_second, period } => {
                let max_rate = mean_per_second + amplitude_per_second.abs();
                if max_rate <= 0.0 || *mean_per_second + amplitude_per_second.abs() <= 0.0 {
                    return None;
                }
                let period_s = period.as_secs_f64().max(1e-9);
                let mut t = now;
                // Thinning; the rate is positive on part of every period, so this ends (and
                // at the end of representable time there is no next event).
                loop {
                    let candidate = exponential_gap(t, max_rate, rng).filter(|c| *c < SimTime::MAX)?;
                    let phase = std::f64::consts::TAU * candidate.as_secs_f64() / period_s;
                    let rate = (mean_per_second + amplitude_per_second * phase.sin()).max(0.0);
                    if rng.random::<f64>() * max_rate < rate {
                        return Some(candidate);
                    }
                    t = candidate;
                }
            }
        }
    }

    /// The long-run mean rate in events per second (for capacity planning and tests).
    pub fn mean_rate_per_second(&self) -> f64 {
        match &self.spec {
            Arrivals::Constant { per_second } | Arrivals::Poisson { per_second } => *per_second,
            Arrivals::Bursty { per_second, on, off } => {
                per_second * on.as_secs_f64() / (on.as_secs_f64() + off.as_secs_f64()).max(1e-12)
            }
            Arrivals::Ramp { to_per_second, .. } => *to_per_second,
            Arrivals::Steps(steps) => steps.iter().max_by_key(|s| s.at).map_or(0.0, |s| s.per_second),
            Arrivals::Sine { mean_per_second, .. } => *mean_per_second,
            Arrivals::Modulated { states } => modulated_mean_rate(states),
            Arrivals::Renewal { gap } => {
                let mean_s = gap.mean_s();
                if mean_s > 0.0 { 1.0 / mean_s } else { 0.0 }
            }
            // At most, every caller thinking and none waiting for an answer.
            Arrivals::FinitePopulation { sources, think } => {
                let mean_s = think.mean_s();
                if mean_s > 0.0 { f64::from(*sources) / mean_s } else { 0.0 }
            }
            // The average over one pass (a trace played once is silent in the long run).
            Arrivals::Replay { trace, speed, repeat_every, .. } => {
                let pass = repeat_every.or(trace.last().map(|row| row.at)).unwrap_or(SimDuration::ZERO);
                if pass.0 == 0 { 0.0 } else { trace.len() as f64 * speed / pass.as_secs_f64() }
            }
        }
    }
}

/// The next row of a replayed trace due at or after `now` (rows at one instant are events
/// at one instant, so not strictly after), moving `cursor` past it; `None` once a trace
/// played once has ended. A row of pass n plays at (n · `repeat_every` + `at`) / `speed`.
/// Rows due before `now` are skipped: those that fell due while the source was blocked
/// (back-pressure pauses it, as it pauses every arrival process), or before a replay set
/// live began (a trace is in simulation time, as `Steps` are).
fn replay_next(
    trace: &[TraceRow],
    speed: f64,
    repeat_every: Option<SimDuration>,
    cursor: &mut ReplayCursor,
    now: SimTime,
) -> Option<SimTime> {
    cursor.current = None;
    if trace.is_empty() || speed.is_nan() || speed <= 0.0 {
        return None;
    }
    let when = |pass: u64, row: &TraceRow| -> Option<SimTime> {
        let start_ns = match repeat_every {
            Some(every) => pass.checked_mul(every.0.max(1))?,
            None => 0,
        };
        // At speed 1 the division is exact for times below 2⁵³ ns (104 days); rounding is
        // monotonic, so rows stay in order at any speed.
        let at_ns = (start_ns.checked_add(row.at.0)? as f64 / speed).round();
        (at_ns < SimTime::MAX.0 as f64).then_some(SimTime(at_ns as u64))
    };
    loop {
        let Some(row) = trace.get(cursor.next) else {
            // The end of a pass: played once, the trace is over.
            repeat_every?;
            cursor.pass = cursor.pass.checked_add(1)?;
            cursor.next = 0;
            continue;
        };
        let at = when(cursor.pass, row)?;
        if at >= now {
            cursor.current = Some(cursor.next);
            cursor.next += 1;
            return Some(at);
        }
        // Rows are in time order: jump over this pass's rows due before `now` at once.
        let pass = cursor.pass;
        let skipped = trace[cursor.next..].partition_point(|r| when(pass, r).is_some_and(|t| t < now));
        cursor.next += skipped.max(1);
    }
}

/// The gap sampler of a renewal process, or the think time of a finite population (`None`
/// for every other kind).
fn renewal_gap(spec: &Arrivals) -> Option<DurationSampler> {
    match spec {
        Arrivals::Renewal { gap } | Arrivals::FinitePopulation { think: gap, .. } => Some(DurationSampler::new(gap)),
        _ => None,
    }
}

/// The next event of a Poisson process of rate `per_second` that runs only in the first
/// `on` of every `on + off` period, strictly after `now`.
///
/// One draw of the on-time until the next event, Exp(rate), laid out over the on-phases
/// from `now`: exact by memorylessness, and constant work however short the phases or low
/// the rate (searching phase by phase took one draw per on-phase, forever with a 1 ns
/// phase too short for any gap).
fn bursty_next(now: SimTime, per_second: f64, on: SimDuration, off: SimDuration, rng: &mut Stream) -> Option<SimTime> {
    let period = on.0.saturating_add(off.0);
    if per_second <= 0.0 || per_second.is_nan() || on.0 == 0 {
        return None;
    }
    // At least 1 ns, so every event moves time forward.
    let x: f64 = Exp1.sample(rng);
    let mut needed = SimDuration::from_secs_f64(x / per_second).0.max(1);
    let mut phase_start = now.0 / period * period;
    let mut from = now.0;
    if from - phase_start >= on.0 {
        // Silent phase: the clock restarts at the next on-phase.
        phase_start = phase_start.checked_add(period)?;
        from = phase_start;
    }
    let left_in_phase = phase_start.saturating_add(on.0) - from;
    if needed < left_in_phase {
        return Some(SimTime(from + needed));
    }
    needed -= left_in_phase;
    let whole_phases = needed / on.0;
    let into_phase = needed % on.0;
    let at = phase_start.checked_add(whole_phases.checked_add(1)?.checked_mul(period)?)?.checked_add(into_phase)?;
    Some(SimTime(at))
}

/// The long-run rate of a Markov-modulated Poisson process, Σ πᵢλᵢ: the chain cycles
/// through its states, so the share of time in state i is πᵢ = mᵢ / Σ mⱼ (mᵢ its mean
/// stay; the renewal-reward theorem over one cycle).
pub fn modulated_mean_rate(states: &[ModulatedState]) -> f64 {
    let cycle_s: f64 = states.iter().map(|s| s.mean_stay.as_secs_f64()).sum();
    if cycle_s <= 0.0 {
        return 0.0;
    }
    states.iter().map(|s| s.per_second * s.mean_stay.as_secs_f64()).sum::<f64>() / cycle_s
}

/// Mean cycles of the modulating chain after which a chain nobody looked at (a source
/// blocked for long) is restarted from its long-run shares instead of being walked state
/// by state: after a thousand cycles of at most `MAX_MODULATED_STATES` states the chain's
/// position has forgotten where it was (the spread of the number of stays, ~√(1000·n),
/// is far wider than n), and the walk stays bounded in work.
const CHAIN_FORGETS_AFTER_CYCLES: u64 = 1000;

/// A state drawn from the chain's long-run shares (πᵢ ∝ mean stay) entered at `at`, with
/// an exponential stay from `at` (by memorylessness, the remaining stay of a chain found
/// in that state): the stationary start.
fn chain_start(states: &[ModulatedState], at: SimTime, rng: &mut Stream) -> ChainState {
    let cycle_ns: f64 = states.iter().map(|s| s.mean_stay.0 as f64).sum();
    let mut u = rng.random::<f64>() * cycle_ns;
    let mut state = states.len() - 1;
    for (i, s) in states.iter().enumerate() {
        if u < s.mean_stay.0 as f64 {
            state = i;
            break;
        }
        u -= s.mean_stay.0 as f64;
    }
    ChainState { state, leaves_at: at + chain_stay(states[state], rng) }
}

/// One exponential stay of mean `state.mean_stay`, at least 1 ns so the chain moves on.
fn chain_stay(state: ModulatedState, rng: &mut Stream) -> SimDuration {
    let x: f64 = Exp1.sample(rng);
    SimDuration(SimDuration::from_secs_f64(x * state.mean_stay.as_secs_f64()).0.max(1))
}

/// The next event of a Markov-modulated Poisson process strictly after `now`. The chain
/// is first walked up to `now` (its stays drawn from `chain_rng`); then a gap at the
/// current state's rate (from `rng`) is kept if it ends before the state does, and
/// otherwise the clock restarts where the state changes: exact by memorylessness, as for
/// `Steps`. `None` when no state has a positive rate.
fn modulated_next(
    states: &[ModulatedState],
    chain: &mut Option<ChainState>,
    chain_rng: &mut Stream,
    now: SimTime,
    rng: &mut Stream,
) -> Option<SimTime> {
    if !states.iter().any(|s| s.per_second > 0.0 && s.mean_stay.0 > 0) {
        return None;
    }
    let cycle_ns = states.iter().map(|s| s.mean_stay.0).fold(0u64, u64::saturating_add);
    let forgets_after = cycle_ns.saturating_mul(CHAIN_FORGETS_AFTER_CYCLES);
    let mut current = match *chain {
        Some(c) if now.0.saturating_sub(c.leaves_at.0) <= forgets_after => c,
        _ => chain_start(states, now, chain_rng),
    };
    let mut t = now;
    loop {
        while current.leaves_at <= t {
            let next = (current.state + 1) % states.len();
            current = ChainState { state: next, leaves_at: current.leaves_at + chain_stay(states[next], chain_rng) };
        }
        *chain = Some(current);
        match exponential_gap(t, states[current.state].per_second, rng) {
            Some(at) if at < current.leaves_at => return Some(at),
            // At the end of representable time there is no next event.
            _ if current.leaves_at == SimTime::MAX => return None,
            _ => t = current.leaves_at,
        }
    }
}

/// now + Exp(rate), never equal to `now` (so every event moves time forward), or
/// `None` when the rate is zero.
fn exponential_gap(now: SimTime, per_second: f64, rng: &mut Stream) -> Option<SimTime> {
    if per_second <= 0.0 || per_second.is_nan() {
        return None;
    }
    let x: f64 = Exp1.sample(rng);
    Some(SimTime(now.0.saturating_add(SimDuration::from_secs_f64(x / per_second).0.max(1))))
}

/// Draws a producer's batch sizes: a fixed size with no draw, or one uniform draw against
/// the cumulative weights.
#[derive(Clone, Debug)]
pub enum BatchSampler {
    Fixed(u32),
    Weighted {
        /// Cumulative weights, normalised so the last is 1.
        cumulative: Vec<f64>,
        sizes: Vec<u32>,
    },
}

impl BatchSampler {
    pub fn new(batch: &Batch) -> BatchSampler {
        match batch {
            Batch::Fixed(k) => BatchSampler::Fixed(*k),
            Batch::Weighted(sizes) => {
                let total: f64 = sizes.iter().map(|s| s.weight).sum();
                if sizes.is_empty() || total.is_nan() || total <= 0.0 {
                    // Only an unvalidated spec gets here.
                    return BatchSampler::Fixed(1);
                }
                let mut sum = 0.0;
                let cumulative = sizes
                    .iter()
                    .map(|s| {
                        sum += s.weight;
                        sum / total
                    })
                    .collect();
                BatchSampler::Weighted { cumulative, sizes: sizes.iter().map(|s| s.size).collect() }
            }
        }
    }

    /// The size of the next batch.
    #[inline]
    pub fn sample(&self, rng: &mut Stream) -> u32 {
        match self {
            BatchSampler::Fixed(k) => *k,
            BatchSampler::Weighted { cumulative, sizes } => {
                let u = rng.random::<f64>();
                let k = cumulative.partition_point(|&c| c <= u).min(sizes.len() - 1);
                sizes[k]
            }
        }
    }
}

/// Draws message keys (0-based key numbers).
#[derive(Clone, Debug)]
pub enum KeySampler {
    Uniform { keys: u32 },
    Zipf(Zipf<f64>),
}

impl KeySampler {
    pub fn new(keys: &Keys) -> KeySampler {
        match *keys {
            Keys::Uniform { keys } => KeySampler::Uniform { keys: keys.max(1) },
            Keys::Zipf { keys, exponent } => match Zipf::new(f64::from(keys.max(1)), exponent.max(1e-9)) {
                Ok(z) => KeySampler::Zipf(z),
                Err(_) => KeySampler::Uniform { keys: keys.max(1) },
            },
        }
    }

    /// One key.
    pub fn sample(&self, rng: &mut Stream) -> u32 {
        match self {
            KeySampler::Uniform { keys } => rng.random_range(0..*keys),
            KeySampler::Zipf(z) => KeySampler::zipf_key(z, rng),
        }
    }

    // Out of line: inlined, the Zipf sampler's registers were saved on every uniform draw.
    #[inline(never)]
    fn zipf_key(z: &Zipf<f64>, rng: &mut Stream) -> u32 {
        // Zipf yields 1..=n with 1 the hottest.
        (z.sample(rng) as u32).saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::stream;
    use crate::scenario::Step;

    fn mean_of(sampler: &DurationSampler, n: usize) -> f64 {
        let mut rng = stream(1, "test");
        (0..n).map(|_| sampler.sample(&mut rng).as_secs_f64()).sum::<f64>() / n as f64
    }

    #[test]
    fn exponential_mean_matches() {
        // Standard error of the mean of 200k exponential draws is mean/sqrt(200k) ≈ 0.22 %.
        let s = DurationSampler::new(&Distribution::Exponential(SimDuration::from_millis(10)));
        let m = mean_of(&s, 200_000);
        assert!((m - 0.010).abs() < 0.010 * 0.01, "mean {m}");
    }

    #[test]
    fn lognormal_median_and_p99_match_their_parameters() {
        let s = DurationSampler::new(&Distribution::LogNormal {
            median: SimDuration::from_millis(40),
            p99: SimDuration::from_millis(400),
        });
        let mut rng = stream(2, "test");
        let mut xs: Vec<u64> = (0..200_000).map(|_| s.sample(&mut rng).0).collect();
        xs.sort_unstable();
        let median_ms = xs[100_000] as f64 / 1e6;
        let p99_ms = xs[198_000] as f64 / 1e6;
        assert!((median_ms - 40.0).abs() < 1.0, "median {median_ms}");
        assert!((p99_ms - 400.0).abs() < 20.0, "p99 {p99_ms}");
    }

    #[test]
    fn uniform_stays_in_bounds_and_centres() {
        let s = DurationSampler::new(&Distribution::Uniform {
            min: SimDuration::from_millis(2),
            max: SimDuration::from_millis(4),
        });
        let mut rng = stream(3, "test");
        for _ in 0..10_000 {
            let d = s.sample(&mut rng);
            assert!((2_000_000..=4_000_000).contains(&d.0));
        }
        assert!((mean_of(&s, 100_000) - 0.003).abs() < 0.00002);
    }

    /// Sample mean and SCV of 400 000 draws against the distribution's own (see
    /// `scenario::distribution`, worked by hand there). The standard error of the mean is
    /// √(SCV/400 000) of it: at most 0.23 % here (gamma 0.5, Weibull 0.7). That of the
    /// sample variance follows from the fourth moment: at most 1.2 % of it (the Pareto;
    /// 0.75 % for Weibull 0.7). So ±1.5 % on the mean and ±6 % on the SCV are both ≥ 5σ.
    /// The hyperexponential 0.9 × Exp(1 ms) + 0.1 × Exp(10 ms) (SCV 5.04) is the burstiest:
    /// √(5.04/400 000) = 0.35 % on the mean (4.3σ); its E[X⁴] = 24·(0.9 + 0.1·10⁴) ms⁴
    /// = 24 022 ms⁴ puts the sample variance's standard error at √(24 022/400 000) ≈ 0.245
    /// ms² of 18.19 ms², 1.35 % (4.4σ).
    #[test]
    fn shaped_distributions_draw_their_mean_and_variability() {
        let ms = SimDuration::from_millis;
        let branch = |p: f64, mean_ms: u64| crate::scenario::Branch { p, mean: ms(mean_ms) };
        for (k, spec) in [
            Distribution::Gamma { shape: 0.5, mean: ms(8) },
            Distribution::Gamma { shape: 3.0, mean: ms(8) },
            Distribution::Erlang { k: 4, mean: ms(10) },
            Distribution::Weibull { shape: 0.7, mean: ms(10) },
            Distribution::Weibull { shape: 2.0, mean: ms(10) },
            Distribution::Pareto { shape: 2.5, min: ms(1), max: ms(20) },
            Distribution::Hyperexponential { branches: vec![branch(0.9, 1), branch(0.1, 10)] },
            Distribution::Empirical { values: [1, 2, 3, 6].map(ms).into(), csv: None },
        ]
        .into_iter()
        .enumerate()
        {
            let sampler = DurationSampler::new(&spec);
            let mut rng = stream(20 + k as u64, "shaped");
            let n = 400_000;
            let xs: Vec<f64> = (0..n).map(|_| sampler.sample(&mut rng).as_secs_f64()).collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let variance = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
            let scv = variance / (mean * mean);
            assert!((mean / spec.mean_s() - 1.0).abs() < 0.015, "{spec:?}: mean {mean} vs {}", spec.mean_s());
            assert!((scv / spec.scv() - 1.0).abs() < 0.06, "{spec:?}: SCV {scv} vs {}", spec.scv());
            assert!((sampler.mean().as_secs_f64() / spec.mean_s() - 1.0).abs() < 1e-6, "{spec:?}");
        }
    }

    /// Each of four values drawn 100 000 times in 400 000: a binomial count with sd
    /// √(400 000 · 1/4 · 3/4) ≈ 274, so ±1 400 is over 5σ; nothing else is ever drawn.
    #[test]
    fn an_empirical_distribution_draws_only_its_values_equally_often() {
        let ms = SimDuration::from_millis;
        let values = [ms(1), ms(2), ms(3), ms(6)];
        let sampler = DurationSampler::new(&Distribution::Empirical { values: values.into(), csv: None });
        let mut rng = stream(8, "empirical");
        let mut counts = [0u32; 4];
        for _ in 0..400_000 {
            let d = sampler.sample(&mut rng);
            let at = values.iter().position(|v| *v == d).unwrap_or_else(|| panic!("{d} is not a listed value"));
            counts[at] += 1;
        }
        assert!(counts.iter().all(|&n| n.abs_diff(100_000) < 1_400), "{counts:?}");
    }

    #[test]
    fn a_bounded_pareto_stays_in_its_bounds() {
        let ms = SimDuration::from_millis;
        let sampler = DurationSampler::new(&Distribution::Pareto { shape: 1.2, min: ms(2), max: ms(50) });
        let mut rng = stream(7, "pareto");
        for _ in 0..100_000 {
            let d = sampler.sample(&mut rng);
            assert!((ms(2).0 - 1..=ms(50).0 + 1).contains(&d.0), "{d}");
        }
    }

    fn count_arrivals(spec: Arrivals, until_s: f64) -> usize {
        let mut p = ArrivalProcess::new(spec);
        let mut rng = stream(4, "arrivals");
        let end = SimTime::from_secs_f64(until_s);
        let mut t = SimTime::ZERO;
        let mut n = 0;
        while let Some(next) = p.next_after(t, &mut rng) {
            if next > end {
                break;
            }
            t = next;
            n += 1;
        }
        n
    }

    #[test]
    fn constant_arrivals_are_exact() {
        assert_eq!(count_arrivals(Arrivals::Constant { per_second: 3.0 }, 10.0), 30);
    }

    #[test]
    fn poisson_count_is_within_three_sigma() {
        // N ~ Poisson(100 000): sigma ≈ 316.
        let n = count_arrivals(Arrivals::Poisson { per_second: 1000.0 }, 100.0) as f64;
        assert!((n - 100_000.0).abs() < 3.0 * 316.0, "{n}");
    }

    #[test]
    fn bursty_is_silent_when_off() {
        let spec =
            Arrivals::Bursty { per_second: 1000.0, on: SimDuration::from_secs(1), off: SimDuration::from_secs(3) };
        let mut p = ArrivalProcess::new(spec);
        let mut rng = stream(5, "b");
        let mut t = SimTime::ZERO;
        let mut n = 0;
        while let Some(next) = p.next_after(t, &mut rng) {
            if next > SimTime::from_secs_f64(400.0) {
                break;
            }
            assert!(next.0 % 4_000_000_000 < 1_000_000_000, "arrival in the off phase at {next}");
            t = next;
            n += 1;
        }
        // Expect 1000/s × 1 s on × 100 periods = 100 000 ± 3·316.
        assert!((n as f64 - 100_000.0).abs() < 950.0, "{n}");
    }

    #[test]
    fn steps_and_ramp_have_the_expected_counts() {
        let steps = Arrivals::Steps(vec![
            Step { at: SimDuration::from_secs(10), per_second: 100.0 },
            Step { at: SimDuration::from_secs(60), per_second: 0.0 },
        ]);
        // 50 s at 100/s = 5000 ± 3·71; nothing before 10 s or after 60 s.
        let n = count_arrivals(steps, 1000.0) as f64;
        assert!((n - 5000.0).abs() < 213.0, "{n}");
        // Ramp 0 → 200/s over 100 s: mean count 10 000 (area of the triangle), then 200/s.
        let ramp = Arrivals::Ramp { from_per_second: 0.0, to_per_second: 200.0, over: SimDuration::from_secs(100) };
        let n = count_arrivals(ramp, 100.0) as f64;
        assert!((n - 10_000.0).abs() < 300.0, "{n}");
    }

    #[test]
    fn renewal_arrivals_draw_their_gaps() {
        let ms = SimDuration::from_millis;
        // Constant 10 ms gaps from time zero: events at 10, 20, ..., 10 000 ms.
        assert_eq!(count_arrivals(Arrivals::Renewal { gap: Distribution::Constant(ms(10)) }, 10.0), 1000);
        // Erlang-4 gaps of mean 1 ms over 100 s: 100 000 events; a renewal count has variance
        // ≈ n·SCV = 25 000 (sd 158), so ±800 is over 5σ.
        let erlang = Arrivals::Renewal { gap: Distribution::Erlang { k: 4, mean: ms(1) } };
        let n = count_arrivals(erlang.clone(), 100.0) as f64;
        assert!((n - 100_000.0).abs() < 800.0, "{n}");
        assert_eq!(ArrivalProcess::new(erlang).mean_rate_per_second(), 1000.0);
    }

    /// Rows at one instant are all played; after a pause (a block) the rows due meanwhile
    /// are skipped; a repeating trace plays pass n at n · repeat_every; `replayed` is the
    /// row of the arrival just scheduled.
    #[test]
    fn a_replay_plays_its_rows_in_order_and_skips_those_it_missed() {
        let ms = SimDuration::from_millis;
        let row = |at: u64, key: Option<u32>| TraceRow { at: ms(at), key, event: None };
        let trace: Arc<[TraceRow]> = [row(0, Some(9)), row(0, None), row(5, None), row(8, Some(3))].into();
        let spec = Arrivals::Replay { trace, csv: None, speed: 1.0, repeat_every: Some(ms(10)) };
        let mut p = ArrivalProcess::new(spec);
        let mut rng = stream(9, "replay");
        let t = |at_ms: u64| SimTime(ms(at_ms).0);
        assert_eq!(p.next_after(t(0), &mut rng), Some(t(0)));
        assert_eq!(p.replayed().and_then(|r| r.key), Some(9));
        assert_eq!(p.next_after(t(0), &mut rng), Some(t(0)));
        assert_eq!(p.replayed().map(|r| r.key), Some(None));
        // Blocked from 0 ms to 6 ms: the row at 5 ms is skipped.
        assert_eq!(p.next_after(t(6), &mut rng), Some(t(8)));
        assert_eq!(p.replayed().and_then(|r| r.key), Some(3));
        // The second pass, 10 ms later.
        let next: Vec<_> = (0..4).map_while(|_| p.next_after(t(8), &mut rng)).collect();
        assert_eq!(next, [t(10), t(10), t(15), t(18)]);
    }

    #[test]
    fn sine_averages_to_its_mean() {
        let sine =
            Arrivals::Sine { mean_per_second: 100.0, amplitude_per_second: 80.0, period: SimDuration::from_secs(60) };
        // Ten whole periods: 100/s × 600 s = 60 000 ± 3·245.
        let n = count_arrivals(sine, 600.0) as f64;
        assert!((n - 60_000.0).abs() < 735.0, "{n}");
    }

    /// Counts of a `Modulated` process in consecutive windows of `width_s` over `windows`
    /// windows, its chain seeded `seed` (the arrivals' stream is fixed).
    fn modulated_counts(states: &[ModulatedState], width_s: f64, windows: usize, seed: u64) -> Vec<u64> {
        let mut p = ArrivalProcess::new(Arrivals::Modulated { states: states.to_vec() });
        *p.chain_stream_mut() = stream(seed, "chain");
        let mut rng = stream(seed, "arrivals");
        let mut counts = vec![0u64; windows];
        let mut t = SimTime::ZERO;
        while let Some(next) = p.next_after(t, &mut rng) {
            let window = (next.as_secs_f64() / width_s) as usize;
            if window >= windows {
                break;
            }
            counts[window] += 1;
            t = next;
        }
        counts
    }

    fn mean_and_variance(xs: &[u64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<u64>() as f64 / n;
        let variance = xs.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (mean, variance)
    }

    /// The variance of a 2-state MMPP's count in a window of length t. The rate Λ(t) is a
    /// two-state Markov chain (leaving state i at rate rᵢ = 1/mean stayᵢ), so the count is
    /// a doubly stochastic Poisson (Cox) process: Var N(t) = E[∫Λ] + Var[∫Λ] = λ̄t +
    /// 2∫₀ᵗ(t − τ)·C(τ)dτ with C(τ) = π₁π₂(λ₁ − λ₂)²·e^(−(r₁+r₂)τ), which integrates to
    ///   Var N(t) = λ̄t + 2π₁π₂(λ₁ − λ₂)²/a · (t − (1 − e^(−at))/a),  a = r₁ + r₂,
    /// π₁ = r₂/a, λ̄ = π₁λ₁ + π₂λ₂ (Fischer & Meier-Hellstern, "The Markov-modulated Poisson
    /// process (MMPP) cookbook", Performance Evaluation 18, 1993, eq. for IDC(t); Heffes &
    /// Lucantoni 1986). Its index of dispersion Var/mean tends to 1 + 2π₁π₂(λ₁ − λ₂)²/(aλ̄).
    fn mmpp2_count_variance(l1: f64, m1: f64, l2: f64, m2: f64, t: f64) -> f64 {
        let (r1, r2) = (1.0 / m1, 1.0 / m2);
        let a = r1 + r2;
        let (p1, p2) = (r2 / a, r1 / a);
        let mean_rate = p1 * l1 + p2 * l2;
        mean_rate * t + 2.0 * p1 * p2 * (l1 - l2).powi(2) / a * (t - (1.0 - (-a * t).exp()) / a)
    }

    /// Random on/off: 100/s for a mean 1 s, silent for a mean 1 s. λ̄ = 50/s; in 4 s
    /// windows the count's mean is 200 and its variance by the formula above 200 +
    /// 2·¼·100²/2·(4 − (1 − e⁻⁸)/2) = 200 + 2500·3.50017 = 8950.4 (index of dispersion
    /// 44.8, against 1 for Poisson). 5000 windows (20 000 s, a million events); over
    /// seeds 1–20 the sample variance averaged 8920 (−0.3 %) with a standard deviation of
    /// 1.1 % of the formula's, the window mean 199.95 with 0.77 %: ±5 % and ±3.5 % are
    /// over 4σ. (A Poisson process of 50/s would have a variance of 200: far outside.)
    #[test]
    fn a_random_on_off_process_has_its_mean_rate_and_count_variance() {
        let ms = SimDuration::from_millis;
        let states = [
            ModulatedState { per_second: 100.0, mean_stay: ms(1000) },
            ModulatedState { per_second: 0.0, mean_stay: ms(1000) },
        ];
        let expected = mmpp2_count_variance(100.0, 1.0, 0.0, 1.0, 4.0);
        assert!((expected - 8950.4).abs() < 0.1, "{expected}");
        assert_eq!(modulated_mean_rate(&states), 50.0);
        let (mean, variance) = mean_and_variance(&modulated_counts(&states, 4.0, 5000, 1));
        assert!((mean - 200.0).abs() / 200.0 < 0.035, "mean {mean}");
        assert!((variance - expected).abs() / expected < 0.05, "variance {variance} vs {expected}");
    }

    /// Three states cycling (300/s for a mean 1 s, silent for 2 s, 60/s for 1 s): the
    /// long-run rate is Σ πᵢλᵢ with πᵢ ∝ mean stay, (300·1 + 0·2 + 60·1)/4 = 90/s, 900 per
    /// 10 s window. Over seeds 1–20 the mean of 2000 windows averaged 902.3 with a standard
    /// deviation of 0.87 %: ±4 % is over 4σ.
    #[test]
    fn a_three_state_cycle_has_its_long_run_rate() {
        let ms = SimDuration::from_millis;
        let states = [
            ModulatedState { per_second: 300.0, mean_stay: ms(1000) },
            ModulatedState { per_second: 0.0, mean_stay: ms(2000) },
            ModulatedState { per_second: 60.0, mean_stay: ms(1000) },
        ];
        assert_eq!(modulated_mean_rate(&states), 90.0);
        let (mean, _) = mean_and_variance(&modulated_counts(&states, 10.0, 2000, 1));
        assert!((mean - 900.0).abs() / 900.0 < 0.04, "mean per 10 s {mean}");
    }

    #[test]
    fn zipf_prefers_low_keys() {
        let k = KeySampler::new(&Keys::Zipf { keys: 1000, exponent: 1.1 });
        let mut rng = stream(6, "k");
        let draws: Vec<u32> = (0..100_000).map(|_| k.sample(&mut rng)).collect();
        assert!(draws.iter().all(|&x| x < 1000));
        let hottest = draws.iter().filter(|&&x| x == 0).count();
        let tenth = draws.iter().filter(|&&x| x == 9).count();
        // Weights 1 and 10^-1.1 ≈ 0.079: the hottest key is ~12.6× as frequent.
        let ratio = hottest as f64 / tenth as f64;
        assert!((10.0..16.0).contains(&ratio), "{ratio}");
    }
}
