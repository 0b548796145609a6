//! Data sources during planning, as Terraform reads them: at plan time when
//! the configuration is wholly known and nothing named in `depends_on` has
//! changes pending; otherwise a `read` change that the apply walk performs
//! once the values it needs exist.

use std::collections::BTreeSet;

use gantry_addrs::Declaration;
use gantry_config::model::Resource;
use gantry_config::value::Value;
use gantry_diagnostics::{Diagnostic, Diagnostics};
use gantry_schema::data_source;
use gantry_state::IndexKey;

use super::{
    config_object, each_of, expand, instance_addr, resource_value, Action, ActionReason, Frame,
    Planner, ResourceChange,
};
use crate::addr::InstanceAddr;
use crate::provider::schema_plan;

/// A data source instance read while planning: what the apply records in
/// state (mode `data`) and what expressions saw.
#[derive(Debug, Clone)]
pub struct DataRead {
    pub addr: InstanceAddr,
    /// How the data source repeats (`count`, `for_each`).
    pub each: Option<gantry_state::Each>,
    pub provider: gantry_addrs::AbsProviderConfig,
    pub value: Value,
}

impl<'a> Planner<'a> {
    pub(super) async fn data(
        &mut self,
        frame: &mut Frame<'a>,
        r: &'a Resource,
        diags: &mut Diagnostics,
    ) {
        let address = r.addr();
        let Some(schema) = data_source(&r.type_name) else {
            return;
        };
        let Some(instances) = expand(r, &frame.ev, diags) else {
            frame.ev.resources.insert(address, Value::Unknown);
            return;
        };
        let each = each_of(&r.count, &r.for_each);
        let provider = self.provider_name(frame, r, schema);
        let dependencies = self.dependencies(frame, &address);
        let pending = self.depends_on_pending(frame, r);
        let mut values: Vec<(Option<IndexKey>, Value)> = Vec::new();
        for (key, scope) in instances {
            let addr = instance_addr(&frame.at, r, &key);
            let config = config_object(&frame.ev, schema, &r.body, &scope, diags);
            let deferred = if !config.is_wholly_known() {
                Some(ActionReason::ReadBecauseConfigUnknown)
            } else if pending {
                Some(ActionReason::ReadBecauseDependencyPending)
            } else {
                None
            };
            if let Some(reason) = deferred {
                // Arguments as configured, everything the read decides
                // unknown until then.
                let after = schema_plan(schema, None, &config).value;
                values.push((key, after.clone()));
                // A refresh-only plan plans no read either: what the read
                // would decide stays unknown.
                if self.refresh_only {
                    continue;
                }
                self.changes.push(ResourceChange {
                    addr,
                    schema,
                    provider: provider.clone(),
                    each,
                    action: Action::Read,
                    reason: Some(reason),
                    before: std::sync::Arc::new(Value::Null),
                    after,
                    replace_paths: Vec::new(),
                    why: Vec::new(),
                    dependencies: dependencies.clone(),
                    create_before_destroy: false,
                    deposed: None,
                    importing: None,
                    previous_address: None,
                });
                continue;
            }
            match self.providers.read_data(schema, &provider, config).await {
                Ok(value) => {
                    values.push((key, value.clone()));
                    self.data.push(DataRead {
                        addr,
                        each,
                        provider: provider.clone(),
                        value,
                    });
                }
                Err(e) => {
                    diags.push(
                        Diagnostic::error("gantry::plan::data-source", e.summary)
                            .with_detail(e.detail)
                            .with_span(r.header_span)
                            .with_address(addr.to_string()),
                    );
                    values.push((key, Value::Unknown));
                }
            }
        }
        frame
            .ev
            .resources
            .insert(address, resource_value(each, values));
    }

    /// Does anything `r` names in `depends_on` (or what that depends on in
    /// turn) have a change planned? Then the read waits for the apply, as
    /// in Terraform: the dependency is there for a side effect the
    /// configuration cannot show.
    fn depends_on_pending(&self, frame: &Frame, r: &Resource) -> bool {
        // As Terraform, an instance in `depends_on` stands for its resource.
        let mut queue: Vec<Declaration> = r
            .depends_on
            .iter()
            .filter_map(|d| gantry_graph::declaration(&d.subject))
            .collect();
        let mut seen = BTreeSet::new();
        while let Some(a) = queue.pop() {
            if !seen.insert(a.clone()) {
                continue;
            }
            let changing = self.changes.iter().any(|c| {
                c.action != Action::NoOp
                    && c.addr.module == frame.at
                    && matches!(&a, Declaration::Resource(r) if *r == c.addr.instance.resource)
            });
            if changing {
                return true;
            }
            queue.extend(
                frame
                    .graph
                    .resource_dependencies(&a)
                    .into_iter()
                    .map(|d| d.address),
            );
        }
        false
    }
}
