//! Terraform's built-in `terraform_data`: stores `input`, mirrors it in
//! `output` after apply, and is replaced when `triggers_replace` changes.
//! Its planning follows Terraform's (builtin/providers/terraform).

use std::collections::BTreeMap;

use async_trait::async_trait;
use gantry_config::value::Value;
use gantry_schema::ResourceType;

use crate::convert::{attr, unchanged};
use crate::provider::{Planned, Provider, ProviderError};

pub struct TerraformData;

#[async_trait]
impl Provider for TerraformData {
    fn plan(
        &self,
        _schema: &'static ResourceType,
        prior: Option<&Value>,
        config: &Value,
    ) -> Result<Planned, ProviderError> {
        let input = attr(config, "input").clone();
        let triggers = attr(config, "triggers_replace").clone();
        // The output is unknown until apply copies the input, unless there
        // is nothing to copy.
        let pending_output = if input.is_null() {
            Value::Null
        } else {
            Value::Unknown
        };
        let mut requires_replace = Vec::new();
        let (id, output) = match prior {
            None => (Value::Unknown, pending_output),
            Some(p) => {
                if !unchanged(attr(p, "triggers_replace"), &triggers) {
                    requires_replace.push("triggers_replace".to_string());
                }
                let output = if unchanged(attr(p, "input"), &input) {
                    attr(p, "output").clone()
                } else {
                    pending_output
                };
                (attr(p, "id").clone(), output)
            }
        };
        Ok(Planned {
            value: object(id, input, output, triggers),
            requires_replace,
        })
    }

    async fn create(
        &self,
        _type_name: &str,
        planned: Value,
        _intent: Option<&str>,
    ) -> Result<Value, ProviderError> {
        Ok(object(
            Value::string(uuid::Uuid::new_v4().to_string()),
            attr(&planned, "input").clone(),
            attr(&planned, "input").clone(),
            attr(&planned, "triggers_replace").clone(),
        ))
    }

    fn remote(&self) -> bool {
        false
    }

    /// A terraform_data object lives only in state: an interrupted create
    /// made nothing anywhere else.
    async fn find_created(
        &self,
        _type_name: &str,
        _planned: Value,
        _since: std::time::SystemTime,
        _intent: &str,
    ) -> Result<Option<Value>, ProviderError> {
        Ok(None)
    }

    async fn read(&self, _type_name: &str, current: Value) -> Result<Option<Value>, ProviderError> {
        Ok(Some(current))
    }

    async fn update(
        &self,
        _type_name: &str,
        prior: Value,
        planned: Value,
    ) -> Result<Value, ProviderError> {
        Ok(object(
            attr(&prior, "id").clone(),
            attr(&planned, "input").clone(),
            attr(&planned, "input").clone(),
            attr(&planned, "triggers_replace").clone(),
        ))
    }

    async fn delete(&self, _type_name: &str, _prior: Value) -> Result<(), ProviderError> {
        Ok(())
    }

    async fn import(&self, type_name: &str, _id: &str) -> Result<Value, ProviderError> {
        Err(ProviderError::new(
            "Resource type not importable",
            format!(
                "{type_name} has nothing outside gantry to import; declare it and apply instead."
            ),
        ))
    }
}

fn object(id: Value, input: Value, output: Value, triggers: Value) -> Value {
    Value::Map(
        BTreeMap::from([
            ("id".to_string(), id),
            ("input".to_string(), input),
            ("output".to_string(), output),
            ("triggers_replace".to_string(), triggers),
        ])
        .into(),
    )
}
