//! Commands: changes applied to a running simulation at its current virtual time.
//!
//! Serde-serialisable so a session (scenario + seed + timed commands) can be saved and
//! replayed exactly.

use super::ledger::Reason;
use super::message::DeadLetter;
use super::policy::BreakerState;
use crate::i18n::{Arg, Lang, say};
use crate::scenario::limits::{MAX_FAULTS, MAX_INSTANCES, MAX_PARTITIONS, MAX_TOTAL_INSTANCES};
use crate::scenario::{Distribution, Errors, FaultKind, OffsetReset};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// A live change to the model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Changes one parameter of the running scenario, as `faultline sweep --set` names it:
    /// `path` is dotted (`consumers.payments.retry.max_attempts`, list entries by name,
    /// enum variants stepped through), `value` is JSON where it is one (`2`, `0.3`, `true`,
    /// `null` for none, `{"Exponential":"30s"}`), a bare word otherwise (`250ms`, `Full`),
    /// or RON with brackets as in a scenario file (`Exponential("30s")`), as the lessons'
    /// questions write changes. The changed scenario is validated like a file; names and
    /// wiring cannot change (see `docs/whatif.md`).
    Set { path: String, value: String },
    /// New mean rate for a Constant, Poisson or Bursty producer (a `Set` of
    /// `producers.P.rate.per_second`).
    SetArrivalRate { producer: String, per_second: f64 },
    /// Workers per instance of a consumer group (a `Set` of `consumers.G.concurrency` that
    /// keeps the prefetch the group had).
    SetConcurrency { group: String, concurrency: u32 },
    /// Error probabilities of a service (a `Set` of `services.S.errors`).
    SetServiceErrors { service: String, errors: Errors },
    /// Latency distribution of a service (a `Set` of `services.S.latency`).
    SetServiceLatency { service: String, latency: Distribution },
    /// Re-derives every component's random stream from (`seed`, its name): the future
    /// draws anew, the state (queues, pending events, statistics) stays. Forked
    /// replications use it for independent futures from one state.
    Reseed { seed: u64 },
    /// A fault on a component now (the GUI's crash, slow ×N, error rate, partition and
    /// poison buttons): `target` as in a scenario's faults; `duration` is how long the
    /// cause persists, `None` until cleared.
    InjectFault { target: String, kind: FaultKind, duration: Option<SimDuration> },
    /// "Recover now": ends every fault in effect on the target (on a group, on its
    /// instances too), repairs a stochastic failure, and starts a crashed consumer
    /// instance at once (an operator's restart; the crash-loop back-off starts over).
    RecoverNow { target: String },
    /// Sets a consumer group's instance count (an autoscaler may change it again).
    ScaleGroup { group: String, instances: u32 },
    /// Forces the state of the breaker guarding `group`'s calls to `service`
    /// (Resilience4j's `transitionTo…State`): DISABLED, FORCED_OPEN, METRICS_ONLY, or back
    /// to CLOSED, OPEN, HALF_OPEN.
    SetBreakerState { group: String, service: String, state: BreakerState },
    /// Republishes selected dead letters to the topic they came from. A message already
    /// dead-lettered more than `loop_guard` times is parked instead (moved to its group's
    /// parking lot, or left where it is if it has no group), so a poison message cannot
    /// loop forever.
    Redrive {
        from: DeadLetterStore,
        #[serde(default)]
        select: RedriveSelection,
        #[serde(default = "default_loop_guard")]
        loop_guard: u8,
    },
    /// Moves a consumer group's offsets on its topic (Kafka's `--reset-offsets`): records
    /// it had read go back into its queue as duplicate copies (re-processed, or skipped by
    /// an idempotent consumer's dedup window); messages it had not read are skipped,
    /// counted as dropped ("skipped by offset reset"). The topic must keep a log
    /// (`retention`).
    ResetOffsets { group: String, to: OffsetReset },
    /// Grows a topic to `partitions` partitions (Kafka's `kafka-topics --alter
    /// --partitions N`; only growth, as in Kafka). The new partitions start empty; keys
    /// now hash over more partitions, so most keys move (≈ 1 − old/new of them) and a
    /// moved key's new messages may be handled before its older ones still waiting in its
    /// old partition. Every group reading the topic rebalances to take the new partitions.
    AddPartitions { topic: String, partitions: u32 },
}

/// Where dead letters are kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadLetterStore {
    /// A dead-letter topic, by name.
    Topic(String),
    /// A consumer group's parking lot (`on_exhausted: Park`), by group name.
    ParkingLot(String),
}

