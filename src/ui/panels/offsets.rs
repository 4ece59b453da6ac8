//! A group's offsets on a retained topic (the detail panel's section): per partition the
//! log's span, the group's position and lag, and what retention and resets did there; and
//! the Reset offsets menu (Kafka's `kafka-consumer-groups --reset-offsets`).

use super::widgets::caption;
use crate::engine;
use crate::engine::status::GroupStatus;
use crate::i18n::{tr, tr_args};
use crate::scenario::OffsetReset;
use crate::time::{SimDuration, SimTime};
use crate::ui::command::Command;
use crate::ui::format;
use crate::ui::runner::Control;
use egui::{RichText, Ui};
use std::collections::VecDeque;

/// The menu's settings, kept while other components are shown.
pub struct OffsetsSection {
    /// Records per partition a shift moves by.
    shift: u32,
    /// The virtual time (seconds since the start) a reset to a time goes to.
    time_s: f64,
    /// The shown group's lag per partition over time.
    history: LagHistory,
}

impl Default for OffsetsSection {
    fn default() -> Self {
        OffsetsSection { shift: 10, time_s: 0.0, history: LagHistory::default() }
    }
}

/// Samples of one group's lag per partition kept for the plot; beyond this every other
/// sample is dropped, so the whole run stays in view at half the resolution (the bound
/// and the halving of the engine's own histories).
pub const LAG_HISTORY_CAPACITY: usize = 2_048;

/// Partitions drawn in the lag plot (a topic may have 100 000; the table shows 64).
pub const LAG_PLOT_PARTITIONS: usize = 16;

/// One group's lag per partition over time, sampled once per frame that shows it (so
/// from the moment the group is selected), for at most [`LAG_PLOT_PARTITIONS`].
#[derive(Default)]
pub struct LagHistory {
    group: String,
    /// (virtual seconds, lag of each partition shown).
    samples: VecDeque<(f64, Vec<u64>)>,
}

impl LagHistory {
    /// Records `g`'s lag at `now`: a new group, or time going back (a reset or a fork),
    /// starts it again; the same instant is not recorded twice.
    pub fn record(&mut self, g: &GroupStatus, now: SimTime) {
        let t = now.as_secs_f64();
        if self.group != g.name || self.samples.back().is_some_and(|(last, _)| *last > t) {
            self.group = g.name.clone();
            self.samples.clear();
        }
        if self.samples.back().is_some_and(|(last, _)| *last == t) {
            return;
        }
        if self.samples.len() >= LAG_HISTORY_CAPACITY {
            // Keep the even samples: the first stays, the span is unchanged.
            let kept: VecDeque<_> = self.samples.drain(..).step_by(2).collect();
            self.samples = kept;
        }
        let lags = g.offsets.iter().take(LAG_PLOT_PARTITIONS).map(|o| o.lag).collect();
        self.samples.push_back((t, lags));
    }

    /// Partition `p`'s lag over time, for the decimator.
    pub fn series(&self, p: usize) -> Vec<(f64, f32)> {
        self.samples.iter().filter_map(|(t, lags)| lags.get(p).map(|&lag| (*t, lag as f32))).collect()
    }

