//! Per-component random streams (common random numbers).
//!
//! Each component draws from its own ChaCha8 stream seeded from the scenario seed and
//! the component's name, so changing one component in a what-if leaves every other
//! component's draws exactly as they were. The name hash is FNV-1a, chosen because it
//! is fixed by specification (unlike `std`'s hasher, which may change between releases).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// A seeded, portable random stream.
pub type Stream = ChaCha8Rng;

/// The stream of the component `name` ("service:payment-gateway", "group:payments:work").
///
/// Every stream the simulation owns is named by [`StreamOf`] and listed by its
/// component's `for_each_stream`, which building and `Reseed` both walk.
pub fn stream(seed: u64, name: &str) -> Stream {
    Stream::seed_from_u64(splitmix64(seed ^ fnv1a(name.as_bytes())))
}

/// What a component's streams hold until they are set from their names (building a
/// simulation sets every one before anything draws).
pub fn unseeded() -> Stream {
    Stream::seed_from_u64(0)
}

/// A visitor for `for_each_stream` that sets each stream to the one `seed` derives for
/// its name.
pub fn seed_with(seed: u64) -> impl FnMut(StreamOf<'_>, &mut Stream) {
    move |of, stream| *stream = of.stream(seed)
}

/// Whose stream: the one place the stream names are spelt, so that building a simulation
/// and reseeding it derive exactly the same streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamOf<'a> {
    /// A service's latencies and error draws.
    Service(&'a str),
    /// A service's retry jitter for its own downstream calls.
    ServiceRetry(&'a str),
    /// A service's ErrorRate-fault draws.
    ServiceFaults(&'a str),
    /// A service's load-balancer draws (Random, PowerOfTwoChoices).
    Balancer(&'a str),
    /// A topic's Poison-fault draws.
    TopicFaults(&'a str),
    /// A group's handler work times.
    GroupWork(&'a str),
    /// A group's retry jitter.
    GroupRetry(&'a str),
    /// A group's handler-fault draws.
    GroupFaults(&'a str),
    /// A group's draws for emits with a probability below 1.
    GroupEmits(&'a str),
    /// A group's per-batch costs (consumer batches).
    GroupBatch(&'a str),
    /// A producer's arrivals and keys.
    Producer(&'a str),
    /// A producer's publish-retry jitter.
    ProducerPublishRetry(&'a str),
    /// A producer's Poison-fault draws.
    ProducerFaults(&'a str),
    /// A producer's event-type draws.
    ProducerEvents(&'a str),
    /// A producer's batch-size draws (a `Weighted` batch only).
    ProducerBatch(&'a str),
    /// The modulating chain of a producer's `Modulated` arrivals (initial state, stays).
    ProducerModulation(&'a str),
    /// A synchronous client's arrivals.
    Client(&'a str),
    /// A client's event-type draws.
    ClientEvents(&'a str),
    /// A client's retry jitter.
    ClientRetry(&'a str),
    /// The modulating chain of a client's `Modulated` arrivals.
    ClientModulation(&'a str),
    /// A service's, instance's or broker node's failure cycle, by its unit name.
    Failures(&'a str),
    /// A saga's retry jitter for its steps and compensations.
    SagaRetry(&'a str),
    /// A group's common-cause shocks.
    CommonCause(&'a str),
    /// The broker's replication lags (one draw per message that waits for followers).
    Replication,
    /// The broker's request costs (one draw of each cost per produce request).
    BrokerCost,
    /// The costs of the requests the broker charges besides producers' (the outbox
    /// relay's, emits, service publishes, saga commands): their own stream, so charging
    /// them moves no producer request's draw.
    BrokerPublishCost,
    /// The costs of followers' replication fetches, apart for the same reason.
    BrokerFollowerCost,
    /// The broker's costs of consumers' fetch requests (one draw of each cost per fetch).
    BrokerFetchCost,
}

impl StreamOf<'_> {
    /// The stream's name, as hashed into its seed.
    pub fn name(self) -> String {
        match self {
            StreamOf::Service(n) => format!("service:{n}"),
            StreamOf::ServiceFaults(n) => format!("faults:service:{n}"),
            StreamOf::ServiceRetry(n) => format!("service:{n}:retry"),
            StreamOf::Balancer(n) => format!("balancer:{n}"),
            StreamOf::TopicFaults(n) => format!("faults:topic:{n}"),
            StreamOf::GroupWork(n) => format!("group:{n}:work"),
            StreamOf::GroupRetry(n) => format!("group:{n}:retry"),
            StreamOf::GroupFaults(n) => format!("faults:group:{n}"),
            StreamOf::GroupEmits(n) => format!("group:{n}:emits"),
            StreamOf::GroupBatch(n) => format!("group:{n}:batch"),
            StreamOf::Producer(n) => format!("producer:{n}"),
            StreamOf::ProducerPublishRetry(n) => format!("producer:{n}:publish-retry"),
            StreamOf::ProducerFaults(n) => format!("faults:producer:{n}"),
            StreamOf::ProducerEvents(n) => format!("producer:{n}:events"),
            StreamOf::ProducerBatch(n) => format!("producer:{n}:batch"),
            StreamOf::ProducerModulation(n) => format!("producer:{n}:modulation"),
            StreamOf::Client(n) => format!("client:{n}"),
            StreamOf::ClientEvents(n) => format!("client:{n}:events"),
            StreamOf::ClientRetry(n) => format!("client:{n}:retry"),
            StreamOf::ClientModulation(n) => format!("client:{n}:modulation"),
            StreamOf::Failures(n) => format!("failures:{n}"),
            StreamOf::SagaRetry(n) => format!("saga:{n}:retry"),
            StreamOf::CommonCause(n) => format!("common-cause:{n}"),
            StreamOf::Replication => "broker:replication".to_string(),
            StreamOf::BrokerCost => "broker:cost".to_string(),
            StreamOf::BrokerPublishCost => "broker:cost:publish".to_string(),
            StreamOf::BrokerFollowerCost => "broker:cost:follower".to_string(),
            StreamOf::BrokerFetchCost => "broker:fetch-cost".to_string(),
        }
    }

    /// The stream itself, derived from `seed`.
    pub fn stream(self, seed: u64) -> Stream {
        stream(seed, &self.name())
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// Stafford's mix 13 finaliser: spreads nearby seeds (1, 2, 3, ...) over the whole space.
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_are_reproducible_and_independent() {
        let a1: Vec<u64> = (0..4)
            .map({
                let mut r = stream(42, "service:a");
                move |_| r.next_u64()
            })
            .collect();
        let a2: Vec<u64> = (0..4)
            .map({
                let mut r = stream(42, "service:a");
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut r = stream(42, "service:b");
                move |_| r.next_u64()
            })
            .collect();
        let a_other_seed: Vec<u64> = (0..4)
            .map({
                let mut r = stream(43, "service:a");
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a1, a2);
        assert_ne!(a1, b);
        assert_ne!(a1, a_other_seed);
    }

    #[test]
    fn fnv1a_matches_the_published_test_vector() {
        // From the FNV reference test suite: FNV-1a 64 of "a".
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
