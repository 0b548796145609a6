//! AWS provider 5.100 (`internal/service/apigateway/client_certificate.go`).

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_client_certificate",
    provider: AWS,
    doc: "Provides an API Gateway Client Certificate, which a stage presents to its HTTP backends.",
    import_id: "CLIENT-CERTIFICATE-ID",
    schema_version: 0,
    attributes: &[
        arg(
            "id",
            String,
            Computed,
            "Identifier of the client certificate.",
        ),
        arg(
            "description",
            String,
            Optional,
            "Description of the client certificate.",
        )
        .patch(Patch::Value("/description")),
        arg(
            "tags",
            MapOfString,
            Optional,
            "Map of tags to assign to the client certificate.",
        ),
        arg(
            "tags_all",
            MapOfString,
            Computed,
            "Map of tags assigned to the resource, including provider default tags.",
        ),
        arg(
            "arn",
            String,
            Computed,
            "ARN: `arn:aws:apigateway:{region}::/clientcertificates/{id}`.",
        ),
        arg(
            "created_date",
            String,
            Computed,
            "Date when the client certificate was created.",
        ),
        arg(
            "expiration_date",
            String,
            Computed,
            "Date when the client certificate will expire.",
        ),
        arg(
            "pem_encoded_certificate",
            String,
            Computed,
            "The PEM-encoded public key of the client certificate.",
        ),
    ],
    blocks: &[],
    conditions: &[],
};
