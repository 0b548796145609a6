//! JSON of any depth.
//!
//! serde_json refuses documents nested more than 128 levels, and its
//! recursion would overflow a thread's stack long before Terraform's limit
//! (Go's decoder takes 10,000 levels, and a `terraform_data` input nested
//! 200 deep is valid Terraform). Here the limit is off and the stack grows
//! on the heap while descending, so anything Terraform writes reads back.

use serde::de::DeserializeOwned;

/// `serde_json::from_str` without a depth limit.
pub fn from_str<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let value = T::deserialize(serde_stacker::Deserializer::new(&mut de))?;
    de.end()?;
    Ok(value)
}

/// `serde_json::from_slice` without a depth limit.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    de.disable_recursion_limit();
    let value = T::deserialize(serde_stacker::Deserializer::new(&mut de))?;
    de.end()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_documents_deeper_than_serde_jsons_limit() {
        let depth = 20_000;
        let text = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
        let mut v: serde_json::Value = super::from_str(&text).unwrap();
        let mut levels = 0;
        while let serde_json::Value::Array(mut items) = v {
            v = items.pop().unwrap();
            levels += 1;
        }
        assert_eq!((levels, v), (depth, serde_json::json!(1)));
        assert!(super::from_str::<serde_json::Value>("[1] x").is_err());
    }
}
