//! The builder's draft: a scenario being put together in the window, with no engine
//! behind it. Components are added with defaults that validate once wired, wired and
//! unwired by name, edited field by field (the `PATH=VALUE` changes of the parameter
//! editor and `--set`), and removed; after every change the draft is validated by the
//! same validator as a file, and each problem is placed on the component and the field
//! it names. Nothing here draws.

use crate::scenario::change::{self, Change, ChangeError};
use crate::scenario::path::Segment;
use crate::scenario::validate::{self, Problem};
use crate::scenario::{OnExhausted, Scenario, dotted};
use crate::ui::command::Component;
use serde_json::{Value, json};

/// The kinds of component the palette adds. A dead-letter topic is a topic that a
/// group's `on_exhausted` names, so it is wired, not added as a kind of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Producer,
    Client,
    Topic,
    Group,
    Service,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Producer, Kind::Client, Kind::Topic, Kind::Group, Kind::Service];

    /// The stem of the names given to new components of this kind (`producer-1`).
    fn stem(self) -> &'static str {
        match self {
            Kind::Producer => "producer",
            Kind::Client => "client",
            Kind::Topic => "topic",
            Kind::Group => "group",
            Kind::Service => "service",
        }
    }

    /// The message key of the palette's button.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Producer => "builder-add-producer",
            Kind::Client => "builder-add-client",
            Kind::Topic => "builder-add-topic",
            Kind::Group => "builder-add-group",
            Kind::Service => "builder-add-service",
        }
    }
}

/// A way one component names another: what the combo boxes of a component's form wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// The one topic a producer publishes to or a group reads.
    Topic,
    /// Services called: a group's handler's, a client's, a service's own.
    Calls,
    /// Topics a group's handler emits an event to when it has processed a message.
    Emits,
    /// Topics a service publishes to when it answers a call.
    Publishes,
    /// The topic a group's given-up messages go to (`on_exhausted: DeadLetter(..)`).
    DeadLetters,
}

impl Link {
    /// Whether the link names a service (else a topic).
    pub fn to_service(self) -> bool {
        self == Link::Calls
    }

    /// Whether the link holds a list of targets (else one, or none).
    pub fn is_list(self) -> bool {
        matches!(self, Link::Calls | Link::Emits | Link::Publishes)
    }

    /// The message key of the link's row in the form.
    pub fn key(self, component: &Component) -> &'static str {
        match (self, component) {
            (Link::Topic, Component::Producer(_)) => "builder-link-publishes-to",
            (Link::Topic, _) => "builder-link-reads",
            (Link::Calls, _) => "builder-link-calls",
            (Link::Emits, _) => "builder-link-emits",
            (Link::Publishes, _) => "builder-link-publishes",
            (Link::DeadLetters, _) => "builder-link-dead-letters",
        }
    }
}

/// The links a component of this kind has, in the order its form shows them.
pub fn links(component: &Component) -> &'static [Link] {
    match component {
        Component::Producer(_) => &[Link::Topic],
        Component::Client(_) => &[Link::Calls],
        Component::Topic(_) => &[],
        Component::Group(_) => &[Link::Topic, Link::Calls, Link::Emits, Link::DeadLetters],
        Component::Service(_) => &[Link::Calls, Link::Publishes],
    }
}

/// The field (inside the component) a link is written in: where the validator reports
/// problems with it.
pub fn link_field(link: Link, component: &Component) -> &'static str {
    match (link, component) {
        (Link::Topic, _) => "topic",
        (Link::Calls, Component::Group(_)) => "handler.calls",
        (Link::Calls, _) => "calls",
        (Link::Emits, _) => "handler.emits",
        (Link::Publishes, _) => "publishes",
        (Link::DeadLetters, _) => "on_exhausted",
    }
}

/// A component that named one being removed, and the field it named it in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub from: Component,
    pub field: &'static str,
}

/// A name refused for a component because another component has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taken(pub String);

