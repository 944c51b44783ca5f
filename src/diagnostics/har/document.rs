//! The serialised shape of a HAR 1.2 document: the fields the format requires, in its names, plus the few custom
//! fields this app adds (`_exchangeId`, `_signing`, `_error`) and comments. Data only; `har.rs` fills it in.

use serde::Serialize;

/// A whole HAR 1.2 document; serialise it with [`Har::to_json`].
#[derive(Clone, Debug, Serialize)]
pub struct Har {
    pub(super) log: Log,
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct Log {
    pub(super) version: &'static str,
    pub(super) creator: Creator,
    pub(super) pages: [(); 0],
    pub(super) entries: Vec<Entry>,
    pub(super) comment: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct Creator {
    pub(super) name: &'static str,
    pub(super) version: &'static str,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Entry {
    pub(super) started_date_time: String,
    pub(super) time: f64,
    pub(super) request: Request,
    pub(super) response: HarResponse,
    pub(super) cache: Cache,
    pub(super) timings: Timings,
    #[serde(rename = "_exchangeId")]
    pub(super) exchange_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) comment: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Request {
    pub(super) method: String,
    pub(super) url: String,
    pub(super) http_version: &'static str,
    pub(super) cookies: [(); 0],
    pub(super) headers: Vec<NameValue>,
    pub(super) query_string: Vec<NameValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) post_data: Option<PostData>,
    pub(super) headers_size: i64,
    pub(super) body_size: i64,
    #[serde(rename = "_signing", skip_serializing_if = "Option::is_none")]
    pub(super) signing: Option<SigningNote>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) comment: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct NameValue {
    pub(super) name: String,
    pub(super) value: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PostData {
    pub(super) mime_type: String,
    pub(super) text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) comment: Option<&'static str>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SigningNote {
    pub(super) nonce: String,
    pub(super) base_string: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct HarResponse {
    pub(super) status: u16,
    pub(super) status_text: String,
    pub(super) http_version: &'static str,
    pub(super) cookies: [(); 0],
    pub(super) headers: Vec<NameValue>,
    pub(super) content: Content,
    #[serde(rename = "redirectURL")]
    pub(super) redirect_url: String,
    pub(super) headers_size: i64,
    pub(super) body_size: i64,
    #[serde(rename = "_error", skip_serializing_if = "Option::is_none")]
    pub(super) error: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Content {
    pub(super) size: i64,
    pub(super) mime_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) comment: Option<&'static str>,
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct Cache {}

#[derive(Clone, Debug, Serialize)]
pub(super) struct Timings {
    pub(super) blocked: f64,
    pub(super) dns: f64,
    pub(super) connect: f64,
    pub(super) ssl: f64,
    pub(super) send: f64,
    pub(super) wait: f64,
    pub(super) receive: f64,
}
