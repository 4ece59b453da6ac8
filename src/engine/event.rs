//! The events the simulation schedules. Kept to 16 bytes: indices, not names or boxes.

use super::ids::{
    CallId, ClientId, FaultId, GroupId, GuardId, InstanceId, JobId, NodeId, PartitionId, ProducerId, ServiceId,
    TopicId, UnitId,
};

/// A scheduled happening. Indices refer to the simulation's component tables; `generation`
/// fields let a later state change cancel a pending event without searching the queue
/// (the event is simply ignored when it fires with an old generation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A producer's next message is due.
    Arrival {
        producer: ProducerId,
        generation: u32,
    },
    /// A handler finished its own work (or is ready for its next step).
    HandlerStep {
        group: GroupId,
        job: JobId,
        generation: u32,
    },
    /// A service finished serving a call (`epoch`: the call slot's, to skip calls cut
    /// short by a crash).
    CallDone {
        service: ServiceId,
        call: CallId,
        epoch: u32,
    },
    /// The earliest finish among the calls sharing a processor-sharing replica is due
    /// (`generation`: the schedule's; a later arrival or departure made it stale).
    ShareDone {
        service: ServiceId,
        replica: super::ids::ReplicaId,
        generation: u32,
    },
    /// A service stops waiting for its downstream call (attempt `generation`) made while
    /// serving `call`.
    HopTimeout {
        service: ServiceId,
        call: CallId,
        generation: u32,
    },
    /// A service's back-off before retrying its downstream call is over.
    HopRetry {
        service: ServiceId,
        call: CallId,
        generation: u32,
    },
    /// A client stops waiting for its downstream call (attempt `generation`) of `request`.
    RequestTimeout {
        client: ClientId,
        request: CallId,
        generation: u32,
    },
    /// A client's back-off before retrying its request's call is over.
    RequestRetry {
        client: ClientId,
        request: CallId,
        generation: u32,
    },
    /// A service's downstream call (attempt `generation`, made while serving `call`)
    /// waited its bulkhead's `max_wait` for a slot.
    HopBulkheadTimeout {
        service: ServiceId,
        call: CallId,
        generation: u32,
    },
    /// A client's call for `request` waited its bulkhead's `max_wait` for a slot.
    RequestBulkheadTimeout {
        client: ClientId,
        request: CallId,
        generation: u32,
    },
    /// An OPEN breaker on a service's downstream calls reached `open_for` (automatic
    /// transition).
    HopBreakerWake {
        service: ServiceId,
        guard: GuardId,
        generation: u32,
    },
    /// An OPEN breaker on a client's calls reached `open_for` (automatic transition).
    RequestBreakerWake {
        client: ClientId,
        guard: GuardId,
        generation: u32,
    },
    /// A client's next request is due.
    ClientArrival {
        client: ClientId,
        generation: u32,
    },
    /// A handler stops waiting for a service call.
    CallTimeout {
        group: GroupId,
        job: JobId,
        generation: u32,
    },
    /// A saga step's (or compensation's) retry back-off is over: the coordinator's job
    /// calls again.
    SagaStepDue {
        group: GroupId,
        job: JobId,
        generation: u32,
    },
    /// A saga step's command got its reply, or waited its `reply_timeout` (attempt
    /// `generation` of the coordinator's job): the saga goes on.
    SagaReplyDue {
        group: GroupId,
        job: JobId,
        generation: u32,
    },
    /// A message's retry back-off is over.
    RetryDue {
        group: GroupId,
        job: JobId,
        generation: u32,
    },
    /// The head of a partition may have outlived the topic's TTL.
    Expiry {
        topic: TopicId,
        partition: PartitionId,
    },
    /// End of a metrics sample interval.
    Sample,
    /// A throttled job's reserved rate-limit token is due.
    TokenDue {
        group: GroupId,
        job: JobId,
        generation: u32,
    },
    /// A job waiting for a bulkhead slot reached `max_wait`.
    BulkheadTimeout {
        group: GroupId,
        job: JobId,
        generation: u32,
    },
    /// An OPEN breaker with automatic transition reached `open_for`.
    BreakerWake {
        group: GroupId,
        guard: GuardId,
        generation: u32,
    },
    /// The earliest of a producer's publish retries is due.
    PublishRetryDue {
        producer: ProducerId,
        generation: u32,
    },
    /// A producer's outbox relay polls.
    RelayPoll {
        producer: ProducerId,
    },
    /// A producer's outbox scheduler makes due FAILED events PENDING again.
    OutboxReschedule {
        producer: ProducerId,
    },
    /// A scheduled fault begins.
    FaultStart {
        fault: FaultId,
    },
    /// A fault's cause stops persisting.
    FaultEnd {
        fault: FaultId,
    },
    /// A component with stochastic failures fails, or is repaired.
    UnitFails {
        unit: UnitId,
        generation: u32,
    },
    UnitRepaired {
        unit: UnitId,
        generation: u32,
    },
    /// A spare finishes taking over an active slot.
    SwitchOverDone {
        group: GroupId,
        instance: InstanceId,
        generation: u32,
    },
    /// A common-cause shock takes down every up instance of a group.
    CommonCauseShock {
        group: GroupId,
    },
    /// The broker's session timeout for a silent instance expires.
    SessionExpired {
        group: GroupId,
        instance: InstanceId,
        generation: u32,
    },
    /// A supervisor's liveness check notices a dead instance.
    SupervisorNotices {
        group: GroupId,
        instance: InstanceId,
        generation: u32,
    },
    /// A supervisor starts a dead instance again.
    RestartDue {
        group: GroupId,
        instance: InstanceId,
        generation: u32,
    },
    /// A group's rebalance pause is over: partitions are assigned.
    RebalanceDone {
        group: GroupId,
        generation: u32,
    },
    /// A group's offset auto-commit.
    AutoCommit {
        group: GroupId,
    },
    /// A group's autoscaler check.
    AutoscaleCheck {
        group: GroupId,
    },
    /// A stateful instance has replayed the log since its snapshot: it may rejoin.
    RebuildDone {
        group: GroupId,
        instance: InstanceId,
        generation: u32,
    },
    /// A stateful group backs up its instances' state.
    BackupDue {
        group: GroupId,
    },
    /// An instance the autoscaler provisioned has started (its `startup` is over).
    InstanceStarted {
        group: GroupId,
        instance: InstanceId,
        generation: u32,
    },
    /// A group's health check probes its instances.
    HealthProbe {
        group: GroupId,
    },
    /// The controller moves a down node's partition leadership to replicas.
    Failover {
        node: NodeId,
        generation: u32,
    },
    /// The followers of placement `placement` have copied the messages due by now: they
    /// join the partition's log (the high watermark moves).
    Replicated {
        placement: u32,
    },
    /// A producer's open send batch for `partition` has lingered its `linger` (timer
    /// `generation`; a batch sent full leaves its timer stale).
    LingerDue {
        producer: ProducerId,
        partition: PartitionId,
        generation: u32,
    },
    /// A consumer batch's timer on instance `instance` (its wait for a full batch, a
    /// refused fetch's back-off, or the per-batch cost; `generation` stale once the
    /// instance's batch cycle moved on).
    BatchDue {
        group: GroupId,
        instance: InstanceId,
        generation: u32,
    },
    /// I/O thread `slot` of broker node `node` finished its request.
    BrokerRequestDone {
        node: NodeId,
        slot: u32,
    },
    /// A service's active health check probes its replicas.
    ServiceProbe {
        service: ServiceId,
    },
    /// A probe of `replica` sent `timeout` ago was not answered: it counts as failed now.
    ServiceProbeTimedOut {
        service: ServiceId,
        replica: super::ids::ReplicaId,
    },
}

#[cfg(test)]
mod tests {
    #[test]
    fn events_stay_compact() {
        assert!(std::mem::size_of::<super::Event>() <= 16);
    }
}