/// `component` under another name.
fn with_name(component: &Component, name: &str) -> Component {
    let name = name.to_string();
    match component {
        Component::Producer(_) => Component::Producer(name),
        Component::Client(_) => Component::Client(name),
        Component::Topic(_) => Component::Topic(name),
        Component::Group(_) => Component::Group(name),
        Component::Service(_) => Component::Service(name),
    }
}

/// A validation problem placed on the draft: the component it is about (none for the
/// scenario as a whole) and the dotted field inside it (`rate.per_second`; empty for the
/// component itself). List entries inside a component are cut off: a field's problems
/// show at the field that holds the list.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub component: Option<Component>,
    pub field: String,
    pub problem: Problem,
}

/// The scenario being built and its problems.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    scenario: Scenario,
    problems: Vec<Placed>,
    /// Problems beyond the validator's bound, counted but not listed.
    unrecorded: usize,
}

impl Draft {
    /// A scenario with nothing in it, named for the user to rename. Built from the file
    /// format's defaults, so it fails only if a field other than the name ever loses its
    /// default (the tests start from it, so they would fail first).
    pub fn empty() -> Result<Draft, serde_json::Error> {
        serde_json::from_value(json!({ "name": "new system", "topics": [] })).map(Draft::of)
    }

    /// A draft of `scenario` (the one running, to be changed).
    pub fn of(scenario: Scenario) -> Draft {
        let mut draft = Draft { scenario, problems: Vec::new(), unrecorded: 0 };
        draft.revalidate();
        draft
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Every problem of the draft, in the validator's order.
    pub fn problems(&self) -> &[Placed] {
        &self.problems
    }

    /// Problems found beyond those listed.
    pub fn unrecorded(&self) -> usize {
        self.unrecorded
    }

    /// The draft validates: it can run and be saved as a file that loads.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty() && self.unrecorded == 0
    }

    /// Every component, in declaration order: producers, clients, topics, groups, services.
    pub fn components(&self) -> Vec<Component> {
        let s = &self.scenario;
        s.producers
            .iter()
            .map(|p| Component::Producer(p.name.clone()))
            .chain(s.clients.iter().map(|c| Component::Client(c.name.clone())))
            .chain(s.topics.iter().map(|t| Component::Topic(t.name.clone())))
            .chain(s.consumers.iter().map(|g| Component::Group(g.name.clone())))
            .chain(s.services.iter().map(|v| Component::Service(v.name.clone())))
            .collect()
    }

    pub fn contains(&self, component: &Component) -> bool {
        self.components().contains(component)
    }

    /// Topic names, in order.
    pub fn topics(&self) -> Vec<String> {
        self.scenario.topics.iter().map(|t| t.name.clone()).collect()
    }

    /// Service names, in order.
    pub fn services(&self) -> Vec<String> {
        self.scenario.services.iter().map(|v| v.name.clone()).collect()
    }

