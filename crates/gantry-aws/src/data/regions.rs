//! What `aws_region` and `aws_partition` report without asking: the
//! provider's endpoint data for the partitions and regions of AWS.

/// The DNS suffix of a region's partition.
pub fn dns_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else if region.starts_with("us-iso-") {
        "c2s.ic.gov"
    } else if region.starts_with("us-isob-") {
        "sc2s.sgov.gov"
    } else {
        "amazonaws.com"
    }
}

/// The region's description as the provider's endpoint data gives it;
/// empty for a region it does not know.
pub fn description(region: &str) -> &'static str {
    match region {
        "af-south-1" => "Africa (Cape Town)",
        "ap-east-1" => "Asia Pacific (Hong Kong)",
        "ap-northeast-1" => "Asia Pacific (Tokyo)",
        "ap-northeast-2" => "Asia Pacific (Seoul)",
        "ap-northeast-3" => "Asia Pacific (Osaka)",
        "ap-south-1" => "Asia Pacific (Mumbai)",
        "ap-south-2" => "Asia Pacific (Hyderabad)",
        "ap-southeast-1" => "Asia Pacific (Singapore)",
        "ap-southeast-2" => "Asia Pacific (Sydney)",
        "ap-southeast-3" => "Asia Pacific (Jakarta)",
        "ap-southeast-4" => "Asia Pacific (Melbourne)",
        "ap-southeast-5" => "Asia Pacific (Malaysia)",
        "ap-southeast-7" => "Asia Pacific (Thailand)",
        "ca-central-1" => "Canada (Central)",
        "ca-west-1" => "Canada West (Calgary)",
        "eu-central-1" => "Europe (Frankfurt)",
        "eu-central-2" => "Europe (Zurich)",
        "eu-north-1" => "Europe (Stockholm)",
        "eu-south-1" => "Europe (Milan)",
        "eu-south-2" => "Europe (Spain)",
        "eu-west-1" => "Europe (Ireland)",
        "eu-west-2" => "Europe (London)",
        "eu-west-3" => "Europe (Paris)",
        "il-central-1" => "Israel (Tel Aviv)",
        "me-central-1" => "Middle East (UAE)",
        "me-south-1" => "Middle East (Bahrain)",
        "mx-central-1" => "Mexico (Central)",
        "sa-east-1" => "South America (Sao Paulo)",
        "us-east-1" => "US East (N. Virginia)",
        "us-east-2" => "US East (Ohio)",
        "us-west-1" => "US West (N. California)",
        "us-west-2" => "US West (Oregon)",
        "cn-north-1" => "China (Beijing)",
        "cn-northwest-1" => "China (Ningxia)",
        "us-gov-east-1" => "AWS GovCloud (US-East)",
        "us-gov-west-1" => "AWS GovCloud (US-West)",
        _ => "",
    }
}
