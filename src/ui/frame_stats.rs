//! Frame timing measured inside the app: frames per second, the interval between frames
//! and the time spent building the UI, over the last second. Shown as an optional
//! overlay; with `FAULTLINE_FRAME_STATS=1` also printed to stderr every two seconds
//! (how the README's figures were taken).

use super::format;
use super::snapshot::Snapshot;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(1);
const PRINT_EVERY: Duration = Duration::from_secs(2);

/// One second of frame timings.
pub struct FrameStats {
    /// (start of frame, time spent building it).
    frames: VecDeque<(Instant, Duration)>,
    /// eframe's measure of the previous frame's CPU time (egui, tessellation, GL calls).
    cpu: VecDeque<f32>,
    current: Option<Instant>,
    print: Option<Instant>,
}

/// Figures over the window.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FrameFigures {
    pub fps: f64,
    pub mean_interval_ms: f64,
    pub max_interval_ms: f64,
    pub mean_build_ms: f64,
    /// Whole frame on the CPU as eframe measures it (0 when unknown, e.g. in tests).
    pub mean_cpu_ms: f64,
}

impl FrameStats {
    pub fn new(print_to_stderr: bool) -> FrameStats {
        FrameStats {
            frames: VecDeque::new(),
            cpu: VecDeque::new(),
            current: None,
            print: print_to_stderr.then(Instant::now),
        }
    }

    pub fn from_env() -> FrameStats {
        FrameStats::new(std::env::var_os("FAULTLINE_FRAME_STATS").is_some_and(|v| v != "0"))
    }

    /// Records eframe's CPU time of the previous frame, when it has one.
    pub fn note_cpu(&mut self, seconds: Option<f32>) {
        if let Some(s) = seconds {
            self.cpu.push_back(s);
            if self.cpu.len() > 120 {
                self.cpu.pop_front();
            }
        }
    }

    pub fn begin_frame(&mut self) {
        self.current = Some(Instant::now());
    }

    pub fn end_frame(&mut self, snapshot: &Snapshot) {
        let Some(start) = self.current.take() else { return };
        self.frames.push_back((start, start.elapsed()));
        while self.frames.front().is_some_and(|(t, _)| start.duration_since(*t) > WINDOW) {
            self.frames.pop_front();
        }
        if let Some(last) = self.print
            && last.elapsed() >= PRINT_EVERY
        {
            self.print = Some(Instant::now());
            let f = self.figures();
            let p = &snapshot.playback;
            eprintln!(
                "frame-stats: fps={:.1} interval_ms mean={:.1} max={:.1} build_ms={:.2} cpu_ms={:.2} engine msgs/wall_s={:.0} events/wall_s={:.0} speed={} achieved=x{:.1} t={}",
                f.fps,
                f.mean_interval_ms,
                f.max_interval_ms,
                f.mean_build_ms,
                f.mean_cpu_ms,
                p.messages_per_wall_s,
                p.events_per_wall_s,
                p.speed,
                p.achieved_speed,
                format::clock(snapshot.now)
            );
        }
    }

    pub fn figures(&self) -> FrameFigures {
        let n = self.frames.len();
        if n < 2 {
            return FrameFigures::default();
        }
        let intervals: Vec<f64> = self
            .frames
            .iter()
            .zip(self.frames.iter().skip(1))
            .map(|(a, b)| b.0.duration_since(a.0).as_secs_f64() * 1000.0)
            .collect();
        let span_s = intervals.iter().sum::<f64>() / 1000.0;
        FrameFigures {
            fps: if span_s > 0.0 { intervals.len() as f64 / span_s } else { 0.0 },
            mean_interval_ms: intervals.iter().sum::<f64>() / intervals.len() as f64,
            max_interval_ms: intervals.iter().copied().fold(0.0, f64::max),
            mean_build_ms: self.frames.iter().map(|f| f.1.as_secs_f64() * 1000.0).sum::<f64>() / n as f64,
            mean_cpu_ms: if self.cpu.is_empty() {
                0.0
            } else {
                self.cpu.iter().map(|s| f64::from(*s) * 1000.0).sum::<f64>() / self.cpu.len() as f64
            },
        }
    }

    /// The overlay in the window's bottom-right corner.
    pub fn overlay(&self, ctx: &egui::Context, snapshot: &Snapshot) {
        let f = self.figures();
        let p = &snapshot.playback;
        egui::Area::new(egui::Id::unique("frame-stats"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -12.0))
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                    ui.label(egui::RichText::new("Frame timing (in-app)").strong());
                    ui.monospace(format!("UI      {:5.1} fps", f.fps));
                    ui.monospace(format!("frame   {:5.1} ms  (max {:.1})", f.mean_interval_ms, f.max_interval_ms));
                    ui.monospace(format!("build   {:5.2} ms", f.mean_build_ms));
                    ui.monospace(format!("cpu     {:5.2} ms", f.mean_cpu_ms));
                    ui.monospace(format!("engine  {} msg/s", format::compact(p.messages_per_wall_s)));
                    ui.monospace(format!("        {} events/s", format::compact(p.events_per_wall_s)));
                    ui.monospace(format!("speed   {} (achieved {})", p.speed, format::factor(p.achieved_speed)));
                });
            });
    }
}
