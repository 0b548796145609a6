//! Crash safety against LocalStack, behind a fault proxy that answers as AWS
//! does where LocalStack is forgiving (409 for a second PutMethod or a
//! second resource on one path) and that holds, loses or fails answers.
//!
//! - Kill loop: `kill -9` of applies at random instants, most of them while
//!   a create's answer is held back; after each, a plain `apply` converges
//!   and the emulator holds exactly what state holds (no orphan, no
//!   duplicate), with no manual step about locks.
//! - Faults: 5% 429, 3% 5xx and 5% lost answers; one apply converges, and
//!   destroy leaves nothing.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::{text, Aws};
use gantry_emulator::faults::{FaultProxy, Faults};

const API: &str = "crash-loop";
const ROUTES: usize = 20;

fn config() -> String {
    format!(
        r#"
resource "aws_api_gateway_rest_api" "api" {{
  name = "{API}"
}}

resource "aws_api_gateway_resource" "r" {{
  count       = {ROUTES}
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "route${{count.index}}"
}}

resource "aws_api_gateway_method" "m" {{
  count         = {ROUTES}
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.r[count.index].id
  http_method   = "GET"
  authorization = "NONE"
}}

resource "aws_api_gateway_integration" "i" {{
  count       = {ROUTES}
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.r[count.index].id
  http_method = aws_api_gateway_method.m[count.index].http_method
  type        = "MOCK"
}}
"#
    )
}

fn project() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("crash");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("main.tf"), config()).unwrap();
    (tmp, dir)
}

fn upstream_port(aws: &Aws) -> u16 {
    let e = aws.emu.endpoint();
    e.rsplit(':').next().unwrap().parse().unwrap()
}

fn gantry_cmd(aws: &Aws, proxy: &FaultProxy, dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gantry"));
    c.arg(format!("-chdir={}", dir.display()))
        .args(args)
        .env_remove("AWS_PROFILE")
        .envs(aws.emu.env())
        .env("AWS_ENDPOINT_URL", proxy.endpoint())
        .env("NO_COLOR", "1");
    c
}

fn run(aws: &Aws, proxy: &FaultProxy, dir: &Path, args: &[&str]) -> Output {
    gantry_cmd(aws, proxy, dir, args).output().unwrap()
}

