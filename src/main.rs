//! The `recueil` binary: everything happens in [`recueil::cli`].

// A build allocates many small strings from every thread: mimalloc's
// per-thread heaps spend far less time there than the system allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // First, while the process has one thread (see `clock::init`).
    recueil::clock::init();
    recueil::cli::main()
}
