//! `SessionFacts`: the plain facts about a session that head a transcript and a support bundle (the app's version,
//! the OS, the environment, the Banking Service's address, the product, the step shown, how many organisations are
//! onboarded, a few settings). Plain strings and numbers that the UI fills in; it has no field for a key, a JWT, a
//! captcha answer or a single-use route, and the service's address keeps no query, fragment or user name.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// What a reader of an export needs to know about the session it came from. Holds no secret by construction: every
/// field is a label, a count or a public address; never put a key, a JWT, a licence, a captcha answer or a poll route
/// in `settings`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionFacts {
    /// When these facts were gathered (the export's time), UTC.
    pub collected_at: Timestamp,
    /// This program's version.
    pub app_version: String,
    /// The operating system (`std::env::consts::OS`).
    pub os: String,
    /// The processor architecture (`std::env::consts::ARCH`).
    pub arch: String,
    /// The environment chosen, as the wizard labels it ("Local emulator", "Sage sandbox (EU)", …).
    pub environment: String,
    /// The Banking Service's address when connected (scheme, host and path only; see [`SessionFacts::connected_to`]).
    pub banking_service_url: Option<String>,
    /// The organisation profile's name, when one was chosen.
    pub profile: Option<String>,
    /// The product kind, when one was chosen.
    pub product_kind: Option<String>,
    /// The product's ID, when one was chosen.
    pub product_id: Option<String>,
    /// The step on the screen when the facts were gathered.
    pub step: String,
    /// How many organisations are onboarded in this environment.
    pub organisations_onboarded: usize,
    /// Other settings worth showing (emulator latency, polling concurrency…), by name; never a secret.
    pub settings: BTreeMap<String, String>,
}

impl SessionFacts {
    /// The facts of this program on this machine at `collected_at`, in `environment`, showing `step`; the rest empty,
    /// for the caller to fill in.
    #[must_use]
    pub fn here(collected_at: Timestamp, environment: impl Into<String>, step: impl Into<String>) -> Self {
        Self {
            collected_at,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            os: std::env::consts::OS.to_owned(),
            arch: std::env::consts::ARCH.to_owned(),
            environment: environment.into(),
            step: step.into(),
            ..Self::default()
        }
    }

    /// Notes the Banking Service's address, keeping only its scheme, host, port and path (any user name, password,
    /// query or fragment is dropped, so a route's signature can never slip in).
    #[must_use]
    pub fn connected_to(mut self, banking_service: &url::Url) -> Self {
        let origin = banking_service.origin().ascii_serialization();
        let address = match banking_service.path() {
            "/" => origin,
            path => format!("{origin}{path}"),
        };
        self.banking_service_url = Some(address);
        self
    }

    /// The facts as (label, value) rows in reading order, for the transcript's table; an unknown value reads "—".
    #[must_use]
    pub fn rows(&self) -> Vec<(String, String)> {
        let known = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".to_owned());
        let mut rows = vec![
            ("Collected at (UTC)".to_owned(), format!("{:.0}", self.collected_at)),
            ("App version".to_owned(), self.app_version.clone()),
            ("Operating system".to_owned(), format!("{} ({})", self.os, self.arch)),
            ("Environment".to_owned(), self.environment.clone()),
            ("Banking Service".to_owned(), known(&self.banking_service_url)),
            ("Profile".to_owned(), known(&self.profile)),
            ("Product kind".to_owned(), known(&self.product_kind)),
            ("Product ID".to_owned(), known(&self.product_id)),
            ("Step shown".to_owned(), self.step.clone()),
            ("Organisations onboarded".to_owned(), self.organisations_onboarded.to_string()),
        ];
        rows.extend(self.settings.iter().map(|(name, value)| (name.clone(), value.clone())));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noon() -> Timestamp {
        "2026-11-22T12:00:00Z".parse().expect("a time")
    }

    #[test]
    fn here_fills_in_the_program_and_the_machine() {
        let facts = SessionFacts::here(noon(), "Local emulator", "Choose a bank");
        assert_eq!(facts.app_version, env!("CARGO_PKG_VERSION"));
        assert_eq!((facts.os.as_str(), facts.arch.as_str()), (std::env::consts::OS, std::env::consts::ARCH));
        assert_eq!((facts.environment.as_str(), facts.step.as_str()), ("Local emulator", "Choose a bank"));
        assert_eq!(facts.banking_service_url, None);
    }

    #[test]
    fn the_service_address_keeps_no_credentials_query_or_fragment() {
        let url = url::Url::parse("https://user:pw@banking.example:8443/api/v1?sig=secret#part").expect("a URL");
        let facts = SessionFacts::here(noon(), "QA", "Overview").connected_to(&url);
        assert_eq!(facts.banking_service_url.as_deref(), Some("https://banking.example:8443/api/v1"));
    }

    #[test]
    fn the_facts_round_trip_through_json_and_read_as_rows() {
        let mut facts = SessionFacts::here(noon(), "Local emulator", "Link");
        facts.organisations_onboarded = 2;
        facts.settings.insert("Emulator latency".to_owned(), "250 ms".to_owned());
        let json = serde_json::to_string(&facts).expect("JSON");
        assert_eq!(serde_json::from_str::<SessionFacts>(&json).expect("read back"), facts);
        let rows = facts.rows();
        assert_eq!(rows[0], ("Collected at (UTC)".to_owned(), "2026-11-22T12:00:00Z".to_owned()));
        assert!(rows.contains(&("Profile".to_owned(), "—".to_owned())));
        assert!(rows.contains(&("Organisations onboarded".to_owned(), "2".to_owned())));
        assert_eq!(rows.last(), Some(&("Emulator latency".to_owned(), "250 ms".to_owned())));
    }
}
