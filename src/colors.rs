//! Terraform's colours for plan and apply output on a terminal: action
//! symbols (`+` green, `-` red, `~` yellow, `<=` cyan, `-/+` red and
//! green), resource headings and summaries bold, a finished apply bold
//! green. The rendering itself stays plain text (it is compared with
//! Terraform's byte for byte); colour is added here, line by line, and
//! only when stdout is a terminal, `-no-color` is not given and
//! `NO_COLOR` is unset.

use std::io::IsTerminal;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";

/// Whether stdout gets colour.
pub fn on(no_color: bool) -> bool {
    !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// `text` painted when stdout gets colour (see [`on`]).
pub fn maybe(text: String, no_color: bool) -> String {
    if on(no_color) {
        paint(&text)
    } else {
        text
    }
}

/// `text` (plan, drift or apply output) with Terraform's colours.
pub fn paint(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        out.push_str(&paint_line(body));
        out.push_str(newline);
    }
    out
}

fn paint_line(line: &str) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    // Headings and summaries.
    if trimmed.starts_with("# ") {
        return format!("{indent}{BOLD}{trimmed}{RESET}");
    }
    for bold in [
        "Plan:",
        "Changes to Outputs:",
        "No changes.",
        "Terraform will perform",
        "gantry will perform",
        "Outputs:",
    ] {
        if trimmed.starts_with(bold) {
            return format!("{indent}{BOLD}{trimmed}{RESET}");
        }
    }
    for done in ["Apply complete!", "Destroy complete!"] {
        if trimmed.starts_with(done) {
            return format!("{indent}{BOLD}{GREEN}{trimmed}{RESET}");
        }
    }
    // Action symbols, longest first.
    for (symbol, painted) in [
        ("-/+", format!("{RED}-{RESET}/{GREEN}+{RESET}")),
        ("+/-", format!("{GREEN}+{RESET}/{RED}-{RESET}")),
        ("<=", format!("{CYAN}<={RESET}")),
        ("+", format!("{GREEN}+{RESET}")),
        ("-", format!("{RED}-{RESET}")),
        ("~", format!("{YELLOW}~{RESET}")),
    ] {
        if let Some(rest) = trimmed.strip_prefix(symbol) {
            if rest.starts_with(' ') {
                return format!("{indent}{painted}{rest}");
            }
        }
    }
    // "ADDR: Creating..." and the like: the address bold.
    if let Some((addr, rest)) = trimmed.split_once(": ") {
        let progress = rest.ends_with("...")
            || rest.contains("complete after")
            || rest.starts_with("Still ")
            || rest.starts_with("Refreshing state...");
        if progress && !addr.contains(' ') && addr.contains('.') {
            return format!("{indent}{BOLD}{addr}: {RESET}{rest}");
        }
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_headings_and_summaries_get_terraforms_colours() {
        let plan = "  # terraform_data.a will be created\n  + resource \"terraform_data\" \"a\" {\n      + id = (known after apply)\n      ~ input = \"x\" -> \"y\"\n      - old = 1 -> null\n    }\n-/+ resource \"x\" \"y\" {\n <= data \"d\" \"e\" {\nPlan: 1 to add, 0 to change, 0 to destroy.\n";
        let painted = paint(plan);
        assert!(painted.contains("  \x1b[1m# terraform_data.a will be created\x1b[0m\n"));
        assert!(painted.contains("  \x1b[32m+\x1b[0m resource"));
        assert!(painted.contains("      \x1b[33m~\x1b[0m input"));
        assert!(painted.contains("      \x1b[31m-\x1b[0m old"));
        assert!(painted.contains("\x1b[31m-\x1b[0m/\x1b[32m+\x1b[0m resource"));
        assert!(painted.contains(" \x1b[36m<=\x1b[0m data"));
        assert!(painted.contains("\x1b[1mPlan: 1 to add"));
        // Colour only: the text is the same.
        let stripped = painted
            .replace(RESET, "")
            .replace(BOLD, "")
            .replace(RED, "")
            .replace(GREEN, "")
            .replace(YELLOW, "")
            .replace(CYAN, "");
        assert_eq!(stripped, plan);
    }

    #[test]
    fn apply_progress_and_completion() {
        let painted = paint("terraform_data.a: Creating...\nterraform_data.a: Creation complete after 0s [id=1]\n\nApply complete! Resources: 1 added, 0 changed, 0 destroyed.\n");
        assert!(painted.starts_with("\x1b[1mterraform_data.a: \x1b[0mCreating...\n"));
        assert!(painted.contains("\x1b[1m\x1b[32mApply complete!"));
    }
}