    /// Adds a component of `kind` with a name no component has and defaults that make
    /// sense in a classroom (Poisson arrivals, one partition, one instance, a 10 ms
    /// service): wired to `near` where that is what the user means (a producer or a group
    /// added with a topic selected reads or feeds it, a service added with a caller
    /// selected is called by it), else to the first topic or service there is. Returns it.
    pub fn add(&mut self, kind: Kind, near: Option<&Component>) -> Component {
        let name = self.unused_name(kind.stem());
        let topic = match near {
            Some(Component::Topic(t)) => Some(t.clone()),
            _ => self.scenario.topics.first().map(|t| t.name.clone()),
        };
        let service = match near {
            Some(Component::Service(v)) => Some(v.clone()),
            _ => self.scenario.services.first().map(|v| v.name.clone()),
        };
        // Built from the file format's own defaults: only what a file would have to say.
        let added = match kind {
            Kind::Producer => {
                let spec = json!({
                    "name": name, "topic": topic.unwrap_or_default(),
                    "rate": { "Poisson": { "per_second": 10.0 } },
                });
                serde_json::from_value(spec).map(|p| self.scenario.producers.push(p))
            }
            Kind::Client => {
                let spec = json!({
                    "name": name, "calls": service.into_iter().collect::<Vec<_>>(),
                    "rate": { "Poisson": { "per_second": 5.0 } },
                });
                serde_json::from_value(spec).map(|c| self.scenario.clients.push(c))
            }
            Kind::Topic => serde_json::from_value(json!({ "name": name })).map(|t| self.scenario.topics.push(t)),
            Kind::Group => {
                let spec = json!({ "name": name, "topic": topic.unwrap_or_default() });
                serde_json::from_value(spec).map(|g| self.scenario.consumers.push(g))
            }
            Kind::Service => serde_json::from_value(json!({ "name": name })).map(|v| self.scenario.services.push(v)),
        };
        debug_assert!(added.is_ok(), "the builder's defaults are a valid part of a scenario: {added:?}");
        let component = match kind {
            Kind::Producer => Component::Producer(name),
            Kind::Client => Component::Client(name),
            Kind::Topic => Component::Topic(name),
            Kind::Group => Component::Group(name),
            Kind::Service => Component::Service(name),
        };
        if let (Component::Service(callee), Some(caller @ (Component::Group(_) | Component::Client(_)))) =
            (&component, near)
        {
            self.link(caller, Link::Calls, callee);
        }
        self.revalidate();
        component
    }

    /// `stem-N` for the least N ≥ 1 that no component of any kind is called.
    fn unused_name(&self, stem: &str) -> String {
        let taken: Vec<String> = self.components().iter().map(|c| c.name().to_string()).collect();
        // At most `taken.len()` numbers are in use, so one of the first `len + 1` is free.
        let mut n = 1;
        loop {
            let name = format!("{stem}-{n}");
            if !taken.contains(&name) {
                return name;
            }
            n += 1;
        }
    }

