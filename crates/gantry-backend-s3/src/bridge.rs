//! The state store is synchronous and may be called from inside the
//! apply's async walk; the SDK is async. Each S3 call runs on a runtime of
//! its own, on its own thread, and the caller waits for the answer: this
//! works from plain code, from a current-thread runtime and from a
//! multi-threaded one alike, and the runtime is dropped on its own thread
//! (dropping one inside another runtime's task panics).

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc;

type Job = Pin<Box<dyn Future<Output = ()> + Send>>;

#[derive(Clone)]
pub struct Bridge {
    jobs: tokio::sync::mpsc::UnboundedSender<Job>,
}

impl Bridge {
    pub fn start() -> std::io::Result<Bridge> {
        let (jobs, mut rx) = tokio::sync::mpsc::unbounded_channel::<Job>();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        std::thread::Builder::new()
            .name("gantry-s3".into())
            .spawn(move || {
                rt.block_on(async move {
                    while let Some(job) = rx.recv().await {
                        tokio::spawn(job);
                    }
                });
            })?;
        Ok(Bridge { jobs })
    }

    /// Runs `f` on the bridge's runtime and waits for its output; `None`
    /// when the runtime is gone (its thread died).
    pub fn run<F>(&self, f: F) -> Option<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let (tx, rx) = mpsc::sync_channel(1);
        let job: Job = Box::pin(async move {
            let _ = tx.send(f.await);
        });
        self.jobs.send(job).ok()?;
        rx.recv().ok()
    }
}
