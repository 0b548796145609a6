//! The S3 backend's older lock, as Terraform writes it: an item in a
//! DynamoDB table whose `LockID` is `bucket/key` and whose `Info` is the
//! lock info JSON, created only where none exists; and beside it the item
//! `bucket/key-md5` whose `Digest` is the MD5 of the state last written,
//! which Terraform compares with the object it reads (a state written
//! without it makes Terraform wait, then fail on a checksum mismatch).

use aws_sdk_dynamodb::types::AttributeValue;

use crate::client::{failure_of, Failure};

#[derive(Clone)]
pub struct Table {
    client: aws_sdk_dynamodb::Client,
    name: String,
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_string())
}

impl Table {
    pub fn new(client: aws_sdk_dynamodb::Client, name: &str) -> Table {
        Table {
            client,
            name: name.to_string(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Creates the lock item; `Ok(false)` when one exists.
    pub async fn lock(&self, lock_id: &str, info: &str) -> Result<bool, Failure> {
        let put = self
            .client
            .put_item()
            .table_name(&self.name)
            .item("LockID", s(lock_id))
            .item("Info", s(info))
            .condition_expression("attribute_not_exists(LockID)")
            .send()
            .await;
        match put {
            Ok(_) => Ok(true),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|se| se.is_conditional_check_failed_exception()) =>
            {
                Ok(false)
            }
            Err(e) => Err(failure_of(
                &format!("Unable to lock the state in DynamoDB table {:?}", self.name),
                &e,
            )),
        }
    }

    /// The lock item's `Info`; `None` when there is no lock item.
    pub async fn info(&self, lock_id: &str) -> Result<Option<String>, Failure> {
        let got = self
            .client
            .get_item()
            .table_name(&self.name)
            .key("LockID", s(lock_id))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| {
                failure_of(
                    &format!(
                        "Unable to retrieve item from DynamoDB table {:?}",
                        self.name
                    ),
                    &e,
                )
            })?;
        Ok(got
            .item()
            .and_then(|i| i.get("Info"))
            .and_then(|v| v.as_s().ok())
            .cloned())
    }

    pub async fn delete(&self, lock_id: &str) -> Result<(), Failure> {
        self.client
            .delete_item()
            .table_name(&self.name)
            .key("LockID", s(lock_id))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| {
                failure_of(
                    &format!("Unable to delete item from DynamoDB table {:?}", self.name),
                    &e,
                )
            })
    }

    /// Records the MD5 (hex) of the state just written at `lock_id`.
    pub async fn put_digest(&self, lock_id: &str, md5_hex: &str) -> Result<(), Failure> {
        self.client
            .put_item()
            .table_name(&self.name)
            .item("LockID", s(&format!("{lock_id}-md5")))
            .item("Digest", s(md5_hex))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| {
                failure_of(
                    &format!(
                        "failed to record the state's digest in DynamoDB table {:?}",
                        self.name
                    ),
                    &e,
                )
            })
    }

    pub async fn delete_digest(&self, lock_id: &str) -> Result<(), Failure> {
        self.delete(&format!("{lock_id}-md5")).await
    }
}
