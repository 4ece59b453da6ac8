//! Number and time formatting for labels: short, unit-bearing, readable at a distance.

use crate::time::SimTime;

/// `12345` → `"12,345"`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Compact count for tight spots: `950`, `12.3k`, `4.56M`.
pub fn compact(x: f64) -> String {
    let a = x.abs();
    if !x.is_finite() {
        "–".into()
    } else if a >= 1e9 {
        format!("{:.2}G", x / 1e9)
    } else if a >= 1e6 {
        format!("{:.2}M", x / 1e6)
    } else if a >= 1e4 {
        format!("{:.1}k", x / 1e3)
    } else if a >= 100.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// A rate per second: `"812/s"`, `"8.0k/s"`.
pub fn rate(per_s: f64) -> String {
    format!("{}/s", compact(per_s))
}

/// Milliseconds with sensible precision: `"0.42 ms"`, `"41 ms"`, `"2.3 s"`.
pub fn millis(ms: f64) -> String {
    if !ms.is_finite() {
        "–".into()
    } else if ms >= 10_000.0 {
        format!("{:.0} s", ms / 1000.0)
    } else if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

/// A span in seconds for humans: `"0.4 s"`, `"12 s"`, `"3 m 20 s"`, `"2 h 05 m"`.
pub fn span_s(s: f64) -> String {
    let s = s.max(0.0);
    if s < 10.0 {
        format!("{s:.1} s")
    } else if s < 60.0 {
        format!("{s:.0} s")
    } else if s < 3600.0 {
        format!("{} m {:02} s", (s / 60.0) as u64, (s % 60.0) as u64)
    } else {
        format!("{} h {:02} m", (s / 3600.0) as u64, ((s % 3600.0) / 60.0) as u64)
    }
}

/// The virtual clock: `"1:23.4"` under an hour, `"2:01:23"` beyond.
pub fn clock(t: SimTime) -> String {
    clock_s(t.as_secs_f64())
}

/// [`clock`] for seconds (plot axes).
pub fn clock_s(s: f64) -> String {
    let negative = s < 0.0;
    let s = s.abs();
    let text = if s < 3600.0 {
        let tenths = (s * 10.0).round() as u64;
        format!("{}:{:02}.{}", tenths / 600, (tenths / 10) % 60, tenths % 10)
    } else {
        let whole = s as u64;
        format!("{}:{:02}:{:02}", whole / 3600, (whole / 60) % 60, whole % 60)
    };
    if negative { format!("-{text}") } else { text }
}

/// A time-axis label: tenths only when the grid steps are finer than a second.
pub fn axis_clock_s(s: f64, step_s: f64) -> String {
    if step_s >= 1.0 && s.abs() < 3600.0 {
        let whole = s.abs().round() as u64;
        let sign = if s < -0.5 { "-" } else { "" };
        format!("{sign}{}:{:02}", whole / 60, whole % 60)
    } else {
        clock_s(s)
    }
}

/// Text from the engine or a scenario with the few symbols the bundled fonts lack
/// replaced by ones they have (egui would draw an empty box).
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    // (ᵢ and ⌈⌉, in lessons 10 and 12's formulas, are in no bundled font, the CJK
    // subset's source included.)
    const SWAPS: [(char, &str); 9] = [
        ('→', "➡"),
        ('←', "⬅"),
        ('↑', "⬆"),
        ('↓', "⬇"),
        ('≥', ">="),
        ('≤', "<="),
        ('ᵢ', "_i"),
        ('⌈', "ceil("),
        ('⌉', ")"),
    ];
    if !text.chars().any(|c| SWAPS.iter().any(|(from, _)| *from == c)) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match SWAPS.iter().find(|(from, _)| *from == c) {
            Some((_, to)) => out.push_str(to),
            None => out.push(c),
        }
    }
    out.into()
}

// A speed factor (`"×0.1"`, `"×1"`, `"×250"`) is written as `time::Speed` writes one.
pub use crate::time::factor;

/// A fraction as a percentage: `"4.2 %"`.
pub fn percent(fraction: f64) -> String {
    if fraction > 0.0 && fraction < 0.001 { "<0.1 %".into() } else { format!("{:.1} %", fraction * 100.0) }
}

/// A ledger reason in the user's language (the engine names it in English, as the JSON
/// report does): its message key is `reason-` and the English words joined by dashes.
pub fn reason(reason: crate::engine::ledger::Reason) -> String {
    crate::i18n::reason_words(reason.as_str())
}

/// A history series' label in the user's language: the component's name (as written in the
/// scenario) and the metric's words (`metric-FAMILY-STAT`); `english` where the metric
/// table does not know the key.
pub fn series_label(key: &str, english: &str) -> String {
    let Some(found) = crate::metric::find(key) else { return english.to_string() };
    let message = format!("metric-{}-{}", found.family.name, found.about.stat.replace('_', "-"));
    let words = crate::i18n::tr(&message);
    let words = if words == message { found.about.label.to_string() } else { words };
    match found.component {
        Some(name) => format!("{name} {words}"),
        None => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn clocks_read_naturally() {
        assert_eq!(clock_s(0.0), "0:00.0");
        assert_eq!(clock_s(83.44), "1:23.4");
        assert_eq!(clock_s(7283.0), "2:01:23");
        assert_eq!(clock(SimTime::from_secs_f64(59.96)), "1:00.0");
        assert_eq!(axis_clock_s(1220.0, 20.0), "20:20");
        assert_eq!(axis_clock_s(12.5, 0.5), "0:12.5");
    }

    #[test]
    fn arrows_become_symbols_the_fonts_have() {
        assert_eq!(printable("CLOSED \u{2192} OPEN"), "CLOSED ➡ OPEN");
        assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn compact_numbers() {
        assert_eq!(compact(950.0), "950");
        assert_eq!(compact(12_345.0), "12.3k");
        assert_eq!(compact(4_560_000.0), "4.56M");
        assert_eq!(rate(8000.0), "8000/s");
        assert_eq!(millis(2300.0), "2.30 s");
    }
}
