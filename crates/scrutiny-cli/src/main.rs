//! The `scrutiny` binary.

// The run allocates and frees many short strings across threads (rows, claims, spooled
// articles); glibc's allocator spent a fifth of a 10,000-page run in malloc and free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    scrutiny_cli::main_with(std::env::args_os())
}
