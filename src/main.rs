//! The `recueil` binary: everything happens in [`recueil::cli`].

// A build allocates many small strings from every thread: mimalloc's
// per-thread heaps spend far less time there than the system allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    recueil::cli::main()
}