/// Which dead letters a redrive takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RedriveSelection {
    #[default]
    All,
    /// Those dead-lettered for this reason.
    Reason(Reason),
    /// Those dead-lettered between these virtual times, both included.
    Between { from: SimTime, to: SimTime },
}

impl RedriveSelection {
    pub fn matches(&self, letter: &DeadLetter) -> bool {
        match *self {
            RedriveSelection::All => true,
            RedriveSelection::Reason(reason) => letter.reason == reason,
            RedriveSelection::Between { from, to } => (from..=to).contains(&letter.at),
        }
    }
}

/// Dead-letterings after which a redrive parks a message instead (Amazon SQS's
/// `maxReceiveCount` plays the same role for its redrive policy).
pub const DEFAULT_REDRIVE_LOOP_GUARD: u8 = 3;

fn default_loop_guard() -> u8 {
    DEFAULT_REDRIVE_LOOP_GUARD
}

/// A command with the moment it was applied: the virtual time and how many events had
/// been handled. Time alone is not exact — after a single step, other events of the same
/// nanosecond may still be pending — so replay stops at the same event count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimedCommand {
    pub at: SimTime,
    pub after_events: u64,
    pub command: Command,
}

pub use crate::scenario::limits::MAX_COMMANDS;

/// Why a command could not be applied. Kept as values and worded when read
/// ([`CommandError::render`]); `Display` is the English.
#[derive(Clone, Debug, PartialEq)]
pub enum CommandError {
    UnknownComponent {
        kind: ComponentKind,
        name: String,
    },
    /// `ScaleGroup` to 0 or above [`MAX_INSTANCES`].
    InstancesOutOfRange {
        instances: u32,
    },
    /// `ScaleGroup` past the run's limit on instances in all groups; `counted` is what the
    /// group counts for (its autoscaler's max when that is more).
    TooManyInstances {
        instances: u32,
        counted: u64,
        elsewhere: u64,
    },
    /// A redrive from a topic that holds no dead letters.
    NoDeadLetters {
        topic: String,
    },
    /// `AddPartitions` that does not grow the topic, or grows it past the limit.
    PartitionCount {
        topic: String,
        from: u32,
        to: u32,
    },
    /// `ResetOffsets` for a group whose topic keeps no log to re-read.
    NoRetention {
        group: String,
        topic: String,
    },
    /// A fault that names no component, or one it cannot apply to, or bad parameters.
    Fault(super::fault::FaultError),
    /// More faults than a run may hold.
    TooManyFaults,
    /// `SetBreakerState` for calls that have no breaker.
    NoBreakerOnCalls {
        caller: String,
        service: String,
    },
    NoBreaker {
        caller: String,
    },
    /// `SetProducerRate` on a producer whose arrivals are not one rate.
    RateOfRenewal {
        producer: String,
    },
    RateOfTimeVarying {
        producer: String,
    },
    /// A `Set` path that names no field of the scenario (with what is there instead).
    UnknownPath(crate::scenario::dotted::PathError),
    /// The change would make the scenario invalid; nothing changed.
    InvalidChange {
        path: String,
        problems: Vec<ChangeProblem>,
    },
    /// The field cannot change while the simulation runs (`reason`: English words,
    /// translated where a `scenario-msg-*` template recognises them).
    NotLive {
        path: String,
        reason: String,
    },
    LogFull,
    ReplayPast {
        at: SimTime,
        after_events: u64,
    },
    /// What cannot happen for the model's types (a scenario that cannot be encoded).
    Internal(String),
}

/// What a command named and did not find.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComponentKind {
    Caller,
    ConsumerGroup,
    Producer,
    Service,
    Topic,
}

impl ComponentKind {
    fn key(self) -> &'static str {
        match self {
            ComponentKind::Caller => "noun-caller",
            ComponentKind::ConsumerGroup => "noun-consumer-group",
            ComponentKind::Producer => "noun-producer",
            ComponentKind::Service => "noun-service",
            ComponentKind::Topic => "noun-topic",
        }
    }
}

/// One reason a change would leave the scenario invalid: a validator's problem (its field
/// path, English message and help), or a message about the change as a whole (no path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeProblem {
    pub path: String,
    pub message: String,
    pub help: Option<String>,
}

impl ChangeProblem {
    /// A problem of the change as a whole.
    pub fn whole(message: impl Into<String>) -> ChangeProblem {
        ChangeProblem { path: String::new(), message: message.into(), help: None }
    }

    /// The problem in `lang`: English as written, another language translated where a
    /// `scenario-msg-*` template recognises the message; the path stays as written.
    pub fn render(&self, lang: Lang) -> String {
        let text = crate::scenario::message_with_help(lang, &self.message, self.help.as_deref());
        if self.path.is_empty() {
            text
        } else {
            say(lang, "command-problem-at", &[("path", self.path.as_str().into()), ("problem", text.into())])
        }
    }
}

