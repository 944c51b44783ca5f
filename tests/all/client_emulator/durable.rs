//! The durable emulator (the wizard's in-process one) against the typed client: its state file never holds a
//! customer key, an access token or a poll route's secret, yet holds what it answered, readable by its owner only.

use std::collections::HashMap;

use bankfeeds_onboard::api::models::PollAnswer;
use bankfeeds_onboard::config::Profile;
use bankfeeds_onboard::emulator::durable::{self, DurableStart, StateFile};
use bankfeeds_onboard::emulator::fixtures::ACTIVE;
use bankfeeds_onboard::emulator::{EmulatorConfig, EmulatorHandle};
use url::Url;

use super::{client, config, onboard};
use crate::support::files_text;

/// A durable emulator with `config`, committing to a state file in `dir`.
async fn durable_emulator(dir: &std::path::Path, config: EmulatorConfig) -> EmulatorHandle {
    let file = StateFile::for_profile(dir, config.profile);
    durable::start(config, DurableStart { file, saved: None, keys: HashMap::new() }).await.expect("it starts")
}

#[tokio::test]
async fn the_state_file_holds_what_was_answered_but_no_key_token_or_route_secret() {
    let dir = tempfile::tempdir().expect("temp dir");
    let emulator = durable_emulator(dir.path(), config()).await;
    let client = client(&emulator);
    let created = onboard(&client, ACTIVE).await;
    let (org, company) = (&created.organisation_id, &created.companies[0]);
    let jwt = client.access_token(org, company, &created.token).await.expect("a JWT").jwt;
    let bank = bankfeeds_onboard::api::ids::BankId::from("emulator-bank-gbr");
    let link = client.indirect_link(org, company, &bank, &jwt).await.expect("a link");
    let PollAnswer::Pending(next) = client.poll(&Url::parse(&link.poll_route).expect("URL")).await.expect("polled")
    else {
        panic!("expected 202");
    };
    emulator.shutdown().await;

    let text = files_text(dir.path());
    assert!(text.contains(org.as_str()), "the organisation was committed: {text}");
    assert!(text.contains("\"port\":"), "the port was committed");
    assert!(!text.contains(created.token.expose()), "the customer key is not in the file");
    assert!(!text.contains(jwt.expose()), "the access token is not in the file");
    for route in [&link.poll_route, &next.poll_route] {
        let secret = route.split_once("?sig=").map(|(_, sig)| sig).expect("a route secret");
        assert!(!text.contains(secret), "a poll route's secret is not in the file");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let path = StateFile::for_profile(dir.path(), Profile::Qa).path();
        let mode = std::fs::metadata(path).expect("the file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
    }
}
