//! Min/max decimation: at most two points per pixel column, so a 24-hour run draws as
//! fast as a one-minute run and a one-sample spike is never averaged away. Shared by the
//! dashboard's plots and the exported reports' charts.
//!
//! Each column's bucket keeps its lowest and highest point, in time order, which is what
//! the eye would see if every point were drawn (the "min-max" downsampler of plotting
//! libraries such as plotly-resampler).

/// Reduces `points` (time-ordered `(t, v)`) to at most two per column over `[x0, x1]`
/// split into `columns` equal buckets. Points outside the range (the neighbours that
/// let a line reach the edges) are kept as they are.
pub fn min_max(points: &[(f64, f32)], x0: f64, x1: f64, columns: usize) -> Vec<[f64; 2]> {
    let columns = columns.max(1);
    if points.len() <= 2 * columns || x1.partial_cmp(&x0) != Some(std::cmp::Ordering::Greater) {
        return points.iter().map(|(t, v)| [*t, f64::from(*v)]).collect();
    }
    let width = (x1 - x0) / columns as f64;
    let bucket_of = |t: f64| (((t - x0) / width) as usize).min(columns - 1);
    let mut out = Vec::with_capacity(2 * columns + 2);
    let mut i = 0;
    while i < points.len() {
        let (t, v) = points[i];
        if t < x0 || t > x1 {
            out.push([t, f64::from(v)]);
            i += 1;
            continue;
        }
        let bucket = bucket_of(t);
        let (mut lo, mut hi) = (i, i);
        let mut j = i + 1;
        while j < points.len() && points[j].0 >= x0 && points[j].0 <= x1 && bucket_of(points[j].0) == bucket {
            if points[j].1 < points[lo].1 {
                lo = j;
            }
            if points[j].1 > points[hi].1 {
                hi = j;
            }
            j += 1;
        }
        let (first, second) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        out.push([points[first].0, f64::from(points[first].1)]);
        if second != first {
            out.push([points[second].0, f64::from(points[second].1)]);
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(n: usize, f: impl Fn(usize) -> f32) -> Vec<(f64, f32)> {
        (0..n).map(|i| (i as f64, f(i))).collect()
    }

    #[test]
    fn few_points_pass_through_untouched() {
        let pts = series(10, |i| i as f32);
        let out = min_max(&pts, 0.0, 9.0, 100);
        assert_eq!(out.len(), 10);
        assert_eq!(out[3], [3.0, 3.0]);
    }

    #[test]
    fn at_most_two_points_per_column() {
        let pts = series(100_000, |i| ((i * 7919) % 1000) as f32);
        let out = min_max(&pts, 0.0, 99_999.0, 800);
        assert!(out.len() <= 1600, "{}", out.len());
        assert!(out.len() >= 800);
        assert!(out.windows(2).all(|w| w[0][0] < w[1][0]), "time order kept");
    }

    #[test]
    fn a_single_spike_survives() {
        let pts = series(86_400, |i| if i == 51_234 { 500.0 } else { 1.0 });
        let out = min_max(&pts, 0.0, 86_399.0, 300);
        assert!(out.contains(&[51_234.0, 500.0]));
        let max = out.iter().map(|p| p[1]).fold(f64::MIN, f64::max);
        assert_eq!(max, 500.0);
    }

    #[test]
    fn each_bucket_keeps_its_min_and_max_in_time_order() {
        // 4 buckets of 25 points over [0, 100): values fall then rise inside bucket 0.
        let pts = series(100, |i| match i {
            3 => 9.0,
            17 => -4.0,
            _ => 0.0,
        });
        let out = min_max(&pts, 0.0, 100.0, 4);
        assert_eq!(&out[..2], &[[3.0, 9.0], [17.0, -4.0]]);
        assert!(out.len() <= 8);
    }

    #[test]
    fn neighbours_outside_the_range_are_kept() {
        let mut pts = vec![(-5.0, 7.0)];
        pts.extend(series(1000, |i| i as f32));
        pts.push((2000.0, 3.0));
        let out = min_max(&pts, 0.0, 999.0, 10);
        assert_eq!(out.first(), Some(&[-5.0, 7.0]));
        assert_eq!(out.last(), Some(&[2000.0, 3.0]));
        assert!(out.len() <= 22);
    }
}
