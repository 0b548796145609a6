//! Numbers as Terraform holds them.
//!
//! go-cty keeps every number as Go's `*big.Float`: a binary floating-point
//! value that carries its own precision in bits. Where a number comes from
//! sets that precision, and the precision decides how it prints:
//!
//! - literals, strings (`tonumber`, conversion) and JSON parse at 512 bits;
//! - integers from lengths, indexes and `count.index` have 64;
//! - results of float64 functions (`pow`, `log`) have 53;
//! - a sum or quotient has the larger precision of its operands, a product
//!   keeps every bit of the exact product up to 512, a remainder has its
//!   left operand's.
//!
//! A number prints as the shortest decimal that reads back to the same value
//! at its precision (Go's `Text('f', -1)`), so `1/3` prints 155 digits,
//! `length(a) / length(b)` 20, and `pow(2, 100)` 1267650600228229400000000000000.
//! Go's rounding is half to even on exact values, which is what this module
//! does with num-bigint's exact integers; no float crate reproduces Go's
//! precision rules and printing (dashu-float, the closest, keeps a guard
//! digit after inexact sums).

use std::cmp::Ordering;
use std::fmt;

use num_bigint::{BigInt, BigUint, Sign};
use num_traits::{One, ToPrimitive, Zero};

/// Precision of a number parsed from text (cty's `ParseNumberVal`).
pub const PARSE_PRECISION: u32 = 512;
/// Precision of an integer from Go's int64 (cty's `NumberIntVal`).
pub const INT_PRECISION: u32 = 64;
/// Precision of a float64 (cty's `NumberFloatVal`).
pub const FLOAT_PRECISION: u32 = 53;

/// Go's `MaxExp`: beyond it a binary exponent overflows.
const MAX_EXP: i64 = i32::MAX as i64;

#[derive(Clone, Debug)]
pub struct Number {
    negative: bool,
    magnitude: Magnitude,
    precision: u32,
}

#[derive(Clone, Debug)]
enum Magnitude {
    Zero,
    /// `mantissa * 2^exponent`, the mantissa odd and at most `precision`
    /// bits long.
    Finite {
        mantissa: BigUint,
        exponent: i64,
    },
    Infinite,
}

/// An operation Go's big.Float refuses (it would be NaN). The messages are
/// the ones Terraform reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    OpposingInfinities,
    InfinityMinusInfinity,
    ZeroTimesInfinity,
    /// 0/0 or ∞/∞.
    Indeterminate,
    /// A remainder with an infinite operand.
    ModuloInfinity,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumberError::OpposingInfinities => "can't compute sum of opposing infinities",
            NumberError::InfinityMinusInfinity => "can't subtract infinity from itself",
            NumberError::ZeroTimesInfinity => "can't multiply zero by infinity",
            NumberError::Indeterminate => "can't divide zero by zero or infinity by infinity",
            NumberError::ModuloInfinity => "can't use modulo with zero and infinity",
        })
    }
}

impl std::error::Error for NumberError {}

/// Rounds `mantissa * 2^exponent` (plus a positive amount below the
/// mantissa's last bit when `sticky`) to `precision` bits, half to even.
/// A sticky caller gives at least `precision + 2` bits.
fn round(mantissa: BigUint, exponent: i64, sticky: bool, precision: u32) -> Magnitude {
    if mantissa.is_zero() {
        return Magnitude::Zero;
    }
    let bits = mantissa.bits();
    let (kept, exponent) = if bits > u64::from(precision) {
        let cut = bits - u64::from(precision);
        let kept = &mantissa >> cut;
        let rest = &mantissa - (&kept << cut);
        let half = BigUint::one() << (cut - 1);
        let up = match rest.cmp(&half) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => sticky || kept.bit(0),
        };
        let kept = if up { kept + 1u32 } else { kept };
        (kept, exponent + cut as i64)
    } else {
        (mantissa, exponent)
    };
    normalized(kept, exponent)
}

/// Strips trailing zero bits into the exponent.
fn normalized(mantissa: BigUint, exponent: i64) -> Magnitude {
    match mantissa.trailing_zeros() {
        None => Magnitude::Zero,
        Some(zeros) => Magnitude::Finite {
            mantissa: mantissa >> zeros,
            exponent: exponent + zeros as i64,
        },
    }
}

