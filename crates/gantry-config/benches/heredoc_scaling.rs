//! Does reading a heredoc grow linearly with its size? One long line of
//! interpolations (a minified JSON body, say) at 4 sizes: load (lex, parse,
//! build) and fmt, each timed as the median of 3, then the exponent of a
//! least-squares fit of log(time) against log(size). 1.0 is linear; the lexer
//! once scanned back to the line's start for every template sequence, which
//! made this 2.
//!
//! `cargo bench -p gantry-config --bench heredoc_scaling`

use std::path::Path;
use std::time::{Duration, Instant};

fn source(n: usize) -> String {
    let body: String = (0..n)
        .map(|i| format!("\"k{i}\":\"${{local.x}}\","))
        .collect();
    format!("locals {{\n  x = 1\n  t = <<EOT\n{body}\nEOT\n}}\n")
}

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[1]
}

fn exponent(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x.ln(), b + y.ln()));
    let (mx, my) = (sx / n, sy / n);
    let (num, den) = points.iter().fold((0.0, 0.0), |(a, b), (x, y)| {
        let dx = x.ln() - mx;
        (a + dx * (y.ln() - my), b + dx * dx)
    });
    num / den
}

fn main() {
    let sizes = [10_000, 20_000, 40_000, 80_000];
    let mut load = Vec::new();
    let mut fmt = Vec::new();
    for n in sizes {
        let src = source(n);
        let bytes = src.len() as f64;
        let l = median(|| {
            let (m, d) =
                gantry_config::load_sources(Path::new("."), vec![("main.tf".into(), src.clone())]);
            assert!(!d.has_errors() && m.locals.len() == 2);
        });
        let f = median(|| {
            gantry_config::format_text("main.tf", &src).expect("formats");
        });
        println!(
            "{:>9} bytes: load {:>8.1} ms, fmt {:>8.1} ms",
            src.len(),
            l.as_secs_f64() * 1e3,
            f.as_secs_f64() * 1e3
        );
        load.push((bytes, l.as_secs_f64()));
        fmt.push((bytes, f.as_secs_f64()));
    }
    println!(
        "time ~ size^k: load k = {:.2}, fmt k = {:.2} (1 is linear)",
        exponent(&load),
        exponent(&fmt)
    );
}
