//! The what-if section of a snapshot: the live changes so far, the checkpoints a seek
//! can start from, and the recorded commands still waiting to replay.

use crate::engine::LiveChange;
use crate::time::SimTime;
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct WhatIfView {
    /// Every field changed live, oldest first (shared until a change is made).
    pub live_changes: Arc<[LiveChange]>,
    /// Times of the checkpoints kept for seeking.
    pub checkpoints: Arc<[SimTime]>,
    /// Recorded commands that will be applied again as the run passes their moments
    /// (after a seek back, or from a loaded session).
    pub replay_pending: usize,
    /// Commands the run has recorded (what a saved session holds).
    pub commands: usize,
}
