//! The export menu: the run's series (CSV, JSON), its summary (CSV), an HTML or Markdown
//! report, the session (scenario + seed + command log), and a PNG of the window. Each
//! file is chosen with the system dialog and written off the UI thread; the run's state
//! comes from the runner as a clone ([`StateRequest`]), so exporting never pauses it.

use crate::export::{self, Format, RunDocument};
use crate::i18n::tr;
use crate::report::RunReport;
use crate::ui::command::Command;
use crate::ui::dialogs::Dialogs;
use crate::ui::runner::{Control, SharedState, StateRequest};
use crate::ui::snapshot::Snapshot;
use egui::Ui;

/// What to write once the state arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    SeriesCsv,
    SeriesJson,
    SummaryCsv,
    ReportHtml,
    ReportMarkdown,
    Session,
}

impl Export {
    fn key(self) -> &'static str {
        match self {
            Export::SeriesCsv => "export-series-csv",
            Export::SeriesJson => "export-series-json",
            Export::SummaryCsv => "export-summary-csv",
            Export::ReportHtml => "export-report-html",
            Export::ReportMarkdown => "export-report-markdown",
            Export::Session => "export-session",
        }
    }

    fn label(self) -> String {
        tr(self.key())
    }

    pub fn label_text(self) -> String {
        self.label()
    }

    fn help(self) -> String {
        tr(match self {
            Export::SeriesCsv | Export::SeriesJson => "export-series-help",
            Export::SummaryCsv => "export-summary-help",
            Export::ReportHtml | Export::ReportMarkdown => "export-report-help",
            Export::Session => "export-session-help",
        })
    }

    fn extension(self) -> &'static str {
        match self {
            Export::SeriesCsv | Export::SummaryCsv => "csv",
            Export::SeriesJson => "json",
            Export::ReportHtml => "html",
            Export::ReportMarkdown => "md",
            Export::Session => "session.ron",
        }
    }

    fn file_stem(self) -> &'static str {
        match self {
            Export::SeriesCsv | Export::SeriesJson => "series",
            Export::SummaryCsv => "summary",
            Export::ReportHtml | Export::ReportMarkdown => "report",
            Export::Session => "run",
        }
    }

    /// The file's bytes, made from the run's state.
    pub fn render(self, state: &SharedState) -> Vec<u8> {
        let sim = &state.sim;
        let report = || RunReport::new(sim, 0.0);
        let text = match self {
            Export::SeriesCsv => export::series_csv(sim.history()),
            Export::SeriesJson => serde_json::to_string_pretty(&export::series_json(sim.history())).unwrap_or_default(),
            Export::SummaryCsv => export::flat_csv(&serde_json::to_value(report()).unwrap_or_default()),
            Export::ReportHtml => RunDocument::of_run(sim, &report()).render(Format::Html),
            Export::ReportMarkdown => RunDocument::of_run(sim, &report()).render(Format::Markdown),
            Export::Session => state.session().to_ron_string(),
        };
        text.into_bytes()
    }
}

/// The menu's state: an export waiting for the runner's state, a screenshot waiting for
/// its image.
#[derive(Default)]
pub struct Exporter {
    waiting: Option<(Export, StateRequest)>,
    /// The picture of the window, once egui has read it back.
    screenshot: Option<crossbeam_channel::Receiver<std::sync::Arc<egui::ColorImage>>>,
}

impl Exporter {
    /// The Export menu's items.
    pub fn menu(&mut self, ui: &mut Ui, s: &Snapshot) -> Option<Command> {
        let mut command = None;
        for export in
            [Export::SeriesCsv, Export::SeriesJson, Export::SummaryCsv, Export::ReportHtml, Export::ReportMarkdown]
        {
            if ui.button(export.label()).on_hover_text(export.help()).clicked() {
                command = Some(self.ask(export));
                ui.close();
            }
        }
        ui.separator();
        if ui.button(tr("export-dashboard-png")).on_hover_text(tr("export-dashboard-png-help")).clicked() {
            let (tx, rx) = crossbeam_channel::bounded(1);
            let ctx = ui.ctx().clone();
            ui.ctx().request_screenshot(move |image| {
                let _ = tx.send(image);
                ctx.request_repaint();
            });
            self.screenshot = Some(rx);
            ui.close();
        }
        let _ = s;
        command
    }

    /// The Session menu's save item.
    pub fn save_session(&mut self) -> Command {
        self.ask(Export::Session)
    }

    fn ask(&mut self, export: Export) -> Command {
        let request = StateRequest::new();
        self.waiting = Some((export, request.clone()));
        Control::ShareState(request).into()
    }

    /// Starts the save dialog once the state (or the screenshot) has arrived.
    pub fn poll(&mut self, ctx: &egui::Context, s: &Snapshot, dialogs: &mut Dialogs) {
        if let Some((export, request)) = &self.waiting
            && let Some(state) = request.take()
        {
            let export = *export;
            self.waiting = None;
            let name = format!("{}-{}.{}", file_safe(&s.scenario.name), export.file_stem(), export.extension());
            let ext = export.extension().rsplit('.').next().unwrap_or("ron");
            dialogs.save_with(ctx, export.label().trim_end_matches('…'), &[ext], name, move |_| {
                Ok(export.render(&state))
            });
        }
        if let Some(rx) = &self.screenshot
            && let Ok(image) = rx.try_recv()
        {
            {
                self.screenshot = None;
                let name = format!("{}-dashboard.png", file_safe(&s.scenario.name));
                dialogs.save_with(ctx, &tr("dialog-save-picture"), &["png"], name, move |_| Ok(png_bytes(&image)?));
            }
        }
    }
}

/// A scenario name as a file name.
fn file_safe(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let trimmed = safe.trim_matches('-');
    if trimmed.is_empty() { "faultline".into() } else { trimmed.chars().take(40).collect() }
}

/// An egui screenshot encoded as PNG (8-bit RGBA).
pub fn png_bytes(image: &egui::ColorImage) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let [w, h] = image.size;
        let mut encoder = png::Encoder::new(&mut out, w as u32, h as u32);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        let pixels: Vec<u8> = image.pixels.iter().flat_map(|p| p.to_array()).collect();
        writer.write_image_data(&pixels)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_screenshot_encodes_as_png() {
        let image = egui::ColorImage::new([3, 2], vec![egui::Color32::RED; 6]);
        let bytes = png_bytes(&image).expect("encodes");
        assert_eq!(&bytes[1..4], b"PNG");
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_safe("Order pipeline: flaky gateway"), "order-pipeline--flaky-gateway");
        assert_eq!(file_safe("///"), "faultline");
    }
}
