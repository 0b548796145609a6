//! Date and time functions on RFC 3339 timestamps, and the impure
//! functions whose value depends on when they run.

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, UtcOffset};

use super::{want_string, FunctionContext, FunctionError};
use crate::value::Value;

pub(super) fn run(
    name: &str,
    a: &[Value],
    ctx: &FunctionContext,
) -> Option<Result<Value, FunctionError>> {
    Some(match name {
        "timestamp" if !ctx.impure => Ok(Value::Unknown),
        "timestamp" => Ok(Value::String(rfc3339(OffsetDateTime::now_utc()))),
        "plantimestamp" => Ok(Value::String(rfc3339(ctx.run_time))),
        "formatdate" => formatdate(a),
        "timeadd" => timeadd(a),
        "timecmp" => timecmp(a),
        _ => return None,
    })
}

fn parse(text: &str, i: usize) -> Result<OffsetDateTime, FunctionError> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|_| {
        FunctionError::arg(
            i,
            format!("not a valid RFC3339 timestamp: cannot use {text:?} as year."),
        )
    })
}

/// Go's `time.RFC3339` layout: whole seconds, `Z` for a zero offset.
fn rfc3339(t: OffsetDateTime) -> String {
    let base = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    format!("{base}{}", offset(t.offset(), true, true))
}

/// `Z` (when `z`), or `+hh:mm` / `+hhmm`.
fn offset(o: UtcOffset, z: bool, colon: bool) -> String {
    if z && o.is_utc() {
        return "Z".into();
    }
    let secs = o.whole_seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
    if colon {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}")
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Terraform's own format language: runs of one letter are verbs,
/// `'quoted'` text is literal (`''` is a quote), anything else is copied.
fn formatdate(a: &[Value]) -> Result<Value, FunctionError> {
    let spec = want_string(a, 0)?;
    let t = parse(&want_string(a, 1)?, 1)?;
    let chars: Vec<char> = spec.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            let mut j = i + 1;
            loop {
                match chars.get(j) {
                    None => return Err(FunctionError::arg(0, "unterminated literal '.")),
                    Some('\'') if chars.get(j + 1) == Some(&'\'') => {
                        out.push('\'');
                        j += 2;
                    }
                    Some('\'') => break,
                    Some(&other) => {
                        out.push(other);
                        j += 1;
                    }
                }
            }
            // `''` outside a literal is a quote too.
            if j == i + 1 {
                out.push('\'');
            }
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&x| x == c).count();
        let verb: String = chars[i..i + run].iter().collect();
        let hour12 = match t.hour() % 12 {
            0 => 12,
            h => h,
        };
        let text = match verb.as_str() {
            "YYYY" => format!("{:04}", t.year()),
            "YY" => format!("{:02}", t.year() % 100),
            "MMMM" => MONTHS[t.month() as usize - 1].to_string(),
            "MMM" => MONTHS[t.month() as usize - 1][..3].to_string(),
            "MM" => format!("{:02}", t.month() as u8),
            "M" => (t.month() as u8).to_string(),
            "DD" => format!("{:02}", t.day()),
            "D" => t.day().to_string(),
            "EEEE" => DAYS[t.weekday().number_days_from_monday() as usize].to_string(),
            "EEE" => DAYS[t.weekday().number_days_from_monday() as usize][..3].to_string(),
            "hh" => format!("{:02}", t.hour()),
            "h" => t.hour().to_string(),
            "HH" => format!("{hour12:02}"),
            "H" => hour12.to_string(),
            "AA" => if t.hour() < 12 { "AM" } else { "PM" }.to_string(),
            "aa" => if t.hour() < 12 { "am" } else { "pm" }.to_string(),
            "mm" => format!("{:02}", t.minute()),
            "m" => t.minute().to_string(),
            "ss" => format!("{:02}", t.second()),
            "s" => t.second().to_string(),
            "ZZZZZ" => offset(t.offset(), false, true),
            "ZZZZ" => offset(t.offset(), false, false),
            "ZZZ" if t.offset().is_utc() => "UTC".to_string(),
            "ZZZ" => offset(t.offset(), false, false),
            "Z" => offset(t.offset(), true, true),
            _ => {
                return Err(FunctionError::arg(
                    0,
                    format!("invalid date format verb {verb:?}: unsupported format verb."),
                ))
            }
        };
        out.push_str(&text);
        i += run;
    }
    Ok(Value::String(out))
}

/// Go's `time.ParseDuration`: a sequence of decimal numbers with units
/// (`ns`, `us`, `µs`, `ms`, `s`, `m`, `h`), optionally signed.
fn parse_duration(text: &str) -> Option<Duration> {
    let (negative, mut rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if rest == "0" {
        return Some(Duration::ZERO);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total = 0f64;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return None;
        }
        let n: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let nanos = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += n * nanos;
    }
    let d = Duration::nanoseconds(total.round() as i64);
    Some(if negative { -d } else { d })
}

fn timeadd(a: &[Value]) -> Result<Value, FunctionError> {
    let t = parse(&want_string(a, 0)?, 0)?;
    let text = want_string(a, 1)?;
    let d = parse_duration(&text)
        .ok_or_else(|| FunctionError::arg(1, format!("time: invalid duration {text:?}.")))?;
    let sum = t
        .checked_add(d)
        .ok_or_else(|| FunctionError::call("the resulting time is out of range."))?;
    Ok(Value::String(rfc3339(sum)))
}

fn timecmp(a: &[Value]) -> Result<Value, FunctionError> {
    let x = parse(&want_string(a, 0)?, 0)?;
    let y = parse(&want_string(a, 1)?, 1)?;
    Ok(Value::Number(match x.cmp(&y) {
        std::cmp::Ordering::Less => (-1).into(),
        std::cmp::Ordering::Equal => 0.into(),
        std::cmp::Ordering::Greater => 1.into(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plantimestamp_is_the_run_time_in_rfc3339() {
        let mut ctx = FunctionContext::new(std::path::PathBuf::from("."));
        ctx.run_time = OffsetDateTime::parse("2024-02-29T12:30:45.5+01:00", &Rfc3339).unwrap();
        let v = run("plantimestamp", &[], &ctx).unwrap().unwrap();
        assert_eq!(v, Value::string("2024-02-29T12:30:45+01:00"));
        // Unknown while planning; a value at apply and in the console.
        assert_eq!(
            run("timestamp", &[], &ctx).unwrap().unwrap(),
            Value::Unknown
        );
        ctx.impure = true;
        assert!(run("timestamp", &[], &ctx)
            .unwrap()
            .unwrap()
            .as_str()
            .is_some_and(|t| t.ends_with('Z')));
    }
}
