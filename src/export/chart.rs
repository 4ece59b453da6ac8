//! Line charts as SVG text (plotters' SVG backend), for reports that must stand alone.

use plotters::prelude::*;

/// The Okabe–Ito palette: distinguishable with every common colour-vision deficiency.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(240, 228, 66),  // yellow
];

/// One line of a chart.
pub struct Line<'a> {
    pub label: String,
    pub x: &'a [f64],
    pub y: &'a [f32],
    /// Drawn dashed-looking (thinner, lighter) to tell a second variant apart by more than hue.
    pub secondary: bool,
}

/// Columns a chart line is reduced to (two points each at most): an SVG of 8,000 points
/// per line is slow to open and no more informative.
const COLUMNS: usize = 400;

/// (x, y) reduced to at most two points per column, extremes kept (see `crate::decimate`).
pub fn downsample(x: &[f64], y: &[f32]) -> Vec<(f64, f64)> {
    let points: Vec<(f64, f32)> = x.iter().copied().zip(y.iter().copied()).collect();
    let (x0, x1) = match (points.first(), points.last()) {
        (Some(first), Some(last)) => (first.0, last.0),
        _ => return Vec::new(),
    };
    crate::decimate::min_max(&points, x0, x1, COLUMNS).into_iter().map(|[t, v]| (t, v)).collect()
}

/// An SVG line chart of `lines` over a shared time axis (seconds).
pub fn line_chart(title: &str, y_label: &str, lines: &[Line<'_>], size: (u32, u32)) -> String {
    let mut svg = String::new();
    let drawn = draw(&mut svg, title, y_label, lines, size);
    match drawn {
        Ok(()) => svg,
        // Drawing into a string cannot fail for I/O reasons; say so rather than panic.
        Err(e) => {
            let why = e.to_string();
            format!("<p>chart “{}” could not be drawn: {}</p>", super::table::html(title), super::table::html(&why))
        }
    }
}

/// What drawing into the SVG backend can fail with (its error type is `std::io::Error`).
type DrawError = plotters::drawing::DrawingAreaErrorKind<std::io::Error>;

fn draw(svg: &mut String, title: &str, y_label: &str, lines: &[Line<'_>], size: (u32, u32)) -> Result<(), DrawError> {
    let points: Vec<Vec<(f64, f64)>> = lines.iter().map(|l| downsample(l.x, l.y)).collect();
    let x_max = points.iter().flatten().map(|p| p.0).fold(0.0, f64::max).max(1e-9);
    let y_max = points.iter().flatten().map(|p| p.1).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let y_max = if y_max > 0.0 { y_max * 1.08 } else { 1.0 };
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(34)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
    chart
        .configure_mesh()
        .x_desc("virtual time (s)")
        .y_desc(y_label)
        .light_line_style(RGBColor(235, 235, 235))
        .draw()?;
    for (i, (line, pts)) in lines.iter().zip(points).enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let style = if line.secondary { colour.mix(0.6).stroke_width(1) } else { colour.stroke_width(2) };
        chart
            .draw_series(LineSeries::new(pts, style))?
            .label(line.label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3)));
    }
    if !lines.is_empty() {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(200, 200, 200))
            .draw()?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsampling_keeps_extremes_and_bounds_points() {
        let x: Vec<f64> = (0..10_000).map(f64::from).collect();
        let mut y = vec![1.0f32; 10_000];
        y[4321] = 99.0;
        y[7000] = -5.0;
        let d = downsample(&x, &y);
        assert!(d.len() <= 2 * COLUMNS);
        assert!(d.iter().any(|p| p == &(4321.0, 99.0)) && d.iter().any(|p| p == &(7000.0, -5.0)));
        assert!(d.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn a_chart_is_svg_with_its_labels() {
        let x = [1.0, 2.0, 3.0];
        let y = [1.0f32, 4.0, 2.0];
        let svg = line_chart(
            "Throughput",
            "msg/s",
            &[Line { label: "processed/s".into(), x: &x, y: &y, secondary: false }],
            (600, 300),
        );
        assert!(svg.starts_with("<svg") && svg.contains("Throughput") && svg.contains("processed/s"), "{svg}");
    }
}
