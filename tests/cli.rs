//! The command line as a user drives it: flags, exit codes, files written.

use std::path::Path;
use std::process::{Command, Output};

fn gantry(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gantry"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run gantry")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const UNFORMATTED: &str = "resource \"aws_api_gateway_rest_api\" \"api\" {\nname = \"${var.name}\"\n}\n\nvariable \"name\" {}\n";
const FORMATTED: &str = "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = var.name\n}\n\nvariable \"name\" {}\n";

#[test]
fn fmt_check_reports_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), UNFORMATTED).unwrap();
    let out = gantry(dir.path(), &["fmt", "-check"], &[]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "main.tf\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        UNFORMATTED
    );
}

#[test]
fn fmt_writes_lists_and_diffs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), UNFORMATTED).unwrap();
    std::fs::write(dir.path().join("ok.tf"), FORMATTED.replace("api", "other")).unwrap();
    let out = gantry(dir.path(), &["fmt", "-diff"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("main.tf\n--- old/main.tf\n+++ new/main.tf\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("-name = \"${var.name}\"\n+  name = var.name\n"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("ok.tf"),
        "already formatted files are not listed"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        FORMATTED
    );
    let again = gantry(dir.path(), &["fmt", "-check"], &[]);
    assert_eq!(again.status.code(), Some(0));
}

#[test]
fn fmt_recursive_and_single_file_targets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/a.tf"), UNFORMATTED).unwrap();
    std::fs::write(dir.path().join("sub/notes.txt"), "x  =  1\n").unwrap();
    let flat = gantry(dir.path(), &["fmt", "-check"], &[]);
    assert_eq!(
        flat.status.code(),
        Some(0),
        "subdirectories only with -recursive"
    );
    let deep = gantry(dir.path(), &["fmt", "-check", "-recursive"], &[]);
    assert_eq!(deep.status.code(), Some(3));
    let one = gantry(dir.path(), &["fmt", "sub/a.tf"], &[]);
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("sub/a.tf")).unwrap(),
        FORMATTED
    );
    let bad = gantry(dir.path(), &["fmt", "sub/notes.txt"], &[]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn fmt_rewrites_the_legacy_map_block_and_keeps_comments() {
    let dir = tempfile::tempdir().unwrap();
    let src = "resource \"aws_api_gateway_integration\" \"i\" {\n  # keep me\n  request_templates {\n    \"application/xml\" = <<EOF\n{ \"body\" : $input.json('$') }\nEOF\n  }\n}\n";
    std::fs::write(dir.path().join("main.tf"), src).unwrap();
    let out = gantry(dir.path(), &["fmt"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        "resource \"aws_api_gateway_integration\" \"i\" {\n  # keep me\n  request_templates = {\n    \"application/xml\" = <<EOF\n{ \"body\" : $input.json('$') }\nEOF\n  }\n}\n"
    );
}

#[test]
fn fmt_refuses_files_with_syntax_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"a\" \"b\" {\n  x = = 1\n}\n",
    )
    .unwrap();
    let out = gantry(dir.path(), &["fmt"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("main.tf:2:7"), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        "resource \"a\" \"b\" {\n  x = = 1\n}\n"
    );
}

#[test]
fn validate_uses_its_var_flags_and_leaves_other_inputs_unknown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "variable \"timeout\" {\n  type = number\n}\n\nresource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"api\"\n}\n\nresource \"aws_api_gateway_integration\" \"i\" {\n  rest_api_id          = aws_api_gateway_rest_api.api.id\n  resource_id          = aws_api_gateway_rest_api.api.root_resource_id\n  http_method          = \"GET\"\n  type                 = \"MOCK\"\n  timeout_milliseconds = var.timeout\n}\n",
    )
    .unwrap();
    let unknown = gantry(dir.path(), &["validate"], &[]);
    assert_eq!(
        unknown.status.code(),
        Some(0),
        "an unset variable is unknown: {}",
        text(&unknown)
    );
    let bad = gantry(dir.path(), &["validate", "-var", "timeout=40000"], &[]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad)
            .contains("expected timeout_milliseconds to be in the range (50 - 29000), got 40000"),
        "{}",
        text(&bad)
    );
    // As terraform validate: values from the environment, tfvars files and
    // defaults leave the variable unknown; validate's own flags are used.
    let env = gantry(dir.path(), &["validate"], &[("TF_VAR_timeout", "10")]);
    assert_eq!(env.status.code(), Some(0), "{}", text(&env));
    std::fs::write(dir.path().join("terraform.tfvars"), "timeout = 10\n").unwrap();
    let auto = gantry(dir.path(), &["validate"], &[]);
    assert_eq!(auto.status.code(), Some(0), "{}", text(&auto));
    std::fs::write(dir.path().join("short.tfvars"), "timeout = 10\n").unwrap();
    let file = gantry(
        dir.path(),
        &["validate", "-json", "-var-file=short.tfvars"],
        &[],
    );
    assert_eq!(file.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&file.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["range"]["start"]["line"], 14);
    let cli_wins = gantry(
        dir.path(),
        &["validate", "-var=timeout=1000"],
        &[("TF_VAR_timeout", "10")],
    );
    assert_eq!(cli_wins.status.code(), Some(0), "{}", text(&cli_wins));
}

