//! faultline: a desktop lab for fault tolerance in event-driven systems.
//!
//! Rooms: [`scenario`] (the file format), [`engine`] (the deterministic simulation),
//! [`report`] (run summaries as JSON), [`cli`] (headless commands) and [`ui`] (the egui
//! dashboard). The engine and scenario rooms never import the UI crates. Both use the
//! neutral [`time`] (virtual time) and [`metric`] (the metric table: every history series
//! declared once).

pub mod cli;
pub mod curriculum;
pub mod decimate;
pub mod engine;
pub mod experiment;
pub mod export;
pub mod i18n;
pub mod metric;
pub mod report;
pub mod scenario;
pub mod session;
pub mod time;
pub mod ui;
