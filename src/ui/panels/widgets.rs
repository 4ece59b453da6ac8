//! Small shared widgets: state chips, help markers, labelled values.

use crate::ui::theme::{Health, Palette};
use egui::{Color32, CornerRadius, Frame, Margin, Response, RichText, Stroke, Ui};

/// A rounded chip with a state symbol and a word, tinted by the state's colour.
pub fn state_chip(ui: &mut Ui, health: Health, text: &str) -> Response {
    let palette = Palette::of(ui.visuals());
    let color = health.color();
    Frame::new()
        .fill(color.gamma_multiply(if palette.dark { 0.25 } else { 0.18 }))
        .stroke(Stroke::new(1.5, color))
        .corner_radius(CornerRadius::same(10))
        .inner_margin(Margin::symmetric(8, 2))
        .show(ui, |ui| {
            let text = RichText::new(format!("{} {text}", health.symbol())).color(palette.text_color(color)).strong();
            ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend));
        })
        .response
}

/// A neutral chip (informational).
pub fn info_chip(ui: &mut Ui, text: impl Into<String>, color: Color32) -> Response {
    let palette = Palette::of(ui.visuals());
    Frame::new()
        .stroke(Stroke::new(1.0, color))
        .corner_radius(CornerRadius::same(10))
        .inner_margin(Margin::symmetric(8, 2))
        .show(ui, |ui| {
            let text = RichText::new(text.into()).color(palette.text_color(color));
            ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend));
        })
        .response
}

/// A "?" that explains something in one sentence on hover.
pub fn help(ui: &mut Ui, text: &str) -> Response {
    let palette = Palette::of(ui.visuals());
    ui.label(RichText::new("ℹ").color(palette.text_dim)).on_hover_text(text)
}

/// A dim caption label.
pub fn caption(ui: &mut Ui, text: impl Into<String>) -> Response {
    let palette = Palette::of(ui.visuals());
    ui.label(RichText::new(text.into()).color(palette.text_dim))
}
