//! How the language server's process uses memory.
//!
//! Every check builds the module anew and drops the last one, so the
//! server allocates about the same memory after each pause in typing.
//! mimalloc (gantry's global allocator) returns freed pages to the system
//! a second after they are freed, and the next check faults them in again,
//! each zeroed by the kernel: with the pauses of real typing, that was a
//! third of a check's CPU time on a 5,000-line module (12 ms per check
//! instead of 7). A server holds on to its peak instead.

use std::os::raw::c_int;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (mimalloc.h); the
/// Rust bindings have no constant for it. Its value is milliseconds, -1
/// for never.
const PURGE_DELAY: c_int = 15;

/// Makes the global allocator keep freed pages for reuse instead of giving
/// them back to the system. Only has an effect when mimalloc is the global
/// allocator (as in the `gantry` binary).
pub fn keep_freed_pages() {
    // SAFETY: mi_option_set stores an integer in mimalloc's option table;
    // options may be changed at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_is_the_purge_delay() {
        // SAFETY: reads an integer from mimalloc's option table.
        let get = || unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        // mimalloc 3's default purge delay; no other option defaults to it.
        assert_eq!(get(), 1000, "PURGE_DELAY names another option");
        keep_freed_pages();
        assert_eq!(get(), -1);
    }
}
