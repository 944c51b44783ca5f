//! The banner's first calls with curl: the Token Service, a captcha, POST organisations with its body, and a signed
//! access-token request made with `bankfeeds-onboard sign`, each at this emulator's own address, so that the first
//! curl works as printed. Every call, in a session that runs as it is, is in docs/emulator-reference.md.

use crate::config::{AppIdentity, Endpoints};

/// The licence details every first call uses: the test serial of a valid customer.
const SERIAL: &str = "ACTIVE";

/// The banner's section of first calls; `curl` is the command as this emulator needs it (with `--cacert` over its
/// own HTTPS), `captcha_answer` the fixed answer when there is one.
#[must_use]
pub fn first_calls(curl: &str, endpoints: &Endpoints, identity: &AppIdentity, captcha_answer: Option<&str>) -> String {
    let sts = &endpoints.token_service;
    let banking = &endpoints.banking;
    let app = format!("-H 'X-Application: {}'", identity.product_id);
    let json = "-H 'Content-Type: application/json'";
    let answer = captcha_answer.unwrap_or("TEXT-IN-THE-IMAGE");
    format!(
        "First calls with curl (every call, with its body, in a session that runs as it is: \
         docs/emulator-reference.md):\n\
         \x20 {curl} -X POST {sts}requestToken \\\n\
         \x20   {app} -H 'x-provider: {provider}' {json} \\\n\
         \x20   -d '{{\"licenceDetails\": {{\"serial\": \"{SERIAL}\"}}, \"version\": 0, \"origin\": \"Desktop\"}}'\n\
         \x20 {curl} {banking}captcha {app}\n\
         \x20 {curl} -X POST {banking}organisations {app} {json} -d '\n\
         \x20   {{\"company\": {{\"name\": \"Acme Ltd\", \"postalCode\": \"NE13 9AA\", \"standardIndustrialCode\": \"99\",\n\
         \x20                \"vatNumber\": \"GB123456789\", \"languageCode\": \"en-GB\"}},\n\
         \x20    \"crmId\": \"123456789\", \"user\": {{\"emailAddress\": \"owner@example.com\", \"identity\": \"1001\"}},\n\
         \x20    \"licenceDetails\": {{\"serial\": \"{SERIAL}\"}}, \"captcha\": {{\"captchaId\": \"CAPTCHA-ID\", \"answer\": \"{answer}\"}}}}'\n\
         \x20 Signed calls use the key in POST organisations' \"token\" (shown once) and a new nonce each time:\n\
         \x20 export BANKFEEDS_SIGNING_KEY=KEY NONCE=$(cat /proc/sys/kernel/random/uuid)\n\
         \x20 SIG=$(bankfeeds-onboard sign --method GET --url {banking}accesstoken --nonce \"$NONCE\")\n\
         \x20 {curl} {banking}accesstoken {app} \\\n\
         \x20   -H \"X-Nonce: $NONCE\" -H \"X-Signature: $SIG\" -H 'X-Organisation-Id: ORGANISATION-ID' -H 'X-Company-Id: COMPANY-ID'\n\
         \x20 Then, with -H 'Authorization: Bearer JWT': banks?primaryCountry=GBR, and under\n\
         \x20 organisations/ORGANISATION-ID/companies/COMPANY-ID/: indirectlinkaccount?bankId=emulator-bank-gbr, the poll\n\
         \x20 route it gives, bankaccounts, and the rest.\n",
        provider = identity.provider_id,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoints() -> Endpoints {
        Endpoints {
            banking: url::Url::parse("http://127.0.0.1:8080/api/v1/").expect("an address"),
            token_service: url::Url::parse("http://127.0.0.1:8080/sts/api/v1/").expect("an address"),
        }
    }

    #[test]
    fn the_first_calls_name_this_emulators_address_identity_and_the_fixed_captcha_answer() {
        let identity = AppIdentity::default();
        let text = first_calls("curl", &endpoints(), &identity, Some("HELLO"));
        assert!(text.contains("curl -X POST http://127.0.0.1:8080/sts/api/v1/requestToken"), "{text}");
        assert!(text.contains("\"version\": 0"), "the body requestToken needs: {text}");
        assert!(text.contains(&format!("x-provider: {}", identity.provider_id)));
        assert!(text.contains(&format!("X-Application: {}", identity.product_id)));
        assert!(text.contains("\"answer\": \"HELLO\""));
        assert!(text.contains("bankfeeds-onboard sign --method GET --url http://127.0.0.1:8080/api/v1/accesstoken"));
        assert!(text.contains("docs/emulator-reference.md"));
    }

    #[test]
    fn over_its_own_https_every_curl_trusts_its_authority() {
        let text = first_calls("curl --cacert /tmp/ca.pem", &endpoints(), &AppIdentity::default(), None);
        let curls = text.lines().filter(|line| line.trim_start().starts_with("curl")).count();
        let trusting = text.matches("curl --cacert /tmp/ca.pem").count();
        assert_eq!((curls, trusting), (4, 4), "{text}");
        assert!(text.contains("TEXT-IN-THE-IMAGE"), "with no fixed answer, the image's text");
    }
}
