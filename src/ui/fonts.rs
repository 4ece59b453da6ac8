//! The fonts the dashboard draws with: egui's own (Latin, symbols, emoji), then a subset of
//! Noto Sans SC for Chinese, which egui's fonts lack (without it every CJK character is an
//! empty box).
//!
//! The subset (`assets/fonts/NotoSansSC-faultline-subset.otf`, SIL OFL 1.1, made by
//! `scripts/subset-cjk-font.py`) holds GB2312 level 1 — the 3755 most common simplified
//! characters — its symbol rows and every character of the shipped texts: 0.86 MB
//! embedded, cut from a 19.5 MB collection. It comes after egui's fonts in each family, so Latin text
//! keeps its look and only what they lack falls through to it. A bundled font, rather than
//! whatever CJK font the system has, keeps screenshots and tests the same on every machine.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

/// The name the CJK subset is registered under.
pub const CJK: &str = "noto-sans-sc-subset";

/// The embedded CJK subset.
pub const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-faultline-subset.otf");

/// egui's default fonts with the CJK subset as the last fallback of both families.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(CJK.to_string(), Arc::new(FontData::from_static(CJK_FONT)));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push(CJK.to_string());
    }
    fonts
}

/// Gives `ctx` the dashboard's fonts.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
