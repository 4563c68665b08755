//! Shared helpers for integration tests: run the built binary in a clean
//! environment (no user data dir, no profile, fixed width).

#![allow(dead_code)]

use assert_cmd::Command;

pub fn coop() -> Command {
    let mut cmd = Command::cargo_bin("coop").unwrap();
    cmd.env_remove("COOP_DATA")
        .env_remove("COOP_PROFIEL")
        .env_remove("COOP_JOURNAAL")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    cmd
}

pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

pub fn json_of(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}