impl Number {
    fn new(negative: bool, magnitude: Magnitude, precision: u32) -> Number {
        // Go turns an exponent beyond MaxExp into an infinity and one
        // below MinExp into zero.
        let magnitude = match magnitude {
            Magnitude::Finite {
                ref mantissa,
                exponent,
            } => {
                let top = exponent + mantissa.bits() as i64;
                if top > MAX_EXP {
                    Magnitude::Infinite
                } else if top < -MAX_EXP {
                    Magnitude::Zero
                } else {
                    magnitude
                }
            }
            other => other,
        };
        Number {
            negative,
            magnitude,
            precision,
        }
    }

    pub fn zero() -> Number {
        Number::from_i64(0)
    }

    pub fn infinity(negative: bool) -> Number {
        Number::new(negative, Magnitude::Infinite, PARSE_PRECISION)
    }

    /// An integer from Go's int64: 64 bits of precision.
    pub fn from_i64(n: i64) -> Number {
        Number::new(
            n < 0,
            normalized(BigUint::from(n.unsigned_abs()), 0),
            INT_PRECISION,
        )
    }

    pub fn from_u64(n: u64) -> Number {
        Number::new(false, normalized(BigUint::from(n), 0), INT_PRECISION)
    }

    pub fn from_usize(n: usize) -> Number {
        Number::from_u64(n as u64)
    }

    /// An integer of any size (Go's `SetInt`: the precision is its bit
    /// length, at least 64).
    pub fn from_bigint(n: &BigInt) -> Number {
        let precision = (n.bits() as u32).max(INT_PRECISION);
        Number::new(
            n.sign() == Sign::Minus,
            normalized(n.magnitude().clone(), 0),
            precision,
        )
    }

    /// A float64 (53 bits of precision); `None` for NaN, which Terraform
    /// has no number for.
    pub fn from_f64(f: f64) -> Option<Number> {
        if f.is_nan() {
            return None;
        }
        if f.is_infinite() {
            return Some(Number::new(f < 0.0, Magnitude::Infinite, FLOAT_PRECISION));
        }
        let bits = f.to_bits();
        let negative = bits >> 63 == 1;
        let biased = ((bits >> 52) & 0x7ff) as i64;
        let fraction = bits & ((1 << 52) - 1);
        let (mantissa, exponent) = if biased == 0 {
            (fraction, -1074)
        } else {
            (fraction | (1 << 52), biased - 1075)
        };
        Some(Number::new(
            negative,
            normalized(BigUint::from(mantissa), exponent),
            FLOAT_PRECISION,
        ))
    }

