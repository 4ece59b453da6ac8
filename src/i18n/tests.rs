use super::*;
use std::collections::BTreeSet;
use std::path::Path;

fn key_set(lang: Lang) -> BTreeSet<String> {
    keys(lang).into_iter().collect()
}

#[test]
fn both_message_files_parse() {
    for lang in Lang::ALL {
        assert_eq!(syntax_errors(lang), Vec::<String>::new(), "{lang}");
    }
}

#[test]
fn every_key_is_in_both_languages_and_declared_once() {
    for lang in Lang::ALL {
        let all = keys(lang);
        let unique = key_set(lang);
        assert_eq!(all.len(), unique.len(), "{lang}: a key is declared twice");
    }
    let (en, zh) = (key_set(Lang::En), key_set(Lang::ZhCn));
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(only_en.is_empty(), "missing in zh-CN: {only_en:?}");
    assert!(only_zh.is_empty(), "missing in en: {only_zh:?}");
    assert!(en.len() > 100, "the dashboard's words are in the file ({} keys)", en.len());
}

/// The variables a message uses (`{ $name }`), so a translation cannot drop a number.
fn variables(lang: Lang, key: &str) -> BTreeSet<String> {
    let source = lang.source();
    // The entry's text runs from its `key =` line to the next entry (a line starting in
    // column 0 with a letter or a comment).
    let start =
        source.lines().position(|l| l.split('=').next().is_some_and(|k| k.trim() == key) && !l.starts_with(' '));
    let mut out = BTreeSet::new();
    if let Some(start) = start {
        for (i, line) in source.lines().skip(start).enumerate() {
            if i > 0 && (line.starts_with(|c: char| c.is_ascii_alphabetic()) || line.starts_with('#')) {
                break;
            }
            let mut rest = line;
            while let Some(at) = rest.find('$') {
                rest = &rest[at + 1..];
                let name: String =
                    rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn translations_use_the_same_variables() {
    for key in keys(Lang::En) {
        assert_eq!(variables(Lang::En, &key), variables(Lang::ZhCn, &key), "{key}");
    }
}

#[test]
fn every_message_formats_without_falling_back() {
    for lang in Lang::ALL {
        for key in keys(lang) {
            let t = lookup(lang, &key, None);
            assert!(!t.fell_back, "{lang}: {key}");
            assert!(!t.text.contains('\u{2068}'), "{lang}: {key}: no isolation marks");
        }
    }
}

#[test]
fn a_missing_key_falls_back_visibly() {
    let t = lookup(Lang::ZhCn, "no-such-key", None);
    assert_eq!(t, Translation { text: "no-such-key".into(), fell_back: true });
    // A key missing in one language only: the English text, flagged.
    let en = bundle(Lang::En);
    let mut zh = FluentBundle::new_concurrent(vec!["zh-CN".parse().unwrap_or_default()]);
    zh.set_use_isolating(false);
    let _ = zh.add_resource(FluentResource::try_new("other = 其他\n".to_string()).unwrap_or_else(|(r, _)| r));
    let pair = [en, zh];
    let t = lookup_in(&pair, Lang::ZhCn, "menu-lessons", None);
    assert_eq!(t, Translation { text: "Lessons".into(), fell_back: true });
}

#[test]
fn plurals_and_numbers_follow_each_language() {
    let args = |n: i64| [("count", Arg::from(n))];
    set_lang(Lang::En);
    assert_eq!(tr_args("count-questions", &args(1)), "1 question");
    assert_eq!(tr_args("count-questions", &args(3)), "3 questions");
    set_lang(Lang::ZhCn);
    assert_eq!(tr_args("count-questions", &args(1)), "1 个问题");
    assert_eq!(tr_args("count-questions", &args(3)), "3 个问题");
    set_lang(Lang::En);
}

#[test]
fn languages_come_from_tags_and_locales() {
    assert_eq!(Lang::from_tag("zh_CN.UTF-8"), Some(Lang::ZhCn));
    assert_eq!(Lang::from_tag("zh-Hans"), Some(Lang::ZhCn));
    assert_eq!(Lang::from_tag("zh"), Some(Lang::ZhCn));
    assert_eq!(Lang::from_tag("zh-TW"), None);
    assert_eq!(Lang::from_tag("en_GB.UTF-8"), Some(Lang::En));
    assert_eq!(Lang::from_tag("de_DE"), None);
    assert_eq!("zh-CN".parse::<Lang>(), Ok(Lang::ZhCn));
    assert!("fr".parse::<Lang>().is_err());
}

/// Every call of `tr` or `tr_args` with a literal key names a key of the English file: a typo
/// would show the key itself to the user.
#[test]
fn every_key_the_code_asks_for_exists() {
    let en = key_set(Lang::En);
    let mut missing = Vec::new();
    let mut used = 0;
    scan(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut |path, text| {
        // rustfmt breaks a long call over lines: `say(\n    lang,\n    "key"`.
        let text = squeeze(text);
        let text = text.as_str();
        for pattern in ["tr(\"", "tr_args(\"", "say(lang, \"", "Said::new(\""] {
            let mut rest = text;
            while let Some(at) = rest.find(pattern) {
                // `parse_str("…")` is not a lookup: the call must be `tr` (or `say`) itself.
                let called = rest[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
                rest = &rest[at + pattern.len()..];
                if !called {
                    continue;
                }
                let key: String = rest.chars().take_while(|c| *c != '"').collect();
                used += 1;
                if !en.contains(&key) && key != "no-such-key" && key != "menu-lessons" {
                    missing.push(format!("{key} ({})", path.display()));
                }
            }
        }
    });
    assert!(used > 50, "the scan finds the calls ({used})");
    assert!(missing.is_empty(), "keys not in i18n/en/faultline.ftl: {missing:?}");
}

/// `text` with the whitespace after `(` and `,` reduced to what one line would have.
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '(' || c == ',' {
            let mut skipped = false;
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
                skipped = true;
            }
            if skipped && c == ',' {
                out.push(' ');
            }
        }
    }
    out
}

/// Keys the code names as plain literals and hands over later (a key chosen by a `match`,
/// `Said::new(open("…-so-far", "…"))`): every literal that looks like one of the keys
/// kept as values names a key of the English file.
#[test]
fn every_key_literal_of_the_words_kept_as_values_exists() {
    let en = key_set(Lang::En);
    let prefixes = ["\"check-", "\"log-", "\"breaker-cause-", "\"breaker-over-", "\"scenario-"];
    let mut missing = Vec::new();
    let mut found = 0;
    scan(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut |path, text| {
        for prefix in prefixes {
            let mut rest = text;
            while let Some(at) = rest.find(prefix) {
                rest = &rest[at + 1..];
                let literal: String = rest.chars().take_while(|c| *c != '"').collect();
                let is_key = literal.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !literal.ends_with('-');
                if is_key {
                    found += 1;
                    if !en.contains(&literal) {
                        missing.push(format!("{literal} ({})", path.display()));
                    }
                }
            }
        }
    });
    assert!(found > 80, "the scan finds the keys ({found})");
    assert!(missing.is_empty(), "keys not in i18n/en/faultline.ftl: {missing:?}");
}

fn scan(dir: &Path, f: &mut dyn FnMut(&Path, &str)) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            scan(&path, f);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            f(&path, &text);
        }
    }
}

