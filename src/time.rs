//! Virtual time: integer nanoseconds, shared by the scenario format and the engine.
//!
//! Two newtypes keep instants and spans apart (`SimTime - SimTime = SimDuration`),
//! and neither is ever built from the wall clock.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// An instant in virtual time, in nanoseconds since the start of the run.
/// Serialised as its integer nanoseconds (exact in saved sessions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SimTime(pub u64);

/// A span of virtual time, in nanoseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimDuration(pub u64);

const NS_PER_S: f64 = 1e9;

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);
    pub const MAX: SimTime = SimTime(u64::MAX);

    pub fn from_secs_f64(s: f64) -> SimTime {
        SimTime(SimDuration::from_secs_f64(s).0)
    }
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / NS_PER_S
    }
    /// Time elapsed since `earlier`, or zero if `earlier` is later.
    pub fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
    /// The first multiple of `period` after this instant (a period of zero counts as 1 ns),
    /// where a timer on a fixed grid from time zero fires next: probes, polls.
    pub fn next_multiple_of(self, period: SimDuration) -> SimTime {
        let period = period.0.max(1);
        SimTime((self.0 / period).saturating_add(1).saturating_mul(period))
    }
}

impl SimDuration {
    pub const ZERO: SimDuration = SimDuration(0);

    /// Zero long (serde's `skip_serializing_if` takes a reference).
    pub fn is_zero(&self) -> bool {
        self.0 == 0
    }

    pub const fn from_nanos(ns: u64) -> SimDuration {
        SimDuration(ns)
    }
    pub const fn from_millis(ms: u64) -> SimDuration {
        SimDuration(ms * 1_000_000)
    }
    pub const fn from_secs(s: u64) -> SimDuration {
        SimDuration(s * 1_000_000_000)
    }
    /// Rounds to the nearest nanosecond; negative or non-finite inputs saturate.
    pub fn from_secs_f64(s: f64) -> SimDuration {
        if s.is_nan() || s <= 0.0 {
            SimDuration(0)
        } else if s * NS_PER_S >= u64::MAX as f64 {
            SimDuration(u64::MAX)
        } else {
            // Positive here, so adding ½ and truncating rounds to nearest; `f64::round`
            // is a libm call that showed up at 2 % of the engine's profile.
            SimDuration((s * NS_PER_S + 0.5) as u64)
        }
    }
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / NS_PER_S
    }
    pub fn as_millis_f64(self) -> f64 {
        self.0 as f64 / 1e6
    }
    pub fn mul_f64(self, factor: f64) -> SimDuration {
        SimDuration::from_secs_f64(self.as_secs_f64() * factor)
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}
impl AddAssign<SimDuration> for SimTime {
    fn add_assign(&mut self, d: SimDuration) {
        *self = *self + d;
    }
}
impl Sub for SimTime {
    type Output = SimDuration;
    fn sub(self, earlier: SimTime) -> SimDuration {
        self.since(earlier)
    }
}
impl Add for SimDuration {
    type Output = SimDuration;
    fn add(self, d: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(d.0))
    }
}

/// Units accepted in duration strings, longest suffix first so "ms" wins over "m" and "s".
const UNITS: [(&str, f64); 8] =
    [("ns", 1.0), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9), ("d", 86400e9)];

/// Why a duration string could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DurationError {
    #[error("invalid duration `{0}`: expected a number followed by a unit (ns, us, ms, s, m, h, d), e.g. \"250ms\"")]
    Malformed(String),
    #[error("invalid duration `{0}`: durations cannot be negative")]
    Negative(String),
    #[error("invalid duration `{0}`: longer than the longest run faultline supports (about 584 years)")]
    TooLong(String),
}

impl std::str::FromStr for SimDuration {
    type Err = DurationError;

