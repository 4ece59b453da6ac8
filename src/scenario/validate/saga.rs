//! Validation of orchestrated sagas: the coordinator (a consumer group that runs nothing
//! else), the steps' services or commands (a topic with one participant, a reply timeout
//! above zero), the pivot and which steps may have compensations, the steps' conditions
//! (a step no trigger can reach), and the retry policies.

use super::*;

impl<'s> Validator<'s> {
    /// Every rule of the scenario's sagas, each breach at its field.
    pub(super) fn validate_sagas(&mut self) {
        let s = self.s;
        let known = wiring::declared_event_types(s);
        let mut coordinators: BTreeMap<usize, usize> = BTreeMap::new();
        for (k, saga) in s.sagas.iter().enumerate() {
            let path = self.saga_path(k);
            if saga.name.trim().is_empty() {
                self.problem(path.field("name"), "must not be empty");
            } else if let Some(j) = s.sagas[..k].iter().position(|x| x.name == saga.name) {
                let other = self.saga_path(j);
                self.problem(path.field("name"), format!("another saga is already named `{}` ({other})", saga.name));
            }
            let coordinator = self.reference(path.field("coordinator"), Kind::Group, &saga.coordinator);
            if let Some(g) = coordinator {
                self.coordinator(k, g, &mut coordinators);
            }
            if let Some(timeout) = saga.timeout {
                self.nonzero(path.field("timeout"), timeout, " (every saga would compensate at once)");
            }
            self.saga_steps(k, coordinator, &known);
        }
        if let Some(cycle) = wiring::command_cycle(s) {
            let steps = &s.sagas[cycle.saga].steps;
            let name = steps[cycle.step].name.as_str();
            let unique = steps.iter().filter(|x| x.name == name).count() == 1;
            let at = self.saga_path(cycle.saga).field("steps").entry(cycle.step, unique.then_some(name));
            self.problem_with_help(
                at.field("command").field("topic"),
                format!("the command leads back to the coordinator's topic: {}", cycle.path.join(" → ")),
                Some(
                    "each saga would start another: the participant must not publish to the topic that starts the saga"
                        .into(),
                ),
            );
        }
    }

    fn saga_path(&self, k: usize) -> Path {
        let name = self.s.sagas[k].name.as_str();
        let unique = self.s.sagas.iter().filter(|x| x.name == name).count() == 1;
        Path::root().field("sagas").entry(k, unique.then_some(name))
    }

    /// Group `g` coordinates saga `k`: it coordinates no other saga and calls nothing of
    /// its own (the steps are its calls).
    fn coordinator(&mut self, k: usize, g: usize, coordinators: &mut BTreeMap<usize, usize>) {
        let path = self.saga_path(k).field("coordinator");
        let group = &self.s.consumers[g];
        if let Some(&first) = coordinators.get(&g) {
            let other = self.saga_path(first);
            self.problem_with_help(
                path,
                format!("consumer group `{}` already coordinates {other}", group.name),
                Some("give each saga a consumer group of its own".into()),
            );
            return;
        }
        coordinators.insert(g, k);
        if !group.handler.calls.is_empty() {
            self.problem_with_help(
                path,
                format!("consumer group `{}` calls services of its own (handler.calls)", group.name),
                Some("a coordinator's calls are its saga's steps: leave its handler.calls empty".into()),
            );
        }
    }

