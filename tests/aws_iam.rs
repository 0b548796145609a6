//! The IAM pieces API Gateway configurations wire in around a Lambda
//! function's role: an inline role policy and a managed policy attachment,
//! applied, checked with the test's own IAM client, changed, imported by
//! Terraform's import IDs and destroyed.

mod common;

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
    assert!(out.contains("3 added, 0 changed, 0 destroyed"), "{out}");

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
    assert_eq!(
        attached
            .attached_policies()
            .iter()
            .filter_map(|p| p.policy_arn())
            .collect::<Vec<_>>(),
        ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
    );
    let id = attr(&dir, "aws_iam_role_policy_attachment", "basic", "id");
    assert!(id.as_str().unwrap().starts_with("api-exec-"), "{id}");
    assert_no_changes(&aws, &dir, &[]);

    edit(
        &dir,
        r#"["logs:PutLogEvents"]"#,
        r#"["logs:PutLogEvents", "logs:CreateLogStream"]"#,
    );
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(out.contains("0 added, 1 changed, 0 destroyed"), "{out}");
    assert_no_changes(&aws, &dir, &[]);

    for (addr, import_id) in [
        ("aws_iam_role_policy.logs", "api-exec:write-logs"),
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