    pub fn len(&self) -> usize {
        self.samples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// The time span recorded, if any.
    fn span(&self) -> Option<(f64, f64)> {
        Some((self.samples.front()?.0, self.samples.back()?.0))
    }

    /// The plot: one line per partition, decimated to two points per pixel column.
    fn plot(&self, ui: &mut Ui) {
        let Some((x0, x1)) = self.span() else { return };
        let partitions = self.samples.back().map_or(0, |(_, lags)| lags.len());
        let columns = 2 * ui.available_width().max(50.0) as usize;
        const COLORS: [egui::Color32; 6] = [
            crate::ui::theme::BLUE,
            crate::ui::theme::ORANGE,
            crate::ui::theme::BLUISH_GREEN,
            crate::ui::theme::VERMILLION,
            crate::ui::theme::REDDISH_PURPLE,
            crate::ui::theme::SKY_BLUE,
        ];
        egui_plot::Plot::new("partition-lag")
            .height(140.0)
            .include_y(0.0)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .show_background(false)
            .x_axis_formatter(|mark, _| format::axis_clock_s(mark.value, mark.step_size))
            .show(ui, |plot_ui| {
                for p in 0..partitions {
                    let points = crate::decimate::min_max(&self.series(p), x0, x1.max(x0 + 1e-9), columns);
                    let name = tr_args("offsets-lag-partition", &[("partition", p.into())]);
                    plot_ui.line(
                        egui_plot::Line::new(name, egui_plot::PlotPoints::new(points)).color(COLORS[p % COLORS.len()]),
                    );
                }
            });
    }
}

fn reset(group: &str, to: OffsetReset) -> Command {
    Control::Apply(engine::Command::ResetOffsets { group: group.to_string(), to }).into()
}

impl OffsetsSection {
    /// The section for group `g` at `now`; nothing when its topic keeps no log.
    pub fn ui(&mut self, ui: &mut Ui, g: &GroupStatus, now: SimTime) -> Option<Command> {
        if g.offsets.is_empty() {
            return None;
        }
        self.history.record(g, now);
        ui.separator();
        ui.label(RichText::new(tr("offsets-title")).strong()).on_hover_text(tr("offsets-help"));
        egui::Grid::new("offsets").striped(true).num_columns(8).show(ui, |ui| {
            for key in [
                "offsets-partition",
                "offsets-log-start",
                "offsets-position",
                "offsets-log-end",
                "offsets-lag",
                "offsets-deleted",
                "offsets-replayed",
                "offsets-skipped",
            ] {
                ui.label(RichText::new(tr(key)).strong());
            }
            ui.end_row();
            for (p, o) in g.offsets.iter().enumerate().take(64) {
                ui.label(p.to_string());
                for n in
                    [o.log_start, o.position, o.log_end, o.lag, o.deleted_by_retention, o.replayed, o.skipped_by_reset]
                {
                    ui.label(format::count(n));
                }
                ui.end_row();
            }
        });
        if g.offsets.len() > 64 {
            caption(ui, tr_args("offsets-more", &[("count", (g.offsets.len() - 64).into())]));
        }
        ui.label(RichText::new(tr("offsets-lag-over-time")).strong()).on_hover_text(tr("offsets-lag-over-time-help"));
        self.history.plot(ui);
        let mut command = None;
        ui.horizontal(|ui| {
            ui.add(egui::DragValue::new(&mut self.shift).range(1..=1_000_000).prefix("N = "))
                .on_hover_text(tr("offsets-shift-help"));
            ui.add(egui::DragValue::new(&mut self.time_s).range(0.0..=f64::MAX).speed(1.0).suffix(" s"))
                .on_hover_text(tr("offsets-time-help"));
            ui.menu_button(format!("⏪ {}", tr("offsets-reset")), |ui| {
                let n = i64::from(self.shift);
                let time = SimDuration::from_secs_f64(self.time_s);
                let items = [
                    (tr("offsets-earliest"), tr("offsets-earliest-help"), OffsetReset::Earliest),
                    (tr("offsets-latest"), tr("offsets-latest-help"), OffsetReset::Latest),
                    (tr_args("offsets-back", &[("n", n.into())]), tr("offsets-back-help"), OffsetReset::Shift(-n)),
                    (tr_args("offsets-forward", &[("n", n.into())]), tr("offsets-forward-help"), OffsetReset::Shift(n)),
                    (
                        tr_args("offsets-from-time", &[("time", time.to_string().into())]),
                        tr("offsets-from-time-help"),
                        OffsetReset::Time(time),
                    ),
                ];
                for (label, help, to) in items {
                    if ui.button(label).on_hover_text(help).clicked() {
                        command = Some(reset(&g.name, to));
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text(tr("offsets-reset-help"));
        });
        command
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::status::PartitionOffsets;

    fn group(name: &str, lags: &[u64]) -> GroupStatus {
        let offsets = lags.iter().map(|&lag| PartitionOffsets { lag, ..Default::default() }).collect();
        GroupStatus { name: name.into(), offsets, ..Default::default() }
    }

    #[test]
    fn the_lag_history_is_per_group_bounded_and_starts_again_when_time_goes_back() {
        let mut h = LagHistory::default();
        let at = |ms: u64| SimTime(ms * 1_000_000);
        h.record(&group("g", &[3, 5]), at(100));
        h.record(&group("g", &[3, 5]), at(100));
        h.record(&group("g", &[4, 0]), at(200));
        assert_eq!(h.series(1), [(0.1, 5.0), (0.2, 0.0)], "one sample per instant");
        h.record(&group("other", &[7]), at(300));
        assert_eq!(h.series(0), [(0.3, 7.0)], "another group starts afresh");
        h.record(&group("other", &[8]), at(50));
        assert_eq!(h.len(), 1, "a reset starts it again");
        let mut h = LagHistory::default();
        for k in 0..(LAG_HISTORY_CAPACITY as u64 + 1) {
            h.record(&group("g", &[k]), at(k));
        }
        // Full at 2 048: halved to the 1 024 even samples, then the new one.
        assert_eq!(h.len(), LAG_HISTORY_CAPACITY / 2 + 1);
        let series = h.series(0);
        assert_eq!(series[0], (0.0, 0.0));
        assert_eq!(series[1], (0.002, 2.0));
        assert_eq!(series.last().copied(), Some((2.048, 2048.0)));
        let wide = group("g", &vec![1; 40]);
        h.record(&wide, at(5_000));
        assert_eq!(h.samples.back().map(|(_, l)| l.len()), Some(LAG_PLOT_PARTITIONS));
    }
}