    /// Parses a decimal number as Go's `big.ParseFloat(s, 10, 512,
    /// ToNearestEven)` does: an optional sign, digits with an optional
    /// point, an optional `e` (decimal) or `p` (binary) exponent, or
    /// `Inf`/`inf`. `None` when it is not one ("a number is required").
    pub fn parse(s: &str) -> Option<Number> {
        let (negative, rest) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        if rest == "Inf" || rest == "inf" {
            return Some(Number::new(negative, Magnitude::Infinite, PARSE_PRECISION));
        }
        let (body, exponent_text) = match rest.find(['e', 'E', 'p', 'P']) {
            Some(at) => (&rest[..at], Some((rest.as_bytes()[at], &rest[at + 1..]))),
            None => (rest, None),
        };
        // not an address: a decimal number.
        let (whole, fraction) = match body.split_once('.') {
            Some((w, f)) => (w, f),
            None => (body, ""),
        };
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction)
        {
            return None;
        }
        let mut exp2: i64 = 0;
        let mut exp5: i64 = 0;
        if let Some((marker, text)) = exponent_text {
            let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
            if digits.is_empty() || !all_digits(digits) {
                return None;
            }
            let value: i64 = digits.parse().ok()?;
            let value = if text.starts_with('-') { -value } else { value };
            exp2 = value;
            if marker == b'e' || marker == b'E' {
                exp5 = value;
            }
        }
        let fraction_digits = fraction.len() as i64;
        exp2 = exp2.checked_sub(fraction_digits)?;
        exp5 = exp5.checked_sub(fraction_digits)?;
        let digits: String = [whole, fraction].concat();
        let mantissa: BigUint = digits.parse().unwrap_or_default();
        if mantissa.is_zero() {
            return Some(Number::new(negative, Magnitude::Zero, PARSE_PRECISION));
        }
        if exp2.abs() > MAX_EXP {
            return None;
        }
        let precision = PARSE_PRECISION;
        // Go keeps the whole scanned mantissa, applies the power of two,
        // and then multiplies or divides by 5^|exp5| computed at 64 more
        // bits: one rounding of exact operands, except when that power of
        // five itself had to be rounded.
        let scanned = Magnitude::Finite {
            mantissa,
            exponent: exp2,
        };
        let magnitude = if exp5 == 0 {
            match scanned {
                Magnitude::Finite { mantissa, exponent } => {
                    round(mantissa, exponent, false, precision)
                }
                other => other,
            }
        } else {
            let power = pow5(exp5.unsigned_abs(), precision + 64);
            if exp5 < 0 {
                quotient(&scanned, &power, precision)
            } else {
                product(&scanned, &power, precision)
            }
        };
        Some(Number::new(negative, magnitude, precision))
    }

    pub fn precision(&self) -> u32 {
        self.precision
    }

    pub fn is_zero(&self) -> bool {
        matches!(self.magnitude, Magnitude::Zero)
    }

    pub fn is_infinite(&self) -> bool {
        matches!(self.magnitude, Magnitude::Infinite)
    }

    /// Negative, including -0 and -Inf.
    pub fn is_sign_negative(&self) -> bool {
        self.negative
    }

    /// -1, 0 or +1, zero for either zero (Go's `Sign`).
    pub fn signum(&self) -> i32 {
        match self.magnitude {
            Magnitude::Zero => 0,
            _ if self.negative => -1,
            _ => 1,
        }
    }

    pub fn is_integer(&self) -> bool {
        match &self.magnitude {
            Magnitude::Zero => true,
            Magnitude::Finite { exponent, .. } => *exponent >= 0,
            Magnitude::Infinite => false,
        }
    }

    /// The integer part, toward zero; `None` for the infinities.
    pub fn trunc_bigint(&self) -> Option<BigInt> {
        let magnitude = match &self.magnitude {
            Magnitude::Zero => BigUint::zero(),
            Magnitude::Finite { mantissa, exponent } if *exponent >= 0 => {
                mantissa << (*exponent as u64)
            }
            Magnitude::Finite { mantissa, exponent } => {
                let shift = exponent.unsigned_abs();
                if shift >= mantissa.bits() {
                    BigUint::zero()
                } else {
                    mantissa >> shift
                }
            }
            Magnitude::Infinite => return None,
        };
        let sign = if self.negative {
            Sign::Minus
        } else {
            Sign::Plus
        };
        Some(BigInt::from_biguint(sign, magnitude))
    }

    /// The value as an i64 when it is a whole number in range.
    pub fn to_i64(&self) -> Option<i64> {
        if !self.is_integer() {
            return None;
        }
        self.trunc_bigint()?.to_i64()
    }

    /// The nearest float64 (infinite beyond its range).
    pub fn to_f64(&self) -> f64 {
        let sign = if self.negative { -1.0 } else { 1.0 };
        match &self.magnitude {
            Magnitude::Zero => sign * 0.0,
            Magnitude::Infinite => sign * f64::INFINITY,
            Magnitude::Finite { mantissa, exponent } => {
                match round(mantissa.clone(), *exponent, false, FLOAT_PRECISION) {
                    Magnitude::Finite { mantissa, exponent } => {
                        let m = mantissa.to_f64().unwrap_or(f64::INFINITY);
                        // Two steps keep 2^exponent itself finite.
                        let half = (exponent / 2).clamp(-1100, 1100) as i32;
                        let rest = (exponent - i64::from(half)).clamp(-1100, 1100) as i32;
                        sign * m * 2f64.powi(half) * 2f64.powi(rest)
                    }
                    _ => sign * 0.0,
                }
            }
        }
    }

    pub fn neg(&self) -> Number {
        Number::new(!self.negative, self.magnitude.clone(), self.precision)
    }

    pub fn abs(&self) -> Number {
        Number::new(false, self.magnitude.clone(), self.precision)
    }

    /// The same value at another precision, rounded (Go's `SetPrec`).
    fn with_precision(&self, precision: u32) -> Number {
        let magnitude = match &self.magnitude {
            Magnitude::Finite { mantissa, exponent } => {
                round(mantissa.clone(), *exponent, false, precision)
            }
            other => other.clone(),
        };
        Number::new(self.negative, magnitude, precision)
    }

    pub fn add(&self, other: &Number) -> Result<Number, NumberError> {
        let precision = self.precision.max(other.precision);
        sum(self, other, precision)
    }

    pub fn sub(&self, other: &Number) -> Result<Number, NumberError> {
        self.add(&other.neg())
            .map_err(|_| NumberError::InfinityMinusInfinity)
    }

    /// cty's `Multiply`: the product rounded to 512 bits, at the larger of
    /// the operands' precisions and the bits the product needs.
    pub fn mul(&self, other: &Number) -> Result<Number, NumberError> {
        let precision = self.precision.max(other.precision);
        let negative = self.negative != other.negative;
        let magnitude = match (&self.magnitude, &other.magnitude) {
            (Magnitude::Infinite, Magnitude::Zero) | (Magnitude::Zero, Magnitude::Infinite) => {
                return Err(NumberError::ZeroTimesInfinity)
            }
            (Magnitude::Infinite, _) | (_, Magnitude::Infinite) => Magnitude::Infinite,
            (a, b) => product(a, b, PARSE_PRECISION),
        };
        let needed = match &magnitude {
            Magnitude::Finite { mantissa, .. } => mantissa.bits() as u32,
            _ => 0,
        };
        Ok(Number::new(negative, magnitude, precision.max(needed)))
    }

    pub fn div(&self, other: &Number) -> Result<Number, NumberError> {
        let precision = self.precision.max(other.precision);
        let negative = self.negative != other.negative;
        let magnitude = match (&self.magnitude, &other.magnitude) {
            (Magnitude::Zero, Magnitude::Zero) | (Magnitude::Infinite, Magnitude::Infinite) => {
                return Err(NumberError::Indeterminate)
            }
            (Magnitude::Infinite, _) | (_, Magnitude::Zero) => Magnitude::Infinite,
            (Magnitude::Zero, _) | (_, Magnitude::Infinite) => Magnitude::Zero,
            (a, b) => quotient(a, b, precision),
        };
        Ok(Number::new(negative, magnitude, precision))
    }

    /// cty's `Modulo`: the remainder of the quotient truncated toward zero,
    /// each step rounded at the left operand's precision; `x % 0` is `x`.
    /// An infinite operand fails (in Terraform through a NaN or a crash).
    pub fn rem(&self, other: &Number) -> Result<Number, NumberError> {
        if self.is_infinite() || other.is_infinite() {
            return Err(NumberError::ModuloInfinity);
        }
        if other.is_zero() {
            return Ok(self.clone());
        }
        let truncated = self.div(other)?.trunc_bigint().unwrap_or_default();
        let precision = self.precision;
        let whole = Number::from_bigint(&truncated).with_precision(precision);
        let times = Number::new(
            other.negative != whole.negative,
            product(&other.magnitude, &whole.magnitude, precision),
            precision,
        );
        sum(self, &times.neg(), precision)
    }

    pub fn floor(&self) -> Number {
        self.to_integer(true)
    }

    pub fn ceil(&self) -> Number {
        self.to_integer(false)
    }

    /// Go's `f.SetInt(i)` after `f.Int()`, stepping down (floor) or up
    /// (ceil) for a fraction: the integer at the number's own precision.
    fn to_integer(&self, floor: bool) -> Number {
        if self.is_infinite() || self.is_integer() {
            return self.clone();
        }
        let mut whole = self.trunc_bigint().unwrap_or_default();
        if floor && self.negative {
            whole -= 1;
        } else if !floor && !self.negative {
            whole += 1;
        }
        let mut out = Number::from_bigint(&whole).with_precision(self.precision);
        if out.is_zero() {
            // Go's SetInt of 0 is +0.
            out.negative = false;
        }
        out
    }

    /// Go's `Text(format, precision)` for `e`, `f` and `g`; `None`
    /// precision is the shortest that identifies the value.
    pub fn text(&self, format: char, precision: Option<usize>) -> String {
        let mut out = String::new();
        if self.negative {
            out.push('-');
        }
        let (mantissa, exponent) = match &self.magnitude {
            Magnitude::Infinite => {
                if !self.negative {
                    out.push('+');
                }
                out.push_str("Inf");
                return out;
            }
            Magnitude::Zero => (BigUint::zero(), 0),
            Magnitude::Finite { mantissa, exponent } => (mantissa.clone(), *exponent),
        };
        let mut d = Decimal::exact(&mantissa, exponent);
        let shortest = precision.is_none();
        let precision = match precision {
            None => {
                if !mantissa.is_zero() {
                    d.round_shortest(&mantissa, exponent, self.precision);
                }
                match format {
                    'e' => d.digits.len().saturating_sub(1),
                    'f' => (d.digits.len() as i64 - d.point).max(0) as usize,
                    _ => d.digits.len(),
                }
            }
            Some(p) => {
                match format {
                    'e' => d.round(1 + p as i64),
                    'f' => d.round(d.point + p as i64),
                    _ => d.round(p.max(1) as i64),
                }
                if format == 'g' {
                    p.max(1)
                } else {
                    p
                }
            }
        };
        match format {
            'e' => d.write_e(&mut out, precision),
            'f' => d.write_f(&mut out, precision),
            _ => {
                let mut eprec = precision as i64;
                if eprec > d.digits.len() as i64 && d.digits.len() as i64 >= d.point {
                    eprec = d.digits.len() as i64;
                }
                if shortest {
                    eprec = 6;
                }
                let exp = d.point - 1;
                if exp < -4 || exp >= eprec {
                    let p = precision.min(d.digits.len());
                    d.write_e(&mut out, p.saturating_sub(1));
                } else {
                    let p = if precision as i64 > d.point {
                        d.digits.len() as i64
                    } else {
                        precision as i64
                    };
                    d.write_f(&mut out, (p - d.point).max(0) as usize);
                }
            }
        }
        out
    }
}

