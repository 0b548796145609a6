//! The schema's answer to the JSON configuration syntax's one question:
//! is a nested object of a resource or provider body a block or a map
//! argument? (`"endpoint_configuration": {...}` is a block,
//! `"tags": {...}` an argument.) Terraform decodes JSON bodies with the
//! provider's schema; so does gantry, through these tables.

use gantry_config::json_syntax::{BlockOwner, NestedBlocks};

use crate::resources::table_for;
use crate::schema::BlockType;

/// The AWS provider's own blocks (provider 5.100's schema).
const AWS_PROVIDER_BLOCKS: &[&str] = &[
    "assume_role",
    "assume_role_with_web_identity",
    "default_tags",
    "endpoints",
    "ignore_tags",
];

/// [`NestedBlocks`] by the resource tables of this crate.
pub struct JsonBlocks;

impl NestedBlocks for JsonBlocks {
    fn is_block(&self, owner: BlockOwner<'_>, path: &[String]) -> bool {
        match owner {
            BlockOwner::Resource { mode, type_name } => {
                table_for(mode, type_name).is_some_and(|t| nested(t.blocks, path))
            }
            BlockOwner::Provider(name) => {
                name == "aws"
                    && matches!(path, [one] if AWS_PROVIDER_BLOCKS.contains(&one.as_str()))
            }
        }
    }
}

/// A block type that also takes attribute syntax is, in JSON, the
/// provider's attribute (`"egress": []` is "none"; items must be
/// complete), as Terraform 1.11 decodes it.
fn nested(blocks: &'static [BlockType], path: &[String]) -> bool {
    match path {
        [] => false,
        [name, rest @ ..] => match blocks.iter().find(|b| b.name == name) {
            Some(b) if b.attribute_syntax => false,
            Some(b) => rest.is_empty() || nested(b.blocks, rest),
            None => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gantry_config::model::Mode;

    fn owner(type_name: &str) -> BlockOwner<'_> {
        BlockOwner::Resource {
            mode: Mode::Managed,
            type_name,
        }
    }

    fn path(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn blocks_and_map_arguments_are_told_apart_by_the_tables() {
        let rest_api = owner("aws_api_gateway_rest_api");
        assert!(JsonBlocks.is_block(rest_api, &path(&["endpoint_configuration"])));
        assert!(!JsonBlocks.is_block(rest_api, &path(&["tags"])));
        assert!(!JsonBlocks.is_block(owner("aws_nothing"), &path(&["tags"])));
        // The provider's attribute that also takes block syntax.
        let group = owner("aws_security_group");
        assert!(!JsonBlocks.is_block(group, &path(&["egress"])));
        let plan = owner("aws_api_gateway_usage_plan");
        assert!(JsonBlocks.is_block(plan, &path(&["api_stages", "throttle"])));
        assert!(!JsonBlocks.is_block(plan, &path(&["api_stages", "nothing"])));
        assert!(JsonBlocks.is_block(BlockOwner::Provider("aws"), &path(&["endpoints"])));
        assert!(!JsonBlocks.is_block(BlockOwner::Provider("aws"), &path(&["region"])));
    }
}
