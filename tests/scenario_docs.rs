//! The format reference stays true: every whole scenario shown in `docs/scenario-format.md`
//! loads, and its reference example is the shipped reference scenario.

use faultline::scenario::{load_file, parse_str};
use std::path::PathBuf;

fn docs() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/scenario-format.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The ```ron blocks of the page.
fn ron_blocks(text: &str) -> Vec<String> {
    text.split("```ron\n").skip(1).filter_map(|rest| rest.split("```").next().map(str::to_string)).collect()
}

#[test]
fn whole_scenarios_in_the_docs_are_valid() {
    let blocks = ron_blocks(&docs());
    let scenarios: Vec<&String> = blocks
        .iter()
        .filter(|b| b.lines().find(|l| !l.starts_with("//")).is_some_and(|l| l.starts_with("Scenario(")))
        .collect();
    assert_eq!(scenarios.len(), 2, "the minimal and the reference scenario");
    for block in scenarios {
        if let Err(e) = parse_str(block, "docs") {
            panic!("{e}\n{block}");
        }
    }
}

#[test]
fn the_documented_reference_is_the_shipped_one() {
    let blocks = ron_blocks(&docs());
    let documented = blocks.last().map(|b| parse_str(b, "docs")).expect("a reference block");
    let shipped = load_file(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/order-pipeline.ron"));
    assert_eq!(documented, shipped);
}

#[test]
fn struct_snippets_in_the_docs_parse_inside_a_scenario() {
    // Snippets of one struct are checked in the place they belong.
    let blocks = ron_blocks(&docs());
    let wrap = |block: &str| -> Option<String> {
        let b = block.trim();
        let services = "services: [Service(name: \"payment-gateway\")]";
        let topics = "topics: [Topic(name: \"orders\"), Topic(name: \"orders.dlq\")]";
        Some(if b.starts_with("Service(") {
            format!("Scenario(name: \"s\", services: [{b}], topics: [])")
        } else if b.starts_with("ConsumerGroup(") {
            format!("Scenario(name: \"s\", {services}, {topics}, consumers: [{b}])")
        } else {
            return None;
        })
    };
    let wrapped: Vec<String> = blocks.iter().filter_map(|b| wrap(b)).collect();
    assert_eq!(wrapped.len(), 3, "the Service, Replicas and ConsumerGroup snippets");
    for text in wrapped {
        if let Err(e) = parse_str(&text, "docs") {
            panic!("{e}\n{text}");
        }
    }
}

#[test]
fn expectation_and_lesson_snippets_are_valid_in_the_reference_scenario() {
    // They name the reference scenario's components, so they are checked inside it.
    let reference =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/order-pipeline.ron"))
            .unwrap_or_default();
    let end = reference.rfind(')').unwrap_or(reference.len());
    let blocks = ron_blocks(&docs());
    let wrapped: Vec<String> = blocks
        .iter()
        .filter_map(|b| {
            let b = b.trim();
            let field = if ["Expect(", "Series(", "Event(", "Law("].iter().any(|k| b.starts_with(k)) {
                format!("expect: [{b}],")
            } else if b.starts_with("lesson: Lesson(") {
                b.to_string()
            } else {
                return None;
            };
            Some(format!("{}    {field}\n)\n", &reference[..end]))
        })
        .collect();
    assert_eq!(wrapped.len(), 5, "four kinds of expectation and a lesson");
    for text in wrapped {
        if let Err(e) = parse_str(&text, "docs") {
            panic!("{e}\n{text}");
        }
    }
}

/// The docs' list of series keys is the metric table's: each family's first key in full,
/// then the rest of its metrics as `.STAT`, in table order.
#[test]
fn the_series_keys_listed_are_the_metric_tables() {
    use faultline::metric::{Owner, Scope, families};
    let text = docs();
    let list = text
        .split_once("Series keys: ")
        .and_then(|(_, rest)| rest.split_once(" The\nfamily"))
        .map(|(list, _)| list)
        .expect("the paragraph listing the series keys");
    let documented: Vec<&str> = list.split('`').skip(1).step_by(2).collect();
    let mut declared = Vec::new();
    for family in families() {
        let name = match family.scope {
            Scope::System => None,
            Scope::Each(Owner::Breaker) => Some("CALLER:SERVICE"),
            Scope::Each(_) => Some("NAME"),
        };
        for (i, metric) in family.metrics.iter().enumerate() {
            declared.push(match (i, name) {
                (0, Some(name)) => format!("{}.{name}.{}", family.name, metric.stat),
                (0, None) => format!("{}.{}", family.name, metric.stat),
                _ => format!(".{}", metric.stat),
            });
        }
    }
    assert_eq!(documented, declared, "docs/scenario-format.md lists the series keys of src/metric.rs");
}

/// Every series key the docs mention (as `FAMILY.…`) is one the metric table declares.
#[test]
fn series_keys_mentioned_in_the_docs_exist() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap_or_else(|e| panic!("docs/: {e}"))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    pages.push(root.join("README.md"));
    let families: Vec<&str> = faultline::metric::families().iter().map(|f| f.name).collect();
    let mut checked = 0;
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        for family in &families {
            let opening = format!("`{family}.");
            for (at, _) in text.match_indices(&opening) {
                let quoted = text[at + 1..].split('`').next().unwrap_or_default();
                if !quoted.contains(char::is_whitespace) {
                    assert!(faultline::metric::find(quoted).is_some(), "{}: `{quoted}` is no series", page.display());
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 10, "found the keys the docs mention ({checked})");
}