/// `a + b` rounded to `precision`. Go's rules for zero signs: `x - x` is
/// +0, `-0 + -0` is -0.
fn sum(a: &Number, b: &Number, precision: u32) -> Result<Number, NumberError> {
    let (ma, mb) = match (&a.magnitude, &b.magnitude) {
        (Magnitude::Infinite, Magnitude::Infinite) if a.negative != b.negative => {
            return Err(NumberError::OpposingInfinities)
        }
        (Magnitude::Infinite, _) => {
            return Ok(Number::new(a.negative, Magnitude::Infinite, precision))
        }
        (_, Magnitude::Infinite) => {
            return Ok(Number::new(b.negative, Magnitude::Infinite, precision))
        }
        (Magnitude::Zero, Magnitude::Zero) => {
            return Ok(Number::new(
                a.negative && b.negative,
                Magnitude::Zero,
                precision,
            ))
        }
        (Magnitude::Zero, _) => return Ok(b.with_precision(precision)),
        (_, Magnitude::Zero) => return Ok(a.with_precision(precision)),
        (
            Magnitude::Finite {
                mantissa: ma,
                exponent: ea,
            },
            Magnitude::Finite {
                mantissa: mb,
                exponent: eb,
            },
        ) => ((ma, *ea), (mb, *eb)),
    };
    let top = |(m, e): (&BigUint, i64)| e + m.bits() as i64;
    let (big, big_negative, small) = if top(ma) >= top(mb) {
        (ma, a.negative, mb)
    } else {
        (mb, b.negative, ma)
    };
    // An operand entirely below the other's rounding point changes nothing
    // but it might be enormous to align; the larger one, which has at most
    // `precision` bits, is the rounded sum.
    if top(small) < top(big) - i64::from(precision) - 2 {
        let magnitude = round(big.0.clone(), big.1, false, precision);
        return Ok(Number::new(big_negative, magnitude, precision));
    }
    let low = ma.1.min(mb.1);
    let aligned_a = ma.0 << ((ma.1 - low) as u64);
    let aligned_b = mb.0 << ((mb.1 - low) as u64);
    let (negative, magnitude) = if a.negative == b.negative {
        (a.negative, aligned_a + aligned_b)
    } else {
        match aligned_a.cmp(&aligned_b) {
            Ordering::Equal => (false, BigUint::zero()),
            Ordering::Greater => (a.negative, aligned_a - aligned_b),
            Ordering::Less => (b.negative, aligned_b - aligned_a),
        }
    };
    Ok(Number::new(
        negative,
        round(magnitude, low, false, precision),
        precision,
    ))
}

