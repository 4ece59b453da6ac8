//! Running the real `faultline` binary from the CLI tests.
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `faultline ARGS`; fails the test if it panicked, was killed or exited with a code of
/// 100 or more (the CLI's codes are 0–3).
pub fn faultline(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_faultline"))
        // The tests read English; the machine's locale must not change that.
        .env("FAULTLINE_LANG", "en")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run faultline: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
    let code = output.status.code().unwrap_or_else(|| panic!("{args:?} was killed by a signal"));
    assert!(code < 100, "{args:?} exited with {code}");
    output
}

pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// [`faultline`] for a command that must answer at once: fails the test if it is still
/// running after `seconds` of wall time (it is killed), which is how a refusal that comes
/// only after simulating shows itself.
pub fn faultline_within(seconds: u64, args: &[&str]) -> Output {
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_faultline"))
        // The tests read English; the machine's locale must not change that.
        .env("FAULTLINE_LANG", "en")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run faultline: {e}"));
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > Duration::from_secs(seconds) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{args:?} still ran after {seconds} s: it worked before refusing");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("cannot wait for faultline: {e}"),
        }
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("cannot read faultline's output: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
    output
}