/// Words the engine keeps as values: a breaker's reason, a log entry, a located problem.
/// English is what the `--json` report and the tests have always read; Chinese has the
/// same numbers.
mod kept_as_values {
    use crate::engine::policy::BreakerState;
    use crate::engine::policy::breaker::{Cause, Rates, Span};
    use crate::engine::{LogText, ScaleCause};
    use crate::i18n::Lang;
    use crate::scenario::{Diagnostic, FaultKind};
    use crate::time::SimDuration;

    fn rates(failure_pct: f32, slow_pct: f32, calls: u32, span: Span) -> Rates {
        Rates { failure_pct, failure_threshold_pct: 50.0, slow_pct, slow_threshold_pct: 100.0, calls, span }
    }

    #[test]
    fn a_breaker_opening_at_a_known_failure_rate() {
        let opened = Cause::ThresholdsExceeded(rates(52.0, 0.0, 50, Span::LastCalls));
        assert_eq!(opened.to_string(), "failure rate 52% ≥ 50% over last 50 calls");
        assert_eq!(opened.render(Lang::ZhCn), "最近 50 次调用中失败率 52% ≥ 50%");
        let slow = Cause::ThresholdsExceeded(Rates {
            slow_threshold_pct: 80.0,
            ..rates(12.5, 100.0, 120, Span::LastSeconds(10))
        });
        assert_eq!(slow.to_string(), "slow-call rate 100% ≥ 80% over the last 10 s (120 calls)");
        assert_eq!(slow.render(Lang::ZhCn), "最近 10 秒内（120 次调用）慢调用率 100% ≥ 80%");
        let both =
            Cause::ThresholdsExceeded(Rates { slow_threshold_pct: 50.0, ..rates(100.0, 62.5, 4, Span::LastCalls) });
        assert_eq!(both.to_string(), "failure rate 100% ≥ 50% and slow-call rate 62.5% ≥ 50% over last 4 calls");
        assert_eq!(both.render(Lang::ZhCn), "最近 4 次调用中失败率 100% ≥ 50%，且慢调用率 62.5% ≥ 50%");
        let closed = Cause::ProbesBelowThresholds(rates(0.0, 0.0, 2, Span::Probes));
        assert_eq!(closed.to_string(), "failure rate 0% < 50% and slow-call rate 0% < 100% over 2 probe calls");
        assert_eq!(closed.render(Lang::ZhCn), "2 次探测调用中失败率 0% < 50%，且慢调用率 0% < 100%");
        let waited = Cause::OpenElapsed { open_for: SimDuration::from_secs(5), probes: 3 };
        assert_eq!(waited.to_string(), "open for 5s elapsed; permitting 3 probe calls");
        assert_eq!(waited.render(Lang::ZhCn), "已打开满 5s；放行 3 个探测调用");
        assert_eq!(Cause::Command.to_string(), "set by command");
        assert_eq!(Cause::Command.render(Lang::ZhCn), "由命令设置");
    }