    /// Parses "250ms", "1.5s", "2m", "1h", "0s". Whitespace between number and unit is allowed.
    fn from_str(text: &str) -> Result<SimDuration, DurationError> {
        let trimmed = text.trim();
        let malformed = || DurationError::Malformed(text.to_string());
        // The unit is the trailing run of letters, so an exponent ("1e3s") stays in the number.
        let split = trimmed
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map(|(i, _)| i)
            .ok_or_else(malformed)?;
        let (number, unit) = trimmed.split_at(split);
        let unit = unit.trim();
        let scale = UNITS.iter().find(|(name, _)| *name == unit).map(|(_, scale)| *scale).ok_or_else(malformed)?;
        let value: f64 = number.trim().parse().map_err(|_| malformed())?;
        if !value.is_finite() {
            return Err(malformed());
        }
        if value < 0.0 {
            return Err(DurationError::Negative(text.to_string()));
        }
        let ns = value * scale;
        if ns >= u64::MAX as f64 {
            return Err(DurationError::TooLong(text.to_string()));
        }
        Ok(SimDuration(ns.round() as u64))
    }
}

impl fmt::Display for SimDuration {
    /// The shortest exact form in the scenario syntax where one exists ("250ms", "2m"),
    /// otherwise seconds with enough decimals; parsing it back gives the same value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ns = self.0;
        for (unit, scale) in [
            ("d", 86_400_000_000_000u64),
            ("h", 3_600_000_000_000),
            ("m", 60_000_000_000),
            ("s", 1_000_000_000),
            ("ms", 1_000_000),
            ("us", 1_000),
        ] {
            if ns >= scale && ns.is_multiple_of(scale) {
                return write!(f, "{}{unit}", ns / scale);
            }
        }
        if ns == 0 {
            return write!(f, "0s");
        }
        if ns < 1_000 {
            return write!(f, "{ns}ns");
        }
        write!(f, "{}s", self.as_secs_f64())
    }
}

impl fmt::Display for SimTime {
    /// Clock form for the UI and the log: `h:mm:ss.mmm`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total_ms = self.0 / 1_000_000;
        let (h, rem) = (total_ms / 3_600_000, total_ms % 3_600_000);
        let (m, rem) = (rem / 60_000, rem % 60_000);
        write!(f, "{h}:{m:02}:{:02}.{:03}", rem / 1000, rem % 1000)
    }
}

impl Serialize for SimDuration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SimDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SimDuration, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// How fast virtual time runs against the wall clock when it is paced (the dashboard's
/// playback speed; `faultline FILE --speed X`). Headless runs are not paced.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Speed {
    /// Virtual seconds per wall second.
    Times(f64),
    /// As fast as the engine can go (bounded compute slices keep the UI responsive).
    Max,
}

impl Speed {
    /// The slowest and fastest paced speeds.
    pub const SLOWEST: f64 = 0.1;
    pub const FASTEST: f64 = 1000.0;

    /// The choices offered by the speed menu and the +/- keys.
    pub const STEPS: [Speed; 14] = [
        Speed::Times(0.1),
        Speed::Times(0.25),
        Speed::Times(0.5),
        Speed::Times(1.0),
        Speed::Times(2.0),
        Speed::Times(5.0),
        Speed::Times(10.0),
        Speed::Times(20.0),
        Speed::Times(50.0),
        Speed::Times(100.0),
        Speed::Times(200.0),
        Speed::Times(500.0),
        Speed::Times(1000.0),
        Speed::Max,
    ];

    /// The next step up (`up`) or down the ladder, staying at the ends.
    pub fn step(self, up: bool) -> Speed {
        let i = Speed::STEPS.iter().position(|s| *s == self).unwrap_or(3);
        let j = if up { (i + 1).min(Speed::STEPS.len() - 1) } else { i.saturating_sub(1) };
        Speed::STEPS[j]
    }
}

/// A speed factor as it is written: `×2`, `×0.5`, `×1000`.
pub fn factor(x: f64) -> String {
    if x >= 10.0 || x.fract() == 0.0 { format!("×{x:.0}") } else { format!("×{x:.1}") }
}

impl fmt::Display for Speed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Speed::Times(x) => f.write_str(&factor(*x)),
            Speed::Max => f.write_str("max"),
        }
    }
}

