//! The `recueil` binary: everything happens in [`recueil::cli`].

fn main() -> std::process::ExitCode {
    recueil::cli::main()
}
