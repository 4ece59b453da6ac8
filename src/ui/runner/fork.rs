//! Handing a copy of the running simulation to the UI's background jobs (fork, export,
//! session save). The runner owns the simulation on its own thread; a job asks with a
//! [`StateRequest`] sent as a control, the runner puts a clone in it at once, and the job
//! picks it up on its next poll. The clone is the exact state (queues, pending events,
//! random streams), so a fork taken from it is a fork of the run on screen.

use crate::engine::{Simulation, TimedCommand};
use crate::session::Session;
use std::sync::{Arc, Mutex};

/// The run as the runner shares it.
pub struct SharedState {
    pub sim: Simulation,
    /// Recorded commands still waiting to replay (after a seek back or a session load).
    pub pending: Vec<TimedCommand>,
}

impl SharedState {
    /// The session of the whole recorded run, the commands still to replay included.
    pub fn session(&self) -> Session {
        let mut session = Session::of(&self.sim);
        session.commands.extend(self.pending.iter().cloned());
        session
    }
}

/// A slot the runner fills with a clone of its simulation.
#[derive(Clone, Default)]
pub struct StateRequest(Arc<Mutex<Option<Box<SharedState>>>>);

impl StateRequest {
    pub fn new() -> StateRequest {
        StateRequest::default()
    }

    /// The state, once the runner has answered (taken: a second call gives `None`).
    pub fn take(&self) -> Option<SharedState> {
        self.0.lock().ok().and_then(|mut slot| slot.take()).map(|boxed| *boxed)
    }

    pub(super) fn fill(&self, sim: &Simulation, pending: Vec<TimedCommand>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(Box::new(SharedState { sim: sim.clone(), pending }));
        }
    }
}

/// Two requests are the same request (controls compare in tests).
impl PartialEq for StateRequest {
    fn eq(&self, other: &StateRequest) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for StateRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StateRequest")
    }
}