impl CommandError {
    /// The refusal in `lang`; the names and paths it quotes stay as written.
    pub fn render(&self, lang: Lang) -> String {
        let text = |v: &str| Arg::from(v.to_string());
        match self {
            CommandError::UnknownComponent { kind, name } => say(
                lang,
                "command-unknown-component",
                &[("kind", say(lang, kind.key(), &[]).into()), ("name", text(name))],
            ),
            CommandError::InstancesOutOfRange { instances } => say(
                lang,
                "command-instances-out-of-range",
                &[("max", MAX_INSTANCES.into()), ("instances", (*instances).into())],
            ),
            CommandError::TooManyInstances { instances, counted, elsewhere } => {
                let key = if u64::from(*instances) == *counted {
                    "command-too-many-instances"
                } else {
                    "command-too-many-instances-autoscaled"
                };
                let args = [
                    ("instances", (*instances).into()),
                    ("counted", (*counted).into()),
                    ("elsewhere", (*elsewhere).into()),
                    ("limit", MAX_TOTAL_INSTANCES.into()),
                ];
                say(lang, key, &args)
            }
            CommandError::NoDeadLetters { topic } => say(lang, "command-no-dead-letters", &[("topic", text(topic))]),
            CommandError::NoRetention { group, topic } => {
                say(lang, "command-no-retention", &[("group", text(group)), ("topic", text(topic))])
            }
            CommandError::PartitionCount { topic, from, to } => say(
                lang,
                "command-partition-count",
                &[
                    ("topic", text(topic)),
                    ("from", (*from).into()),
                    ("to", (*to).into()),
                    ("max", MAX_PARTITIONS.into()),
                ],
            ),
            CommandError::Fault(e) => say(lang, "command-invalid-value", &[("reason", e.render(lang).into())]),
            CommandError::TooManyFaults => say(lang, "command-too-many-faults", &[("max", MAX_FAULTS.into())]),
            CommandError::NoBreakerOnCalls { caller, service } => {
                say(lang, "command-no-breaker-on-calls", &[("caller", text(caller)), ("service", text(service))])
            }
            CommandError::NoBreaker { caller } => say(lang, "command-no-breaker", &[("caller", text(caller))]),
            CommandError::RateOfRenewal { producer } => {
                say(lang, "command-rate-of-renewal", &[("producer", text(producer))])
            }
            CommandError::RateOfTimeVarying { producer } => {
                say(lang, "command-rate-of-time-varying", &[("producer", text(producer))])
            }
            CommandError::UnknownPath(e) => e.render(lang),
            CommandError::InvalidChange { path, problems } => {
                let problems: Vec<String> = problems.iter().map(|p| p.render(lang)).collect();
                let list = problems.join(&say(lang, "command-problem-separator", &[]));
                say(lang, "command-invalid-change", &[("path", text(path)), ("problems", list.into())])
            }
            CommandError::NotLive { path, reason } => say(
                lang,
                "command-not-live",
                &[("path", text(path)), ("reason", crate::scenario::translate_message(lang, reason).into())],
            ),
            CommandError::LogFull => say(lang, "command-log-full", &[("max", MAX_COMMANDS.into())]),
            CommandError::ReplayPast { at, after_events } => {
                say(lang, "command-replay-past", &[("at", at.to_string().into()), ("events", (*after_events).into())])
            }
            CommandError::Internal(detail) => detail.clone(),
        }
    }
}

crate::i18n::english_display!(CommandError);

impl std::error::Error for CommandError {}