    /// The steps of saga `k`: names, services, retries, the pivot, conditions.
    fn saga_steps(&mut self, k: usize, coordinator: Option<usize>, known: &[String]) {
        let saga = &self.s.sagas[k];
        let path = self.saga_path(k).field("steps");
        if saga.steps.is_empty() {
            self.problem_with_help(
                path.clone(),
                "a saga needs at least one step",
                Some("list its steps in order".into()),
            );
        } else if saga.steps.len() > MAX_SAGA_STEPS {
            self.problem(
                path.clone(),
                format!("{} steps are above faultline's limit of {MAX_SAGA_STEPS} steps per saga", saga.steps.len()),
            );
        }
        let pivot = saga.steps.iter().position(|step| step.pivot);
        let reaching = coordinator.and_then(|g| self.types_reaching(g));
        for (i, step) in saga.steps.iter().enumerate() {
            let at = path
                .entry(i, Some(step.name.as_str()).filter(|n| saga.steps.iter().filter(|x| x.name == *n).count() == 1));
            if step.name.trim().is_empty() {
                self.problem(at.field("name"), "must not be empty");
            } else if saga.steps[..i].iter().any(|x| x.name == step.name) {
                self.problem(at.field("name"), format!("another step of this saga is already named `{}`", step.name));
            }
            self.step_action(k, coordinator, &at, i);
            self.validate_retry(at.field("retry"), &step.retry);
            self.validate_retry(at.field("compensation_retry"), &step.compensation_retry);
            self.no_retry_budget(at.field("retry"), &step.retry);
            self.no_retry_budget(at.field("compensation_retry"), &step.compensation_retry);
            if let Some(compensate) = &step.compensate {
                self.reference(at.field("compensate"), Kind::Service, compensate);
                match pivot {
                    Some(p) if i == p => self.problem_with_help(
                        at.field("compensate"),
                        "the pivot is the point of no return: it cannot be compensated",
                        Some("remove the compensation, or make an earlier step the pivot".into()),
                    ),
                    Some(p) if i > p => self.problem_with_help(
                        at.field("compensate"),
                        format!(
                            "a step after the pivot (`{}`) cannot be compensated: once the pivot succeeds the saga only goes forward",
                            saga.steps[p].name
                        ),
                        Some("remove the compensation (give the step retries instead), or move the pivot".into()),
                    ),
                    _ => {}
                }
            }
            if step.pivot && pivot.is_some_and(|p| p < i) {
                self.problem(
                    at.field("pivot"),
                    "a saga has at most one pivot (the first one is its point of no return)",
                );
            }
            if let Some(types) = &step.only_for {
                self.step_condition(at.field("only_for"), types, known, reaching.as_deref());
            }
        }
    }

    /// Step `i` of saga `k` calls a service or sends a command, exactly one of the two;
    /// a command goes to a topic that exactly one group other than the coordinator reads
    /// (its participant, whose end of the command is the reply).
    fn step_action(&mut self, k: usize, coordinator: Option<usize>, at: &Path, i: usize) {
        let s = self.s;
        let step = &s.sagas[k].steps[i];
        match (&step.call, &step.command) {
            (Some(call), None) => {
                self.reference(at.field("call"), Kind::Service, call);
            }
            (None, Some(command)) => self.step_command(coordinator, at.field("command"), command),
            (Some(_), Some(_)) => self.problem_with_help(
                at.field("command"),
                "a step either calls a service or sends a command, not both",
                Some(
                    "keep `call` for a synchronous call, or `command` to send a command event and wait for its reply"
                        .into(),
                ),
            ),
            (None, None) => self.problem_with_help(
                at.clone(),
                "a step needs `call` (a service) or `command` (a command event and its reply timeout)",
                Some(
                    "e.g. call: \"payment\", or command: Command(topic: \"payment-commands\", reply_timeout: \"2s\")"
                        .into(),
                ),
            ),
        }
    }

