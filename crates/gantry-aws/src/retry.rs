//! Retrying API calls, and how many run at once.
//!
//! API Gateway's control plane throttles hard (429 TooManyRequestsException,
//! a few requests per second per account for some operations) and answers
//! ConflictException while a parent object changes. gantry retries both
//! with full-jitter exponential backoff, and a [`Governor`] shared by every
//! call of a run limits how many calls are in flight: it halves the limit
//! when throttled and grows it back by one per window of successes
//! (additive increase, multiplicative decrease), so a large apply settles
//! near the rate the account is allowed instead of hammering it.
//!
//! A call that may have landed without an answer (timeout, dropped
//! connection, 5xx) is retried only when repeating it is harmless; the
//! creates that would make a duplicate (CreateRestApi, CreateResource,
//! CreateVpcLink) look first with [`Api::create_checked`].

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use crate::error::{ApiError, Class};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// Doing it twice is the same as doing it once (Get*, Put*, Update*
    /// with absolute values, Delete*).
    Harmless,
    /// Doing it twice may create a second object.
    Duplicates,
}

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts per call, the first included (terraform-provider-aws uses
    /// 25 retries for API Gateway because of throttling).
    pub max_attempts: u32,
    pub base: Duration,
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 25,
            base: Duration::from_millis(200),
            cap: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// Full jitter: uniformly random up to the exponential bound.
    fn delay(&self, attempt: u32) -> Duration {
        let exp = self.base.saturating_mul(1u32 << attempt.min(16));
        let bound = exp.min(self.cap);
        bound.mul_f64(fastrand::f64())
    }
}

/// The in-flight limit: additive increase, multiplicative decrease.
pub struct Governor {
    state: Mutex<GovernorState>,
    freed: Notify,
    max: usize,
}

struct GovernorState {
    limit: f64,
    in_flight: usize,
    /// Throttles arriving together are one signal, not many.
    last_decrease: Option<Instant>,
}

/// One call's place under the limit; released on drop.
pub struct Permit<'a>(&'a Governor);

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if let Ok(mut s) = self.0.state.lock() {
            s.in_flight -= 1;
        }
        self.0.freed.notify_waiters();
    }
}

impl Governor {
    pub fn new(max: usize) -> Governor {
        let max = max.max(1);
        Governor {
            state: Mutex::new(GovernorState {
                limit: max as f64,
                in_flight: 0,
                last_decrease: None,
            }),
            freed: Notify::new(),
            max,
        }
    }

    pub async fn acquire(&self) -> Permit<'_> {
        loop {
            let freed = self.freed.notified();
            {
                let mut s = self.lock();
                if (s.in_flight as f64) < s.limit.floor().max(1.0) {
                    s.in_flight += 1;
                    return Permit(self);
                }
            }
            freed.await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, GovernorState> {
        // A panic while holding this lock leaves plain numbers behind.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn on_success(&self) {
        let mut s = self.lock();
        s.limit = (s.limit + 1.0 / s.limit).min(self.max as f64);
        drop(s);
        self.freed.notify_waiters();
    }

    pub fn on_throttle(&self) {
        let mut s = self.lock();
        let now = Instant::now();
        if s.last_decrease
            .is_some_and(|t| now.duration_since(t) < Duration::from_secs(1))
        {
            return;
        }
        s.limit = (s.limit / 2.0).max(1.0);
        s.last_decrease = Some(now);
    }

    /// The current limit (whole calls).
    pub fn limit(&self) -> usize {
        self.lock().limit.floor() as usize
    }
}

/// Counts of what retrying did, for `-verbose` and the tests.
#[derive(Debug, Default)]
pub struct RetryStats {
    pub throttled: AtomicU64,
    pub retried: AtomicU64,
}

pub struct Api {
    pub governor: Governor,
    pub policy: RetryPolicy,
    pub stats: RetryStats,
}

impl Api {
    pub fn new(max_in_flight: usize, policy: RetryPolicy) -> Api {
        Api {
            governor: Governor::new(max_in_flight),
            policy,
            stats: RetryStats::default(),
        }
    }

