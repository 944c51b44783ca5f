//! The names of the headers of CONTRACT §2 that the client sends and the emulator reads, in one place so the two
//! cannot drift. Lower case, as `http::HeaderName` stores every name (HTTP header names are case-insensitive).
//! Pure: names only, no values, no I/O.

/// `X-Application`: the product ID, on every call (CONTRACT §2).
pub const X_APPLICATION: &str = "x-application";
/// `x-provider`: the provider ID, on calls to the Token Service (CONTRACT §4.1).
pub const X_PROVIDER: &str = "x-provider";
/// `X-Nonce`: a fresh unique value on every signed call, at most 200 characters (CONTRACT §2, §3).
pub const X_NONCE: &str = "x-nonce";
/// `X-Signature`: the HMAC-SHA1 signature of a signed call (CONTRACT §3).
pub const X_SIGNATURE: &str = "x-signature";
/// `X-Organisation-Id`: the organisation an access token is asked for (`GET accesstoken`, CONTRACT §4.4).
pub const X_ORGANISATION_ID: &str = "x-organisation-id";
/// `X-Company-Id`: the company an access token is asked for (`GET accesstoken`, CONTRACT §4.4).
pub const X_COMPANY_ID: &str = "x-company-id";
