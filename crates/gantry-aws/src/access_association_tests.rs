//! `aws_api_gateway_domain_name_access_association` through the real SDK
//! against a scripted server that answers as the API reference says
//! (LocalStack does not implement these calls): a create is read back
//! from the account's list, a read of an association no longer listed is
//! gone, a create whose answer is lost is found by its domain name and
//! source instead of being repeated, and a delete of one already gone
//! succeeds.

use gantry_config::value::Value;
use gantry_executor::convert::attr;
use gantry_executor::Provider;

use crate::retrying_tests::{object, provider, rt, server, Reply};

const TYPE: &str = "aws_api_gateway_domain_name_access_association";
const DOMAIN: &str =
    "arn:aws:apigateway:us-east-1:123456789012:/domainnames/api.example.com+abc123";
const ARN: &str =
    "arn:aws:apigateway:us-east-1:123456789012:/domainnameaccessassociations/domainname/api.example.com+abc123/vpcesource/vpce-0a1b";

fn association(tags: &str) -> String {
    format!(
        r#"{{"domainNameAccessAssociationArn":"{ARN}","domainNameArn":"{DOMAIN}","accessAssociationSourceType":"VPCE","accessAssociationSource":"vpce-0a1b","tags":{tags}}}"#
    )
}

fn listed(items: &[String]) -> String {
    format!(r#"{{"item":[{}]}}"#, items.join(","))
}

fn planned() -> Value {
    let mut v = object(&[
        ("domain_name_arn", DOMAIN),
        ("access_association_source_type", "VPCE"),
        ("access_association_source", "vpce-0a1b"),
    ]);
    if let Value::Map(m) = &mut v {
        m.insert(
            "tags".into(),
            Value::Map(
                [("team".to_string(), Value::string("api"))]
                    .into_iter()
                    .collect(),
            ),
        );
    }
    v
}

#[test]
fn a_create_is_read_back_from_the_accounts_list() {
    let (endpoint, seen) = server(vec![
        Reply::Answer(201, None, association(r#"{"team":"api"}"#)),
        Reply::Answer(200, None, listed(&[association(r#"{"team":"api"}"#)])),
    ]);
    let p = provider(&endpoint);
    let created = rt().block_on(p.create(TYPE, planned(), None)).unwrap();
    assert_eq!(attr(&created, "arn"), &Value::string(ARN));
    assert_eq!(attr(&created, "id"), &Value::string(ARN));
    assert_eq!(
        attr(&created, "access_association_source"),
        &Value::string("vpce-0a1b")
    );
    assert_eq!(
        attr(attr(&created, "tags_all"), "team"),
        &Value::string("api")
    );
    let seen = seen.lock().unwrap();
    assert!(
        seen[0].starts_with("POST /domainnameaccessassociations "),
        "{seen:?}"
    );
    assert!(
        seen[1].starts_with("GET /domainnameaccessassociations?")
            && seen[1].contains("resourceOwner=SELF"),
        "{seen:?}"
    );
}

#[test]
fn an_association_no_longer_listed_is_gone() {
    let (endpoint, _) = server(vec![Reply::Answer(200, None, listed(&[]))]);
    let p = provider(&endpoint);
    let current = object(&[("id", ARN), ("arn", ARN)]);
    assert_eq!(rt().block_on(p.read(TYPE, current)).unwrap(), None);
}

#[test]
fn a_create_whose_answer_is_lost_is_found_instead_of_repeated() {
    let (endpoint, seen) = server(vec![
        // The create lands, its answer never comes back.
        Reply::Hangup,
        // The account's list shows it (found by domain name and source).
        Reply::Answer(200, None, listed(&[association("{}")])),
        // Read back.
        Reply::Answer(200, None, listed(&[association("{}")])),
    ]);
    let p = provider(&endpoint);
    let created = rt().block_on(p.create(TYPE, planned(), None)).unwrap();
    assert_eq!(attr(&created, "arn"), &Value::string(ARN));
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.iter().filter(|l| l.starts_with("POST ")).count(),
        1,
        "not repeated: {seen:?}"
    );
}

#[test]
fn deleting_one_already_gone_succeeds() {
    let (endpoint, seen) = server(vec![Reply::Answer(
        404,
        Some("NotFoundException"),
        r#"{"message":"Invalid domain name access association identifier specified"}"#.into(),
    )]);
    let p = provider(&endpoint);
    let prior = object(&[("id", ARN), ("arn", ARN)]);
    rt().block_on(p.delete(TYPE, prior)).unwrap();
    let seen = seen.lock().unwrap();
    assert!(
        seen[0].starts_with("DELETE /domainnameaccessassociations/arn%3Aaws%3Aapigateway"),
        "{seen:?}"
    );
}
