//! The command line in Simplified Chinese: `--lang zh-CN` (or FAULTLINE_LANG) translates
//! the human output, never `--json`; a scenario named in Chinese checks and runs.

mod cli_common;

use cli_common::{code, stderr, stdout};
use std::path::Path;
use std::process::{Command, Output};

fn shipped(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name).display().to_string()
}

/// `faultline ARGS` with FAULTLINE_LANG set to `lang` (the locale the process sees).
fn faultline_in(lang: &str, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .env("FAULTLINE_LANG", lang)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run faultline: {e}"));
    assert!(!stderr(&output).contains("panicked"), "{args:?} panicked:\n{}", stderr(&output));
    output
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn check_speaks_chinese_with_lang_and_with_the_environment() {
    let file = shipped("04-circuit-breaker.ron");
    let expected = format!(
        "{file}：通过：“04 熔断器：快速失败，而不是苦等”，2 个主题，1 个生产者，1 个消费者组，1 个服务，运行 2m，8 项预期，课程“熔断器：快速失败，而不是苦等”，含 3 个问题\n"
    );
    let flag = faultline_in("en", &["check", &file, "--lang", "zh-CN"]);
    assert_eq!(code(&flag), 0, "{}", stderr(&flag));
    assert!(stdout(&flag).starts_with(&expected), "{}", stdout(&flag));
    let environment = faultline_in("zh_CN.UTF-8", &["check", &file]);
    assert_eq!(stdout(&environment), stdout(&flag), "FAULTLINE_LANG=zh_CN.UTF-8 asks for the same");
    let english = faultline_in("zh-CN", &["check", &file, "--lang", "en"]);
    assert!(stdout(&english).contains(": ok: \"04 Circuit breaker"), "--lang wins: {}", stdout(&english));
}

#[test]
fn a_scenario_named_in_chinese_checks_and_runs_with_its_expectations_in_chinese() {
    let file = shipped("chinese-names.ron");
    let check = faultline_in("zh-CN", &["check", &file]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    assert!(stdout(&check).contains("“中文示例：订单流水线与熔断器”，2 个主题"), "{}", stdout(&check));
    let run = faultline_in("zh-CN", &["run", &file, "--quiet"]);
    let out = stdout(&run);
    assert_eq!(code(&run), 0, "{out}{}", stderr(&run));
    assert!(
        out.contains("  ✓ 网关挂起后熔断器在几秒内打开: 熔断器 支付:支付网关 打开：10s..15s 内 1 次，首次在 "),
        "{out}"
    );
    assert!(out.contains("  ✓ 没有任何消息丢失: ledger.lost = 0（预期至多 0）"), "{out}");
    assert!(out.contains("  ✓ 网关恢复后熔断器关闭: "), "{out}");
    assert!(out.contains("4 项预期中 4 项达成"), "{out}");
    assert!(out.contains("主题 订单.死信：最大积压"), "{out}");
    assert!(out.contains("熔断器 支付:支付网关：当前 CLOSED"), "{out}");
}

#[test]
fn json_is_never_translated() {
    let file = shipped("04-circuit-breaker.ron");
    let zh = faultline_in("zh-CN", &["run", &file, "--json", "--quiet", "--duration", "20s"]);
    let en = faultline_in("en", &["run", &file, "--json", "--quiet", "--duration", "20s"]);
    assert_eq!(code(&zh), code(&en));
    let (zh, en) = (stdout(&zh), stdout(&en));
    assert!(!has_cjk(&zh), "no Chinese in --json: {zh}");
    let fields = |text: &str| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
        // Only the wall-clock figures may differ between two runs.
        for key in ["wall_seconds", "messages_per_wall_second"] {
            v.as_object_mut().map(|o| o.remove(key));
        }
        v
    };
    assert_eq!(fields(&zh), fields(&en));
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let output = faultline_in("en", &["check", &shipped("mmc.ron"), "--lang", "fr"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("faultline speaks en and zh-CN"), "{}", stderr(&output));
}

/// A scenario with mistakes: `check` names each with its file:line:column and field path as
/// in English, and the words around them in Chinese.
#[test]
fn check_errors_are_located_in_chinese() {
    let mmc = std::fs::read_to_string(shipped("mmc.ron")).unwrap_or_else(|e| panic!("{e}"));
    let broken =
        mmc.replace("partitions: 1,", "partitions: 0,").replace(r#"topic: "jobs", rate"#, r#"topic: "job", rate"#);
    assert_ne!(broken, mmc, "the mistakes are made");
    let dir = std::env::temp_dir().join(format!("faultline-cli-cjk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join("broken.ron");
    std::fs::write(&file, broken).unwrap_or_else(|e| panic!("{e}"));
    let file = file.display().to_string();
    let zh = faultline_in("zh-CN", &["check", &file]);
    assert_eq!(code(&zh), 1, "invalid input: {}", stderr(&zh));
    assert_eq!(
        stderr(&zh),
        format!(
            "{file}:11:47: 字段 topics[jobs].partitions：至少应为 1\n\
             {file}:12:52: 字段 producers[arrivals].topic：未知的主题 `job`（是不是想写 `jobs`？）\n"
        )
    );
    let en = faultline_in("zh-CN", &["check", &file, "--lang", "en"]);
    assert_eq!(code(&en), 1);
    assert_eq!(
        stderr(&en),
        format!(
            "{file}:11:47: topics[jobs].partitions: must be at least 1\n\
             {file}:12:52: producers[arrivals].topic: unknown topic `job` (did you mean `jobs`?)\n"
        ),
        "English is as it always was"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A refused `--set` of `sweep` and of `fork`, and a refused `compare`, are worded in
/// Chinese with the argument as written; English is as it always was.
#[test]
fn experiment_refusals_are_in_chinese() {
    let file = shipped("mmc.ron");
    let sweep = ["sweep", &file, "--set", "consumers.servers.concurrency=1,0", "--replications", "1"];
    let zh = faultline_in("zh-CN", &sweep);
    assert_eq!(code(&zh), 1, "invalid input: {}", stderr(&zh));
    assert_eq!(stderr(&zh), "错误：--set consumers.servers.concurrency=0：至少应为 1\n");
    let en = faultline_in("en", &sweep);
    assert_eq!(stderr(&en), "error: --set consumers.servers.concurrency=0: must be at least 1\n");
    let fork = ["fork", &file, "--at", "1s", "--set", "consumers.server.concurrency=2"];
    let zh = faultline_in("zh-CN", &fork);
    assert_eq!(code(&zh), 1, "invalid input: {}", stderr(&zh));
    assert_eq!(
        stderr(&zh),
        "错误：--set `consumers.server.concurrency`：这里没有 `server`；是不是想写 `servers`？（这里有：servers）\n"
    );
    let compare = ["compare", &file, &file, "--warmup", "10d"];
    let zh = faultline_in("zh-CN", &compare);
    assert_eq!(code(&zh), 1, "invalid input: {}", stderr(&zh));
    assert!(stderr(&zh).starts_with("错误：预热（10d）没有比运行时长（"), "{}", stderr(&zh));
}