/// Why a speed was not understood.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SpeedError {
    #[error("`{0}` is not a number or \"max\"")]
    NotANumber(String),
    #[error("{0} is outside {low} to {high} (or \"max\")", low = Speed::SLOWEST, high = Speed::FASTEST)]
    OutOfRange(f64),
}

/// `2`, `0.5x`, `10×` or `max`, within [`Speed::SLOWEST`] to [`Speed::FASTEST`].
impl std::str::FromStr for Speed {
    type Err = SpeedError;

    fn from_str(text: &str) -> Result<Speed, SpeedError> {
        if text.eq_ignore_ascii_case("max") {
            return Ok(Speed::Max);
        }
        let times: f64 =
            text.trim_end_matches(['x', '×']).parse().map_err(|_| SpeedError::NotANumber(text.to_string()))?;
        if (Speed::SLOWEST..=Speed::FASTEST).contains(&times) {
            Ok(Speed::Times(times))
        } else {
            Err(SpeedError::OutOfRange(times))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_read_and_write_as_people_type_them() {
        assert_eq!("2".parse::<Speed>(), Ok(Speed::Times(2.0)));
        assert_eq!("0.5x".parse::<Speed>(), Ok(Speed::Times(0.5)));
        assert_eq!("1000×".parse::<Speed>(), Ok(Speed::Times(1000.0)));
        assert_eq!("MAX".parse::<Speed>(), Ok(Speed::Max));
        assert_eq!("fast".parse::<Speed>().map_err(|e| e.to_string()), Err("`fast` is not a number or \"max\"".into()));
        assert_eq!(
            "0.05".parse::<Speed>().map_err(|e| e.to_string()),
            Err("0.05 is outside 0.1 to 1000 (or \"max\")".into())
        );
        assert_eq!(Speed::Times(0.5).to_string(), "×0.5");
        assert_eq!(Speed::Times(250.0).to_string(), "×250");
        assert_eq!(Speed::Max.to_string(), "max");
        assert_eq!(Speed::Times(1.0).step(true), Speed::Times(2.0));
        assert_eq!(Speed::Max.step(true), Speed::Max);
    }

    #[test]
    fn parses_every_unit() {
        let cases = [
            ("250ms", 250_000_000),
            ("1.5s", 1_500_000_000),
            ("2m", 120_000_000_000),
            ("1h", 3_600_000_000_000),
            ("1d", 86_400_000_000_000),
            ("10us", 10_000),
            ("7ns", 7),
            ("0s", 0),
            (" 3 s ", 3_000_000_000),
        ];
        for (text, ns) in cases {
            assert_eq!(text.parse::<SimDuration>(), Ok(SimDuration(ns)), "{text}");
        }
    }

    #[test]
    fn rejects_bad_durations_with_reasons() {
        assert!(matches!("10".parse::<SimDuration>(), Err(DurationError::Malformed(_))));
        assert!(matches!("fast".parse::<SimDuration>(), Err(DurationError::Malformed(_))));
        assert!(matches!("5 parsecs".parse::<SimDuration>(), Err(DurationError::Malformed(_))));
        assert!(matches!("-1s".parse::<SimDuration>(), Err(DurationError::Negative(_))));
        assert!(matches!("1e30s".parse::<SimDuration>(), Err(DurationError::TooLong(_))));
        assert!(matches!("NaNs".parse::<SimDuration>(), Err(DurationError::Malformed(_))));
        assert!(matches!("".parse::<SimDuration>(), Err(DurationError::Malformed(_))));
    }

    #[test]
    fn display_round_trips() {
        for ns in [0, 7, 1_500, 250_000_000, 1_500_000_000, 120_000_000_000, 86_400_000_000_000, 123_456_789] {
            let d = SimDuration(ns);
            assert_eq!(d.to_string().parse::<SimDuration>(), Ok(d), "{d}");
        }
    }

    #[test]
    fn clock_format() {
        assert_eq!(SimTime(3_723_456_000_000).to_string(), "1:02:03.456");
    }
}
