//! Running the real `faultline` binary from the CLI tests.
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `faultline ARGS`; fails the test if it panicked, was killed or exited with a code of
/// 100 or more (the CLI's codes are 0–3).
pub fn faultline(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_faultline"))
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
