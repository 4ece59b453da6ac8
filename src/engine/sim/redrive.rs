//! Redrive: republishing dead letters to the topic they came from, with a loop guard.
//!
//! A redriven message leaves the dead-lettered state and is back in the system (the ledger
//! reclassifies it), keeping its id and production time (its latency, if it is processed,
//! includes the time it spent dead). It starts over with no attempts. A publish the topic
//! refuses leaves the letter where it was, and the redrive stops there (the following ones
//! would be refused too); the letters keep their order.

use super::*;
use crate::engine::command::{ComponentKind, DeadLetterStore, RedriveSelection};

/// What one redrive did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RedriveSummary {
    pub selected: u64,
    pub redriven: u64,
    /// Parked by the loop guard instead.
    pub guarded: u64,
    /// Left in place because the topic refused them (or the redrive stopped at a refusal).
    pub refused: u64,
}

impl Simulation {
    pub(super) fn redrive(
        &mut self,
        from: &DeadLetterStore,
        select: RedriveSelection,
        loop_guard: u8,
    ) -> Result<RedriveSummary, CommandError> {
        let unknown = |kind, name: &str| CommandError::UnknownComponent { kind, name: name.to_string() };
        let letters = match from {
            DeadLetterStore::Topic(name) => {
                let t = self.topics.position(|t| t.name == *name).ok_or_else(|| unknown(ComponentKind::Topic, name))?;
                if !self.topics[t].is_dead_letter_target() {
                    return Err(CommandError::NoDeadLetters { topic: name.clone() });
                }
                self.topics[t].take_dead_letters()
            }
            DeadLetterStore::ParkingLot(name) => {
                let g = self
                    .groups
                    .position(|g| g.name == *name)
                    .ok_or_else(|| unknown(ComponentKind::ConsumerGroup, name))?;
                std::mem::take(&mut self.groups[g].recovery.parked)
            }
        };
        let from_parking_lot = matches!(from, DeadLetterStore::ParkingLot(_));
        let mut summary = RedriveSummary::default();
        let mut kept = std::collections::VecDeque::with_capacity(letters.len());
        let mut stopped = false;
        for letter in letters {
            if !select.matches(&letter) {
                kept.push_back(letter);
                continue;
            }
            summary.selected += 1;
            if stopped {
                summary.refused += 1;
                kept.push_back(letter);
                continue;
            }
            if letter.message.dead_letters > loop_guard {
                summary.guarded += 1;
                match letter.group {
                    Some(g) => {
                        self.groups[g].stats.redrive_guarded += 1;
                        if from_parking_lot {
                            kept.push_back(letter);
                        } else {
                            self.park(g, letter);
                        }
                    }
                    None => kept.push_back(letter),
                }
                continue;
            }
            let message = Message { attempts: 0, last_backoff_ns: 0, ..letter.message };
            match self.publish_to_queue(letter.topic, &message) {
                PublishOutcome::Accepted => {
                    self.trace(&message, StepKind::Redriven { topic: letter.topic });
                    self.reclassify_end(letter.topic, (Terminal::DeadLettered, letter.reason), None);
                    summary.redriven += 1;
                    self.topics[letter.topic].stats.redriven += 1;
                    if let Some(g) = letter.group {
                        self.groups[g].stats.redriven += 1;
                    }
                }
                PublishOutcome::Rejected(_) | PublishOutcome::Blocked | PublishOutcome::Unreachable(_) => {
                    summary.refused += 1;
                    stopped = true;
                    kept.push_back(letter);
                }
            }
        }
        // Redriven messages may have been dead-lettered again meanwhile (into this very
        // store); the letters kept are older and go first.
        match from {
            DeadLetterStore::Topic(name) => {
                let t = self.topics.position(|t| t.name == *name).ok_or_else(|| unknown(ComponentKind::Topic, name))?;
                self.topics[t].return_dead_letters(kept);
            }
            DeadLetterStore::ParkingLot(name) => {
                let g = self
                    .groups
                    .position(|g| g.name == *name)
                    .ok_or_else(|| unknown(ComponentKind::ConsumerGroup, name))?;
                let parked = &mut self.groups[g].recovery.parked;
                let arrived = std::mem::replace(parked, kept);
                parked.extend(arrived);
            }
        }
        Ok(summary)
    }
}