    #[test]
    fn event_log_entries() {
        let cause = Cause::ThresholdsExceeded(rates(52.0, 0.0, 50, Span::LastCalls));
        let opened = LogText::BreakerTransition { from: BreakerState::Closed, to: BreakerState::Open, cause };
        assert_eq!(opened.to_string(), "CLOSED → OPEN: failure rate 52% ≥ 50% over last 50 calls");
        assert_eq!(opened.render(Lang::ZhCn), "CLOSED → OPEN：最近 50 次调用中失败率 52% ≥ 50%");
        let would = LogText::BreakerWouldOpen(rates(60.0, 0.0, 10, Span::LastCalls));
        assert_eq!(would.to_string(), "METRICS_ONLY: would open: failure rate 60% ≥ 50% over last 10 calls");
        assert_eq!(would.render(Lang::ZhCn), "METRICS_ONLY：本应打开：最近 10 次调用中失败率 60% ≥ 50%");
        let rebalanced = LogText::RebalanceDone { partitions: 3, members: 4, idle: vec!["g/4".into()] };
        assert_eq!(
            rebalanced.to_string(),
            "rebalance done: 3 partitions over 4 members; idle (more members than partitions): g/4"
        );
        assert_eq!(rebalanced.render(Lang::ZhCn), "再均衡完成：3 个分区分配给 4 个成员；空闲（成员多于分区）：g/4");
        let ejected = LogText::Ejected { duration: SimDuration::from_secs(30), errors: 5, ejections: 2 };
        assert_eq!(ejected.to_string(), "ejected from balancing for 30s after 5 errors in a row (ejection 2)");
        assert_eq!(ejected.render(Lang::ZhCn), "连续 5 次错误后被剔除出负载均衡 30s（第 2 次剔除）");
        let letters = LogText::DeadLetters { count: 12, interval: SimDuration::from_secs(1) };
        assert_eq!(letters.to_string(), "12 dead letters in the last 1s");
        assert_eq!(letters.render(Lang::ZhCn), "最近 1s 内 12 条死信");
        let crashed = LogText::Crashed { failure: false, lost: 7 };
        assert_eq!(crashed.to_string(), "crash: 7 messages lost from its memory wait for the broker to redeliver them");
        assert_eq!(crashed.render(Lang::ZhCn), "崩溃：内存中的 7 条消息丢失，等待 broker 重新投递");
        let fault = LogText::FaultStarted {
            fault: FaultKind::Slow { factor: 50.0 },
            duration: Some(SimDuration::from_secs(30)),
        };
        assert_eq!(fault.to_string(), "fault: slow ×50 for 30s");
        assert_eq!(fault.render(Lang::ZhCn), "故障：变慢 ×50，持续 30s");
        let forever = LogText::FaultStarted { fault: FaultKind::Crash, duration: None };
        assert_eq!(forever.to_string(), "fault: crash until cleared");
        assert_eq!(forever.render(Lang::ZhCn), "故障：崩溃，直到被清除");
        let evicted = LogText::Evicted { by: "heartbeat lost: session timeout".into(), redelivered: 42 };
        assert_eq!(
            evicted.to_string(),
            "evicted from the group (heartbeat lost: session timeout); 42 messages redelivered"
        );
        assert_eq!(evicted.render(Lang::ZhCn), "被驱逐出消费者组（心跳丢失：会话超时）；42 条消息重新投递");
        let scaled = LogText::Scaled { from: 2, to: 4, why: ScaleCause::Autoscaler { lag: 900, target: 200 } };
        assert_eq!(scaled.to_string(), "scaled from 2 to 4 instances (autoscaler: lag 900, target 200 per instance)");
        assert_eq!(scaled.render(Lang::ZhCn), "实例数从 2 调整为 4（自动扩缩容：消费积压 900，目标每实例 200）");
        let down = LogText::NodeDown { cause: "failure".into(), leaders: 3, failover_in: SimDuration::from_secs(10) };
        assert_eq!(down.to_string(), "down (failure): 3 partition leaders offline; failover in 10s");
        assert_eq!(down.render(Lang::ZhCn), "宕机（故障）：3 个分区的主副本离线；10s 后故障转移");
        let lost = LogText::PartitionLost {
            partition: 2,
            lost: 17,
            node: "broker-1".into(),
            reason: crate::engine::ledger::Reason::BrokerNodeLost,
        };
        assert_eq!(
            lost.to_string(),
            "partition 2: 17 messages lost with broker-1 (broker node lost (no other replica))"
        );
        assert_eq!(lost.render(Lang::ZhCn), "分区 2：17 条消息随 broker-1 丢失（broker 节点丢失（无其他副本））");
        let redriven = LogText::Redriven { selected: 12, redriven: 10, guarded: 2, loop_guard: 3, refused: 0 };
        assert_eq!(
            redriven.to_string(),
            "redrive: 12 selected, 10 republished, 2 parked by the loop guard (dead-lettered more than 3 times), 0 left in place (refused)"
        );
        assert_eq!(
            redriven.render(Lang::ZhCn),
            "重新投递：选中 12 条，重新发布 10 条，2 条被循环保护停放（进入死信超过 3 次），0 条留在原处（被拒绝）"
        );
        let rate = LogText::RateSet { per_second: 50.0f64.to_string() };
        assert_eq!((rate.to_string(), rate.render(Lang::ZhCn)), ("rate set to 50/s".into(), "速率设为 50/s".into()));
        let set = LogText::BreakerSet { service: "payment-gateway".into(), state: BreakerState::ForcedOpen };
        assert_eq!(set.to_string(), "circuit breaker to `payment-gateway` set to FORCED_OPEN");
        assert_eq!(set.render(Lang::ZhCn), "调用 `payment-gateway` 的熔断器被设为 FORCED_OPEN");
        // Every phrase the engine puts inside an entry has its words in both languages.
        for english in crate::engine::log::LOG_PHRASES {
            let started = LogText::Started { by: english.into() };
            assert_eq!(started.to_string(), format!("started ({english})"));
            let zh = started.render(Lang::ZhCn);
            assert!(!zh.contains(english), "{english}: {zh}");
        }
        // Words not kept as values yet are the same in both languages.
        let plain = LogText::from("rate set to 50/s");
        assert_eq!(
            (plain.to_string(), plain.render(Lang::ZhCn)),
            ("rate set to 50/s".into(), "rate set to 50/s".into())
        );
    }