/// The magnitude of `a * b` rounded to `precision`.
fn product(a: &Magnitude, b: &Magnitude, precision: u32) -> Magnitude {
    match (a, b) {
        (
            Magnitude::Finite {
                mantissa: ma,
                exponent: ea,
            },
            Magnitude::Finite {
                mantissa: mb,
                exponent: eb,
            },
        ) => round(ma * mb, ea + eb, false, precision),
        (Magnitude::Infinite, _) | (_, Magnitude::Infinite) => Magnitude::Infinite,
        _ => Magnitude::Zero,
    }
}

/// The magnitude of `a / b` (both finite, `b` not zero) rounded to
/// `precision`.
fn quotient(a: &Magnitude, b: &Magnitude, precision: u32) -> Magnitude {
    let (
        Magnitude::Finite {
            mantissa: ma,
            exponent: ea,
        },
        Magnitude::Finite {
            mantissa: mb,
            exponent: eb,
        },
    ) = (a, b)
    else {
        return Magnitude::Zero;
    };
    // Enough bits that the quotient has precision + 2 of its own; the
    // remainder decides the rest.
    let shift = (i64::from(precision) + 2 + mb.bits() as i64 - ma.bits() as i64).max(0) as u64;
    let numerator = ma << shift;
    let q = &numerator / mb;
    let r = numerator - &q * mb;
    round(q, ea - eb - shift as i64, !r.is_zero(), precision)
}

