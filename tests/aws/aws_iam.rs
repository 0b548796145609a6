//! The IAM pieces API Gateway configurations wire in around a Lambda
//! function's role: an inline role policy, a customer managed policy and
//! policy attachments,
//! applied, checked with the test's own IAM client, changed, imported by
//! Terraform's import IDs and destroyed.

use crate::common;

use common::{assert_no_changes, attr, edit, text, Aws};

const CONFIG: &str = r#"
resource "aws_iam_role" "exec" {
  name = "api-exec"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Action = "sts:AssumeRole", Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "logs" {
  name = "write-logs"
  role = aws_iam_role.exec.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Action = ["logs:PutLogEvents"], Effect = "Allow", Resource = "*" }]
  })
}

resource "aws_iam_policy" "read" {
  name        = "api-read"
  description = "read the table"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Action = ["dynamodb:GetItem"], Effect = "Allow", Resource = "*" }]
  })
}

resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.exec.name
  policy_arn = aws_iam_policy.read.arn
}

resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.exec.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
"#;

#[test]
fn role_policies_and_attachments() {
    let Some(aws) = Aws::start("role_policies_and_attachments") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("iam");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("main.tf"), CONFIG).unwrap();
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(out.contains("5 added, 0 changed, 0 destroyed"), "{out}");

    let inline = aws
        .block_on(
            aws.iam
                .get_role_policy()
                .role_name("api-exec")
                .policy_name("write-logs")
                .send(),
        )
        .unwrap();
    let doc = percent_encoding::percent_decode_str(inline.policy_document())
        .decode_utf8()
        .unwrap()
        .to_string();
    assert!(doc.contains("logs:PutLogEvents"), "{doc}");
    let attached = aws
        .block_on(
            aws.iam
                .list_attached_role_policies()
                .role_name("api-exec")
                .send(),
        )
        .unwrap();
    let mut arns: Vec<&str> = attached
        .attached_policies()
        .iter()
        .filter_map(|p| p.policy_arn())
        .collect();
    arns.sort_unstable();
    assert_eq!(
        arns,
        [
            "arn:aws:iam::000000000000:policy/api-read",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        ]
    );
    let id = attr(&dir, "aws_iam_role_policy_attachment", "basic", "id");
    assert!(id.as_str().unwrap().starts_with("api-exec-"), "{id}");
    assert_no_changes(&aws, &dir, &[]);

    edit(
        &dir,
        r#"["logs:PutLogEvents"]"#,
        r#"["logs:PutLogEvents", "logs:CreateLogStream"]"#,
    );
    edit(
        &dir,
        r#"["dynamodb:GetItem"]"#,
        r#"["dynamodb:GetItem", "dynamodb:Query"]"#,
    );
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(out.contains("0 added, 2 changed, 0 destroyed"), "{out}");
    // The new document is the policy's default version.
    let versions = aws
        .block_on(
            aws.iam
                .list_policy_versions()
                .policy_arn("arn:aws:iam::000000000000:policy/api-read")
                .send(),
        )
        .unwrap();
    assert_eq!(versions.versions().len(), 2);
    assert_no_changes(&aws, &dir, &[]);

    for (addr, import_id) in [
        ("aws_iam_role_policy.logs", "api-exec:write-logs"),
        (
            "aws_iam_policy.read",
            "arn:aws:iam::000000000000:policy/api-read",
        ),
        (
            "aws_iam_role_policy_attachment.basic",
            "api-exec/arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        ),
    ] {
        aws.ok(&dir, &["state", "rm", addr]);
        let o = aws.gantry(&dir, &["import", addr, import_id]);
        assert!(o.status.success(), "import {addr}: {}", text(&o));
    }
    assert_no_changes(&aws, &dir, &[]);

    let destroyed = aws.ok(&dir, &["destroy", "-auto-approve"]);
    let roles = aws.block_on(aws.iam.list_roles().send()).unwrap();
    assert!(
        roles.roles().iter().all(|r| r.role_name() != "api-exec"),
        "the role is gone: {destroyed}"
    );
}

#[test]
fn a_policy_keeps_five_versions_and_destroy_removes_them_all() {
    let Some(aws) = Aws::start("a_policy_keeps_five_versions") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("iam");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("main.tf"), CONFIG).unwrap();
    aws.ok(&dir, &["apply", "-auto-approve"]);
    // Five new documents: at the fifth the oldest version makes room.
    let mut held = r#"["dynamodb:GetItem"]"#.to_string();
    for action in ["Query", "Scan", "BatchGetItem", "PutItem", "DeleteItem"] {
        let next = format!(r#"["dynamodb:GetItem", "dynamodb:{action}"]"#);
        edit(&dir, &held, &next);
        held = next;
        aws.ok(&dir, &["apply", "-auto-approve"]);
    }
    let versions = aws
        .block_on(
            aws.iam
                .list_policy_versions()
                .policy_arn("arn:aws:iam::000000000000:policy/api-read")
                .send(),
        )
        .unwrap();
    assert_eq!(versions.versions().len(), 5, "{:?}", versions.versions());
    assert_no_changes(&aws, &dir, &[]);
    aws.ok(&dir, &["destroy", "-auto-approve"]);
    let policies = aws
        .block_on(aws.iam.list_policies().scope("Local".into()).send())
        .unwrap();
    assert!(
        policies
            .policies()
            .iter()
            .all(|p| p.policy_name() != Some("api-read")),
        "the policy and its versions are gone"
    );
}
