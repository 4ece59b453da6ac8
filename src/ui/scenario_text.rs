//! Scenario → text for "save". One function, so the scenario module's own writer
//! (`scenario::to_ron_string`, with comments and units) can replace it in one place.

use crate::scenario::Scenario;

pub fn to_ron(scenario: &Scenario) -> Result<String, String> {
    let config = ron::ser::PrettyConfig::new().struct_names(true);
    ron::ser::to_string_pretty(scenario, config).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::runner::DEFAULT_SCENARIO;

    #[test]
    fn the_default_scenario_round_trips() {
        let scenario = crate::scenario::parse_str(DEFAULT_SCENARIO, "order-pipeline.ron").map_err(|e| e.to_string());
        let scenario = scenario.unwrap_or_else(|e| panic!("{e}"));
        let text = to_ron(&scenario).unwrap_or_else(|e| panic!("{e}"));
        let back = crate::scenario::parse_str(&text, "saved.ron")
            .map_err(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back, scenario);
    }
}
