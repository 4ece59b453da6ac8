//! Dead letters as a table: the newest ones from every dead-letter topic and parking lot.

use crate::engine::message::DeadLetter;
use crate::engine::{DeadLetterStore, Reason, Simulation};
use crate::scenario::ErrorClass;
use crate::time::SimTime;
use std::collections::VecDeque;

/// Rows kept for the table; older dead letters are counted, not listed.
pub const MAX_ROWS: usize = 2_000;

/// One dead letter, flattened for display.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeadLetterRow {
    pub at: SimTime,
    pub message_id: u64,
    /// The root event it descends from (itself for a root): its journey's id when traced.
    pub root: u64,
    pub key: u32,
    pub reason: Reason,
    pub attempts: u16,
    /// Times it has been dead-lettered (the redrive loop guard compares this).
    pub dead_letterings: u8,
    pub last_error: Option<ErrorClass>,
    /// Index into [`DeadLetterTable::holders`].
    pub holder: u16,
    /// Index into [`DeadLetterTable::groups`] of the group that gave up, if any.
    pub group: Option<u16>,
}

/// The newest dead letters, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeadLetterTable {
    /// Where dead letters are held: dead-letter topics and "GROUP (parked)" lots.
    pub holders: Vec<String>,
    /// The same places as the engine names them for a redrive, index for index.
    pub stores: Vec<DeadLetterStore>,
    /// Dead letters each place holds (may exceed its rows listed).
    pub held_by: Vec<u64>,
    /// Consumer group names.
    pub groups: Vec<String>,
    pub rows: Vec<DeadLetterRow>,
    /// Dead letters currently held in all places (may exceed `rows.len()`).
    pub held: u64,
}

impl DeadLetterTable {
    /// A key that changes whenever the held dead letters change (cheap to compute, so
    /// the table is rebuilt only when needed).
    pub fn change_key(sim: &Simulation) -> (u64, u64) {
        let received: u64 = sim.topics().iter().map(|t| t.stats().dead_letters_received).sum();
        let held: u64 = sim.topics().iter().map(|t| t.dead_letters().len() as u64).sum::<u64>()
            + sim.groups().iter().map(|g| g.parked().len() as u64).sum::<u64>();
        (received, held)
    }

    pub fn of(sim: &Simulation) -> DeadLetterTable {
        let mut table = DeadLetterTable {
            groups: sim.groups().iter().map(|g| g.name().to_string()).collect(),
            ..Default::default()
        };
        for topic in sim.topics().iter().filter(|t| t.is_dead_letter_target()) {
            table.add_store(
                topic.name().to_string(),
                DeadLetterStore::Topic(topic.name().to_string()),
                topic.dead_letters(),
                None,
            );
        }
        for (g, group) in sim.groups().iter().enumerate().filter(|(_, g)| !g.parked().is_empty()) {
            let store = DeadLetterStore::ParkingLot(group.name().to_string());
            table.add_store(format!("{} (parked)", group.name()), store, group.parked(), Some(g as u16));
        }
        table.held = table.held_by.iter().sum();
        table.rows.sort_by(|a, b| b.at.cmp(&a.at).then(b.message_id.cmp(&a.message_id)));
        table.rows.truncate(MAX_ROWS);
        table
    }

    /// One place that holds dead letters, and its newest rows; `parked_by` is the group of a
    /// parking lot (a topic's letters name the group that gave up on each).
    fn add_store(
        &mut self,
        name: String,
        store: DeadLetterStore,
        letters: &VecDeque<DeadLetter>,
        parked_by: Option<u16>,
    ) {
        let holder = self.holders.len() as u16;
        self.holders.push(name);
        self.stores.push(store);
        self.held_by.push(letters.len() as u64);
        self.rows.extend(letters.iter().rev().take(MAX_ROWS).map(|d| DeadLetterRow {
            at: d.at,
            message_id: d.message.id,
            root: d.message.root,
            key: d.message.key,
            reason: d.reason,
            attempts: d.message.attempts,
            dead_letterings: d.message.dead_letters,
            last_error: d.last_error,
            holder,
            group: parked_by.or(d.group.map(|g| g.get() as u16)),
        }));
    }

    pub fn holder_name(&self, index: u16) -> &str {
        self.holders.get(index as usize).map(String::as_str).unwrap_or("?")
    }

    pub fn group_name(&self, index: Option<u16>) -> &str {
        index.and_then(|i| self.groups.get(i as usize)).map(String::as_str).unwrap_or("–")
    }
}
