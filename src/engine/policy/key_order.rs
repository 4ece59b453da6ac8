//! Per-key ordering: the newest message of each key processed so far, to count messages
//! processed after a later-produced message of the same key (ordering violations).
//!
//! Message ids grow in production order, so "later-produced" is "larger id". Keys are
//! small integers (0 to `keys` − 1, at most 10 000 000 after validation): they live in a
//! vector grown to the largest key seen, 8 bytes per key (80 MB at the validated maximum),
//! one load per processed message. Keys beyond `DENSE_KEYS` (unvalidated input only) go to
//! a `BTreeMap`.

use std::collections::BTreeMap;

const DENSE_KEYS: u32 = 1 << 24;

#[derive(Clone, Debug, Default)]
pub struct KeyOrder {
    /// Newest processed id + 1 per key (0: none yet).
    dense: Vec<u64>,
    sparse: BTreeMap<u32, u64>,
    pub violations: u64,
}

impl KeyOrder {
    /// Message `id` of `key` was processed; returns whether that broke the key's order.
    #[inline]
    pub fn processed(&mut self, key: u32, id: u64) -> bool {
        let slot = if key < DENSE_KEYS {
            let k = key as usize;
            if self.dense.len() <= k {
                self.dense.resize(k + 1, 0);
            }
            &mut self.dense[k]
        } else {
            self.sparse.entry(key).or_insert(0)
        };
        let newest = *slot;
        if id + 1 < newest {
            self.violations += 1;
            true
        } else {
            *slot = id + 1;
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_message_after_a_newer_one_of_its_key_is_a_violation() {
        let mut k = KeyOrder::default();
        assert!(!k.processed(7, 0));
        assert!(!k.processed(7, 5));
        assert!(k.processed(7, 3), "3 was produced before 5");
        assert!(!k.processed(8, 1), "other keys are independent");
        assert!(!k.processed(7, 6));
        assert!(!k.processed(u32::MAX, 9));
        assert!(k.processed(u32::MAX, 2));
        assert_eq!(k.violations, 2);
    }
}
