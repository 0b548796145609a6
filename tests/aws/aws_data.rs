//! Data sources on the emulator, read as Terraform reads them: during the
//! plan when their configuration is known (region, identity, partition,
//! a policy document built from them), during the apply when it is not
//! (a resource of an API being created) or when a `depends_on` target has
//! changes pending (a lookup by name). The results land in state as
//! `data` resources (an API key, its value included, an authorizer
//! looked up by ID and the list of an API's authorizers among them), the next plan has nothing to do, and a lookup that
//! finds nothing is a plan-time error naming it.

use crate::common;

use common::{assert_no_changes, attr, state, Aws};

const CONFIG: &str = r#"
data "aws_region" "current" {}

data "aws_caller_identity" "me" {}

data "aws_partition" "current" {}

data "aws_iam_policy_document" "invoke" {
  statement {
    sid       = "Invoke"
    actions   = ["execute-api:Invoke"]
    resources = ["arn:${data.aws_partition.current.partition}:execute-api:${data.aws_region.current.name}:${data.aws_caller_identity.me.account_id}:*/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "IpAddress"
      variable = "aws:SourceIp"
      values   = ["10.0.0.0/8", "192.168.0.0/16"]
    }
  }
}

resource "aws_api_gateway_rest_api" "looked_up" {
  name   = "${var.prefix}looked-up"
  policy = data.aws_iam_policy_document.invoke.json
}

data "aws_api_gateway_resource" "root" {
  rest_api_id = aws_api_gateway_rest_api.looked_up.id
  path        = "/"
}

data "aws_api_gateway_rest_api" "by_name" {
  name       = aws_api_gateway_rest_api.looked_up.name
  depends_on = [aws_api_gateway_rest_api.looked_up]
}

resource "aws_api_gateway_api_key" "looked_up" {
  name = "${var.prefix}looked-up-key"
  tags = { team = "api" }
}

data "aws_api_gateway_api_key" "by_id" {
  id = aws_api_gateway_api_key.looked_up.id
}

resource "aws_api_gateway_authorizer" "looked_up" {
  name           = "looked-up-auth"
  rest_api_id    = aws_api_gateway_rest_api.looked_up.id
  authorizer_uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations"
}

data "aws_api_gateway_authorizer" "by_id" {
  rest_api_id   = aws_api_gateway_rest_api.looked_up.id
  authorizer_id = aws_api_gateway_authorizer.looked_up.id
}

output "authorizer_found_by_id" {
  value = data.aws_api_gateway_authorizer.by_id.name == "looked-up-auth" && data.aws_api_gateway_authorizer.by_id.authorizer_result_ttl_in_seconds == 300
}

data "aws_api_gateway_authorizers" "all" {
  rest_api_id = aws_api_gateway_authorizer.looked_up.rest_api_id
}

output "authorizers_listed" {
  value = data.aws_api_gateway_authorizers.all.ids == tolist([aws_api_gateway_authorizer.looked_up.id])
}

output "key_found_by_id" {
  value = nonsensitive(data.aws_api_gateway_api_key.by_id.value == aws_api_gateway_api_key.looked_up.value) && data.aws_api_gateway_api_key.by_id.tags.team == "api"
}

output "root_is_the_apis_root" {
  value = data.aws_api_gateway_resource.root.id == aws_api_gateway_rest_api.looked_up.root_resource_id
}

output "found_by_name" {
  value = data.aws_api_gateway_rest_api.by_name.id == aws_api_gateway_rest_api.looked_up.id
}

output "where" {
  value = "${data.aws_partition.current.partition}/${data.aws_region.current.name}/${data.aws_caller_identity.me.account_id}"
}
"#;

