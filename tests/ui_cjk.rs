
/// What the CJK font costs at start-up: installing the fonts and laying out the first
/// Chinese text (which loads the face and rasterises its glyphs), against egui's own fonts
/// and Latin text. Run by hand: `cargo test --release --test ui_cjk -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_the_font_cost() {
    use std::time::Instant;
    let text = "熔断器：快速失败，而不是苦等 检查清单 核心概念 观察要点 思考题 账本 已生产 系统中 已处理";
    let measure = |cjk: bool, text: &str| {
        let ctx = egui::Context::default();
        let started = Instant::now();
        if cjk {
            faultline::ui::fonts::install(&ctx);
        }
        let _ = ctx.run_ui(Default::default(), |ui| {
            ui.label(text);
        });
        started.elapsed()
    };
    for _ in 0..2 {
        let plain = measure(false, "Circuit breaker: fail fast instead of waiting Checklist The idea");
        let cjk = measure(true, text);
        eprintln!("first frame: egui's fonts, Latin text {plain:?}; with the CJK subset, Chinese text {cjk:?}");
    }
}
