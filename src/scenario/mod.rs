//! placeholder until the scenario module lands (helper replaces this file)
pub mod model;
pub use model::*;
pub fn load_file(path: &std::path::Path) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&text)
        .map_err(|e| e.to_string())
}
pub fn parse_str(text: &str, _origin: &str) -> Result<Scenario, String> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|e| e.to_string())
}
