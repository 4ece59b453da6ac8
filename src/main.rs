//! Entry point: the dashboard without a command, headless commands otherwise.

use clap::Parser;
use faultline::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::execute(command, args.lang),
        None => faultline::ui::run(args.file, args.speed, args.lang),
    }
}