#[test]
fn validate_missing_directory_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let out = gantry(dir.path(), &["validate", "nowhere"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("Failed to read module directory"),
        "{}",
        text(&out)
    );
}

#[test]
fn version_prints_the_crate_version() {
    let out = gantry(Path::new("."), &["version"], &[]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("gantry v{}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// The identifier-key 0.11 map block (`tags { Name = "x" }`) only the
/// schema can tell from a real block: fmt rewrites it, as validate's
/// warning promises, and leaves real blocks alone.
#[test]
fn fmt_rewrites_identifier_key_map_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let src = "resource \"aws_api_gateway_rest_api\" \"a\" {\n  name = \"x\"\n  tags {\n    Name = \"x\"\n  }\n  endpoint_configuration {\n    types = [\"REGIONAL\"]\n  }\n}\n";
    std::fs::write(dir.path().join("main.tf"), src).unwrap();
    let warned = gantry(dir.path(), &["validate", "-no-color"], &[]);
    assert!(
        text(&warned).contains("run `gantry fmt` to rewrite it"),
        "{}",
        text(&warned)
    );
    let out = gantry(dir.path(), &["fmt"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        src.replace("  tags {", "  tags = {")
    );
    let again = gantry(dir.path(), &["validate", "-no-color"], &[]);
    assert!(
        !text(&again).contains("legacy-map-block"),
        "{}",
        text(&again)
    );
}

/// A value nested deeper than serde_json's default limit of 128 (valid in
/// Terraform, whose decoder takes 10,000 levels) applies, is journalled,
/// and reads back from state: the next plan has no changes. 600 levels
/// also exceed what a default 8 MiB stack holds for gantry's walks.
#[test]
fn deeply_nested_values_apply_and_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let depth = 600;
    let value = format!("{}\"x\"{}", "[".repeat(depth), "]".repeat(depth));
    std::fs::write(
        tmp.path().join("main.tf"),
        format!("resource \"terraform_data\" \"deep\" {{\n  input = {value}\n}}\n"),
    )
    .unwrap();
    let apply = gantry(tmp.path(), &["apply", "-auto-approve", "-no-color"], &[]);
    assert!(apply.status.success(), "{}", text(&apply));
    let plan = gantry(
        tmp.path(),
        &["plan", "-detailed-exitcode", "-no-color"],
        &[],
    );
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan));
    let console = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .arg("console")
        .current_dir(tmp.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"flatten(terraform_data.deep.output)\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&console.stdout).trim(),
        "[\n  \"x\",\n]"
    );
}

