//! What went wrong with one API call, in the terms retrying needs: was it
//! throttled, a conflict worth waiting out, a missing object, or a call
//! whose outcome is unknown (it may have landed)?

use std::fmt;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use gantry_executor::ProviderError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// 429 TooManyRequestsException / Throttling: the service refused the
    /// call before doing anything; slow down and try again.
    Throttled,
    /// ConflictException "try again later" (a parent is changing).
    Conflict,
    /// The object does not exist.
    NotFound,
    /// No answer (timeout, connection dropped): the call may have landed.
    Unknown,
    /// A 5xx answer: the service failed, perhaps after acting; idempotent
    /// calls may try again, others must look first.
    ServerError,
    /// The connection was refused: nothing reached the service.
    NotSent,
    /// Anything else: the caller's mistake, reported as is.
    Fatal,
}

#[derive(Debug, Clone)]
pub struct ApiError {
    pub operation: &'static str,
    pub code: Option<String>,
    pub message: String,
    pub status: Option<u16>,
    pub class: Class,
}

impl ApiError {
    pub fn from_sdk<E>(operation: &'static str, e: SdkError<E, HttpResponse>) -> ApiError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let status = e.raw_response().map(|r| r.status().as_u16());
        match &e {
            SdkError::ServiceError(se) => {
                let err = se.err();
                let code = err.code().map(str::to_string);
                let message = err
                    .message()
                    .map(str::to_string)
                    .unwrap_or_else(|| err.to_string());
                let class = classify(code.as_deref(), &message, status);
                ApiError {
                    operation,
                    code,
                    message,
                    status,
                    class,
                }
            }
            SdkError::TimeoutError(_) => ApiError {
                operation,
                code: None,
                message: "the request timed out".into(),
                status,
                class: Class::Unknown,
            },
            SdkError::DispatchFailure(d) => ApiError {
                operation,
                code: None,
                message: format!("the request could not be completed: {}", source_chain(&e)),
                status,
                // A connection that was never made cannot have landed;
                // anything else might have.
                class: if d.is_io() && !d.is_timeout() && connection_refused(&e) {
                    Class::NotSent
                } else {
                    Class::Unknown
                },
            },
            SdkError::ResponseError(_) => ApiError {
                operation,
                code: None,
                message: format!("the response could not be read: {}", source_chain(&e)),
                status,
                class: Class::Unknown,
            },
            _ => ApiError {
                operation,
                code: None,
                message: source_chain(&e),
                status,
                class: Class::Fatal,
            },
        }
    }

    /// An error gantry itself raises about an API's answer.
    pub fn invalid(operation: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            operation,
            code: None,
            message: message.into(),
            status: None,
            class: Class::Fatal,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.class == Class::NotFound
    }

    /// As a diagnostic: what gantry was doing, then the API's own words.
    pub fn during(self, doing: &str) -> ProviderError {
        let e = ProviderError::new(format!("{doing}: {}", self.operation), self.to_string());
        // No answer, or a 5xx: the call may have acted.
        if matches!(self.class, Class::Unknown | Class::ServerError) {
            e.uncertain()
        } else {
            e
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = self.status {
            write!(f, "StatusCode: {s}, ")?;
        }
        match &self.code {
            Some(c) => write!(f, "{c}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The error of an import whose object does not exist.
pub fn not_found(what: &str, id: &str) -> ProviderError {
    ProviderError::new(
        "Cannot import non-existent remote object",
        format!("No {what} {id:?} exists."),
    )
}

/// Deleting: an object that is already gone is what was wanted (as the
/// provider treats NotFound on delete).
pub fn deleted<T>(r: Result<T, ApiError>) -> Result<(), ApiError> {
    match r {
        Ok(_) => Ok(()),
        Err(e) if e.is_not_found() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Reading: a missing object is `None`.
pub fn found<T>(r: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Error codes as API Gateway, Lambda, IAM and ELBv2 spell them.
fn classify(code: Option<&str>, message: &str, status: Option<u16>) -> Class {
    match code {
        Some(
            "TooManyRequestsException"
            | "Throttling"
            | "ThrottlingException"
            | "ThrottledException"
            | "RequestLimitExceeded"
            | "TooManyRequests",
        ) => Class::Throttled,
        // "Unable to complete operation due to concurrent modification.
        // Please try again later." — retried by terraform-provider-aws for
        // every API Gateway operation since v3.24.0.
        Some("ConflictException") if message.contains("try again later") => Class::Conflict,
        // Lambda: "The operation cannot be performed at this time. An
        // update is in progress for resource".
        Some("ResourceConflictException") if message.contains("in progress") => Class::Conflict,
        Some(
            "NotFoundException"
            | "ResourceNotFoundException"
            | "NoSuchEntity"
            | "NoSuchEntityException"
            | "LoadBalancerNotFound"
            | "LoadBalancerNotFoundException",
        ) => Class::NotFound,
        _ if status == Some(429) => Class::Throttled,
        _ if status == Some(404) => Class::NotFound,
        _ if status.is_some_and(|s| s >= 500) => Class::ServerError,
        _ => Class::Fatal,
    }
}

fn source_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cur = c.source();
    }
    s
}

fn connection_refused(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cur {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::ConnectionRefused;
        }
        cur = c.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_statuses_classify_as_retrying_needs() {
        assert_eq!(
            classify(
                Some("TooManyRequestsException"),
                "Too Many Requests",
                Some(429)
            ),
            Class::Throttled
        );
        assert_eq!(classify(None, "", Some(429)), Class::Throttled);
        assert_eq!(
            classify(Some("ConflictException"), "Unable to complete operation due to concurrent modification. Please try again later.", Some(409)),
            Class::Conflict
        );
        // A conflict that waiting does not fix (the object exists).
        assert_eq!(
            classify(
                Some("ConflictException"),
                "Method already exists for this resource",
                Some(409)
            ),
            Class::Fatal
        );
        assert_eq!(
            classify(
                Some("NotFoundException"),
                "Invalid Integration identifier specified",
                Some(404)
            ),
            Class::NotFound
        );
        assert_eq!(
            classify(Some("BadRequestException"), "Invalid ARN", Some(400)),
            Class::Fatal
        );
        assert_eq!(classify(None, "", Some(503)), Class::ServerError);
    }
}