/// Go's `pow5` at `precision` bits: 5^n exactly up to 5^27, then by
/// squaring with the running power at 64 more bits.
fn pow5(n: u64, precision: u32) -> Magnitude {
    const EXACT: u64 = 27;
    let exact = |k: u64| normalized(BigUint::from(5u32).pow(k as u32), 0);
    if n <= EXACT {
        return exact(n);
    }
    let mut z = exact(EXACT);
    let mut f = exact(1);
    let mut n = n - EXACT;
    while n > 0 {
        if n & 1 != 0 {
            z = product(&z, &f, precision);
        }
        f = product(&f, &f, precision + 64);
        n >>= 1;
    }
    z
}

/// A decimal number `0.digits × 10^point`, digits without trailing zeros
/// (Go's `math/big` decimal).
struct Decimal {
    digits: Vec<u8>,
    point: i64,
}

impl Decimal {
    /// The exact decimal of `mantissa * 2^exponent`.
    fn exact(mantissa: &BigUint, exponent: i64) -> Decimal {
        if mantissa.is_zero() {
            return Decimal {
                digits: Vec::new(),
                point: 0,
            };
        }
        let (text, fraction_digits) = if exponent >= 0 {
            ((mantissa << (exponent as u64)).to_string(), 0)
        } else {
            // m / 2^k == m * 5^k / 10^k
            let k = exponent.unsigned_abs();
            let scaled = mantissa * BigUint::from(5u32).pow(k as u32);
            (scaled.to_string(), k as i64)
        };
        let mut digits = text.into_bytes();
        let point = digits.len() as i64 - fraction_digits;
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        Decimal { digits, point }
    }

    fn at(&self, i: i64) -> u8 {
        if i >= 0 && (i as usize) < self.digits.len() {
            self.digits[i as usize]
        } else {
            b'0'
        }
    }

    fn round(&mut self, n: i64) {
        if n < 0 || n as usize >= self.digits.len() {
            return;
        }
        let n = n as usize;
        let up = if self.digits[n] == b'5' && n + 1 == self.digits.len() {
            n > 0 && (self.digits[n - 1] - b'0') & 1 != 0
        } else {
            self.digits[n] >= b'5'
        };
        if up {
            self.round_up(n);
        } else {
            self.round_down(n);
        }
    }

    fn round_up(&mut self, n: usize) {
        if n >= self.digits.len() {
            return;
        }
        let mut n = n;
        while n > 0 && self.digits[n - 1] >= b'9' {
            n -= 1;
        }
        if n == 0 {
            self.digits.truncate(1);
            self.digits[0] = b'1';
            self.point += 1;
            return;
        }
        self.digits[n - 1] += 1;
        self.digits.truncate(n);
    }

    fn round_down(&mut self, n: usize) {
        if n >= self.digits.len() {
            return;
        }
        self.digits.truncate(n);
        while self.digits.last() == Some(&b'0') {
            self.digits.pop();
        }
        if self.digits.is_empty() {
            self.point = 0;
        }
    }

    /// Go's `roundShortest`: the fewest digits that still lie within half
    /// an ulp (at `precision` bits) of the value.
    fn round_shortest(&mut self, mantissa: &BigUint, exponent: i64, precision: u32) {
        // The value as a mantissa whose last bit is half an ulp.
        let shift = i64::from(precision) + 1 - mantissa.bits() as i64;
        let (half_ulps, exponent) = if shift >= 0 {
            (mantissa << (shift as u64), exponent - shift)
        } else {
            (mantissa >> ((-shift) as u64), exponent - shift)
        };
        let lower = Decimal::exact(&(&half_ulps - 1u32), exponent);
        let upper = Decimal::exact(&(&half_ulps + 1u32), exponent);
        let inclusive = !half_ulps.bit(1);
        for i in 0..self.digits.len() {
            let m = self.digits[i];
            let l = lower.at(i as i64);
            let u = upper.at(i as i64);
            let ok_down = l != m || inclusive && i + 1 == lower.digits.len();
            let ok_up = m != u && (inclusive || m + 1 < u || i + 1 < upper.digits.len());
            match (ok_down, ok_up) {
                (true, true) => return self.round(i as i64 + 1),
                (true, false) => return self.round_down(i + 1),
                (false, true) => return self.round_up(i + 1),
                (false, false) => {}
            }
        }
    }