    /// Runs `call` under the governor, retrying what may be retried.
    pub async fn call<T, F, Fut>(&self, repeat: Repeat, mut call: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let mut attempt = 0;
        loop {
            let result = {
                let _permit = self.governor.acquire().await;
                call().await
            };
            let e = match result {
                Ok(v) => {
                    self.governor.on_success();
                    return Ok(v);
                }
                Err(e) => e,
            };
            let again = match e.class {
                Class::Throttled => {
                    self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                    self.governor.on_throttle();
                    true
                }
                Class::Conflict | Class::NotSent => true,
                Class::ServerError | Class::Unknown => repeat == Repeat::Harmless,
                Class::NotFound | Class::Fatal => false,
            };
            attempt += 1;
            if !again || attempt >= self.policy.max_attempts {
                return Err(e);
            }
            self.stats.retried.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(self.policy.delay(attempt)).await;
        }
    }

    /// A create that would make a duplicate if repeated: when its outcome
    /// is unknown, `find` looks for what it would have made, and the
    /// create is repeated only when nothing is there. Once an outcome was
    /// unknown, any failure leaves it unknown: a repeat refused because
    /// the object exists ("already exists", where `find` looked too early)
    /// does not prove that nothing was made.
    pub async fn create_checked<T, F, Fut, G, Gut>(
        &self,
        mut create: F,
        mut find: G,
    ) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
        G: FnMut() -> Gut,
        Gut: Future<Output = Result<Option<T>, ApiError>>,
    {
        let mut unknown_outcomes = 0;
        loop {
            match self.call(Repeat::Duplicates, &mut create).await {
                Err(e) if matches!(e.class, Class::Unknown | Class::ServerError) => {
                    if let Some(found) = self.call(Repeat::Harmless, &mut find).await? {
                        return Ok(found);
                    }
                    unknown_outcomes += 1;
                    if unknown_outcomes >= 3 {
                        return Err(e);
                    }
                    self.stats.retried.fetch_add(1, Ordering::Relaxed);
                }
                Err(e) if unknown_outcomes > 0 => {
                    return Err(ApiError {
                        class: Class::Unknown,
                        ..e
                    })
                }
                other => return other,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::Arc;

    fn err(class: Class) -> ApiError {
        ApiError {
            operation: "Op",
            code: None,
            message: format!("{class:?}"),
            status: None,
            class,
        }
    }

    fn api(max_attempts: u32) -> Api {
        Api::new(
            8,
            RetryPolicy {
                max_attempts,
                base: Duration::from_millis(100),
                cap: Duration::from_secs(5),
            },
        )
    }

    #[tokio::test(start_paused = true)]
    async fn throttles_and_conflicts_are_retried_until_success() {
        let api = api(10);
        let calls = AtomicUsize::new(0);
        let r = api
            .call(Repeat::Duplicates, || async {
                match calls.fetch_add(1, Ordering::SeqCst) {
                    0 | 1 => Err(err(Class::Throttled)),
                    2 => Err(err(Class::Conflict)),
                    _ => Ok("done"),
                }
            })
            .await;
        assert_eq!(r.unwrap(), "done");
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        assert_eq!(api.stats.throttled.load(Ordering::SeqCst), 2);
        assert_eq!(api.stats.retried.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn fatal_and_not_found_errors_are_not_retried() {
        let api = api(10);
        for class in [Class::Fatal, Class::NotFound] {
            let calls = AtomicUsize::new(0);
            let r: Result<(), _> = api
                .call(Repeat::Harmless, || async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    Err(err(class))
                })
                .await;
            assert_eq!(r.unwrap_err().class, class);
            assert_eq!(calls.load(Ordering::SeqCst), 1);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn an_unknown_outcome_is_retried_only_when_harmless() {
        let api = api(10);
        let calls = AtomicUsize::new(0);
        let r: Result<(), _> = api
            .call(Repeat::Duplicates, || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(err(Class::Unknown))
            })
            .await;
        assert_eq!(r.unwrap_err().class, Class::Unknown);
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        let calls = AtomicUsize::new(0);
        let r = api
            .call(Repeat::Harmless, || async {
                if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                    Err(err(Class::Unknown))
                } else {
                    Ok(())
                }
            })
            .await;
        assert!(r.is_ok());
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_max_attempts() {
        let api = api(3);
        let calls = AtomicUsize::new(0);
        let r: Result<(), _> = api
            .call(Repeat::Harmless, || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(err(Class::Throttled))
            })
            .await;
        assert_eq!(r.unwrap_err().class, Class::Throttled);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_create_with_unknown_outcome_finds_what_landed_instead_of_repeating() {
        let api = api(10);
        let creates = AtomicUsize::new(0);
        let r = api
            .create_checked(
                || async {
                    creates.fetch_add(1, Ordering::SeqCst);
                    Err::<&str, _>(err(Class::Unknown))
                },
                || async { Ok(Some("landed")) },
            )
            .await;
        assert_eq!(r.unwrap(), "landed");
        assert_eq!(creates.load(Ordering::SeqCst), 1, "not repeated");

        // Nothing landed: the create is repeated.
        let creates = AtomicUsize::new(0);
        let r = api
            .create_checked(
                || async {
                    if creates.fetch_add(1, Ordering::SeqCst) == 0 {
                        Err(err(Class::Unknown))
                    } else {
                        Ok("created")
                    }
                },
                || async { Ok(None) },
            )
            .await;
        assert_eq!(r.unwrap(), "created");
        assert_eq!(creates.load(Ordering::SeqCst), 2);

        // The lookup was too early and the repeat is refused because the
        // object exists: the outcome is still unknown, not a plain failure.
        let creates = AtomicUsize::new(0);
        let r = api
            .create_checked(
                || async {
                    if creates.fetch_add(1, Ordering::SeqCst) == 0 {
                        Err::<&str, _>(err(Class::Unknown))
                    } else {
                        Err(err(Class::Fatal))
                    }
                },
                || async { Ok(None) },
            )
            .await;
        assert_eq!(r.unwrap_err().class, Class::Unknown);
    }

    #[test]
    fn the_limit_halves_on_throttling_and_recovers_slowly() {
        let g = Governor::new(16);
        assert_eq!(g.limit(), 16);
        g.on_throttle();
        assert_eq!(g.limit(), 8);
        g.on_throttle();
        assert_eq!(g.limit(), 8, "throttles within a second are one signal");
        g.lock().last_decrease = Some(Instant::now() - Duration::from_secs(2));
        g.on_throttle();
        assert_eq!(g.limit(), 4);
        // About `limit` successes raise the limit by one.
        for _ in 0..4 {
            g.on_success();
        }
        assert_eq!(g.limit(), 4, "not yet: {}", g.lock().limit);
        g.on_success();
        assert_eq!(g.limit(), 5);
        for _ in 0..1000 {
            g.on_success();
        }
        assert_eq!(g.limit(), 16, "never above the maximum");
    }

    #[tokio::test(start_paused = true)]
    async fn in_flight_calls_never_exceed_the_limit() {
        let api = Arc::new(api(50));
        api.governor.on_throttle(); // 8 -> 4
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (api, running, peak) = (api.clone(), running.clone(), peak.clone());
            tasks.push(tokio::spawn(async move {
                api.call(Repeat::Harmless, || {
                    let (running, peak) = (running.clone(), peak.clone());
                    async move {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(now, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        running.fetch_sub(1, Ordering::SeqCst);
                        Ok::<_, ApiError>(())
                    }
                })
                .await
            }));
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        let peak = peak.load(Ordering::SeqCst);
        assert!(
            (4..=8).contains(&peak),
            "peak {peak}: the limit grows back from 4 but never past 8"
        );
    }
}
