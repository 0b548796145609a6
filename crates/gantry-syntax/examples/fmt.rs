//! Formats the files named on the command line to stdout (for comparing
//! against `terraform fmt` by hand).
fn main() {
    for path in std::env::args().skip(1) {
        match std::fs::read_to_string(&path) {
            Ok(src) => print!(
                "{}",
                gantry_syntax::format_source(&gantry_syntax::rewrite_legacy(&src).0.text)
            ),
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