/// A called module with its own `provider "aws"` block (Terraform's legacy
/// form) has one instance: called with `count`, validation says so as
/// Terraform does, and plan stops before anything is planned.
#[test]
fn a_module_with_its_own_provider_block_cannot_be_repeated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("child")).unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "module \"child\" {\n  source = \"./child\"\n  count  = 2\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("child/main.tf"),
        "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n\nresource \"aws_api_gateway_rest_api\" \"x\" {\n  name = \"x\"\n}\n",
    )
    .unwrap();
    for command in ["validate", "plan"] {
        let out = gantry(dir.path(), &[command], &[]);
        let t = text(&out);
        assert_eq!(out.status.code(), Some(1), "{command}: {t}");
        assert!(
            t.contains("Module is incompatible with count, for_each, and depends_on"),
            "{t}"
        );
        assert!(
            t.contains("The module at module.child is a legacy module"),
            "{t}"
        );
    }
    assert!(!dir.path().join("terraform.tfstate").exists());
}

/// A plan that refreshes says so for each object, as Terraform does;
/// `-refresh=false` reads nothing and says nothing.
#[test]
fn plans_print_a_refreshing_line_per_object() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"terraform_data\" \"b\" {\n  input = 1\n}\n\nresource \"terraform_data\" \"a\" {\n  count = 2\n  input = count.index\n}\n",
    )
    .unwrap();
    let out = gantry(dir.path(), &["apply", "-auto-approve"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    let state: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("terraform.tfstate")).unwrap(),
    )
    .unwrap();
    let id = |name: &str, i: usize| {
        state["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()["instances"][i]["attributes"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let out = gantry(dir.path(), &["plan"], &[]);
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    let expected = format!(
        "terraform_data.a[0]: Refreshing state... [id={}]\nterraform_data.a[1]: Refreshing state... [id={}]\nterraform_data.b: Refreshing state... [id={}]\n\nNo changes.",
        id("a", 0),
        id("a", 1),
        id("b", 0)
    );
    assert!(printed.starts_with(&expected), "{printed}");
    let out = gantry(dir.path(), &["plan", "-refresh=false"], &[]);
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    // Terraform starts it with a blank line too.
    assert!(printed.starts_with("\nNo changes."), "{printed}");
}

/// `-refresh-only` plans no action, even for a configuration that
/// changed, and words "no changes" as Terraform does; it goes with
/// neither -destroy nor -replace.
#[test]
fn refresh_only_plans_and_applies_no_actions() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tf");
    std::fs::write(
        &main,
        "resource \"terraform_data\" \"a\" {\n  input = 1\n}\n",
    )
    .unwrap();
    let out = gantry(dir.path(), &["apply", "-auto-approve"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    std::fs::write(
        &main,
        "resource \"terraform_data\" \"a\" {\n  input = 2\n}\n",
    )
    .unwrap();
    let before = std::fs::read_to_string(dir.path().join("terraform.tfstate")).unwrap();

    let out = gantry(
        dir.path(),
        &["plan", "-refresh-only", "-detailed-exitcode"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        printed.ends_with("\n\nNo changes. Your infrastructure still matches the configuration.\n\ngantry has checked that the real remote objects still match the result of\nyour most recent changes, and found no differences.\n"),
        "{printed}"
    );
    let out = gantry(
        dir.path(),
        &["apply", "-refresh-only", "-auto-approve"],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Apply complete! Resources: 0 added, 0 changed, 0 destroyed."),
        "{}",
        text(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("terraform.tfstate")).unwrap(),
        before,
        "nothing changed, nothing written"
    );
    // The ordinary plan still sees the configuration's change.
    let out = gantry(dir.path(), &["plan", "-detailed-exitcode"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));

    // A saved refresh-only plan of nothing: no "saved" note (there is
    // nothing to apply), and applying it writes nothing.
    let out = gantry(dir.path(), &["plan", "-refresh-only", "-out=x.plan"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("Saved the plan"), "{}", text(&out));
    let out = gantry(dir.path(), &["apply", "x.plan"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("terraform.tfstate")).unwrap(),
        before,
        "nothing changed, nothing written"
    );

    for args in [
        &["plan", "-refresh-only", "-destroy"][..],
        &["plan", "-refresh-only", "-replace=terraform_data.a"],
        &["apply", "-refresh-only", "x.plan"],
    ] {
        let out = gantry(dir.path(), args, &[]);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
    }
}

#[test]
fn compact_warnings_print_one_line_each() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("main.tf"),
        "variable \"a\" {\n  type = \"string\"\n}\n\nresource \"terraform_data\" \"x\" {\n  input = var.a\n}\n",
    )
    .unwrap();
    let full = gantry(dir, &["plan", "-var=a=1"], &[]);
    assert!(full.status.success(), "{}", text(&full));
    let full = text(&full);
    assert!(full.contains("Quoted type constraint"), "{full}");
    let compact = gantry(dir, &["plan", "-var=a=1", "-compact-warnings"], &[]);
    let t = text(&compact);
    assert!(compact.status.success(), "{t}");
    assert!(
        t.contains(
            "Warnings:\n\n- Quoted type constraint (Terraform 0.11 syntax)\n  on main.tf line 2\n"
        ),
        "{t}"
    );
    assert!(t.contains("run gantry without -compact-warnings"), "{t}");
    assert!(t.len() < full.len(), "compact output is shorter");
}

#[test]
fn tf_log_writes_gantrys_events_to_tf_log_path() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("main.tf"),
        "resource \"terraform_data\" \"x\" {}\n",
    )
    .unwrap();
    let log = dir.join("gantry.log");
    let log_path = log.display().to_string();
    let o = gantry(
        dir,
        &["plan"],
        &[("TF_LOG", "DEBUG"), ("TF_LOG_PATH", &log_path)],
    );
    assert!(o.status.success(), "{}", text(&o));
    let written = std::fs::read_to_string(&log).unwrap();
    assert!(written.contains("gantry started"), "{written}");
    assert!(written.contains("state opened"), "{written}");
    assert!(
        !text(&o).contains("gantry started"),
        "the log goes to the file only"
    );
    // JSON lines with TF_LOG=JSON; nothing at all without TF_LOG.
    let o = gantry(dir, &["plan"], &[("TF_LOG", "JSON")]);
    let first = String::from_utf8_lossy(&o.stderr)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let line: serde_json::Value =
        serde_json::from_str(&first).unwrap_or_else(|e| panic!("{e}: {first}"));
    assert_eq!(line["level"], "INFO");
    let o = gantry(dir, &["plan"], &[]);
    assert!(!text(&o).contains("gantry started"));
}