#[test]
fn data_sources_are_read_at_plan_time_or_during_apply() {
    let Some(aws) = Aws::start("data sources") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    std::fs::write(dir.join("main.tf"), CONFIG).unwrap();
    std::fs::write(
        dir.join("vars.tf"),
        "variable \"prefix\" {\n  default = \"\"\n}\n",
    )
    .unwrap();

    let plan = aws.ok(dir, &["plan"]);
    for line in [
        "# data.aws_api_gateway_resource.root will be read during apply",
        "# (config refers to values not yet known)",
        " <= data \"aws_api_gateway_resource\" \"root\" {",
        "# data.aws_api_gateway_rest_api.by_name will be read during apply",
        "# (depends on a resource or a module with changes pending)",
        " <= read (data resources)",
        "# data.aws_api_gateway_api_key.by_id will be read during apply",
        "# data.aws_api_gateway_authorizer.by_id will be read during apply",
        "# data.aws_api_gateway_authorizers.all will be read during apply",
        "Plan: 3 to add, 0 to change, 0 to destroy.",
    ] {
        assert!(plan.contains(line), "no {line:?} in:\n{plan}");
    }
    // Read while planning: known, so not in the plan.
    assert!(!plan.contains("aws_iam_policy_document"), "{plan}");
    assert!(plan.contains("\"execute-api:Invoke\""), "{plan}");

    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(
        out.contains("data.aws_api_gateway_resource.root: Reading..."),
        "{out}"
    );
    assert!(out.contains("root_is_the_apis_root = true"), "{out}");
    assert!(out.contains("found_by_name = true"), "{out}");
    assert!(out.contains("key_found_by_id = true"), "{out}");
    assert!(out.contains("authorizer_found_by_id = true"), "{out}");
    assert!(out.contains("authorizers_listed = true"), "{out}");
    assert!(
        out.contains("where = \"aws/us-east-1/000000000000\""),
        "{out}"
    );

    // The API got the document the data source rendered.
    let api = aws.api("looked-up");
    // (API Gateway answers the policy with its quotes escaped.)
    let policy: serde_json::Value =
        serde_json::from_str(&api.policy().unwrap().replace("\\\"", "\"")).unwrap();
    assert_eq!(policy["Statement"][0]["Sid"], "Invoke");
    assert_eq!(
        policy["Statement"][0]["Condition"]["IpAddress"]["aws:SourceIp"],
        serde_json::json!(["10.0.0.0/8", "192.168.0.0/16"])
    );

    // State holds every data source as Terraform does (mode "data").
    let s = state(dir);
    let data: Vec<String> = s["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["mode"] == "data")
        .map(|r| {
            format!(
                "{}.{}",
                r["type"].as_str().unwrap(),
                r["name"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        data,
        [
            "aws_api_gateway_api_key.by_id",
            "aws_api_gateway_authorizer.by_id",
            "aws_api_gateway_authorizers.all",
            "aws_api_gateway_resource.root",
            "aws_api_gateway_rest_api.by_name",
            "aws_caller_identity.me",
            "aws_iam_policy_document.invoke",
            "aws_partition.current",
            "aws_region.current",
        ]
    );
    assert_eq!(
        attr(dir, "aws_api_gateway_resource", "root", "path_part"),
        ""
    );
    assert_eq!(
        attr(dir, "aws_region", "current", "description"),
        "US East (N. Virginia)"
    );

    // Everything known now: read while planning, nothing to do.
    assert_no_changes(&aws, dir, &[]);

    // A lookup that finds nothing stops the plan, naming what it looked for.
    std::fs::write(
        dir.join("missing.tf"),
        "data \"aws_api_gateway_rest_api\" \"missing\" {\n  name = \"no-such-api\"\n}\n",
    )
    .unwrap();
    let o = aws.gantry(dir, &["plan"]);
    let t = common::text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("No REST API found"), "{t}");
    assert!(t.contains("\"no-such-api\""), "{t}");
    std::fs::remove_file(dir.join("missing.tf")).unwrap();

    // `refresh` reads data sources again, as Terraform's does: a data
    // instance edited in state is read back, and one the configuration no
    // longer has leaves state.
    let mut s = state(dir);
    for r in s["resources"].as_array_mut().unwrap() {
        if r["mode"] == "data" && r["type"] == "aws_region" {
            r["instances"][0]["attributes"]["description"] = "stale".into();
        }
    }
    let mut leftover = s["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["mode"] == "data" && r["type"] == "aws_partition")
        .unwrap()
        .clone();
    leftover["name"] = "removed".into();
    s["resources"].as_array_mut().unwrap().push(leftover);
    std::fs::write(
        dir.join("terraform.tfstate"),
        serde_json::to_string_pretty(&s).unwrap(),
    )
    .unwrap();
    aws.ok(dir, &["refresh"]);
    assert_eq!(
        attr(dir, "aws_region", "current", "description"),
        "US East (N. Virginia)"
    );
    assert!(!state(dir)["resources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == "removed"));

    aws.ok(dir, &["destroy", "-auto-approve"]);
    assert!(aws.apis_named("looked-up").is_empty());
    let s = state(dir);
    assert!(
        s["resources"].as_array().unwrap().is_empty(),
        "data sources leave state with the rest: {s}"
    );
}
