//! Every symbol the dashboard shows must exist in the fonts it bundles; otherwise egui
//! draws an empty box (it happened: ● ▲ → are not in egui's default fonts).

use std::path::Path;

/// Non-ASCII characters inside string literals of the UI's source files.
fn shown_characters(dir: &Path, out: &mut Vec<(char, String)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            shown_characters(&path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            let (mut in_string, mut escaped) = (false, false);
            for c in line.chars() {
                match c {
                    '\\' if in_string => escaped = !escaped,
                    '"' if !escaped => in_string = !in_string,
                    _ => {
                        if in_string && !c.is_ascii() {
                            out.push((c, format!("{}:{}", path.display(), n + 1)));
                        }
                        escaped = false;
                    }
                }
            }
        }
    }
}

#[test]
fn every_symbol_in_the_ui_has_a_glyph() {
    let ctx = egui::Context::default();
    let mut output = ctx.run_ui(Default::default(), |_| {});
    output.textures_delta.clear();
    let mut shown = Vec::new();
    shown_characters(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui"), &mut shown);
    assert!(shown.iter().any(|(c, _)| *c == '⏸'), "the scan finds the UI's symbols");
    let missing: Vec<String> = shown
        .iter()
        .filter(|(c, _)| !ctx.fonts_mut(|f| f.has_glyph(&egui::FontId::proportional(14.0), *c)))
        .map(|(c, at)| format!("{c} (U+{:04X}) at {at}", *c as u32))
        .collect();
    assert!(missing.is_empty(), "no glyph for:\n{}", missing.join("\n"));
}
