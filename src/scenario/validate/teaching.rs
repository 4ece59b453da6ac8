//! Validation of `expect` and `lesson`: every name an expectation or caption refers to
//! exists (groups, topics, services, breakers, alerts, components), windows lie inside the
//! run, bounds are ordered, laws' assumptions hold, and every question's change applies
//! and leaves a valid scenario.
//!
//! Series keys are checked whole against the metric table ([`crate::metric`]): family,
//! component and metric. What only a running engine knows — the last field of a metric
//! path into the report — is checked by `crate::curriculum` against a real report.

use super::super::challenge::{bounded_number, judge, value_after};
use super::super::change::{self, Change};
use super::super::dotted;
use super::super::teaching::*;
use super::*;
use crate::metric::{self, FamilyView, Owner, Scope};

/// The report's maps keyed by component: the map, what names its keys, and a field each
/// entry has (shown as an example; `tests/curriculum.rs` checks it is in a real report).
const METRIC_MAPS: [(&str, &str, &str); 7] = [
    ("topics", "topic", "max_backlog"),
    ("sagas", "saga", "completed"),
    ("groups", "consumer group", "processed"),
    ("services", "service", "calls"),
    ("producers", "producer", "produced"),
    ("breakers", "breaker", "open_seconds"),
    ("availability", "component", "observed"),
];

/// Problems of a question's changed scenario shown at the question (the rest are counted).
const MAX_QUESTION_PROBLEMS: usize = 3;

impl<'s> Validator<'s> {
    /// `expect: [...]` or a question's `expect`, against this validator's scenario.
    pub(super) fn validate_expectations(&mut self, path: &Path, list: &[Expectation]) {
        let labels = entry_labels(list.iter().map(|e| Some(e.name())));
        for (k, expectation) in list.iter().enumerate() {
            self.validate_expectation(path.entry(k, labels[k]), expectation);
        }
    }

    fn validate_expectation(&mut self, path: Path, expectation: &Expectation) {
        if expectation.name().contains(char::is_control) {
            self.problem(path.field("name"), "must not contain control characters (it is one checklist line)");
        }
        match expectation {
            Expectation::Expect { metric, per, at, at_least, at_most, .. } => {
                self.validate_metric_path(path.field("metric"), metric);
                if let Some(per) = per {
                    self.validate_metric_path(path.field("per"), per);
                }
                if let Some(at) = at {
                    self.inside_run(path.field("at"), *at, "at");
                }
                self.validate_bounds(&path, *at_least, *at_most);
            }
            Expectation::Series { key, from, to, at_least, at_most, .. } => {
                if let Err((message, help)) = self.series_key(key) {
                    self.problem_with_help(path.field("key"), message, help);
                }
                if self.validate_window(&path, *from, *to) {
                    self.window_holds_a_sample(&path, *from, *to);
                }
                self.validate_bounds(&path, *at_least, *at_most);
            }
            Expectation::Event { what, from, to, at_least, at_most, .. } => {
                self.validate_event_kind(path.field("what"), what);
                self.validate_window(&path, *from, *to);
                if let (Some(least), Some(most)) = (at_least, at_most)
                    && least > most
                {
                    self.problem(path.field("at_most"), format!("{most} is less than at_least ({least})"));
                }
            }
            Expectation::Law { law, tolerance, .. } => {
                let tolerance_path = path.field("tolerance");
                if self.finite(&tolerance_path, *tolerance) && !(*tolerance > 0.0 && *tolerance <= 1.0) {
                    self.problem_with_help(
                        tolerance_path,
                        format!("must be above 0 and at most 1, found {tolerance}"),
                        Some("it is relative: 0.05 accepts ±5 % around the law's prediction".into()),
                    );
                }
                self.validate_law(path.field("law"), law);
            }
        }
    }

    /// `at_least ≤ at_most`, finite, and at least one of them.
    fn validate_bounds(&mut self, path: &Path, at_least: Option<f64>, at_most: Option<f64>) {
        if at_least.is_none() && at_most.is_none() {
            self.problem_with_help(
                path.clone(),
                "checks nothing: give `at_least`, `at_most` or both",
                Some("e.g. at_most: 0.0".into()),
            );
            return;
        }
        let least_ok = at_least.is_none_or(|v| self.finite(&path.field("at_least"), v));
        let most_ok = at_most.is_none_or(|v| self.finite(&path.field("at_most"), v));
        if let (Some(least), Some(most)) = (at_least, at_most)
            && least_ok
            && most_ok
            && least > most
        {
            self.problem(path.field("at_most"), format!("{most} is less than at_least ({least})"));
        }
    }

    /// A virtual time of the run: at most its duration.
    fn inside_run(&mut self, path: Path, at: SimDuration, what: &str) -> bool {
        let duration = self.s.duration;
        if at > duration {
            self.problem(path, format!("{what} {at} is after the end of the run ({duration})"));
            return false;
        }
        true
    }

    /// `from < to`, both inside the run (defaults: the start and the end of the run).
    fn validate_window(&mut self, path: &Path, from: Option<SimDuration>, to: Option<SimDuration>) -> bool {
        let from_ok = from.is_none_or(|f| self.inside_run(path.field("from"), f, "from"));
        let to_ok = to.is_none_or(|t| self.inside_run(path.field("to"), t, "to"));
        let (start, end) = (from.unwrap_or(SimDuration::ZERO), to.unwrap_or(self.s.duration));
        if from_ok && to_ok && start >= end {
            let field = if to.is_some() { "to" } else { "from" };
            self.problem(path.field(field), format!("the window {start}..{end} is empty: `to` must be after `from`"));
            return false;
        }
        from_ok && to_ok
    }

