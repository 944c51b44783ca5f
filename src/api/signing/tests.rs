//! The contract's test vectors, byte for byte, and properties of the encoder and the parameter order.

use proptest::prelude::*;

use super::*;

fn parts<'a>(method: &'a str, url: &'a Url, body: &'a [u8], nonce: &'a str) -> SignedParts<'a> {
    SignedParts { method, url, body, nonce }
}

fn url(text: &str) -> Url {
    Url::parse(text).expect("test URL parses")
}

const TV1_KEY: &str = "8B2A4BF8F38CE2424C9AAA1648F4767S3455823DF2654EAC503DE6646EBB3453";
const TV1_NONCE: &str = "3464fad052e54c41b73546bcf3341f6f";
const TV1_URL: &str = "https://api-money.sage.com/auth-v1/endpoint?zparameter=123456789&aparameter=AUS";

#[test]
fn tv1_documented_example_reproduces_base_string_and_signature() {
    let body = b"{\n    \"primaryCountry\": \"CAN\"\n}";
    assert_eq!(body.len(), 31);
    let url = url(TV1_URL);
    let request = parts("POST", &url, body, TV1_NONCE);
    assert_eq!(
        request.param_string().expect("params"),
        "aparameter=AUS&body=ewogICAgInByaW1hcnlDb3VudHJ5IjogIkNBTiIKfQ%3D%3D&zparameter=123456789"
    );
    assert_eq!(
        request.base_string().expect("base"),
        "POST&https%3A%2F%2Fapi-money.sage.com%2Fauth-v1%2Fendpoint&aparameter%3DAUS%26body%3DewogICAgInByaW1hcnlDb3VudHJ5IjogIkNBTiIKfQ%253D%253D%26zparameter%3D123456789&3464fad052e54c41b73546bcf3341f6f"
    );
    assert_eq!(request.signature(&SigningKey::new(TV1_KEY)).expect("signs"), "cNg+3BfUoWSQuyqnaz1RUttcjec=");
}

