//! Typed ids: the index of a component in the table that holds it.
//!
//! The simulation keeps its components in vectors and names them by position, because an
//! event must stay 16 bytes (see `event`). A bare `u32` would let a group index reach the
//! jobs table; these newtypes make that a compile error at no cost in size. The tables are
//! [`TiVec`]s indexed by the matching id (rerun keeps its entity paths and component
//! tables apart the same way).
//!
//! Ids of the simulation's tables (producers, topics, groups, services, availability
//! units, broker nodes, faults) are global; ids of a group's tables (instances, jobs, call
//! guards), of a topic's partitions and of a service's replicas are local to their owner.

pub use typed_index_collections::{TiSlice, TiVec};

macro_rules! typed_ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(u32);

        impl $name {
            /// The id of position `index` (tables are bounded far below `u32::MAX` by
            /// `scenario::limits`).
            #[inline]
            pub const fn new(index: u32) -> $name {
                $name(index)
            }

            /// The position as a number (for names shown to people, and arithmetic such
            /// as round-robin).
            #[inline]
            pub const fn get(self) -> u32 {
                self.0
            }
        }

        impl From<usize> for $name {
            #[inline]
            fn from(index: usize) -> $name {
                // Every table is bounded by `scenario::limits` (at most a few million
                // entries), so the position always fits.
                debug_assert!(index <= u32::MAX as usize);
                $name(index as u32)
            }
        }

        impl From<$name> for usize {
            #[inline]
            fn from(id: $name) -> usize {
                id.0 as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

typed_ids! {
    /// A producer of the simulation.
    ProducerId,
    /// A topic of the simulation.
    TopicId,
    /// A consumer group of the simulation.
    GroupId,
    /// A downstream service of the simulation.
    ServiceId,
    /// A broker node.
    NodeId,
    /// An availability unit (every service, broker node and consumer instance slot).
    UnitId,
    /// A scheduled or injected fault, in order of creation.
    FaultId,
    /// A consumer instance of one group.
    InstanceId,
    /// A handler job slot of one group.
    JobId,
    /// A call guard (breaker, bulkhead) of one group: one per service it calls.
    GuardId,
    /// A call slot of one service (reused once the call is over).
    CallId,
    /// A partition of one topic.
    PartitionId,
    /// A synchronous client of the simulation.
    ClientId,
    /// A replica of one service (behind its load balancer).
    ReplicaId,
    /// An orchestrated saga of the simulation.
    SagaId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_the_size_of_a_u32_and_indexes_only_its_own_table() {
        assert_eq!(std::mem::size_of::<GroupId>(), 4);
        assert_eq!(std::mem::size_of::<Option<GroupId>>(), 8);
        let names: TiVec<GroupId, &str> = vec!["orders", "payments"].into();
        assert_eq!(names[GroupId::new(1)], "payments");
        assert_eq!(names.iter_enumerated().map(|(g, _)| g.get()).collect::<Vec<_>>(), [0, 1]);
    }
}