    fn diagnostic(path: &str, message: &str, help: Option<&str>) -> Diagnostic {
        Diagnostic {
            origin: "orders.ron".into(),
            line: 12,
            column: 52,
            path: path.into(),
            message: message.into(),
            help: help.map(str::to_string),
        }
    }

    #[test]
    fn located_problems() {
        let unknown = diagnostic("producers[arrivals].topic", "unknown topic `job`", Some("did you mean `jobs`?"));
        assert_eq!(
            unknown.render(Lang::En),
            "orders.ron:12:52: producers[arrivals].topic: unknown topic `job` (did you mean `jobs`?)"
        );
        assert_eq!(unknown.render(Lang::En), unknown.to_string());
        assert_eq!(
            unknown.render(Lang::ZhCn),
            "orders.ron:12:52: 字段 producers[arrivals].topic：未知的主题 `job`（是不是想写 `jobs`？）"
        );
        let small = diagnostic("relay.poll_every", "must be at least 1ms, found 10us", None);
        assert_eq!(small.render(Lang::ZhCn), "orders.ron:12:52: 字段 relay.poll_every：至少应为 1ms，实际为 10us");
        let field = diagnostic(
            "topics[jobs].colour",
            "unknown field `colour` in `Topic`",
            Some("expected one of `name`, `partitions`"),
        );
        assert_eq!(
            field.render(Lang::ZhCn),
            "orders.ron:12:52: 字段 topics[jobs].colour：`Topic` 中的未知字段 `colour`（应为以下之一：`name`, `partitions`）"
        );
        let whole = diagnostic("", "the file has no scenario in it (it is empty or only comments)", None);
        assert_eq!(whole.render(Lang::ZhCn), "orders.ron:12:52: 文件里没有场景（它是空的，或者只有注释）");
        let explained = diagnostic("replication", "must be at least 1 (the leader itself)", None);
        assert_eq!(explained.render(Lang::ZhCn), "orders.ron:12:52: 字段 replication：至少应为 1（即 leader 本身）");
        // A message with an explanation no template has stays English, in the Chinese frame;
        // a shorter template is not taken for it.
        let explained = diagnostic("replication", "must be at least 1 (a rule added later)", None);
        assert_eq!(
            explained.render(Lang::ZhCn),
            "orders.ron:12:52: 字段 replication：must be at least 1 (a rule added later)"
        );
        // Phrases inside a message are worded by templates of their own: a noun with its
        // article, a list joined with "or".
        let target = diagnostic(
            "faults[0].kind",
            "Partition cannot target a topic (`orders`); it applies to a service, a consumer group or a broker node",
            None,
        );
        assert_eq!(
            target.render(Lang::ZhCn),
            "orders.ron:12:52: 字段 faults[0].kind：Partition 不能作用于主题（`orders`）；它适用于服务、消费者组或broker 节点"
        );
        let named = diagnostic("x", "unknown field `a` in `B` extra", None);
        assert_eq!(named.render(Lang::ZhCn), "orders.ron:12:52: 字段 x：unknown field `a` in `B` extra");
    }
}
