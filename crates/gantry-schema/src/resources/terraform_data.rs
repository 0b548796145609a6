use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

/// Terraform's built-in managed resource: stores a value and can trigger
/// replacement. No cloud involved.
pub static TYPE: ResourceType = ResourceType {
    name: "terraform_data",
    provider: "terraform.io/builtin/terraform",
    doc: "Retrieves the specified value and stores it in state; changes to `triggers_replace` force replacement.",
    import_id: "(not importable)",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "A random unique identifier."),
        arg("input", Dynamic, Optional, "A value to store in the instance state; it is mirrored in `output` after apply."),
        arg("output", Dynamic, Computed, "The value of `input` after apply."),
        arg("triggers_replace", Dynamic, Optional, "A value which, when changed, causes the resource to be replaced.").force_new(),
    ],
    blocks: &[],
    conditions: &[],
};
