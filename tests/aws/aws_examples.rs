//! The three documentation examples, end to end against LocalStack: apply
//! → every object exists with every argument as written (checked with the
//! test's own SDK clients) → plan says "No changes" → an in-place edit
//! changes only that field and keeps the ids → a force-new edit replaces →
//! destroy leaves nothing behind.

use crate::common;

use common::{assert_no_changes, attr, copy_example, edit, Aws};

#[test]
fn mock_integration() {
    let Some(aws) = Aws::start("mock_integration") else {
        return;
    };
    let (_tmp, dir) = copy_example("mock-integration");

    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(
        out.contains("Apply complete! Resources: 4 added, 0 changed, 0 destroyed."),
        "{out}"
    );
    let api = aws.api("MyDemoAPI");
    assert_eq!(
        api.description(),
        Some("This is my API for demonstration purposes")
    );
    let api_id = api.id().unwrap().to_string();
    let res = aws.resource(&api_id, "/mydemoresource");
    let res_id = res.id().unwrap().to_string();
    let m = aws.method(&api_id, &res_id, "GET").expect("method");
    assert_eq!(m.authorization_type(), Some("NONE"));
    let i = aws
        .integration(&api_id, &res_id, "GET")
        .expect("integration");
    assert_eq!(i.r#type().map(|t| t.as_str()), Some("MOCK"));
    assert_eq!(i.cache_key_parameters(), ["method.request.path.param"]);
    assert_eq!(i.cache_namespace(), Some("foobar"));
    assert_eq!(i.timeout_in_millis(), 29000);
    assert_eq!(
        i.request_parameters().unwrap()["integration.request.header.X-Authorization"],
        "'static'"
    );
    // The 0.11 map-as-block template arrives as written (heredoc, with its
    // final newline).
    assert_eq!(
        i.request_templates().unwrap()["application/xml"],
        "{\n   \"body\" : $input.json('$')\n}\n"
    );
    // State agrees with the API.
    assert_eq!(
        attr(&dir, "aws_api_gateway_rest_api", "MyDemoAPI", "id"),
        api_id.as_str()
    );
    assert_eq!(
        attr(
            &dir,
            "aws_api_gateway_integration",
            "MyDemoIntegration",
            "id"
        ),
        format!("agi-{api_id}-{res_id}-GET").as_str()
    );
    assert_no_changes(&aws, &dir, &[]);

    // In place: the timeout, a template, a request parameter.
    edit(
        &dir,
        "timeout_milliseconds = 29000",
        "timeout_milliseconds = 5000",
    );
    edit(
        &dir,
        "\"body\" : $input.json('$')",
        "\"payload\" : $input.json('$')",
    );
    edit(&dir, "= \"'static'\"", "= \"'dynamic'\"");
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(
        out.contains("Resources: 0 added, 1 changed, 0 destroyed."),
        "{out}"
    );
    let i2 = aws
        .integration(&api_id, &res_id, "GET")
        .expect("integration");
    assert_eq!(i2.timeout_in_millis(), 5000);
    assert_eq!(
        i2.request_templates().unwrap()["application/xml"],
        "{\n   \"payload\" : $input.json('$')\n}\n"
    );
    assert_eq!(
        i2.request_parameters().unwrap()["integration.request.header.X-Authorization"],
        "'dynamic'"
    );
    // Nothing else moved.
    assert_eq!(i2.cache_namespace(), i.cache_namespace());
    assert_eq!(i2.cache_key_parameters(), i.cache_key_parameters());
    assert_eq!(i2.r#type(), i.r#type());
    assert_eq!(aws.api("MyDemoAPI").id(), Some(api_id.as_str()));
    assert_eq!(
        aws.resource(&api_id, "/mydemoresource").id(),
        Some(res_id.as_str())
    );
    assert_no_changes(&aws, &dir, &[]);

    // Force-new: the method's http_method replaces method and integration.
    edit(&dir, "http_method   = \"GET\"", "http_method   = \"POST\"");
    let plan = aws.ok(&dir, &["plan"]);
    assert!(
        plan.contains("http_method             = \"GET\" -> \"POST\" # forces replacement"),
        "{plan}"
    );
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(
        out.contains("Resources: 2 added, 0 changed, 2 destroyed."),
        "{out}"
    );
    assert!(
        aws.method(&api_id, &res_id, "GET").is_none(),
        "the GET method is gone"
    );
    assert!(aws.integration(&api_id, &res_id, "POST").is_some());
    assert_no_changes(&aws, &dir, &[]);

    let out = aws.ok(&dir, &["destroy", "-auto-approve"]);
    assert!(
        out.contains("Destroy complete! Resources: 4 destroyed."),
        "{out}"
    );
    assert!(aws.apis_named("MyDemoAPI").is_empty(), "nothing left");
}

#[test]
fn lambda_integration() {
    let Some(aws) = Aws::start("lambda_integration") else {
        return;
    };
    let (_tmp, dir) = copy_example("lambda-integration");
    // Emulator and AWS alike refuse new python2.7 functions (the runtime
    // is deprecated); everything else is the documentation's example.
    edit(
        &dir,
        "runtime          = \"python2.7\"",
        "runtime          = \"python3.12\"",
    );
    let vars = [
        "-var",
        "myregion=us-east-1",
        "-var",
        "accountId=000000000000",
    ];
    let with =
        |args: &[&'static str]| -> Vec<&'static str> { args.iter().copied().chain(vars).collect() };

    let out = aws.ok(&dir, &with(&["apply", "-auto-approve"]));
    assert!(
        out.contains("Apply complete! Resources: 7 added, 0 changed, 0 destroyed."),
        "{out}"
    );

    let role = aws
        .block_on(aws.iam.get_role().role_name("myrole").send())
        .unwrap();
    let role = role.role().unwrap();
    // IAM documents arrive URL-encoded.
    let policy = percent_encoding::percent_decode_str(role.assume_role_policy_document().unwrap())
        .decode_utf8()
        .unwrap();
    let policy: serde_json::Value = serde_json::from_str(&policy).unwrap();
    assert_eq!(
        policy["Statement"][0]["Principal"]["Service"],
        "lambda.amazonaws.com"
    );

    let f = aws
        .block_on(aws.lambda.get_function().function_name("mylambda").send())
        .unwrap();
    let conf = f.configuration().unwrap();
    assert_eq!(conf.handler(), Some("lambda.lambda_handler"));
    assert_eq!(conf.runtime().map(|r| r.as_str()), Some("python3.12"));
    assert_eq!(conf.role(), Some(role.arn()));
    let function_arn = conf.function_arn().unwrap().to_string();
    // source_code_hash = base64sha256(file("lambda.zip")) is what Lambda
    // computed for the uploaded package.
    assert_eq!(
        attr(&dir, "aws_lambda_function", "lambda", "source_code_hash"),
        conf.code_sha256().unwrap()
    );

    let api = aws.api("myapi");
    let api_id = api.id().unwrap().to_string();
    let res_id = aws.resource(&api_id, "/resource").id().unwrap().to_string();
    let i = aws
        .integration(&api_id, &res_id, "GET")
        .expect("integration");
    assert_eq!(i.r#type().map(|t| t.as_str()), Some("AWS_PROXY"));
    assert_eq!(i.http_method(), Some("POST"));
    assert_eq!(
        i.uri(),
        Some(format!("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations").as_str())
    );

    let p = aws
        .block_on(aws.lambda.get_policy().function_name("mylambda").send())
        .unwrap();
    let p: serde_json::Value = serde_json::from_str(p.policy().unwrap()).unwrap();
    let st = &p["Statement"][0];
    assert_eq!(st["Sid"], "AllowExecutionFromAPIGateway");
    assert_eq!(st["Action"], "lambda:InvokeFunction");
    assert_eq!(
        st["Condition"]["ArnLike"]["AWS:SourceArn"],
        format!("arn:aws:execute-api:us-east-1:000000000000:{api_id}/*/GET/resource")
    );
    assert_no_changes(&aws, &dir, &vars);

    // In place: the function's handler.
    edit(
        &dir,
        "handler          = \"lambda.lambda_handler\"",
        "handler          = \"lambda.handler\"",
    );
    let out = aws.ok(&dir, &with(&["apply", "-auto-approve"]));
    assert!(
        out.contains("Resources: 0 added, 1 changed, 0 destroyed."),
        "{out}"
    );
    let f2 = aws
        .block_on(aws.lambda.get_function().function_name("mylambda").send())
        .unwrap();
    let conf2 = f2.configuration().unwrap();
    assert_eq!(conf2.handler(), Some("lambda.handler"));
    assert_eq!(conf2.function_arn(), Some(function_arn.as_str()));
    assert_eq!(conf2.code_sha256(), conf.code_sha256());
    assert_eq!(aws.api("myapi").id(), Some(api_id.as_str()));
    assert_no_changes(&aws, &dir, &vars);

    // Force-new: GET -> POST replaces the method, the integration and the
    // permission (its source_arn names the method).
    edit(&dir, "http_method   = \"GET\"", "http_method   = \"POST\"");
    let out = aws.ok(&dir, &with(&["apply", "-auto-approve"]));
    assert!(
        out.contains("Resources: 3 added, 0 changed, 3 destroyed."),
        "{out}"
    );
    assert!(aws.method(&api_id, &res_id, "GET").is_none());
    assert!(aws.integration(&api_id, &res_id, "POST").is_some());
    let p = aws
        .block_on(aws.lambda.get_policy().function_name("mylambda").send())
        .unwrap();
    assert!(p.policy().unwrap().contains("/*/POST/resource"));
    assert_no_changes(&aws, &dir, &vars);

    let out = aws.ok(&dir, &with(&["destroy", "-auto-approve"]));
    assert!(
        out.contains("Destroy complete! Resources: 7 destroyed."),
        "{out}"
    );
    assert!(aws.apis_named("myapi").is_empty());
    assert!(aws
        .block_on(aws.lambda.get_function().function_name("mylambda").send())
        .is_err());
    assert!(aws
        .block_on(aws.iam.get_role().role_name("myrole").send())
        .is_err());
}

#[test]
fn vpc_link() {
    let Some(aws) = Aws::start("vpc_link") else {
        return;
    };
    let (_tmp, dir) = copy_example("vpc-link");
    let subnet = format!("subnet_id={}", aws.emu.default_subnet());
    let vars: Vec<&str> = vec!["-var", "name=demo", "-var", &subnet];
    let with = |args: &[&str]| -> Vec<String> {
        args.iter()
            .chain(vars.iter())
            .map(|s| s.to_string())
            .collect()
    };
    let run = |args: &[&str]| {
        let a = with(args);
        aws.ok(&dir, &a.iter().map(String::as_str).collect::<Vec<_>>())
    };

    let out = run(&["apply", "-auto-approve"]);
    assert!(
        out.contains("Apply complete! Resources: 6 added, 0 changed, 0 destroyed."),
        "{out}"
    );
    let lbs = aws
        .block_on(aws.elbv2.describe_load_balancers().names("demo").send())
        .unwrap();
    let lb = &lbs.load_balancers()[0];
    assert_eq!(lb.r#type().map(|t| t.as_str()), Some("network"));
    assert_eq!(lb.scheme().map(|s| s.as_str()), Some("internal"));
    let lb_arn = lb.load_balancer_arn().unwrap().to_string();

    let links = aws.block_on(aws.apigw.get_vpc_links().send()).unwrap();
    let link = links
        .items()
        .iter()
        .find(|l| l.name() == Some("demo"))
        .expect("vpc link");
    assert_eq!(link.target_arns(), std::slice::from_ref(&lb_arn));
    assert_eq!(link.status().map(|s| s.as_str()), Some("AVAILABLE"));
    let link_id = link.id().unwrap().to_string();

    let api_id = aws.api("demo").id().unwrap().to_string();
    let res_id = aws.resource(&api_id, "/test").id().unwrap().to_string();
    let m = aws.method(&api_id, &res_id, "GET").unwrap();
    assert_eq!(m.request_models().unwrap()["application/json"], "Error");
    let i = aws.integration(&api_id, &res_id, "GET").unwrap();
    assert_eq!(i.r#type().map(|t| t.as_str()), Some("HTTP"));
    assert_eq!(i.uri(), Some("https://www.google.de"));
    assert_eq!(i.http_method(), Some("GET"));
    assert_eq!(i.connection_type().map(|c| c.as_str()), Some("VPC_LINK"));
    assert_eq!(i.connection_id(), Some(link_id.as_str()));
    assert_eq!(i.passthrough_behavior(), Some("WHEN_NO_MATCH"));
    assert_eq!(
        i.content_handling().map(|c| c.as_str()),
        Some("CONVERT_TO_TEXT")
    );
    let templates = i.request_templates().unwrap();
    assert_eq!(templates["application/json"], "");
    assert_eq!(
        templates["application/xml"],
        "#set($inputRoot = $input.path('$'))\n{ }"
    );
    let params = i.request_parameters().unwrap();
    assert_eq!(params["integration.request.header.X-Foo"], "'Bar'");
    assert_eq!(
        params["integration.request.header.X-Authorization"],
        "'static'"
    );
    assert_no_changes(&aws, &dir, &vars);

    // In place: one request parameter.
    edit(&dir, "= \"'Bar'\"", "= \"'Baz'\"");
    let out = run(&["apply", "-auto-approve"]);
    assert!(
        out.contains("Resources: 0 added, 1 changed, 0 destroyed."),
        "{out}"
    );
    let i2 = aws.integration(&api_id, &res_id, "GET").unwrap();
    assert_eq!(
        i2.request_parameters().unwrap()["integration.request.header.X-Foo"],
        "'Baz'"
    );
    assert_eq!(
        i2.request_parameters().unwrap()["integration.request.header.X-Authorization"],
        "'static'"
    );
    assert_eq!(i2.connection_id(), Some(link_id.as_str()));
    assert_eq!(i2.request_templates(), i.request_templates());
    assert_no_changes(&aws, &dir, &vars);

    // Force-new: the method's http_method.
    edit(&dir, "http_method   = \"GET\"", "http_method   = \"POST\"");
    let out = run(&["apply", "-auto-approve"]);
    assert!(
        out.contains("Resources: 2 added, 0 changed, 2 destroyed."),
        "{out}"
    );
    assert!(aws.method(&api_id, &res_id, "GET").is_none());
    assert_eq!(
        aws.integration(&api_id, &res_id, "POST")
            .unwrap()
            .connection_id(),
        Some(link_id.as_str())
    );
    assert_no_changes(&aws, &dir, &vars);

    let out = run(&["destroy", "-auto-approve"]);
    assert!(
        out.contains("Destroy complete! Resources: 6 destroyed."),
        "{out}"
    );
    assert!(aws.apis_named("demo").is_empty());
    let links = aws.block_on(aws.apigw.get_vpc_links().send()).unwrap();
    assert!(
        links.items().iter().all(|l| l.name() != Some("demo")),
        "vpc link gone"
    );
    assert!(
        aws.block_on(aws.elbv2.describe_load_balancers().names("demo").send())
            .is_err()
            || aws
                .block_on(aws.elbv2.describe_load_balancers().names("demo").send())
                .unwrap()
                .load_balancers()
                .is_empty()
    );
}
