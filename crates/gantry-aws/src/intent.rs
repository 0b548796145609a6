//! What ties an object to the journalled intent of the create that made
//! it, so that after an interrupted create the next run finds that object
//! and no other (see `gantry_executor::intents`).
//!
//! Two keys, by what the API offers:
//! - Objects whose names are unique (IAM roles, Lambda functions and
//!   permissions, load balancers) are found by name. A name the create
//!   generates (`name_prefix`, `statement_id_prefix`, or none given) is
//!   derived from the intent token, so that the lookup can compute it
//!   again; a name the configuration gives is the user's, and the object's
//!   creation time tells a pre-existing object from this create's.
//! - REST APIs and VPC links may share a name: the create labels them with
//!   the [`TAG`] holding the token and removes the label once it has its
//!   answer, so that neither Terraform nor gantry ever plans it away.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::ApiError;

/// The tag a REST API or VPC link carries while its create is in flight.
pub const TAG: &str = "gantry:intent";

/// How far the service's clock may be behind ours: an object created up
/// to this long before the intent's time counts as created after it.
const CLOCK_SKEW: Duration = Duration::from_secs(5);

/// The length of the digits [`unique_name`] appends (the provider's
/// `id.UniqueIDSuffixLength`).
pub const UNIQUE_SUFFIX_LEN: usize = 26;

/// Terraform's generated names end in 26 characters
/// (`id.PrefixedUniqueId`: a timestamp and a counter); gantry's end in 26
/// digits derived from the intent token, so that the same create names the
/// same object every time it is computed. Without a token (a create outside
/// an apply walk), the digits are random.
pub fn unique_name(prefix: &str, token: Option<&str>) -> String {
    let n = token
        .and_then(|t| u128::from_str_radix(&t.replace('-', ""), 16).ok())
        .unwrap_or_else(|| fastrand::u128(..));
    format!(
        "{prefix}{:0width$}",
        n % 10u128.pow(UNIQUE_SUFFIX_LEN as u32),
        width = UNIQUE_SUFFIX_LEN
    )
}

/// The name a create sends: the configured `name`, or the `prefix`
/// argument (`default_prefix` when that is unset too) followed by
/// [`unique_name`]'s digits, as the provider's `create.Name` does.
pub fn name_or_prefixed(
    a: crate::values::Args<'_>,
    name: &str,
    prefix: &str,
    default_prefix: &str,
    token: Option<&str>,
) -> String {
    match a.str(name) {
        Some(n) => n.to_string(),
        None => unique_name(a.str(prefix).unwrap_or(default_prefix), token),
    }
}

/// `create.NamePrefixFromName`, how the provider stores `name_prefix`:
/// all but the last [`UNIQUE_SUFFIX_LEN`] characters of a longer name,
/// else nothing.
pub fn prefix_of(name: &str) -> &str {
    let cut = name.len().saturating_sub(UNIQUE_SUFFIX_LEN);
    name.get(..cut).unwrap_or_default()
}

/// Was an object created at `created` (seconds since the epoch, as the
/// service reports it) made by a create that was about to be sent at
/// `since`?
pub fn made_since(created: f64, since: SystemTime) -> bool {
    let since = since
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .saturating_sub(CLOCK_SKEW);
    created >= since.as_secs_f64()
}

/// A principal may be allowed to create an object but not to tag it (AWS
/// authorises tag-on-create separately): then the create goes without the
/// intent tag, and a lookup falls back to the object's other keys.
pub fn tag_refused(e: &ApiError) -> bool {
    matches!(
        e.code.as_deref(),
        Some("AccessDeniedException" | "AccessDenied" | "UnauthorizedOperation")
    ) && e.message.to_ascii_lowercase().contains("tag")
}

/// Picks an intent's object among the items of a listing: the one tagged
/// with its token; failing that (the create was not allowed to tag, or the
/// tag was removed before the run ended), the first whose other keys match
/// and that no other create's token claims.
#[derive(Debug)]
pub struct Pick<'a> {
    token: &'a str,
    tagged: Option<String>,
    untagged: Option<String>,
}

impl<'a> Pick<'a> {
    pub fn new(token: &'a str) -> Pick<'a> {
        Pick {
            token,
            tagged: None,
            untagged: None,
        }
    }

    /// One item: its id, its tags, and whether its other keys (name,
    /// creation time, targets) are the planned object's.
    pub fn offer(
        &mut self,
        id: Option<&str>,
        tags: Option<&HashMap<String, String>>,
        keys_match: bool,
    ) {
        let Some(id) = id else { return };
        match tags.and_then(|t| t.get(TAG)) {
            Some(t) if t == self.token => {
                self.tagged.get_or_insert_with(|| id.to_string());
            }
            Some(_) => {}
            None if keys_match => {
                self.untagged.get_or_insert_with(|| id.to_string());
            }
            None => {}
        }
    }

    /// Found by the token: no later page can do better.
    pub fn settled(&self) -> bool {
        self.tagged.is_some()
    }

    pub fn found(self) -> Option<String> {
        self.tagged.or(self.untagged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_is_what_precedes_a_generated_suffix() {
        assert_eq!(prefix_of("bare-20261130190302818500000001"), "bare-");
        assert_eq!(prefix_of("link-sg"), "");
    }

    #[test]
    fn a_token_always_names_the_same_object() {
        let t = "0b1e3c1a-5f7e-4c55-9a51-3d7d1f5e2b90";
        let a = unique_name("terraform-", Some(t));
        assert_eq!(a, unique_name("terraform-", Some(t)));
        assert_eq!(a.len(), "terraform-".len() + 26);
        assert!(a["terraform-".len()..].bytes().all(|b| b.is_ascii_digit()));
        let other = unique_name("terraform-", Some("1b1e3c1a-5f7e-4c55-9a51-3d7d1f5e2b90"));
        assert_ne!(a, other);
        // Random without a token.
        assert_ne!(unique_name("p", None), unique_name("p", None));
    }

    #[test]
    fn the_token_beats_the_name_and_another_token_excludes() {
        let tags = |t: &str| HashMap::from([(TAG.to_string(), t.to_string())]);
        let mut p = Pick::new("mine");
        p.offer(Some("a"), Some(&tags("theirs")), true);
        assert!(!p.settled());
        p.offer(Some("b"), None, false);
        p.offer(Some("c"), None, true);
        p.offer(Some("d"), Some(&tags("mine")), false);
        assert!(p.settled());
        assert_eq!(p.found().as_deref(), Some("d"));

        let mut p = Pick::new("mine");
        p.offer(Some("a"), Some(&tags("theirs")), true);
        p.offer(Some("c"), None, true);
        assert_eq!(p.found().as_deref(), Some("c"));
    }

    #[test]
    fn creation_times_before_the_intent_are_not_its_objects() {
        let since = UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert!(made_since(1_000_000.0, since));
        assert!(made_since(999_996.0, since), "within the clock skew");
        assert!(!made_since(999_990.0, since));
    }
}
