//! Writing a scenario back to RON, in the format it is read from.

use super::model::Scenario;
use ron::ser::PrettyConfig;

/// The scenario as readable RON: struct and variant names as in hand-written files,
/// durations as strings ("250ms"). Reading the text back gives an equal scenario.
pub fn to_ron_string(scenario: &Scenario) -> String {
    let config = PrettyConfig::new().struct_names(true).depth_limit(3);
    match ron::ser::to_string_pretty(scenario, config) {
        Ok(text) => text + "\n",
        // The model has only strings, numbers, lists, options, structs and enums: ron
        // writes all of them. Debug output keeps the data should that ever change.
        Err(e) => format!("// could not write the scenario as RON: {e}\n// {scenario:?}\n"),
    }
}
