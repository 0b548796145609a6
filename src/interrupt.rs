//! Interrupts during apply and destroy, as Terraform handles them: the
//! first SIGINT or SIGTERM asks the walk to stop gracefully (nothing new
//! starts; operations in flight finish and are recorded; the state is
//! saved and the lock released; the exit code is 1). The second exits at
//! once: the journal already holds every completed operation, so the next
//! command folds it in and nothing that finished is lost.

use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::watch;

/// Starts listening on `rt`; the receiver turns true at the first
/// interrupt. Without signal support it never does.
pub fn graceful_stop(rt: &tokio::runtime::Runtime) -> watch::Receiver<bool> {
    let (tx, rx) = watch::channel(false);
    // Register before returning, so that no interrupt falls between the
    // call and the apply.
    let handlers = rt.block_on(async {
        Some((
            signal(SignalKind::interrupt()).ok()?,
            signal(SignalKind::terminate()).ok()?,
        ))
    });
    let Some((mut int, mut term)) = handlers else {
        return rx;
    };
    rt.spawn(async move {
        let mut received = 0;
        loop {
            tokio::select! {
                Some(()) = int.recv() => {}
                Some(()) = term.recv() => {}
                else => return,
            }
            received += 1;
            if received == 1 {
                // stderr: the walk holds stdout's lock while it reports.
                eprintln!("\nInterrupt received.\nPlease wait for gantry to exit or data loss may occur.\nGracefully shutting down...\n\nStopping operation...");
                let _ = tx.send(true);
            } else {
                eprintln!("\nTwo interrupts received. Exiting immediately. Note that data loss may have occurred.");
                std::process::exit(1);
            }
        }
    });
    rx
}