impl From<super::fault::FaultError> for CommandError {
    fn from(e: super::fault::FaultError) -> CommandError {
        CommandError::Fault(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fault::FaultError;
    use crate::scenario::TargetKind;
    use crate::scenario::dotted::PathError;

    /// Each refusal in English as it always read, and in Chinese with the names kept.
    #[test]
    fn refusals_read_in_both_languages() {
        let path_error = PathError {
            path: "consumers.pay.retry".into(),
            segment: "pay".into(),
            available: vec!["payments".into(), "billing".into()],
            suggestion: Some("payments".into()),
        };
        let cases: Vec<(CommandError, &str, &str)> = vec![
            (
                CommandError::UnknownComponent { kind: ComponentKind::ConsumerGroup, name: "nope".into() },
                "no consumer group named `nope`",
                "没有名为 `nope` 的消费者组",
            ),
            (
                CommandError::InstancesOutOfRange { instances: 0 },
                "invalid value: instances must lie in 1..=10000, got 0",
                "无效的值：实例数必须在 1..=10000 之间，实际为 0",
            ),
            (
                CommandError::TooManyInstances { instances: 5, counted: 20, elsewhere: 99_990 },
                "invalid value: 5 instances here (up to 20 with its autoscaler) and 99990 in the other groups is above faultline's limit of 100000 instances in all",
                "无效的值：这里 5 个实例（连同自动扩缩容最多 20 个），加上其他组的 99990 个，超过了 faultline 对实例总数的上限 100000",
            ),
            (
                CommandError::Fault(FaultError::NotApplicable {
                    name: "orders".into(),
                    target: TargetKind::Topic,
                    kind: FaultKind::Crash,
                }),
                "invalid value: `orders` is a topic and cannot have a crash fault (it accepts Poison)",
                "无效的值：`orders` 是主题，不能有 crash 故障（它接受 Poison）",
            ),
            (
                CommandError::Fault(FaultError::UnknownTarget {
                    name: "paymnts".into(),
                    suggestion: Some("payments".into()),
                }),
                "invalid value: unknown fault target `paymnts`; did you mean `payments`? (targets are services, replicas `service/N`, producers, consumer groups, instances `group/N`, topics and broker nodes `broker/N`)",
                "无效的值：未知的故障目标 `paymnts`；是不是想写 `payments`？（目标可以是服务、副本 `service/N`、生产者、消费者组、实例 `group/N`、主题和 broker 节点 `broker/N`）",
            ),
            (
                CommandError::NoBreakerOnCalls { caller: "billing".into(), service: "payments".into() },
                "`billing` has no circuit breaker on its calls to `payments`",
                "`billing` 调用 `payments` 时没有熔断器",
            ),
            (
                CommandError::UnknownPath(path_error),
                "`consumers.pay.retry`: no `pay` here; did you mean `payments`? (there is: payments, billing)",
                "`consumers.pay.retry`：这里没有 `pay`；是不是想写 `payments`？（这里有：payments, billing）",
            ),
            (
                CommandError::InvalidChange {
                    path: "consumers.billing.retry.max_attempts".into(),
                    problems: vec![
                        ChangeProblem {
                            path: "consumers[billing].retry.max_attempts".into(),
                            message: "must be at least 1".into(),
                            help: None,
                        },
                        ChangeProblem::whole("duration 10s ends before now (12s)"),
                    ],
                },
                "consumers.billing.retry.max_attempts: the scenario would not be valid: consumers[billing].retry.max_attempts: must be at least 1; duration 10s ends before now (12s)",
                "consumers.billing.retry.max_attempts：场景将不再有效：consumers[billing].retry.max_attempts：至少应为 1；时长 10s 在当前时刻（12s）之前就结束了",
            ),
            (
                CommandError::InvalidChange {
                    path: "consumers.billing.concurrency".into(),
                    problems: vec![ChangeProblem::whole("invalid type: string \"four\", expected u32")],
                },
                "consumers.billing.concurrency: the scenario would not be valid: invalid type: string \"four\", expected u32",
                "consumers.billing.concurrency：场景将不再有效：类型不对：字符串 \"four\"，应为非负整数（u32）",
            ),
            (
                CommandError::NotLive {
                    path: "seed".into(),
                    reason: "the scenario's name identifies it in reports and sessions".into(),
                },
                "`seed` cannot change while the simulation runs: the scenario's name identifies it in reports and sessions",
                "`seed` 在模拟运行时不能更改：场景的名称在报告和会话中标识它",
            ),
            (
                CommandError::NoRetention { group: "billing".into(), topic: "orders".into() },
                "`billing` cannot reset its offsets: its topic `orders` keeps nothing after consumption (give it a retention, e.g. retention: \"10m\")",
                "`billing` 无法重置位移：它读取的主题 `orders` 在消费之后什么也不保留（请给它设置 retention，例如 retention: \"10m\"）",
            ),
            (
                CommandError::PartitionCount { topic: "orders".into(), from: 4, to: 3 },
                "`orders` has 4 partitions: a topic's partitions can only grow, up to 100000 (Kafka refuses to remove partitions)",
                "`orders` 有 4 个分区：主题的分区只能增加，最多 100000 个（Kafka 不允许删除分区）",
            ),
            (
                CommandError::ReplayPast { at: SimTime(1_500_000_000), after_events: 42 },
                "cannot replay a command at 0:00:01.500 (after 42 events): the run is already past it",
                "无法在 0:00:01.500（第 42 个事件之后）重放命令：运行已经过了那一刻",
            ),
        ];
        for (error, english, chinese) in cases {
            assert_eq!(error.to_string(), english);
            assert_eq!(error.render(Lang::ZhCn), chinese);
        }
    }
}