/// On a terminal gantry asks for a variable with no value, as Terraform;
/// TF_INPUT=0 (or -input=false) makes it an error instead.
#[cfg_attr(
    gantry_no_script,
    ignore = "no /usr/bin/script to give gantry a terminal"
)]
#[test]
fn a_missing_variable_is_asked_for_on_a_terminal() {
    if !Path::new("/usr/bin/script").exists() {
        eprintln!("SKIPPED a_missing_variable_is_asked_for_on_a_terminal: no /usr/bin/script to give gantry a terminal");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("main.tf"),
        "variable \"name\" {\n  description = \"The API name\"\n}\n\nvariable \"size\" {\n  type = number\n}\n\noutput \"o\" {\n  value = \"${var.name}-${var.size + 1}\"\n}\n",
    )
    .unwrap();
    let on_terminal = |input: &str, env: &[(&str, &str)], flags: &str| {
        let mut cmd = Command::new("/usr/bin/script");
        cmd.args([
            "-qec",
            &format!("{} plan -no-color {flags}", env!("CARGO_BIN_EXE_gantry")),
            "/dev/null",
        ])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let o = on_terminal("my-api\n41\n", &[], "");
    let t = text(&o).replace('\r', "");
    assert!(o.status.success(), "{t}");
    assert!(
        t.contains("var.name\n  The API name\n\n  Enter a value: "),
        "{t}"
    );
    assert!(t.contains("var.size\n  Enter a value: "), "{t}");
    assert!(t.contains("+ o = \"my-api-42\""), "{t}");
    for (env, flags) in [(&[("TF_INPUT", "0")][..], ""), (&[][..], "-input=false")] {
        let o = on_terminal("", env, flags);
        let t = text(&o).replace('\r', "");
        assert!(!o.status.success(), "{t}");
        assert!(
            t.contains("No value for required variable") && !t.contains("Enter a value"),
            "{t}"
        );
    }
}

/// On a terminal plan and apply use Terraform's colours; piped, or with
/// -no-color or NO_COLOR, they use none.
#[cfg_attr(
    gantry_no_script,
    ignore = "no /usr/bin/script to give gantry a terminal"
)]
#[test]
fn colours_on_a_terminal_only() {
    if !Path::new("/usr/bin/script").exists() {
        eprintln!(
            "SKIPPED colours_on_a_terminal_only: no /usr/bin/script to give gantry a terminal"
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("main.tf"),
        "resource \"terraform_data\" \"a\" {\n  input = \"x\"\n}\n\noutput \"b\" {\n  value = 1\n}\n\noutput \"a\" {\n  value = 2\n}\n",
    )
    .unwrap();
    let on_terminal = |args: &str, no_color_env: bool| {
        let mut cmd = Command::new("/usr/bin/script");
        cmd.args([
            "-qec",
            &format!("{} {args}", env!("CARGO_BIN_EXE_gantry")),
            "/dev/null",
        ])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::null());
        if no_color_env {
            cmd.env("NO_COLOR", "1");
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", text(&o));
        String::from_utf8_lossy(&o.stdout).replace('\r', "")
    };
    let plan = on_terminal("plan", false);
    assert!(
        plan.contains("\x1b[32m+\x1b[0m resource \"terraform_data\" \"a\""),
        "{plan}"
    );
    assert!(plan.contains("\x1b[1mPlan: 1 to add"), "{plan}");
    for plain in [
        on_terminal("plan -no-color", false),
        on_terminal("plan", true),
    ] {
        assert!(!plain.contains('\x1b'), "{plain}");
    }
    let piped = gantry(dir, &["plan"], &[]);
    assert!(!String::from_utf8_lossy(&piped.stdout).contains('\x1b'));
    let apply = on_terminal("apply -auto-approve", false);
    assert!(apply.contains("\x1b[1m\x1b[32mApply complete!"), "{apply}");
    // Outputs by name, as Terraform prints them.
    let a = apply.find("\na = 2").expect("output a");
    let b = apply.find("\nb = 1").expect("output b");
    assert!(a < b, "{apply}");
}

/// The rule Terraform draws before the -out note (and before "Saved the
/// plan"), and neither rule nor note with TF_IN_AUTOMATION.
#[test]
fn a_rule_comes_before_the_out_note_except_in_automation() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("main.tf"),
        "resource \"terraform_data\" \"a\" {}\n",
    )
    .unwrap();
    let rule = "─".repeat(77);
    let o = gantry(dir, &["plan"], &[("TF_IN_AUTOMATION", "")]);
    let t = text(&o);
    assert!(
        t.contains(&format!("Plan: 1 to add, 0 to change, 0 to destroy.\n\n{rule}\n\nNote: You didn't use the -out option")),
        "{t}"
    );
    let o = gantry(dir, &["plan", "-out=p"], &[("TF_IN_AUTOMATION", "")]);
    assert!(
        text(&o).contains(&format!("{rule}\n\nSaved the plan to: p")),
        "{}",
        text(&o)
    );
    let o = gantry(dir, &["plan"], &[("TF_IN_AUTOMATION", "1")]);
    let t = text(&o);
    assert!(
        !t.contains(&rule) && !t.contains("Note: You didn't use"),
        "{t}"
    );
}

/// `force-unlock` asks as every prompt does (the answer ends its line)
/// and does nothing unless the answer is "yes".
#[test]
fn force_unlock_asks_first() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), "").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(["force-unlock", "0123"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"no\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).ends_with(
            "Only 'yes' will be accepted to confirm.\n\n  Enter a value: \nforce-unlock cancelled.\n"
        ),
        "{}",
        text(&out)
    );
}