    /// A series window must contain the end of at least one sample interval (samples are
    /// taken every `sample_every` from the start).
    fn window_holds_a_sample(&mut self, path: &Path, from: Option<SimDuration>, to: Option<SimDuration>) {
        let every = self.s.sample_every.0.max(1);
        let start = from.unwrap_or(SimDuration::ZERO).0;
        let end = to.unwrap_or(self.s.duration).0;
        let first_sample = (start / every).saturating_add(1).saturating_mul(every);
        if first_sample > end {
            self.problem_with_help(
                path.field("to"),
                format!(
                    "no sample is taken in {}..{} (samples are taken every {})",
                    SimDuration(start),
                    SimDuration(end),
                    self.s.sample_every
                ),
                Some("widen the window or sample more often".into()),
            );
        }
    }

    // ----- names -------------------------------------------------------------------------

    /// Breakers of the scenario, `CALLER:SERVICE`, in the engine's order: the groups', then
    /// the services' own calls', then the clients'.
    fn breaker_names(&self) -> Vec<String> {
        let s = self.s;
        let groups = s.consumers.iter().map(|g| (&g.name, g.circuit_breaker.is_some(), &g.handler.calls));
        let services = s.services.iter().map(|v| (&v.name, v.circuit_breaker.is_some(), &v.calls));
        let clients = s.clients.iter().map(|c| (&c.name, c.circuit_breaker.is_some(), &c.calls));
        let mut names = Vec::new();
        for (caller, _, calls) in groups.chain(services).chain(clients).filter(|(_, breaker, _)| *breaker) {
            for call in calls {
                let name = format!("{caller}:{call}");
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }

    pub(super) fn validate_breaker_name(&mut self, path: Path, name: &str) {
        let names = self.breaker_names();
        if names.iter().any(|n| n == name) {
            return;
        }
        let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
        let help = self.suggest(name, &candidates).or_else(|| match candidates.len() {
            0 => Some("no group, service or client has a circuit_breaker".to_string()),
            _ => known("breaker", &candidates),
        });
        self.problem_with_help(
            path,
            format!("unknown breaker `{name}`: breakers are named CALLER:SERVICE for a group, service or client with a circuit_breaker"),
            help,
        );
    }

    fn validate_alert_name(&mut self, path: Path, name: &str) {
        let names: Vec<&str> = self.s.alerts.iter().map(|a| a.name.as_str()).collect();
        if names.contains(&name) {
            return;
        }
        let help = self.suggest(name, &names).or_else(|| known("alert", &names));
        self.problem_with_help(path, format!("unknown alert `{name}`"), help);
    }

    /// A component as the event log and reports name it: a service, topic, producer,
    /// group, `group/N`, `broker/N` or a breaker.
    fn component_problem(&self, name: &str) -> Option<(String, Option<String>)> {
        if self.resolve_target(name, false).is_ok() || self.breaker_names().iter().any(|b| b == name) {
            return None;
        }
        let (_, help) = self.resolve_target(name, true).err().unwrap_or_default();
        Some((format!("unknown component `{name}`"), help))
    }

    fn validate_event_kind(&mut self, path: Path, what: &EventKind) {
        match what {
            EventKind::BreakerOpened(name) | EventKind::BreakerHalfOpen(name) | EventKind::BreakerClosed(name) => {
                self.validate_breaker_name(path, name);
            }
            EventKind::AlertFired(name) | EventKind::AlertResolved(name) => self.validate_alert_name(path, name),
            EventKind::Logged { component, contains } => {
                if !component.is_empty()
                    && let Some((message, help)) = self.component_problem(component)
                {
                    self.problem_with_help(path.field("component"), message, help);
                }
                if contains.is_empty() {
                    self.problem(path.field("contains"), "must not be empty (every entry would match)");
                }
            }
        }
    }

    /// The component named at the start of `rest` (names may contain dots): the longest
    /// name among `names` that `rest` starts with, followed by `.` and a field.
    fn leading_name<'n>(rest: &str, names: &[&'n str]) -> Option<&'n str> {
        names
            .iter()
            .copied()
            .filter(|n| rest.len() > n.len() + 1 && rest.starts_with(n) && rest.as_bytes()[n.len()] == b'.')
            .max_by_key(|n| n.len())
    }

    fn validate_metric_path(&mut self, path: Path, metric: &str) {
        if metric.is_empty() || metric.split('.').any(str::is_empty) {
            self.problem_with_help(
                path,
                format!("`{metric}` is not a dotted path into the `run --json` report"),
                Some("e.g. ledger.lost, latency_ms.p99, groups.payments.retries".into()),
            );
            return;
        }
        let Some((first, rest)) = metric.split_once('.') else { return };
        let Some(&(_, noun, example)) = METRIC_MAPS.iter().find(|(key, ..)| *key == first) else { return };
        let owned: Vec<String> = match first {
            "topics" => self.topics.names.iter().map(|n| n.to_string()).collect(),
            "groups" => self.groups.names.iter().map(|n| n.to_string()).collect(),
            "services" => self.services.names.iter().map(|n| n.to_string()).collect(),
            "producers" => self.producers.names.iter().map(|n| n.to_string()).collect(),
            "breakers" => self.breaker_names(),
            "sagas" => self.s.sagas.iter().map(|k| k.name.clone()).collect(),
            _ => self.availability_components(),
        };
        let names: Vec<&str> = owned.iter().map(String::as_str).collect();
        if Self::leading_name(rest, &names).is_some() {
            return;
        }
        if names.contains(&rest) {
            self.problem_with_help(
                path,
                format!("`{metric}` names a {noun}, not a number"),
                Some(format!("add a field, e.g. `{metric}.{example}`")),
            );
            return;
        }
        let wanted = rest.split('.').next().unwrap_or(rest);
        let help = self.suggest(wanted, &names).or_else(|| known(noun, &names));
        self.problem_with_help(path, format!("unknown {noun} `{wanted}` in `{metric}`"), help);
    }

    /// What `availability` reports on: services (each replica `service/N` of a service with
    /// several), consumer instances and broker nodes.
    fn availability_components(&self) -> Vec<String> {
        let s = self.s;
        let mut names: Vec<String> = Vec::new();
        for service in &s.services {
            match service.replicas {
                0 | 1 => names.push(service.name.clone()),
                n => {
                    names.extend((1..=n.min(MAX_SUGGESTION_CANDIDATES as u32)).map(|k| format!("{}/{k}", service.name)))
                }
            }
        }
        for group in &s.consumers {
            let most = group.autoscale.as_ref().map_or(group.instances, |a| a.max.max(group.instances));
            names.extend((1..=most.min(MAX_SUGGESTION_CANDIDATES as u32)).map(|n| format!("{}/{n}", group.name)));
        }
        names.extend((1..=s.broker.nodes).map(|n| format!("broker/{n}")));
        names
    }

    /// The names of this scenario's components of one kind, in file order.
    fn owned_names(&self, owner: Owner) -> Vec<String> {
        match owner {
            Owner::Topic => self.topics.names.iter().map(|n| n.to_string()).collect(),
            Owner::ConsumerGroup => self.groups.names.iter().map(|n| n.to_string()).collect(),
            // A service, and each replica `SERVICE/N` of one with several (as the engine
            // names them; each has the service family's series).
            Owner::Service => {
                let mut names: Vec<String> = self.services.names.iter().map(|n| n.to_string()).collect();
                for v in self.s.services.iter().filter(|v| v.replicas > 1) {
                    names.extend((1..=v.replicas).map(|n| format!("{}/{n}", v.name)));
                }
                names
            }
            Owner::Breaker => self.breaker_names(),
            Owner::Saga => self.s.sagas.iter().map(|k| k.name.clone()).collect(),
        }
    }

    /// Whether `key` names a history series of this scenario: a family, a component of
    /// this scenario when the family has one per component, and a metric of the family.
    fn series_key(&self, key: &str) -> Result<(), (String, Option<String>)> {
        let Some((family, rest)) = key.split_once('.').filter(|(_, rest)| !rest.is_empty()) else {
            return Err((
                format!("`{key}` is not a series key"),
                Some("series keys look like latency.p99_ms, group.payments.lag, topic.orders.backlog".into()),
            ));
        };
        let families = metric::families();
        let Some(family) = families.iter().find(|f| f.name == family) else {
            let names: Vec<&str> = families.iter().map(|f| f.name).collect();
            let help = self
                .closest(family, &names)
                .map(|f| format!("did you mean `{f}`?"))
                .or_else(|| Some(format!("series keys start with {}", join_or(&names))));
            return Err((format!("unknown series family `{family}` in `{key}`"), help));
        };
        let owner = match family.scope {
            Scope::System => return self.series_metric(key, family, rest, &format!("`{}`", family.name)),
            Scope::Each(owner) => owner,
        };
        let owned = self.owned_names(owner);
        let names: Vec<&str> = owned.iter().map(String::as_str).collect();
        // Names may contain dots: any name followed by one of the family's metrics will do.
        if names.iter().any(|n| {
            rest.strip_prefix(n).and_then(|r| r.strip_prefix('.')).is_some_and(|stat| family.metric(stat).is_some())
        }) {
            return Ok(());
        }
        let noun = owner.noun();
        if names.contains(&rest) {
            let example = family.metrics.first().map_or("", |m| m.stat);
            return Err((
                format!("`{key}` names a {noun}, not one of its series"),
                Some(format!("e.g. `{key}.{example}`")),
            ));
        }
        if let Some(name) = Self::leading_name(rest, &names) {
            let stat = &rest[name.len() + 1..];
            return self.series_metric(key, family, stat, &format!("a {noun}'s"));
        }
        let wanted = rest.split('.').next().unwrap_or(rest);
        let help = self.suggest(wanted, &names).or_else(|| known(noun, &names));
        Err((format!("unknown {noun} `{wanted}` in `{key}`"), help))
    }

    /// Whether `stat` (the last part of `key`) is a metric of `family`; `whose` says whose
    /// series they are when listing them ("a topic's").
    fn series_metric(
        &self,
        key: &str,
        family: &FamilyView,
        stat: &str,
        whose: &str,
    ) -> Result<(), (String, Option<String>)> {
        if family.metric(stat).is_some() {
            return Ok(());
        }
        let stats = family.stats();
        let help = self.suggest(stat, &stats).or_else(|| Some(format!("{whose} series are {}", stats.join(", "))));
        Err((format!("unknown series `{stat}` in `{key}`"), help))
    }

    // ----- laws --------------------------------------------------------------------------

    /// The Markov chain of a group's structure needs exponential times and a structure.
    fn validate_standby_law(&mut self, path: Path, group: &str, k: Option<u32>) {
        let Some(g) = self.reference(path.field("group"), Kind::Group, group) else { return };
        let spec = &self.s.consumers[g];
        let Some(failures) = &spec.failures else {
            self.problem_with_help(
                path.field("group"),
                format!("group `{group}` has no `failures`, so its instances have no MTBF/(MTBF+MTTR)"),
                Some("add failures: Failures(mtbf: ..., mttr: ...) to the group".into()),
            );
            return;
        };
        if spec.standby.is_none() && spec.repair_crew.is_none() && spec.common_cause.is_none() {
            self.problem_with_help(
                path.field("group"),
                format!("group `{group}` has no standby, repair_crew or common_cause"),
                Some("for independent instances use Parallel or KOutOfN".into()),
            );
        }
        let exponential = |d: &Distribution| matches!(d, Distribution::Exponential(_));
        let times = [
            ("failures.mtbf", Some(&failures.mtbf)),
            ("failures.mttr", Some(&failures.mttr)),
            ("common_cause.mtbf", spec.common_cause.as_ref().map(|c| &c.mtbf)),
        ];
        for (field, dist) in times {
            if dist.is_some_and(|d| !exponential(d)) {
                self.problem(
                    path.field("group"),
                    format!(
                        "the Markov chain of group `{group}` needs exponential times: its {field} is not Exponential"
                    ),
                );
            }
        }
        let slots = spec.instances.saturating_sub(spec.standby.as_ref().map_or(0, |s| s.spares));
        if let Some(k) = k
            && (k == 0 || k > slots)
        {
            self.problem(
                path.field("k"),
                format!("must lie in 1..={slots} (the active slots of `{group}`), found {k}"),
            );
        }
    }

    fn validate_law(&mut self, path: Path, law: &Law) {
        match law {
            Law::LittlesLaw { group } => {
                self.reference(path.field("group"), Kind::Group, group);
            }
            Law::ErlangC { group } => {
                if let Some(g) = self.reference(path.field("group"), Kind::Group, group)
                    && let Some(why) = self.not_mmc(g)
                {
                    self.problem_with_help(
                        path,
                        format!("group `{group}` is not an M/M/c queue: {why}"),
                        Some(
                            "Erlang C needs Poisson arrivals, exponential work, no calls and Competing delivery".into(),
                        ),
                    );
                }
            }
            Law::Availability { component } => {
                self.stochastic_component(path.field("component"), component);
            }
            Law::Parallel { group } | Law::KOutOfN { group, .. } => {
                if let Law::KOutOfN { k, .. } = law
                    && let Some(g) = self.s.consumers.iter().find(|g| g.name == *group)
                    && (*k == 0 || *k > g.instances)
                {
                    self.problem(
                        path.field("k"),
                        format!("must lie in 1..={} (the instances of `{group}`), found {k}", g.instances),
                    );
                }
                if let Some(g) = self.reference(path.field("group"), Kind::Group, group) {
                    let spec = &self.s.consumers[g];
                    if spec.failures.is_none() {
                        self.problem_with_help(
                            path.field("group"),
                            format!("group `{group}` has no `failures`, so its instances have no MTBF/(MTBF+MTTR)"),
                            Some("add failures: Failures(mtbf: ..., mttr: ...) to the group".into()),
                        );
                    } else if spec.autoscale.is_some() {
                        self.problem(
                            path.field("group"),
                            format!(
                                "group `{group}` autoscales: its number of instances, and so 1 − Π(1 − Aᵢ), changes"
                            ),
                        );
                    }
                }
            }
            Law::Standby { group, k } => self.validate_standby_law(path, group, *k),
            Law::Serial { components } => {
                if components.len() < 2 {
                    self.problem(path.field("components"), "a chain needs at least two components");
                }
                for (k, component) in components.iter().enumerate() {
                    if components[..k].contains(component) {
                        self.problem(path.field("components").index(k), format!("`{component}` is listed twice"));
                    } else {
                        self.stochastic_component(path.field("components").index(k), component);
                    }
                }
            }
        }
    }

    /// A component with stochastic failures: a service with `failures`, an instance of a
    /// group with `failures`, or a broker node when the broker has `failures`.
    fn stochastic_component(&mut self, path: Path, component: &str) {
        let s = self.s;
        let (has_failures, what) = match self.resolve_target(component, true) {
            Ok(Target::Service(i)) if s.services[i].replicas > 1 => {
                let replicas = s.services[i].replicas;
                self.problem_with_help(
                    path,
                    format!("service `{component}` has {replicas} replicas, each with its own availability"),
                    Some(format!("name one: {component}/1 to {component}/{replicas}")),
                );
                return;
            }
            Ok(Target::Service(i) | Target::Replica(i, _)) => {
                (s.services[i].failures.is_some(), format!("service `{}`", s.services[i].name))
            }
            Ok(Target::Instance(g, _)) => {
                (s.consumers[g].failures.is_some(), format!("group `{}`", s.consumers[g].name))
            }
            Ok(Target::BrokerNode(_)) => (s.broker.failures.is_some(), "the broker".to_string()),
            Ok(target) => {
                self.problem(
                    path,
                    format!(
                        "`{component}` is {}; availability is tracked for services, consumer instances (`group/N`) and broker nodes (`broker/N`)",
                        target.kind().with_article()
                    ),
                );
                return;
            }
            Err((message, help)) => {
                self.problem_with_help(path, message, help);
                return;
            }
        };
        if !has_failures {
            self.problem_with_help(
                path,
                format!("{what} has no `failures`, so there is no MTBF/(MTBF+MTTR) to compare with"),
                Some("add failures: Failures(mtbf: ..., mttr: ...)".into()),
            );
        }
    }

    /// Why group `g` is not an M/M/c queue, if it is not.
    fn not_mmc(&self, g: usize) -> Option<String> {
        let s = self.s;
        let group = &s.consumers[g];
        let mut arrivals_per_s = 0.0;
        let mut producers = 0;
        for producer in s.producers.iter().filter(|p| p.topic == group.topic) {
            producers += 1;
            match producer.rate {
                Arrivals::Poisson { per_second } => arrivals_per_s += per_second,
                _ => return Some(format!("producer `{}` is not Poisson", producer.name)),
            }
        }
        if producers == 0 {
            return Some(format!("no producer publishes to `{}`", group.topic));
        }
        let Distribution::Exponential(mean) = group.handler.work else {
            return Some("its handler's work is not Exponential".into());
        };
        if !group.handler.calls.is_empty() {
            return Some("its handler calls services".into());
        }
        if group.delivery != Delivery::Competing {
            return Some("its delivery is Partitioned (per-key order makes each partition its own queue)".into());
        }
        let involved = |target: &str| {
            target == group.name
                || target == group.topic
                || target.rsplit_once('/').is_some_and(|(owner, _)| owner == group.name)
                || s.producers.iter().any(|p| p.topic == group.topic && p.name == target)
        };
        if let Some(fault) = s.faults.iter().find(|f| involved(&f.target)) {
            return Some(format!("a fault hits `{}`", fault.target));
        }
        let servers = f64::from(group.instances) * f64::from(group.concurrency.min(group.effective_prefetch()));
        let capacity_per_s = servers / mean.as_secs_f64().max(f64::MIN_POSITIVE);
        if arrivals_per_s >= capacity_per_s {
            return Some(format!(
                "it is unstable: λ = {arrivals_per_s}/s is not below cμ = {capacity_per_s}/s, so the queue grows without bound"
            ));
        }
        None
    }

    // ----- the lesson --------------------------------------------------------------------

    pub(super) fn validate_lesson(&mut self) {
        let Some(lesson) = &self.s.lesson else { return };
        let path = Path::root().field("lesson");
        if lesson.title.trim().is_empty() {
            self.problem(path.field("title"), "must not be empty");
        }
        if lesson.summary.trim().is_empty() {
            self.problem(path.field("summary"), "must not be empty (the curriculum browser shows it)");
        } else if lesson.summary.contains('\n') {
            self.problem(path.field("summary"), "must be one line (the curriculum browser shows one line per lesson)");
        }
        for (k, item) in lesson.watch.iter().enumerate() {
            if item.trim().is_empty() {
                self.problem(path.field("watch").index(k), "must not be empty");
            }
        }
        for i in 0..lesson.questions.len() {
            self.validate_question(path.field("questions").index(i), &lesson.questions[i]);
        }
        if let Some(challenge) = &lesson.challenge {
            self.validate_challenge(path.field("challenge"), challenge);
        }
        let actions = path.field("actions");
        for (k, action) in lesson.actions.iter().enumerate() {
            self.validate_action(actions.index(k), action);
            if k > 0 && action.at() < lesson.actions[k - 1].at() {
                let before = lesson.actions[k - 1].at();
                self.problem(
                    actions.index(k).field("at"),
                    format!("actions must be in time order: {} comes after an action at {before}", action.at()),
                );
            }
        }
        let captions = path.field("captions");
        for (k, caption) in lesson.captions.iter().enumerate() {
            self.validate_caption(captions.index(k), caption);
            if k > 0 && caption.at < lesson.captions[k - 1].at {
                let before = lesson.captions[k - 1].at;
                self.problem(
                    captions.index(k).field("at"),
                    format!("captions must be in time order: {} comes after a caption at {before}", caption.at),
                );
            }
        }
    }

    fn validate_action(&mut self, path: Path, action: &Action) {
        match action {
            Action::Redrive { at, from, loop_guard } => {
                self.inside_run(path.field("at"), *at, "at");
                if *loop_guard == Some(0) {
                    self.problem_with_help(
                        path.field("loop_guard"),
                        "must be at least 1",
                        Some("0 would park every dead letter instead of redriving it".into()),
                    );
                }
                let s = self.s;
                let dead_letter_topics: Vec<&str> = s
                    .topics
                    .iter()
                    .filter_map(|t| t.expired_to.as_deref())
                    .chain(s.consumers.iter().filter_map(|g| match &g.on_exhausted {
                        OnExhausted::DeadLetter(t) => Some(t.as_str()),
                        _ => None,
                    }))
                    .collect();
                let parking_lots: Vec<&str> = s
                    .consumers
                    .iter()
                    .filter(|g| g.on_exhausted == OnExhausted::Park)
                    .map(|g| g.name.as_str())
                    .collect();
                if dead_letter_topics.contains(&from.as_str()) || parking_lots.contains(&from.as_str()) {
                    return;
                }
                let stores: Vec<&str> = dead_letter_topics.iter().chain(&parking_lots).copied().collect();
                let help = self.suggest(from, &stores).or_else(|| match stores.len() {
                    0 => Some("no group dead-letters or parks messages".to_string()),
                    _ => known("dead-letter store", &stores),
                });
                self.problem_with_help(
                    path.field("from"),
                    format!(
                        "`{from}` holds no dead letters: name a dead-letter topic, or a group whose on_exhausted is Park"
                    ),
                    help,
                );
            }
            Action::ResetOffsets { at, group, to: _ } => {
                self.inside_run(path.field("at"), *at, "at");
                let Some(g) = self.reference(path.field("group"), Kind::Group, group) else { return };
                let topic_name = &self.s.consumers[g].topic;
                if self.s.topics.iter().any(|t| t.name == *topic_name && !t.retains()) {
                    self.problem_with_help(
                        path.field("group"),
                        format!("`{group}` reads `{topic_name}`, which keeps nothing after consumption: there is no log to reset its offsets in"),
                        Some(format!("give `{topic_name}` a retention, e.g. retention: \"10m\"")),
                    );
                }
            }
            Action::AddPartitions { at, topic, partitions } => {
                self.inside_run(path.field("at"), *at, "at");
                let Some(t) = self.reference(path.field("topic"), Kind::Topic, topic) else { return };
                let from = self.s.topics[t].partitions;
                if *partitions <= from || *partitions > MAX_PARTITIONS {
                    self.problem_with_help(
                        path.field("partitions"),
                        format!("must be more than the {from} partitions `{topic}` has: a topic's partitions can only grow (Kafka refuses to remove partitions)"),
                        Some(format!("a number from {} to {MAX_PARTITIONS}", from.saturating_add(1))),
                    );
                }
            }
        }
    }

    fn validate_caption(&mut self, path: Path, caption: &Caption) {
        self.inside_run(path.field("at"), caption.at, "at");
        if caption.text.trim().is_empty() {
            self.problem(path.field("text"), "must not be empty");
        }
        if let Some(focus) = &caption.focus {
            let is_series =
                focus.split_once('.').is_some_and(|(family, _)| metric::families().iter().any(|f| f.name == family));
            let problem = if is_series { self.series_key(focus).err() } else { self.component_problem(focus) };
            if let Some((message, help)) = problem {
                self.problem_with_help(
                    path.field("focus"),
                    format!("{message} (a focus is a component or a series key)"),
                    help,
                );
            }
        }
    }

    fn validate_question(&mut self, path: Path, question: &Question) {
        if question.ask.trim().is_empty() {
            self.problem(path.field("ask"), "must not be empty");
        }
        let Some(changed) = self.validate_changes(path.field("change"), &question.change) else { return };
        // The question's expectations are about the changed system (its names, its duration).
        let mut nested = Validator::new(&changed);
        nested.suggestions_left.set(self.suggestions_left.get());
        nested.validate_expectations(&path.field("expect"), &question.expect);
        self.suggestions_left.set(nested.suggestions_left.get());
        for p in nested.problems {
            self.problem_with_help(p.path, p.message, p.help);
        }
        self.unrecorded += nested.unrecorded;
    }

    /// Applies `changes` (a question's, a challenge's solution) in order and validates the
    /// result, reporting at `list` (the list of changes): the changed scenario when every
    /// change applies and it has no problem of its own.
    fn validate_changes(&mut self, list: Path, changes: &[String]) -> Option<Scenario> {
        let mut changed = self.s.clone();
        changed.expect.clear();
        // Keep what a change may reach (the actions), and nothing that would recurse.
        changed.lesson = self.s.lesson.as_ref().map(runnable_part);
        for (j, text) in changes.iter().enumerate() {
            let at = list.index(j);
            match text.parse::<Change>().and_then(|c| change::apply(&changed, &[c])) {
                Ok(next) => changed = next,
                Err(e) => {
                    self.problem(at, e.to_string());
                    return None;
                }
            }
        }
        let mut problems = super::validate(&changed);
        // A problem the scenario itself has is reported where it is, not once more per question.
        let mut base = self.s.clone();
        base.expect.clear();
        base.lesson = self.s.lesson.as_ref().map(runnable_part);
        let inherited = super::validate(&base).list;
        problems.list.retain(|p| !inherited.iter().any(|q| q.path == p.path && q.message == p.message));
        if !problems.is_empty() {
            let total = problems.list.len() + problems.unrecorded;
            for p in problems.list.iter().take(MAX_QUESTION_PROBLEMS) {
                self.problem_with_help(
                    list.clone(),
                    format!("after the change, {}: {}", p.path, p.message),
                    p.help.clone(),
                );
            }
            if total > MAX_QUESTION_PROBLEMS {
                self.problem(
                    list.clone(),
                    format!("and {} more problems after the change", total - MAX_QUESTION_PROBLEMS),
                );
            }
            return None;
        }
        Some(changed)
    }

    /// A challenge: a goal, the parameters it lets the student change (each reachable,
    /// bounds in order, a bound on a number), and a reference solution that applies, keeps
    /// to those rules and leaves a valid scenario. Whether the solution passes is the
    /// tests' business (it needs a run).
    fn validate_challenge(&mut self, path: Path, challenge: &Challenge) {
        if challenge.goal.trim().is_empty() {
            self.problem(path.field("goal"), "must not be empty");
        }
        if self.s.expect.is_empty() {
            self.problem(
                path.clone(),
                "a challenge needs the scenario's `expect` list: it is the checklist that grades an attempt",
            );
        }
        for (k, hint) in challenge.hints.iter().enumerate() {
            if hint.trim().is_empty() {
                self.problem(path.field("hints").index(k), "must not be empty");
            }
        }
        let may_change = path.field("may_change");
        if challenge.may_change.is_empty() {
            self.problem(may_change.clone(), "must not be empty");
        }
        let tree = serde_json::to_value(self.s).unwrap_or_default();
        let mut usable = true;
        for (k, allowed) in challenge.may_change.iter().enumerate() {
            let at = may_change.index(k);
            let here = match dotted::get(&tree, allowed.path()) {
                Ok(here) => here,
                Err(e) => {
                    self.problem(at.field("path"), e.to_string());
                    usable = false;
                    continue;
                }
            };
            match allowed {
                Allowed::Bound { path, min, max } => {
                    if bounded_number(here).is_none() {
                        self.problem(
                            at.field("path"),
                            format!("`{path}` is not a number or a length of time, so it cannot have bounds; list its allowed values with OneOf"),
                        );
                        usable = false;
                    }
                    if !min.is_finite() || !max.is_finite() || min > max {
                        self.problem(at.field("min"), format!("min {min} is more than max {max}"));
                        usable = false;
                    }
                }
                Allowed::OneOf { path, values } => {
                    if values.is_empty() {
                        self.problem(at.field("values"), "must not be empty");
                        usable = false;
                    }
                    for (j, value) in values.iter().enumerate() {
                        if let Err(e) = value_after(self.s, path, value) {
                            self.problem(at.field("values").index(j), e.to_string());
                            usable = false;
                        }
                    }
                }
            }
        }
        let solution = path.field("solution");
        if challenge.solution.is_empty() {
            self.problem(solution.clone(), "must not be empty");
            return;
        }
        if self.validate_changes(solution.clone(), &challenge.solution).is_none() || !usable {
            return;
        }
        let Ok(changes) = change::parse_all(&challenge.solution) else { return };
        match judge(self.s, challenge, &changes) {
            Ok(refused) => {
                for refusal in refused {
                    self.problem(solution.clone(), refusal.message());
                }
            }
            Err(e) => self.problem(solution, e.to_string()),
        }
    }
}

