//! Colours, text sizes and state styles.
//!
//! The palette is Okabe & Ito's (2008), chosen because its colours stay distinct under
//! the common colour-vision deficiencies. States are never told apart by colour alone:
//! each also has a symbol and a word (and in the topology a shape or a hatch pattern).

use egui::{Color32, FontFamily, FontId, TextStyle, Theme, Visuals};
use serde::{Deserialize, Serialize};

pub const ORANGE: Color32 = Color32::from_rgb(230, 159, 0);
pub const SKY_BLUE: Color32 = Color32::from_rgb(86, 180, 233);
pub const BLUISH_GREEN: Color32 = Color32::from_rgb(0, 158, 115);
pub const YELLOW: Color32 = Color32::from_rgb(240, 228, 66);
pub const BLUE: Color32 = Color32::from_rgb(0, 114, 178);
pub const VERMILLION: Color32 = Color32::from_rgb(213, 94, 0);
pub const REDDISH_PURPLE: Color32 = Color32::from_rgb(204, 121, 167);

/// How a component or the whole system is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    Ok,
    Degraded,
    Failing,
}

impl Health {
    /// The level in the user's language.
    pub fn word(self) -> String {
        crate::i18n::tr(match self {
            Health::Ok => "health-ok",
            Health::Degraded => "health-degraded",
            Health::Failing => "health-failing",
        })
    }

    /// A symbol that differs in shape, for readers who cannot tell the colours apart.
    pub fn symbol(self) -> &'static str {
        match self {
            Health::Ok => "✔",
            Health::Degraded => "⚠",
            Health::Failing => "✖",
        }
    }

    pub fn color(self) -> Color32 {
        match self {
            Health::Ok => BLUISH_GREEN,
            Health::Degraded => ORANGE,
            Health::Failing => VERMILLION,
        }
    }
}

/// The user's theme choice (persisted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    Dark,
    Light,
}

impl ThemeChoice {
    pub fn theme(self) -> Theme {
        match self {
            ThemeChoice::Dark => Theme::Dark,
            ThemeChoice::Light => Theme::Light,
        }
    }

    pub fn toggled(self) -> ThemeChoice {
        match self {
            ThemeChoice::Dark => ThemeChoice::Light,
            ThemeChoice::Light => ThemeChoice::Dark,
        }
    }
}

/// Colours that depend on light or dark mode.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    pub dark: bool,
    pub text: Color32,
    pub text_dim: Color32,
    pub node_fill: Color32,
    pub node_stroke: Color32,
    pub edge: Color32,
    pub selection: Color32,
    /// Lines of "nothing" (idle edges, empty bars).
    pub idle: Color32,
}

impl Palette {
    pub fn of(visuals: &Visuals) -> Palette {
        if visuals.dark_mode {
            Palette {
                dark: true,
                text: Color32::from_gray(235),
                text_dim: Color32::from_gray(170),
                node_fill: Color32::from_gray(38),
                node_stroke: Color32::from_gray(120),
                edge: Color32::from_gray(150),
                selection: SKY_BLUE,
                idle: Color32::from_gray(80),
            }
        } else {
            Palette {
                dark: false,
                text: Color32::from_gray(20),
                text_dim: Color32::from_gray(85),
                node_fill: Color32::from_gray(250),
                node_stroke: Color32::from_gray(110),
                edge: Color32::from_gray(90),
                selection: BLUE,
                idle: Color32::from_gray(190),
            }
        }
    }

    /// A state colour adjusted for legibility as text on this background (yellow and
    /// orange are too pale on white).
    pub fn text_color(&self, color: Color32) -> Color32 {
        if self.dark || color == BLUE {
            color
        } else {
            let darker = |c: u8| (f32::from(c) * 0.7) as u8;
            Color32::from_rgb(darker(color.r()), darker(color.g()), darker(color.b()))
        }
    }
}

/// Bigger-than-default text: the dashboard is read from the back of a lecture room.
pub fn install_text_styles(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Small, FontId::new(12.0, FontFamily::Proportional)),
            (TextStyle::Body, FontId::new(15.0, FontFamily::Proportional)),
            (TextStyle::Button, FontId::new(15.0, FontFamily::Proportional)),
            (TextStyle::Monospace, FontId::new(14.0, FontFamily::Monospace)),
            (TextStyle::Heading, FontId::new(20.0, FontFamily::Proportional)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 5.0);
        style.spacing.button_padding = egui::vec2(7.0, 3.0);
    });
}