    fn write_f(&self, out: &mut String, precision: usize) {
        if self.point > 0 {
            let whole = (self.point as usize).min(self.digits.len());
            out.push_str(std::str::from_utf8(&self.digits[..whole]).unwrap_or_default());
            out.extend(std::iter::repeat_n('0', self.point as usize - whole));
        } else {
            out.push('0');
        }
        if precision > 0 {
            out.push('.');
            for i in 0..precision as i64 {
                out.push(self.at(self.point + i) as char);
            }
        }
    }

    fn write_e(&self, out: &mut String, precision: usize) {
        out.push(self.digits.first().copied().unwrap_or(b'0') as char);
        if precision > 0 {
            out.push('.');
            for i in 1..=precision {
                out.push(self.at(i as i64) as char);
            }
        }
        out.push('e');
        let exp = if self.digits.is_empty() {
            0
        } else {
            self.point - 1
        };
        out.push(if exp < 0 { '-' } else { '+' });
        if exp.abs() < 10 {
            out.push('0');
        }
        out.push_str(&exp.abs().to_string());
    }
}

impl fmt::Display for Number {
    /// As Terraform prints a number: Go's `Text('f', -1)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text('f', None))
    }
}

impl PartialEq for Number {
    /// cty's number equality: whole numbers compare exactly, others are
    /// equal when they print the same (so `0.1` from a float64 equals the
    /// literal `0.1`); the two zeros are equal.
    fn eq(&self, other: &Number) -> bool {
        match (&self.magnitude, &other.magnitude) {
            (Magnitude::Zero, Magnitude::Zero) => true,
            (Magnitude::Infinite, Magnitude::Infinite) => self.negative == other.negative,
            (
                Magnitude::Finite {
                    mantissa: ma,
                    exponent: ea,
                },
                Magnitude::Finite {
                    mantissa: mb,
                    exponent: eb,
                },
            ) => {
                if self.negative != other.negative {
                    return false;
                }
                if ma == mb && ea == eb && (*ea >= 0 || self.precision == other.precision) {
                    return true;
                }
                match (self.is_integer(), other.is_integer()) {
                    (true, true) => false,
                    (false, false) => self.to_string() == other.to_string(),
                    _ => false,
                }
            }
            _ => false,
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        Some(self.cmp_value(other))
    }
}

impl Number {
    /// Exact comparison of the values (Go's `Cmp`).
    pub fn cmp_value(&self, other: &Number) -> Ordering {
        let rank = |n: &Number| match n.magnitude {
            Magnitude::Zero => 0,
            _ if n.negative => -1,
            _ => 1,
        };
        match rank(self).cmp(&rank(other)) {
            Ordering::Equal => {}
            unequal => return unequal,
        }
        let magnitudes = match (&self.magnitude, &other.magnitude) {
            (Magnitude::Zero, Magnitude::Zero) => Ordering::Equal,
            (Magnitude::Infinite, Magnitude::Infinite) => Ordering::Equal,
            (Magnitude::Infinite, _) => Ordering::Greater,
            (_, Magnitude::Infinite) => Ordering::Less,
            (
                Magnitude::Finite {
                    mantissa: ma,
                    exponent: ea,
                },
                Magnitude::Finite {
                    mantissa: mb,
                    exponent: eb,
                },
            ) => {
                let top_a = ea + ma.bits() as i64;
                let top_b = eb + mb.bits() as i64;
                if top_a != top_b {
                    top_a.cmp(&top_b)
                } else {
                    let low = (*ea).min(*eb);
                    (ma << ((ea - low) as u64)).cmp(&(mb << ((eb - low) as u64)))
                }
            }
            _ => Ordering::Equal,
        };
        if self.negative {
            magnitudes.reverse()
        } else {
            magnitudes
        }
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Number {
        Number::from_i64(n)
    }
}

impl From<i32> for Number {
    fn from(n: i32) -> Number {
        Number::from_i64(n.into())
    }
}

impl From<u32> for Number {
    fn from(n: u32) -> Number {
        Number::from_i64(n.into())
    }
}

impl From<usize> for Number {
    fn from(n: usize) -> Number {
        Number::from_usize(n)
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Number {
        Number::from_u64(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Number {
        Number::parse(s).unwrap_or_else(|| panic!("{s} parses"))
    }

    #[test]
    fn prints_at_its_precision_as_terraform() {
        let third = parse("1").div(&parse("3")).unwrap();
        assert_eq!(third.to_string(), format!("0.{}5", "3".repeat(154)));
        let small = Number::from_i64(1).div(&Number::from_i64(3)).unwrap();
        assert_eq!(small.to_string(), "0.33333333333333333334");
        let pow = Number::from_f64(2f64.powi(100)).unwrap();
        assert_eq!(pow.to_string(), "1267650600228229400000000000000");
        assert_eq!(
            parse("12345678901234567890").to_string(),
            "12345678901234567890"
        );
        assert_eq!(parse("1e-10").to_string(), "0.0000000001");
        assert_eq!(parse("1.50").to_string(), "1.5");
        assert_eq!(parse("-0").to_string(), "-0");
        assert_eq!(parse("0.1").add(&parse("0.2")).unwrap().to_string(), "0.3");
        assert_eq!(Number::from_f64(0.1).unwrap().to_string(), "0.1");
        assert_eq!(Number::infinity(true).to_string(), "-Inf");
    }

    #[test]
    fn float64_arithmetic_at_53_bits_is_ieee() {
        let mut seed: u64 = 7;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let f = f64::from_bits((seed >> 2) & 0x3fff_ffff_ffff_ffff);
            // Normal numbers well inside the range, either sign.
            let f = f.rem_euclid(1e30) * if seed & 1 == 0 { 1.0 } else { -1.0 };
            if f.abs() < 1e-30 {
                1.5
            } else {
                f
            }
        };
        for _ in 0..2000 {
            let (a, b) = (next(), next());
            let (x, y) = (Number::from_f64(a).unwrap(), Number::from_f64(b).unwrap());
            assert_eq!(x.add(&y).unwrap().to_f64(), a + b, "{a} + {b}");
            assert_eq!(x.sub(&y).unwrap().to_f64(), a - b, "{a} - {b}");
            assert_eq!(x.div(&y).unwrap().to_f64(), a / b, "{a} / {b}");
            // A product keeps up to 512 bits; rounded to 53 it is IEEE's.
            assert_eq!(x.mul(&y).unwrap().to_f64(), a * b, "{a} * {b}");
            assert_eq!(x.to_string(), format!("{a}"), "shortest form of {a:e}");
            assert_eq!(parse(&format!("{a:e}")).to_f64(), a, "parse {a:e}");
        }
    }

    #[test]
    fn remainders_as_cty() {
        assert_eq!(parse("10").rem(&parse("3")).unwrap().to_string(), "1");
        assert_eq!(parse("-7").rem(&parse("3")).unwrap().to_string(), "-1");
        assert_eq!(parse("7.5").rem(&parse("2")).unwrap().to_string(), "1.5");
        assert_eq!(parse("5").rem(&parse("0")).unwrap().to_string(), "5");
        assert_eq!(parse("1e30").rem(&parse("7")).unwrap().to_string(), "1");
    }

    #[test]
    fn parses_what_go_parses() {
        for bad in [
            "", "0x10", "1_000", " 1", "1e", "e5", ".", "-", "1.2.3", "Infinity",
        ] {
            assert!(Number::parse(bad).is_none(), "{bad:?}");
        }
        assert_eq!(parse("1.").to_string(), "1");
        assert_eq!(parse(".5").to_string(), "0.5");
        assert_eq!(parse("1p3").to_string(), "8");
        assert_eq!(parse("+Inf").to_string(), "+Inf");
    }

    #[test]
    fn formats_as_go_fmt() {
        let third = parse("1").div(&parse("3")).unwrap();
        assert_eq!(third.text('f', Some(6)), "0.333333");
        assert_eq!(
            third.text('f', Some(30)),
            "0.333333333333333333333333333333"
        );
        assert_eq!(third.text('e', Some(6)), "3.333333e-01");
        assert_eq!(parse("1234567").text('g', Some(3)), "1.23e+06");
        assert_eq!(parse("1234.5678").text('e', Some(6)), "1.234568e+03");
        assert_eq!(parse("0").text('e', Some(2)), "0.00e+00");
    }
}
