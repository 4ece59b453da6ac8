//! A run stopped at a resource limit: when, and which limit.
//!
//! Validation bounds everything that can be known before a run (`scenario::limits`). What a
//! run holds depends on what it does — a topic without a bound filling faster than
//! anything drains it — so that limit is checked as the run goes. At the limit the model
//! freezes: no further event is handled, the clock still runs on to whatever time a
//! caller asks for (so every driver's loop ends as usual), and every output says the run
//! stopped, where and why. Nothing is lost: the messages held stay counted as in the system.

use crate::i18n::{Lang, say};
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// Why and when a run stopped before its end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Halt {
    /// The virtual time of the last event handled.
    pub at: SimTime,
    pub reason: HaltReason,
}

/// The limit a run reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HaltReason {
    /// The run held `limit` ([`MAX_MESSAGES_HELD`](crate::scenario::limits::MAX_MESSAGES_HELD))
    /// messages or more.
    MessagesHeld { held: MessagesHeld, limit: u64 },
}

/// The messages a run keeps in memory, by why it keeps them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagesHeld {
    /// Not finished: at producers, in topics, buffered or handled by consumers, waiting out
    /// a retry, orphaned by a crash (the ledger's `in_system`).
    pub in_system: u64,
    /// Finished as dead letters, kept in dead-letter topics and parking lots for redrive.
    pub dead_letters: u64,
    /// Processed, and kept by their instance until the offset commit that confirms them
    /// (a crash before it redelivers them as duplicates).
    pub awaiting_commit: u64,
}

impl MessagesHeld {
    pub fn total(&self) -> u64 {
        self.in_system + self.dead_letters + self.awaiting_commit
    }
}

impl Halt {
    /// Where, why and what to do about it, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self.reason {
            HaltReason::MessagesHeld { held, limit } => say(
                lang,
                "halt-messages-held",
                &[
                    ("at", crate::time::SimDuration(self.at.0).to_string().into()),
                    ("held", held.total().into()),
                    ("in_system", held.in_system.into()),
                    ("dead_letters", held.dead_letters.into()),
                    ("awaiting_commit", held.awaiting_commit.into()),
                    ("limit", limit.into()),
                ],
            ),
        }
    }
}

crate::i18n::english_display!(Halt);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_halt_reads_in_both_languages() {
        let held = MessagesHeld { in_system: 900, dead_letters: 80, awaiting_commit: 20 };
        let halt = Halt { at: SimTime(2_000_000_000), reason: HaltReason::MessagesHeld { held, limit: 1_000 } };
        assert!(halt.to_string().starts_with(
            "the run stopped at 2s: it holds 1000 messages (900 in the system, 80 dead letters kept for redrive, 20 processed awaiting an offset commit), faultline's limit is 1000 ("
        ));
        assert!(halt.render(Lang::ZhCn).starts_with(
            "运行在 2s 停止：它持有 1000 条消息（系统中 900 条，为重新投递保留的死信 80 条，已处理、等待提交偏移量的 20 条），faultline 的上限是 1000（"
        ));
    }
}