    /// The targets `component` names through `link`, in order.
    pub fn targets(&self, component: &Component, link: Link) -> Vec<String> {
        let s = &self.scenario;
        let name = component.name();
        match (component, link) {
            (Component::Producer(_), Link::Topic) => {
                s.producers.iter().filter(|p| p.name == name).map(|p| p.topic.clone()).collect()
            }
            (Component::Group(_), Link::Topic) => {
                s.consumers.iter().filter(|g| g.name == name).map(|g| g.topic.clone()).collect()
            }
            (Component::Group(_), Link::Calls) => {
                s.consumers.iter().filter(|g| g.name == name).flat_map(|g| g.handler.calls.clone()).collect()
            }
            (Component::Group(_), Link::Emits) => s
                .consumers
                .iter()
                .filter(|g| g.name == name)
                .flat_map(|g| g.handler.emits.iter().map(|e| e.topic.clone()))
                .collect(),
            (Component::Group(_), Link::DeadLetters) => s
                .consumers
                .iter()
                .filter(|g| g.name == name)
                .filter_map(|g| match &g.on_exhausted {
                    OnExhausted::DeadLetter(topic) => Some(topic.clone()),
                    _ => None,
                })
                .collect(),
            (Component::Client(_), Link::Calls) => {
                s.clients.iter().filter(|c| c.name == name).flat_map(|c| c.calls.clone()).collect()
            }
            (Component::Service(_), Link::Calls) => {
                s.services.iter().filter(|v| v.name == name).flat_map(|v| v.calls.clone()).collect()
            }
            (Component::Service(_), Link::Publishes) => {
                s.services.iter().filter(|v| v.name == name).flat_map(|v| v.publishes.clone()).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Wires `component` to `target` through `link`: sets the one topic (or dead-letter
    /// topic), or adds the target to the list (once).
    pub fn link(&mut self, component: &Component, link: Link, target: &str) {
        self.edit_link(component, link, target, true);
    }

    /// Takes `target` out of `component`'s `link`: a list loses the entry; a producer's or
    /// a group's topic is left empty (for the user to wire again: the validator says so
    /// at the field); dead letters are dropped again (the default).
    pub fn unlink(&mut self, component: &Component, link: Link, target: &str) {
        self.edit_link(component, link, target, false);
    }

    fn edit_link(&mut self, component: &Component, link: Link, target: &str, on: bool) {
        let s = &mut self.scenario;
        let name = component.name();
        let list = |items: &mut Vec<String>| {
            if on {
                if !items.iter().any(|t| t == target) {
                    items.push(target.to_string());
                }
            } else {
                items.retain(|t| t != target);
            }
        };
        match (component, link) {
            (Component::Producer(_), Link::Topic) => {
                for p in s.producers.iter_mut().filter(|p| p.name == name) {
                    p.topic = if on { target.to_string() } else { String::new() };
                }
            }
            (Component::Group(_), Link::Topic) => {
                for g in s.consumers.iter_mut().filter(|g| g.name == name) {
                    g.topic = if on { target.to_string() } else { String::new() };
                }
            }
            (Component::Group(_), Link::Calls) => {
                s.consumers.iter_mut().filter(|g| g.name == name).for_each(|g| list(&mut g.handler.calls));
            }
            (Component::Group(_), Link::Emits) => {
                for g in s.consumers.iter_mut().filter(|g| g.name == name) {
                    if !on {
                        g.handler.emits.retain(|e| e.topic != target);
                    } else if !g.handler.emits.iter().any(|e| e.topic == target) {
                        // Every processed message emits one (`when: Always`, probability 1).
                        match serde_json::from_value(json!({ "topic": target })) {
                            Ok(emit) => g.handler.emits.push(emit),
                            Err(e) => debug_assert!(false, "an emit needs only its topic: {e}"),
                        }
                    }
                }
            }
            (Component::Group(_), Link::DeadLetters) => {
                for g in s.consumers.iter_mut().filter(|g| g.name == name) {
                    g.on_exhausted =
                        if on { OnExhausted::DeadLetter(target.to_string()) } else { OnExhausted::default() };
                }
            }
            (Component::Client(_), Link::Calls) => {
                s.clients.iter_mut().filter(|c| c.name == name).for_each(|c| list(&mut c.calls));
            }
            (Component::Service(_), Link::Calls) => {
                s.services.iter_mut().filter(|v| v.name == name).for_each(|v| list(&mut v.calls));
            }
            (Component::Service(_), Link::Publishes) => {
                s.services.iter_mut().filter(|v| v.name == name).for_each(|v| list(&mut v.publishes));
            }
            _ => {}
        }
        self.revalidate();
    }

    /// Wires `from` to `to` as a line drawn between their nodes means (along the flow):
    /// a producer publishes to a topic, a topic feeds a group (the group reads it), a
    /// group or a client or a service calls a service, a group emits to a topic, a service
    /// publishes to a topic. Returns the link made and on whom, or `None` where the two
    /// kinds are not wired that way (a producer to a service, a topic to a topic).
    pub fn connect(&mut self, from: &Component, to: &Component) -> Option<(Component, Link)> {
        let (owner, link, target) = match (from, to) {
            (Component::Producer(_), Component::Topic(t)) => (from, Link::Topic, t),
            (Component::Topic(t), Component::Group(_)) => (to, Link::Topic, t),
            (Component::Group(_) | Component::Client(_) | Component::Service(_), Component::Service(v))
                if from != to =>
            {
                (from, Link::Calls, v)
            }
            (Component::Group(_), Component::Topic(t)) => (from, Link::Emits, t),
            (Component::Service(_), Component::Topic(t)) => (from, Link::Publishes, t),
            _ => return None,
        };
        let owner = owner.clone();
        self.link(&owner, link, target);
        Some((owner, link))
    }

    /// Who names `component` through a link, and in which field.
    pub fn references_to(&self, component: &Component) -> Vec<Reference> {
        let targets_kind = |link: Link| match component {
            Component::Topic(_) => !link.to_service(),
            Component::Service(_) => link.to_service(),
            _ => false,
        };
        let mut out = Vec::new();
        for from in self.components() {
            for &link in links(&from) {
                if targets_kind(link) && self.targets(&from, link).iter().any(|t| t == component.name()) {
                    out.push(Reference { from: from.clone(), field: link_field(link, &from) });
                }
            }
        }
        // A topic's expired messages may go to another topic.
        if let Component::Topic(name) = component {
            for t in self.scenario.topics.iter().filter(|t| t.expired_to.as_deref() == Some(name.as_str())) {
                out.push(Reference { from: Component::Topic(t.name.clone()), field: "expired_to" });
            }
        }
        out
    }

    /// Removes `component` and unwires what named it (see [`Draft::unlink`]; a topic's
    /// `expired_to` it was is cleared). Returns those references, for the user to be told.
    /// Names in faults, alerts, sagas and expectations are left: the validator points
    /// at each of them.
    pub fn remove(&mut self, component: &Component) -> Vec<Reference> {
        let references = self.references_to(component);
        let name = component.name().to_string();
        for r in &references {
            if let Some(&link) = links(&r.from).iter().find(|&&l| link_field(l, &r.from) == r.field) {
                self.edit_link(&r.from, link, &name, false);
            }
        }
        let s = &mut self.scenario;
        for t in s.topics.iter_mut().filter(|t| t.expired_to.as_deref() == Some(name.as_str())) {
            t.expired_to = None;
        }
        match component {
            Component::Producer(_) => s.producers.retain(|p| p.name != name),
            Component::Client(_) => s.clients.retain(|c| c.name != name),
            Component::Topic(_) => s.topics.retain(|t| t.name != name),
            Component::Group(_) => s.consumers.retain(|g| g.name != name),
            Component::Service(_) => s.services.retain(|v| v.name != name),
        }
        self.revalidate();
        references
    }

    /// Renames `component` to `name` and every link that named it, so the wiring holds
    /// (faults, alerts, sagas and expectations keep the old name: the validator points at
    /// each). A name another component of any kind has is refused, as the palette never
    /// gives one twice; an empty name is taken and the validator says why at the field.
    /// Returns the component under its new name.
    pub fn rename_component(&mut self, component: &Component, name: &str) -> Result<Component, Taken> {
        let name = name.trim();
        if name == component.name() {
            return Ok(component.clone());
        }
        if self.components().iter().any(|c| c.name() == name) {
            return Err(Taken(name.to_string()));
        }
        let old = component.name().to_string();
        let references = self.references_to(component);
        let s = &mut self.scenario;
        let renamed = |n: &mut String| {
            if *n == old {
                *n = name.to_string();
            }
        };
        match component {
            Component::Producer(_) => s.producers.iter_mut().for_each(|p| renamed(&mut p.name)),
            Component::Client(_) => s.clients.iter_mut().for_each(|c| renamed(&mut c.name)),
            Component::Topic(_) => s.topics.iter_mut().for_each(|t| renamed(&mut t.name)),
            Component::Group(_) => s.consumers.iter_mut().for_each(|g| renamed(&mut g.name)),
            Component::Service(_) => s.services.iter_mut().for_each(|v| renamed(&mut v.name)),
        }
        if let Component::Topic(_) = component {
            for t in s.topics.iter_mut() {
                if let Some(to) = t.expired_to.as_mut() {
                    renamed(to);
                }
            }
        }
        for r in references.iter().filter(|r| r.field != "expired_to") {
            let Some(&link) = links(&r.from).iter().find(|&&l| link_field(l, &r.from) == r.field) else { continue };
            // The referrer may be the component itself (a service calling itself).
            let from = if r.from == *component { with_name(component, name) } else { r.from.clone() };
            self.rewire(&from, link, &old, name);
        }
        self.revalidate();
        Ok(with_name(component, name))
    }

    /// Replaces `old` by `new` among `component`'s targets through `link`, in place.
    fn rewire(&mut self, component: &Component, link: Link, old: &str, new: &str) {
        let s = &mut self.scenario;
        let name = component.name();
        let swap = |n: &mut String| {
            if n == old {
                *n = new.to_string();
            }
        };
        match (component, link) {
            (Component::Producer(_), Link::Topic) => {
                s.producers.iter_mut().filter(|p| p.name == name).for_each(|p| swap(&mut p.topic));
            }
            (Component::Group(_), Link::Topic) => {
                s.consumers.iter_mut().filter(|g| g.name == name).for_each(|g| swap(&mut g.topic));
            }
            (Component::Group(_), Link::Calls) => {
                s.consumers
                    .iter_mut()
                    .filter(|g| g.name == name)
                    .for_each(|g| g.handler.calls.iter_mut().for_each(swap));
            }
            (Component::Group(_), Link::Emits) => s
                .consumers
                .iter_mut()
                .filter(|g| g.name == name)
                .for_each(|g| g.handler.emits.iter_mut().for_each(|e| swap(&mut e.topic))),
            (Component::Group(_), Link::DeadLetters) => {
                for g in s.consumers.iter_mut().filter(|g| g.name == name) {
                    if let OnExhausted::DeadLetter(topic) = &mut g.on_exhausted {
                        swap(topic);
                    }
                }
            }
            (Component::Client(_), Link::Calls) => {
                s.clients.iter_mut().filter(|c| c.name == name).for_each(|c| c.calls.iter_mut().for_each(swap));
            }
            (Component::Service(_), Link::Calls) => {
                s.services.iter_mut().filter(|v| v.name == name).for_each(|v| v.calls.iter_mut().for_each(swap));
            }
            (Component::Service(_), Link::Publishes) => {
                s.services.iter_mut().filter(|v| v.name == name).for_each(|v| v.publishes.iter_mut().for_each(swap));
            }
            _ => {}
        }
    }

    /// Renames the scenario.
    pub fn rename(&mut self, name: &str) {
        self.scenario.name = name.to_string();
        self.revalidate();
    }

    /// Sets the field at the dotted `path` (`producers.producer-1.rate.per_second`) to
    /// `value` as the parameter editor sends it (JSON where it is JSON, a bare word such
    /// as `250ms` otherwise, RON for a value with brackets that is not JSON). A value that
    /// does not fit the field's type is refused and the draft kept; one that fits but is
    /// wrong (a negative rate) is taken, and the validator says why at the field.
    pub fn set(&mut self, path: &str, value: &str) -> Result<(), ChangeError> {
        let parsed = serde_json::from_str::<Value>(value);
        let edited = match parsed {
            Err(_) if value.contains(['(', '[']) => {
                change::apply(&self.scenario, &[Change { path: path.to_string(), value: value.to_string() }])?
            }
            _ => {
                let mut tree = serde_json::to_value(&self.scenario)
                    .map_err(|e| ChangeError::Value { change: format!("{path}={value}"), message: e.to_string() })?;
                dotted::set(&mut tree, path, dotted::parse_value(value))?;
                serde_json::from_value(tree)
                    .map_err(|e| ChangeError::Value { change: format!("{path}={value}"), message: e.to_string() })?
            }
        };
        self.scenario = edited;
        self.revalidate();
        Ok(())
    }

    /// The problems of one component, by field.
    pub fn problems_of<'a>(&'a self, component: &'a Component) -> impl Iterator<Item = &'a Placed> + 'a {
        self.problems.iter().filter(move |p| p.component.as_ref() == Some(component))
    }

    fn revalidate(&mut self) {
        let found = validate::validate(&self.scenario);
        self.unrecorded = found.unrecorded;
        self.problems = found.list.into_iter().map(|problem| self.place(problem)).collect();
    }

    /// The component and field a problem's path names.
    fn place(&self, problem: Problem) -> Placed {
        let segments = problem.path.segments();
        let field_name = |segment: &Segment| match segment {
            Segment::Field(name) => Some(name.to_string()),
            Segment::Written(name) => Some(name.clone()),
            Segment::Entry { .. } => None,
        };
        let list = segments.first().and_then(field_name);
        let index = match segments.get(1) {
            Some(Segment::Entry { index, .. }) => Some(*index),
            _ => None,
        };
        let s = &self.scenario;
        let component = match (list.as_deref(), index) {
            (Some("producers"), Some(i)) => s.producers.get(i).map(|p| Component::Producer(p.name.clone())),
            (Some("clients"), Some(i)) => s.clients.get(i).map(|c| Component::Client(c.name.clone())),
            (Some("topics"), Some(i)) => s.topics.get(i).map(|t| Component::Topic(t.name.clone())),
            (Some("consumers"), Some(i)) => s.consumers.get(i).map(|g| Component::Group(g.name.clone())),
            (Some("services"), Some(i)) => s.services.get(i).map(|v| Component::Service(v.name.clone())),
            _ => None,
        };
        let field = match component {
            Some(_) => segments[2..].iter().map_while(field_name).collect::<Vec<_>>().join("."),
            None => String::new(),
        };
        Placed { component, field, problem }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// producer-1 → topic-1 → group-1 → service-1, built as the palette builds it.
    fn pipeline() -> Draft {
        let mut d = Draft::empty().expect("an empty scenario");
        let topic = d.add(Kind::Topic, None);
        d.add(Kind::Producer, Some(&topic));
        let group = d.add(Kind::Group, Some(&topic));
        d.add(Kind::Service, Some(&group));
        d
    }

    #[test]
    fn the_palette_wires_to_the_selection_and_the_result_validates() {
        let d = pipeline();
        assert!(d.is_valid(), "{:?}", d.problems());
        let s = d.scenario();
        assert_eq!(s.producers[0].topic, "topic-1");
        assert_eq!(s.consumers[0].topic, "topic-1");
        assert_eq!(s.consumers[0].handler.calls, ["service-1"]);
    }

    #[test]
    fn names_are_unique_across_kinds_and_reuse_freed_numbers() {
        let mut d = pipeline();
        let second = d.add(Kind::Topic, None);
        assert_eq!(second, Component::Topic("topic-2".into()));
        d.remove(&Component::Topic("topic-1".into()));
        assert_eq!(d.add(Kind::Topic, None), Component::Topic("topic-1".into()));
    }

    #[test]
    fn a_missing_topic_is_placed_at_the_field_and_wiring_fixes_it() {
        let mut d = Draft::empty().expect("an empty scenario");
        let producer = d.add(Kind::Producer, None);
        let placed: Vec<&Placed> = d.problems_of(&producer).collect();
        assert!(placed.iter().any(|p| p.field == "topic"), "{:?}", d.problems());
        let topic = d.add(Kind::Topic, None);
        d.link(&producer, Link::Topic, topic.name());
        assert_eq!(d.problems_of(&producer).count(), 0, "{:?}", d.problems());
    }

    #[test]
    fn a_wrong_value_is_placed_at_its_field_and_a_mistyped_one_refused() {
        let mut d = pipeline();
        d.set("producers.producer-1.rate.per_second", "-5").expect("a number fits the field");
        let producer = Component::Producer("producer-1".into());
        let fields: Vec<&str> = d.problems_of(&producer).map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["rate.per_second"], "{:?}", d.problems());
        let before = d.clone();
        assert!(d.set("producers.producer-1.rate.per_second", "fast").is_err());
        assert_eq!(d, before, "a refused value leaves the draft as it was");
        d.set("producers.producer-1.rate.per_second", "20").expect("a number fits the field");
        assert!(d.is_valid(), "{:?}", d.problems());
    }

    #[test]
    fn removing_a_topic_unwires_and_names_who_used_it() {
        let mut d = pipeline();
        let refs = d.remove(&Component::Topic("topic-1".into()));
        let from: Vec<(&str, &str)> = refs.iter().map(|r| (r.from.name(), r.field)).collect();
        assert_eq!(from, [("producer-1", "topic"), ("group-1", "topic")]);
        assert_eq!(d.scenario().producers[0].topic, "");
        assert!(!d.is_valid(), "the producer and the group read nothing now");
        let refs = d.remove(&Component::Service("service-1".into()));
        assert_eq!(refs, [Reference { from: Component::Group("group-1".into()), field: "handler.calls" }]);
        assert!(d.scenario().consumers[0].handler.calls.is_empty());
    }

    #[test]
    fn a_line_between_two_nodes_wires_along_the_flow() {
        let mut d = Draft::empty().expect("an empty scenario");
        let (p, t) = (d.add(Kind::Producer, None), d.add(Kind::Topic, None));
        let (g, v) = (d.add(Kind::Group, None), d.add(Kind::Service, None));
        let out = d.add(Kind::Topic, None);
        assert_eq!(d.connect(&p, &t), Some((p.clone(), Link::Topic)));
        assert_eq!(d.connect(&t, &g), Some((g.clone(), Link::Topic)));
        assert_eq!(d.connect(&g, &v), Some((g.clone(), Link::Calls)));
        assert_eq!(d.connect(&g, &out), Some((g.clone(), Link::Emits)));
        assert_eq!(d.connect(&v, &out), Some((v.clone(), Link::Publishes)));
        assert_eq!(d.connect(&p, &v), None);
        assert_eq!(d.connect(&v, &v), None, "a service does not call itself");
        let s = d.scenario();
        assert_eq!((s.producers[0].topic.as_str(), s.consumers[0].topic.as_str()), ("topic-1", "topic-1"));
        assert_eq!(s.consumers[0].handler.calls, ["service-1"]);
        assert_eq!(s.consumers[0].handler.emits[0].topic, "topic-2");
        assert_eq!(s.services[0].publishes, ["topic-2"]);
        assert!(d.is_valid(), "{:?}", d.problems());
    }

    #[test]
    fn renaming_keeps_the_wiring_and_refuses_a_name_in_use() {
        let mut d = pipeline();
        let group = Component::Group("group-1".into());
        let emitted = d.add(Kind::Topic, None);
        d.link(&group, Link::Emits, emitted.name());
        let topic = d.rename_component(&Component::Topic("topic-1".into()), "orders").expect("a free name");
        assert_eq!(topic, Component::Topic("orders".into()));
        d.rename_component(&emitted, "confirmed").expect("a free name");
        let s = d.scenario();
        assert_eq!((s.producers[0].topic.as_str(), s.consumers[0].topic.as_str()), ("orders", "orders"));
        assert_eq!(s.consumers[0].handler.emits[0].topic, "confirmed");
        d.rename_component(&Component::Service("service-1".into()), "payments-api").expect("a free name");
        assert_eq!(d.scenario().consumers[0].handler.calls, ["payments-api"]);
        assert!(d.is_valid(), "{:?}", d.problems());
        assert_eq!(d.rename_component(&group, "orders"), Err(Taken("orders".into())));
    }

    #[test]
    fn saving_and_loading_gives_the_same_scenario_and_the_same_text() {
        let mut d = pipeline();
        let dlq = d.add(Kind::Topic, None);
        d.link(&Component::Group("group-1".into()), Link::DeadLetters, dlq.name());
        let client = d.add(Kind::Client, Some(&Component::Service("service-1".into())));
        assert_eq!(d.targets(&client, Link::Calls), ["service-1"]);
        assert!(d.is_valid(), "{:?}", d.problems());
        let text = crate::scenario::to_ron_string(d.scenario());
        let loaded = crate::scenario::parse_str(&text, "built.ron").expect("the saved text loads");
        assert_eq!(&loaded, d.scenario());
        assert_eq!(crate::scenario::to_ron_string(&loaded), text, "a second save writes the same text");
    }
}