#[test]
fn tv1b_compact_body() {
    let url = url(TV1_URL);
    let request = parts("POST", &url, br#"{"primaryCountry":"CAN"}"#, TV1_NONCE);
    assert_eq!(request.signature(&SigningKey::new(TV1_KEY)).expect("signs"), "WtW1DotOlDW7z9lpI3gBv8SaA3M=");
}

#[test]
fn tv2_post_organisations() {
    let url = url("https://snd01us.sagebankdrive.com/api/v1/organisations");
    let body = br#"{"company":{"name":"TestCompany","postalCode":"NE139AA","standardIndustrialCode":"99","vatNumber":"123456789","languageCode":"en-GB"},"crmId":"123456789","user":{"emailAddress":"user@example.com","identity":"1001"}}"#;
    let request = parts("POST", &url, body, "0f8fad5b-d9cb-469f-a165-70867728950e");
    let key = SigningKey::new("16484ccc541734aa4274c80e14577348e6540ab9a7bda8063968bbd19229612f");
    assert_eq!(request.signature(&key).expect("signs"), "IptEDUukQ4gmWWbhAfR76wGlIcM=");
}

#[test]
fn tv3_get_accesstoken() {
    let url = url("https://snd01us.sagebankdrive.com/api/v1/accesstoken");
    let request = parts("get", &url, b"", "7c9e6679-7425-40de-944b-e07fc1f90ae7");
    assert_eq!(
        request.base_string().expect("base"),
        "GET&https%3A%2F%2Fsnd01us.sagebankdrive.com%2Fapi%2Fv1%2Faccesstoken&&7c9e6679-7425-40de-944b-e07fc1f90ae7"
    );
    let key = SigningKey::new("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assert_eq!(request.signature(&key).expect("signs"), "Uhx6JpYkk1NA0Mr4M/EAS0uSCdU=");
}

#[test]
fn verify_accepts_the_signature_and_rejects_any_change() {
    let url = url("https://snd01us.sagebankdrive.com/api/v1/accesstoken");
    let key = SigningKey::new("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    let request = parts("GET", &url, b"", "7c9e6679-7425-40de-944b-e07fc1f90ae7");
    assert_eq!(request.verify(&key, "Uhx6JpYkk1NA0Mr4M/EAS0uSCdU="), Ok(true));
    assert_eq!(request.verify(&key, "Vhx6JpYkk1NA0Mr4M/EAS0uSCdU="), Ok(false));
    assert_eq!(request.verify(&key, "not base64!"), Ok(false));
    assert_eq!(request.verify(&SigningKey::new("other"), "Uhx6JpYkk1NA0Mr4M/EAS0uSCdU="), Ok(false));
}

#[test]
fn route_is_lower_cased_and_query_is_decoded_before_encoding() {
    let url = url("HTTP://Example.COM/Path/Here?Name=a%20b+c&x=%2F");
    let request = parts("GET", &url, b"", "n");
    assert_eq!(
        request.base_string().expect("base"),
        "GET&http%3A%2F%2Fexample.com%2Fpath%2Fhere&Name%3Da%2520b%2520c%26x%3D%252F&n"
    );
}

#[test]
fn undefined_cases_are_refused() {
    let dup = url("https://x.test/p?a=1&a=2");
    assert_eq!(parts("GET", &dup, b"", "n").base_string(), Err(SigningError::DuplicateQueryParameter("a".into())));
    let body = url("https://x.test/p?body=1");
    assert_eq!(parts("GET", &body, b"", "n").base_string(), Err(SigningError::QueryParameterNamedBody));
    let plain = url("https://x.test/p");
    assert_eq!(parts("GET", &plain, b"", "").base_string(), Err(SigningError::InvalidNonce));
    let long_nonce = "n".repeat(201);
    assert_eq!(parts("GET", &plain, b"", &long_nonce).base_string(), Err(SigningError::InvalidNonce));
    assert!(parts("GET", &plain, b"", &"n".repeat(200)).base_string().is_ok());
}

proptest! {
    #[test]
    fn encoder_leaves_exactly_the_unreserved_set(text in any::<String>()) {
        let encoded = percent_encode(&text);
        let mut decoded = Vec::new();
        let bytes = encoded.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = &encoded[i + 1..i + 3];
                prop_assert!(hex.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()), "hex upper case: {}", hex);
                let byte = u8::from_str_radix(hex, 16).expect("two hex digits");
                prop_assert!(!(byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte)), "unreserved byte escaped: {}", byte);
                decoded.push(byte);
                i += 3;
            } else {
                prop_assert!(bytes[i].is_ascii_alphanumeric() || b"-_.~".contains(&bytes[i]), "left as is: {}", bytes[i]);
                decoded.push(bytes[i]);
                i += 1;
            }
        }
        prop_assert_eq!(decoded, text.as_bytes());
    }

    #[test]
    fn query_parameter_order_does_not_change_the_signature(
        pairs in proptest::collection::btree_map("[a-zA-Z][a-zA-Z0-9_]{0,8}", ".{0,12}", 0..6),
        seed in any::<u64>(),
    ) {
        let pairs: Vec<(String, String)> = pairs.into_iter().filter(|(name, _)| name != "body").collect();
        let mut shuffled = pairs.clone();
        // A deterministic shuffle driven by the seed.
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let j = usize::try_from(state >> 33).expect("fits") % (i + 1);
            shuffled.swap(i, j);
        }
        let build = |list: &[(String, String)]| {
            let mut url = Url::parse("https://bank.test/api/v1/things").expect("parses");
            if !list.is_empty() {
                url.query_pairs_mut().extend_pairs(list.iter().map(|(n, v)| (n.as_str(), v.as_str())));
            }
            url
        };
        let (first, second) = (build(&pairs), build(&shuffled));
        let key = SigningKey::new("k");
        let a = parts("POST", &first, b"{}", "nonce").signature(&key).expect("signs");
        let b = parts("POST", &second, b"{}", "nonce").signature(&key).expect("signs");
        prop_assert_eq!(a, b);
    }
}