/// The part of a lesson a question's change may reach and that runs: its actions (with
/// the title and summary, which validation requires). No questions, so no recursion.
pub fn runnable_part(lesson: &Lesson) -> Lesson {
    Lesson {
        title: lesson.title.clone(),
        summary: lesson.summary.clone(),
        explanation: String::new(),
        watch: Vec::new(),
        questions: Vec::new(),
        captions: Vec::new(),
        actions: lesson.actions.clone(),
        challenge: None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::validate;
    use crate::scenario::parse::from_ron;

    /// The problems of a small scenario with `teaching` added, as "path: message (help)".
    fn problems(teaching: &str) -> Vec<String> {
        let text = format!(
            r#"Scenario(
                name: "base", duration: "5m",
                services: [Service(name: "db", failures: Failures(mtbf: Exponential("60s"), mttr: Constant("6s")))],
                topics: [Topic(name: "in"), Topic(name: "in.dlq")],
                producers: [Producer(name: "src", topic: "in", rate: Poisson(per_second: 10.0))],
                consumers: [ConsumerGroup(name: "g", topic: "in", instances: 2, handler: Handler(calls: ["db"]),
                                          circuit_breaker: CircuitBreaker(), on_exhausted: DeadLetter("in.dlq"))],
                alerts: [Alert(name: "lag", when: ConsumerLag(group: "g", above: 10, for: "5s"))],
                {teaching}
            )"#
        );
        let scenario = from_ron(&text).unwrap_or_else(|e| panic!("{e}"));
        validate(&scenario)
            .list
            .iter()
            .map(|p| match &p.help {
                Some(help) => format!("{}: {} ({help})", p.path, p.message),
                None => format!("{}: {}", p.path, p.message),
            })
            .collect()
    }

    #[test]
    fn valid_expectations_of_every_kind() {
        let ok = problems(
            r#"expect: [
                Expect(name: "nothing lost", metric: "ledger.lost", at_most: 0.0),
                Expect(metric: "topics.in.dlq.max_backlog", per: "ledger.produced", at: "1m", at_least: 0.0, at_most: 1.0),
                Expect(metric: "availability.g/2.observed", at_least: 0.9),
                Expect(metric: "breakers.g:db.open_seconds", at_most: 10.0),
                Series(key: "latency.p99_ms", from: "30s", to: "90s", at_most: 500.0),
                Series(key: "topic.in.dlq.backlog", stat: Max, at_least: 1.0),
                Series(key: "breaker.g:db.state", stat: Mean, at_most: 1.0),
                Event(what: BreakerOpened("g:db"), from: "10s", to: "40s"),
                Event(what: AlertFired("lag"), at_most: 0),
                Event(what: Logged(component: "g/1", contains: "restarted")),
                Law(law: Availability(component: "db"), tolerance: 0.02),
                Law(law: LittlesLaw(group: "g"), tolerance: 0.05),
            ]"#,
        );
        assert_eq!(ok, Vec::<String>::new());
    }

    #[test]
    fn metric_paths_name_existing_components() {
        assert_eq!(
            problems(
                r#"expect: [
                    Expect(metric: "groups.gg.retries", at_most: 1.0),
                    Expect(metric: "groups.g", at_most: 1.0),
                    Expect(metric: "ledger..lost", at_most: 1.0),
                    Expect(metric: "availability.g/3.observed", at_least: 0.9),
                    Expect(metric: "breakers.g:dbb.open_seconds", at_most: 1.0),
                ]"#
            ),
            [
                "expect[0].metric: unknown consumer group `gg` in `groups.gg.retries` (did you mean `g`?)",
                "expect[1].metric: `groups.g` names a consumer group, not a number (add a field, e.g. `groups.g.processed`)",
                "expect[2].metric: `ledger..lost` is not a dotted path into the `run --json` report (e.g. ledger.lost, latency_ms.p99, groups.payments.retries)",
                "expect[3].metric: unknown component `g/3` in `availability.g/3.observed` (did you mean `g/1`?)",
                "expect[4].metric: unknown breaker `g:dbb` in `breakers.g:dbb.open_seconds` (did you mean `g:db`?)",
            ]
        );
    }

    #[test]
    fn bounds_and_windows_make_sense() {
        assert_eq!(
            problems(
                r#"expect: [
                    Expect(metric: "ledger.lost"),
                    Expect(metric: "ledger.lost", at: "6m", at_least: 2.0, at_most: 1.0),
                    Series(key: "latency.p99_ms", from: "2m", to: "1m", at_most: 1.0),
                    Series(key: "latency.p99_ms", from: "10500ms", to: "10900ms", at_most: 1.0),
                    Event(what: AlertFired("lag"), to: "10m", at_least: 3, at_most: 2),
                    Law(law: LittlesLaw(group: "g"), tolerance: 0.0),
                ]"#
            ),
            [
                "expect[0]: checks nothing: give `at_least`, `at_most` or both (e.g. at_most: 0.0)",
                "expect[1].at: at 6m is after the end of the run (5m)",
                "expect[1].at_most: 1 is less than at_least (2)",
                "expect[2].to: the window 2m..1m is empty: `to` must be after `from`",
                "expect[3].to: no sample is taken in 10500ms..10900ms (samples are taken every 1s) (widen the window or sample more often)",
                "expect[4].to: to 10m is after the end of the run (5m)",
                "expect[4].at_most: 2 is less than at_least (3)",
                "expect[5].tolerance: must be above 0 and at most 1, found 0 (it is relative: 0.05 accepts ±5 % around the law's prediction)",
            ]
        );
    }

    #[test]
    fn series_keys_events_and_laws_name_what_exists() {
        assert_eq!(
            problems(
                r#"expect: [
                    Series(key: "grup.g.lag", at_most: 1.0),
                    Series(key: "group.h.lag", at_most: 1.0),
                    Series(key: "group.g", at_most: 1.0),
                    Event(what: BreakerOpened("g:database")),
                    Event(what: AlertResolved("lagg")),
                    Event(what: Logged(component: "g/7", contains: "")),
                    Law(law: ErlangC(group: "g"), tolerance: 0.05),
                    Law(law: Availability(component: "g/1"), tolerance: 0.05),
                ]"#
            ),
            [
                "expect[0].key: unknown series family `grup` in `grup.g.lag` (did you mean `group`?)",
                "expect[1].key: unknown consumer group `h` in `group.h.lag` (did you mean `g`?)",
                "expect[2].key: `group.g` names a consumer group, not one of its series (e.g. `group.g.lag`)",
                "expect[3].what: unknown breaker `g:database`: breakers are named CALLER:SERVICE for a group, service or client with a circuit_breaker (breakers defined: `g:db`)",
                "expect[4].what: unknown alert `lagg` (did you mean `lag`?)",
                "expect[5].what.component: unknown component `g/7` (its instances are numbered g/1 to g/2)",
                "expect[5].what.contains: must not be empty (every entry would match)",
                "expect[6].law: group `g` is not an M/M/c queue: its handler's work is not Exponential (Erlang C needs Poisson arrivals, exponential work, no calls and Competing delivery)",
                "expect[7].law.component: group `g` has no `failures`, so there is no MTBF/(MTBF+MTTR) to compare with (add failures: Failures(mtbf: ..., mttr: ...))",
            ]
        );
    }

    #[test]
    fn series_keys_name_a_metric_of_the_table() {
        assert_eq!(
            problems(
                r#"expect: [
                    Series(key: "group.g.lagg", at_most: 1.0),
                    Series(key: "topic.in.dlq", at_most: 1.0),
                    Series(key: "throughput.everything", at_most: 1.0),
                    Series(key: "latency.p98_ms", at_most: 1.0),
                    Series(key: "service.db.latency", at_most: 1.0),
                    Series(key: "group.g.objectives_met", at_least: 0.5),
                    Series(key: "service.db.busy", at_most: 5.0),
                ]"#
            ),
            [
                "expect[0].key: unknown series `lagg` in `group.g.lagg` (did you mean `lag`?)",
                "expect[1].key: `topic.in.dlq` names a topic, not one of its series (e.g. `topic.in.dlq.backlog`)",
                "expect[2].key: unknown series `everything` in `throughput.everything` (`throughput` series are produced, processed, dead_lettered, failed, expired, dropped, lost)",
                "expect[3].key: unknown series `p98_ms` in `latency.p98_ms` (did you mean `p95_ms`?)",
                "expect[4].key: unknown series `latency` in `service.db.latency` (a service's series are calls, errors, busy, p50_ms, p99_ms)",
            ]
        );
    }

    #[test]
    fn actions_redrive_what_holds_dead_letters() {
        let lesson = |body: &str| problems(&format!("lesson: Lesson(title: \"t\", summary: \"s\", {body})"));
        assert_eq!(lesson(r#"actions: [Redrive(at: "1m", from: "in.dlq", loop_guard: 2)]"#), Vec::<String>::new());
        assert_eq!(
            lesson(
                r#"actions: [Redrive(at: "2m", from: "in.dql"), Redrive(at: "1m", from: "in", loop_guard: 0), Redrive(at: "6m", from: "in.dlq")]"#
            ),
            [
                "lesson.actions[0].from: `in.dql` holds no dead letters: name a dead-letter topic, or a group whose on_exhausted is Park (did you mean `in.dlq`?)",
                "lesson.actions[1].loop_guard: must be at least 1 (0 would park every dead letter instead of redriving it)",
                "lesson.actions[1].from: `in` holds no dead letters: name a dead-letter topic, or a group whose on_exhausted is Park (dead-letter stores defined: `in.dlq`)",
                "lesson.actions[1].at: actions must be in time order: 1m comes after an action at 2m",
                "lesson.actions[2].at: at 6m is after the end of the run (5m)",
            ]
        );
    }

    #[test]
    fn lessons_questions_and_captions() {
        let lesson = |body: &str| problems(&format!("lesson: Lesson(title: \"t\", summary: \"s\", {body})"));
        assert_eq!(lesson(""), Vec::<String>::new());
        // A problem of the scenario itself is not repeated for each question.
        assert_eq!(
            problems(
                r#"lesson: Lesson(title: "t", summary: "s", questions: [Question(ask: "x", change: ["consumers.g.instances=3"])]),
                        faults: [Fault(at: "1s", duration: "0s", target: "db", kind: Crash)]"#
            ),
            ["faults[0].duration: must be longer than 0s"]
        );
        assert_eq!(
            problems(r#"lesson: Lesson(title: " ", summary: "two\nlines")"#),
            [
                "lesson.title: must not be empty",
                "lesson.summary: must be one line (the curriculum browser shows one line per lesson)"
            ]
        );
        assert_eq!(
            lesson(
                r#"questions: [
                    Question(ask: "jitter?", change: ["consumers.g.retry.jitter=Full", "consumers.g.concurrency=4"],
                             expect: [Expect(metric: "groups.g.retries", at_most: 5.0)]),
                    Question(ask: "", change: ["consumers.gg.concurrency=4"]),
                    Question(ask: "x", change: ["consumers.g.concurrency=0"]),
                    Question(ask: "x", change: ["consumers.g.on_exhausted=Drop"], expect: [Expect(metric: "topics.in.dlq.max_backlog", at_most: 1.0)]),
                    Question(ask: "x", change: ["producers.src.topic=none"]),
                    Question(ask: "x", change: ["consumers.g.circuit_breaker=null"], expect: [Event(what: BreakerOpened("g:db"))]),
                ]"#
            ),
            [
                "lesson.questions[1].ask: must not be empty",
                "lesson.questions[1].change[0]: `consumers.gg.concurrency`: no `gg` here; did you mean `g`? (there is: g)",
                "lesson.questions[2].change: after the change, consumers[g].concurrency: must be at least 1",
                "lesson.questions[4].change: after the change, producers[src].topic: unknown topic `none` (topics defined: `in`, `in.dlq`)",
                "lesson.questions[5].expect[0].what: unknown breaker `g:db`: breakers are named CALLER:SERVICE for a group, service or client with a circuit_breaker (no group, service or client has a circuit_breaker)",
            ]
        );
        assert_eq!(
            lesson(
                r#"captions: [
                    Caption(at: "10s", text: "first", focus: "g/2"),
                    Caption(at: "5s", text: "", focus: "group.g.lagg"),
                    Caption(at: "6m", text: "late", focus: "gg"),
                    Caption(at: "6m", text: "breaker", focus: "g:db"),
                ]"#
            ),
            [
                "lesson.captions[1].text: must not be empty",
                "lesson.captions[1].focus: unknown series `lagg` in `group.g.lagg` (a focus is a component or a series key) (did you mean `lag`?)",
                "lesson.captions[1].at: captions must be in time order: 5s comes after a caption at 10s",
                "lesson.captions[2].at: at 6m is after the end of the run (5m)",
                "lesson.captions[2].focus: unknown component `gg` (a focus is a component or a series key) (did you mean `g`?)",
                "lesson.captions[3].at: at 6m is after the end of the run (5m)",
            ]
        );
    }
}