    fn step_command(&mut self, coordinator: Option<usize>, path: Path, command: &SagaCommand) {
        let s = self.s;
        self.nonzero(path.field("reply_timeout"), command.reply_timeout, " (every command would time out at once)");
        if let Some(name) = &command.event_type {
            let known = wiring::declared_event_types(s);
            self.event_type(path.field("type"), name, &known);
        }
        let Some(t) = self.reference(path.field("topic"), Kind::Topic, &command.topic) else { return };
        let topic = s.topics[t].name.as_str();
        if wiring::dead_letter_topics(s).contains_key(topic) {
            self.problem_with_help(
                path.field("topic"),
                format!("`{topic}` is a dead-letter topic: it holds dead letters, not commands"),
                Some("send the command to a topic its participant reads".into()),
            );
            return;
        }
        let readers: Vec<usize> = (0..s.consumers.len()).filter(|&g| s.consumers[g].topic == topic).collect();
        let names: Vec<String> = readers.iter().map(|&g| format!("`{}`", s.consumers[g].name)).collect();
        match readers.as_slice() {
            [] => self.problem_with_help(
                path.field("topic"),
                format!("no consumer group reads topic `{topic}`: nothing would ever reply to the command"),
                Some("add the participant: a consumer group reading this topic".into()),
            ),
            [g] if Some(*g) == coordinator => self.problem_with_help(
                path.field("topic"),
                format!("topic `{topic}` is the coordinator's own: each command would start another saga"),
                Some("send the command to a topic its participant reads".into()),
            ),
            [g] => {
                let group = &s.consumers[*g];
                if let (Some(filter), Some(name)) = (&group.filter, &command.event_type)
                    && !filter.contains(name)
                {
                    self.problem_with_help(
                        path.field("type"),
                        format!(
                            "consumer group `{}` filters out `{name}`: the command would never reach its participant",
                            group.name
                        ),
                        Some("add the type to the group's filter, or send another type".into()),
                    );
                }
            }
            _ => self.problem_with_help(
                path.field("topic"),
                format!(
                    "topic `{topic}` is read by {} groups ({}): a command has one participant",
                    readers.len(),
                    names.join(", ")
                ),
                Some("give the command a topic of its own, read by its participant only".into()),
            ),
        }
    }

    /// A step's condition names types that exist and that can reach the coordinator:
    /// otherwise the step could never run.
    fn step_condition(&mut self, path: Path, types: &[String], known: &[String], reaching: Option<&[String]>) {
        if types.is_empty() {
            self.problem_with_help(
                path,
                "an empty list matches no trigger: the step could never run",
                Some("leave only_for out (None) to run the step for every trigger".into()),
            );
            return;
        }
        let before = self.problems.len();
        for (t, name) in types.iter().enumerate() {
            self.event_type(path.index(t), name, known);
        }
        if self.problems.len() > before {
            return;
        }
        if let Some(reaching) = reaching
            && !types.iter().any(|t| reaching.contains(t))
        {
            let list: Vec<String> = reaching.iter().map(|n| format!("`{n}`")).collect();
            self.problem_with_help(
                path,
                format!(
                    "unreachable step: no trigger the coordinator handles is of these types (it handles {})",
                    list.join(", ")
                ),
                Some("name a type the coordinator's topic carries and its filter takes".into()),
            );
        }
    }

    /// The event types that can reach group `g`'s handler, when they can be known from
    /// the file: the types of the producers on its topic (every one of them typed, and
    /// nothing else publishing there), narrowed by its filter. `None`: not known (an emit
    /// or a service publishes to the topic, or a producer is untyped), so every type may.
    fn types_reaching(&self, g: usize) -> Option<Vec<String>> {
        let s = self.s;
        let group = &s.consumers[g];
        let topic = group.topic.as_str();
        let published_otherwise = s.consumers.iter().any(|c| c.handler.emits.iter().any(|e| e.topic == topic))
            || s.services.iter().any(|x| x.publishes.iter().any(|p| p == topic))
            || s.sagas
                .iter()
                .flat_map(|k| &k.steps)
                .any(|step| step.command.as_ref().is_some_and(|c| c.topic == topic));
        let producers: Vec<&Producer> = s.producers.iter().filter(|p| p.topic == topic).collect();
        if published_otherwise || producers.is_empty() || producers.iter().any(|p| p.events.is_empty()) {
            return group.filter.clone();
        }
        let mut types: Vec<String> = Vec::new();
        for event in producers.iter().flat_map(|p| &p.events) {
            let taken = group.filter.as_ref().is_none_or(|f| f.contains(&event.name));
            if taken && !types.contains(&event.name) {
                types.push(event.name.clone());
            }
        }
        Some(types)
    }
}
