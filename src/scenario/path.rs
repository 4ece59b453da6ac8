//! Field paths: where in a scenario a value lives, e.g. `consumers[payments].handler.calls[1]`.
//!
//! One convention everywhere (diagnostics from the parser and from validation alike): a
//! list entry that has a `name` is written by that name (`topics[orders]`), otherwise by
//! its zero-based index (`faults[2]`, `calls[1]`). An entry whose name cannot stand for it
//! unambiguously (empty, shared with a sibling, all digits, or containing a bracket) is
//! written by its index too.

use std::fmt;

/// One step of a path: a field of a struct, or an entry of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// A field, by its name in the file (`for`, not the Rust field `sustained_for`).
    Field(&'static str),
    /// A field name as written in a file, which may not exist in the format (an unknown field).
    Written(String),
    /// A list entry: its index (used to find it in the text) and, where it has a usable
    /// name, that name (used to show it).
    Entry { index: usize, label: Option<String> },
}

/// A field path from the scenario's root. The empty path means the whole file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(Vec<Segment>);

impl Path {
    /// The whole scenario.
    pub fn root() -> Path {
        Path(Vec::new())
    }

    /// This path followed by a field.
    pub fn field(&self, name: &'static str) -> Path {
        self.with(Segment::Field(name))
    }

    /// This path followed by a list entry shown by its index (entries without a name).
    pub fn index(&self, index: usize) -> Path {
        self.with(Segment::Entry { index, label: None })
    }

    /// This path followed by a list entry shown by `label` when there is one.
    pub fn entry(&self, index: usize, label: Option<&str>) -> Path {
        self.with(Segment::Entry { index, label: label.map(str::to_string) })
    }

    pub fn with(&self, segment: Segment) -> Path {
        let mut path = self.clone();
        path.push(segment);
        path
    }

    pub fn push(&mut self, segment: Segment) {
        self.0.push(segment);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Field(name) if i == 0 => f.write_str(name)?,
                Segment::Written(name) if i == 0 => f.write_str(name)?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Written(name) => write!(f, ".{name}")?,
                Segment::Entry { label: Some(label), .. } => write!(f, "[{label}]")?,
                Segment::Entry { index, label: None } => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The labels of a list's entries given their names: each name that identifies its entry
/// unambiguously, `None` where the entry must be shown by index.
pub fn entry_labels<'a>(names: impl IntoIterator<Item = Option<&'a str>>) -> Vec<Option<&'a str>> {
    let names: Vec<Option<&str>> = names.into_iter().collect();
    let mut sorted: Vec<&str> = names.iter().flatten().copied().collect();
    sorted.sort_unstable();
    let shared = |name: &str| {
        let first = sorted.partition_point(|n| *n < name);
        sorted.get(first + 1).is_some_and(|next| *next == name)
    };
    names.iter().map(|name| name.filter(|n| usable_label(n) && !shared(n))).collect()
}

fn usable_label(name: &str) -> bool {
    !name.is_empty()
        && !name.chars().all(|c| c.is_ascii_digit())
        && !name.contains(['[', ']'])
        && !name.contains(|c: char| c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_fields_names_and_indices() {
        let path = Path::root().field("consumers").entry(0, Some("payments")).field("handler").field("calls").index(1);
        assert_eq!(path.to_string(), "consumers[payments].handler.calls[1]");
        assert_eq!(Path::root().to_string(), "");
        assert_eq!(Path::root().field("seed").to_string(), "seed");
    }

    #[test]
    fn ambiguous_or_unusable_names_fall_back_to_indices() {
        let labels =
            entry_labels([Some("a"), Some("b"), Some("a"), None, Some(""), Some("12"), Some("x[1]"), Some("c")]);
        assert_eq!(labels, vec![None, Some("b"), None, None, None, None, None, Some("c")]);
    }
}