/// Ids of the instances of `type_name` in state.
fn state_ids(dir: &Path, type_name: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap_or_default();
    if text.trim().is_empty() {
        return BTreeSet::new();
    }
    let state: serde_json::Value = serde_json::from_str(&text).unwrap();
    state["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == type_name)
        .flat_map(|r| r["instances"].as_array().unwrap().clone())
        .filter(|i| i.get("deposed").is_none())
        .map(|i| i["attributes"]["id"].as_str().unwrap().to_string())
        .collect()
}

/// The emulator holds exactly what state holds: one API of our name,
/// `ROUTES` resources with distinct paths, each with its method and
/// integration, all with the ids state records.
fn assert_emulator_matches_state(aws: &Aws, dir: &Path, when: &str) {
    let apis = aws.apis_named(API);
    let described: Vec<String> = apis
        .iter()
        .map(|a| {
            format!(
                "{} created {:?} tags {:?}",
                a.id().unwrap_or_default(),
                a.created_date().map(|d| d.as_secs_f64()),
                a.tags()
            )
        })
        .collect();
    assert_eq!(
        apis.len(),
        1,
        "{when}: {} APIs named {API} (orphans): {described:?}",
        apis.len()
    );
    let api = apis[0].id().unwrap().to_string();
    assert_eq!(
        state_ids(dir, "aws_api_gateway_rest_api"),
        BTreeSet::from([api.clone()]),
        "{when}: the API in state is the one that exists"
    );
    let resources = aws
        .block_on(
            aws.apigw
                .get_resources()
                .rest_api_id(&api)
                .limit(500)
                .embed("methods")
                .send(),
        )
        .unwrap();
    let routes: Vec<_> = resources
        .items()
        .iter()
        .filter(|r| r.path() != Some("/"))
        .collect();
    let paths: BTreeSet<_> = routes
        .iter()
        .map(|r| r.path().unwrap().to_string())
        .collect();
    assert_eq!(
        routes.len(),
        ROUTES,
        "{when}: {} resources for {ROUTES} routes (duplicates)",
        routes.len()
    );
    assert_eq!(paths.len(), ROUTES, "{when}: duplicate paths");
    let ids: BTreeSet<_> = routes.iter().map(|r| r.id().unwrap().to_string()).collect();
    assert_eq!(
        ids,
        state_ids(dir, "aws_api_gateway_resource"),
        "{when}: resources"
    );
    for r in &routes {
        let res = r.id().unwrap();
        let m = aws.method(&api, res, "GET");
        assert!(m.is_some(), "{when}: no method on {res}");
        let i = aws.integration(&api, res, "GET");
        assert_eq!(
            i.and_then(|i| i.r#type().map(|t| t.as_str().to_string()))
                .as_deref(),
            Some("MOCK"),
            "{when}: integration of {res}"
        );
    }
    assert_eq!(
        state_ids(dir, "aws_api_gateway_method").len(),
        ROUTES,
        "{when}: methods in state"
    );
    assert_eq!(
        state_ids(dir, "aws_api_gateway_integration").len(),
        ROUTES,
        "{when}: integrations in state"
    );
    assert!(
        !dir.join(".terraform.tfstate.lock.info").exists(),
        "{when}: a finished run leaves no lock info"
    );
}

#[test]
fn kill_loop_leaves_no_orphans_or_duplicates() {
    let Some(aws) = Aws::start("kill_loop_leaves_no_orphans_or_duplicates") else {
        return;
    };
    let proxy = FaultProxy::start(
        upstream_port(&aws),
        Faults {
            aws_conflicts: true,
            hold_creates: Duration::from_millis(150),
            seed: 11,
            ..Faults::default()
        },
    )
    .unwrap();
    let (_tmp, dir) = project();
    // LocalStack loads its API Gateway service on the first call, which
    // can take longer than gantry's settle time (10 s) on a loaded
    // machine: a create held up there lands after the next run has looked
    // for it twice and found nothing, an orphan AWS would not make (it
    // does not stall a create for seconds). Load it before killing.
    assert!(aws.apis_named(API).is_empty(), "a fresh emulator");
    // Reproducible instants: a small LCG over the test's own seed.
    let mut seed: u64 = 0x9e37_79b9;
    let mut next_delay = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // The whole apply takes about 1.5 s here.
        Duration::from_millis(200 + (seed >> 33) % 1200)
    };
    let mut adopted = 0;
    for round in 0..6 {
        let mut child = gantry_cmd(&aws, &proxy, &dir, &["apply", "-auto-approve"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let delay = next_delay();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let interrupted = dir.join("terraform.tfstate.journal").exists();
        let journal =
            std::fs::read_to_string(dir.join("terraform.tfstate.journal")).unwrap_or_default();

        let converge = run(&aws, &proxy, &dir, &["apply", "-auto-approve"]);
        let out = text(&converge);
        assert!(
            converge.status.success(),
            "round {round} (killed after {delay:?}): {out}"
        );
        adopted += out.matches("created by an interrupted run").count();
        eprintln!(
            "round {round}: killed after {delay:?}{}; {} adopted",
            if interrupted {
                " mid-apply"
            } else {
                " (finished first)"
            },
            out.matches("created by an interrupted run").count()
        );
        // On a failure, what the converging run said tells what it found.
        assert_emulator_matches_state(
            &aws,
            &dir,
            &format!(
                "round {round} (the killed run's journal:\n{journal}\nthe converging apply printed:\n{out}\nthe emulator's log ends:\n{})",
                common::tail(&aws.emu.log(), 30)
            ),
        );

        let destroy = run(&aws, &proxy, &dir, &["destroy", "-auto-approve"]);
        assert!(
            destroy.status.success(),
            "round {round}: {}",
            text(&destroy)
        );
        assert!(
            aws.apis_named(API).is_empty(),
            "round {round}: destroy left the API"
        );
    }
    eprintln!(
        "kill loop: {adopted} object(s) adopted, {} 409(s) answered as AWS would",
        proxy
            .stats
            .conflicts
            .load(std::sync::atomic::Ordering::SeqCst)
    );
}

#[test]
fn throttling_errors_and_lost_answers_converge_without_duplicates() {
    let Some(aws) = Aws::start("throttling_errors_and_lost_answers_converge_without_duplicates")
    else {
        return;
    };
    let proxy = FaultProxy::start(
        upstream_port(&aws),
        Faults {
            throttle: 0.05,
            server_error: 0.03,
            lost: 0.05,
            aws_conflicts: true,
            seed: 5,
            ..Faults::default()
        },
    )
    .unwrap();
    let (_tmp, dir) = project();
    let apply = run(&aws, &proxy, &dir, &["apply", "-auto-approve"]);
    assert!(apply.status.success(), "{}", text(&apply));
    assert_emulator_matches_state(&aws, &dir, "after the apply");
    let replan = run(&aws, &proxy, &dir, &["plan", "-detailed-exitcode"]);
    assert_eq!(replan.status.code(), Some(0), "{}", text(&replan));

    // The proxy answers as AWS does where LocalStack would overwrite: a
    // method gantry forgot is not silently replaced, it is an error until
    // it is imported.
    let forget = run(
        &aws,
        &proxy,
        &dir,
        &["state", "rm", "aws_api_gateway_method.m[0]"],
    );
    assert!(forget.status.success(), "{}", text(&forget));
    let again = run(&aws, &proxy, &dir, &["apply", "-auto-approve"]);
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    assert!(
        text(&again).contains("Method already exists for this resource"),
        "{}",
        text(&again)
    );
    let api = aws.api(API).id().unwrap().to_string();
    let res = aws.resource(&api, "/route0").id().unwrap().to_string();
    let import = run(
        &aws,
        &proxy,
        &dir,
        &[
            "import",
            "aws_api_gateway_method.m[0]",
            &format!("{api}/{res}/GET"),
        ],
    );
    assert!(import.status.success(), "{}", text(&import));
    let converged = run(&aws, &proxy, &dir, &["apply", "-auto-approve"]);
    assert!(converged.status.success(), "{}", text(&converged));
    assert_emulator_matches_state(&aws, &dir, "after the import");

    let destroy = run(&aws, &proxy, &dir, &["destroy", "-auto-approve"]);
    assert!(destroy.status.success(), "{}", text(&destroy));
    assert!(aws.apis_named(API).is_empty(), "destroy left the API");
    let s = &proxy.stats;
    use std::sync::atomic::Ordering::SeqCst;
    assert!(
        s.throttled.load(SeqCst) > 0 && s.server_errors.load(SeqCst) > 0 && s.lost.load(SeqCst) > 0,
        "the faults happened: {s:?}"
    );
}

#[test]
fn a_second_interrupt_exits_at_once_and_the_next_apply_adopts_what_was_in_flight() {
    use std::io::{BufRead, BufReader};
    let Some(aws) = Aws::start("a_second_interrupt_exits_at_once") else {
        return;
    };
    // Creates take 6 s to answer: both interrupts land while they are in
    // flight, however loaded the machine.
    let proxy = FaultProxy::start(
        upstream_port(&aws),
        Faults {
            hold_creates: Duration::from_secs(6),
            seed: 3,
            ..Faults::default()
        },
    )
    .unwrap();
    let (_tmp, dir) = project();
    let mut child = gantry_cmd(&aws, &proxy, &dir, &["apply", "-auto-approve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let interrupt = |child: &std::process::Child| {
        let sent = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    };
    // Wait until the routes' creates are in flight.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "the apply ended early"
        );
        if line.starts_with("aws_api_gateway_resource.r[") && line.contains("Creating...") {
            break;
        }
    }
    // ...and have acted (their answers are held): an interrupt before the
    // request is sent would leave nothing to adopt.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let api = aws.apis_named(API)[0].id().unwrap().to_string();
        let items = aws
            .block_on(aws.apigw.get_resources().rest_api_id(&api).send())
            .unwrap();
        if items.items().iter().any(|r| r.path() != Some("/")) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no route landed");
        std::thread::sleep(Duration::from_millis(50));
    }
    interrupt(&child);
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    loop {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "no interrupt message"
        );
        if line.contains("Interrupt received.") {
            break;
        }
    }
    interrupt(&child);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "{rest}");
    assert!(
        rest.contains("Two interrupts received. Exiting immediately."),
        "{rest}"
    );

    proxy.hold_creates(Duration::ZERO);
    let converge = run(&aws, &proxy, &dir, &["apply", "-auto-approve"]);
    let out = text(&converge);
    assert!(converge.status.success(), "{out}");
    assert!(
        out.contains("created by an interrupted run"),
        "the creates in flight are adopted: {out}"
    );
    assert_emulator_matches_state(&aws, &dir, "after two interrupts");
    let destroy = run(&aws, &proxy, &dir, &["destroy", "-auto-approve"]);
    assert!(destroy.status.success(), "{}", text(&destroy));
    assert!(aws.apis_named(API).is_empty());
}

