//! The `scrutiny` binary.

fn main() -> std::process::ExitCode {
    scrutiny_cli::main_with(std::env::args_os())
}
