//! Resilience policies as self-contained state machines: fed outcomes and virtual times,
//! asked for permission. They know nothing of the simulation around them (no event queue,
//! no components; only the outbox holds messages, as a table of rows), so each is
//! unit-tested with scripted sequences at exact times; the simulation's `sim/` rooms wire
//! them into the message flow.

pub mod active_health;
pub mod breaker;
pub mod bulkhead;
pub mod guards;
pub mod key_order;
pub mod outbox;
pub mod outlier;
pub mod rate_limit;

pub use active_health::{ActiveHealth, HealthChange, ProbeState};
pub use breaker::{Breaker, BreakerState, Counts, Transition, WindowCells};
pub use bulkhead::Bulkhead;
pub use key_order::KeyOrder;
pub use outbox::Outbox;
pub use outlier::{Ejection, OutlierDetector};
pub use rate_limit::TokenBucket;