/// Objects whose names are not unique (REST APIs) or that the create names
/// itself (`name_prefix`): killed while their creates are in flight, with
/// other APIs of the same name made meanwhile, the next apply adopts
/// exactly what the killed run made: the API it labelled with its intent
/// (and the label is gone), the role of the name its intent determines.
#[test]
fn interrupted_creates_are_found_by_their_intent_among_look_alikes() {
    let Some(aws) = Aws::start("interrupted_creates_are_found_by_their_intent") else {
        return;
    };
    let proxy = FaultProxy::start(
        upstream_port(&aws),
        Faults {
            hold_creates: Duration::from_secs(3),
            seed: 5,
            ..Faults::default()
        },
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("twins");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        r#"
resource "aws_api_gateway_rest_api" "api" {
  name = "twin"
}

resource "aws_iam_role" "r" {
  name_prefix = "gantry-adopt-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Action = "sts:AssumeRole", Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}
"#,
    )
    .unwrap();
    let roles = || -> Vec<String> {
        aws.block_on(aws.iam.list_roles().send())
            .unwrap()
            .roles()
            .iter()
            .map(|r| r.role_name().to_string())
            .filter(|n| n.starts_with("gantry-adopt-"))
            .collect()
    };

    let mut child = gantry_cmd(&aws, &proxy, &dir, &["apply", "-auto-approve"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Both creates have acted; their answers are held back.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while aws.apis_named("twin").is_empty() || roles().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the creates never landed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let decoys: BTreeSet<String> = (0..2)
        .map(|_| {
            aws.block_on(aws.apigw.create_rest_api().name("twin").send())
                .unwrap()
                .id()
                .unwrap()
                .to_string()
        })
        .collect();
    let _ = child.kill(); // SIGKILL, answers still held
    let _ = child.wait();

    let converge = run(&aws, &proxy, &dir, &["apply", "-auto-approve"]);
    let out = text(&converge);
    assert!(converge.status.success(), "{out}");
    assert!(
        out.contains("Adopted aws_api_gateway_rest_api.api"),
        "{out}"
    );
    assert!(out.contains("Adopted aws_iam_role.r"), "{out}");
    assert!(out.contains("0 added"), "nothing created twice: {out}");

    let ours = state_ids(&dir, "aws_api_gateway_rest_api");
    assert_eq!(ours.len(), 1);
    let api = ours.iter().next().unwrap().clone();
    assert!(!decoys.contains(&api), "adopted a look-alike: {api}");
    assert_eq!(aws.apis_named("twin").len(), 3);
    // The label is asked away (AWS removes it; LocalStack cannot remove a
    // tag given at creation) and state never holds it.
    let untags = proxy.stats.untags.lock().unwrap().clone();
    assert!(
        untags
            .iter()
            .any(|p| p.contains(&format!("restapis%2F{api}")) && p.contains("gantry%3Aintent")),
        "no UntagResource for {api}: {untags:?}"
    );
    let state = common::state(&dir);
    assert!(
        !state.to_string().contains("gantry:intent"),
        "the label is in state"
    );
    assert_eq!(
        roles().into_iter().collect::<BTreeSet<_>>(),
        state_ids(&dir, "aws_iam_role"),
        "one role, the one in state"
    );

    let plan = run(&aws, &proxy, &dir, &["plan", "-detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan));
    let destroy = run(&aws, &proxy, &dir, &["destroy", "-auto-approve"]);
    assert!(destroy.status.success(), "{}", text(&destroy));
    assert!(roles().is_empty());
    let left: BTreeSet<String> = aws
        .apis_named("twin")
        .iter()
        .map(|a| a.id().unwrap().to_string())
        .collect();
    assert_eq!(left, decoys, "the look-alikes are not ours to destroy");
}
