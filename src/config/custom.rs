//! A Banking Service at an address the person gives (a team's emulator on a test server, a Sage environment missing
//! from the list): its two roots, checked as URLs. HTTPS is required except on this computer's own loopback, where a
//! plain-HTTP emulator cannot be intercepted.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use url::{Host, Url};

/// The Banking Service and Token Service roots of a custom environment, each an absolute `https://` URL (or `http://`
/// on loopback) with no credentials, query or fragment, ending in `/`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CustomService {
    banking: Url,
    token_service: Url,
}

/// What is wrong with one typed service root; the sentence follows the field's name ("The Banking Service address …").
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RootProblem {
    /// Nothing was typed.
    #[error("is empty: type the service's root address, like https://bankdrive.example.com/api/v1/")]
    Empty,
    /// The text is not an absolute URL.
    #[error("is not a web address ({0}): type it whole, starting with https://")]
    NotAUrl(String),
    /// Neither `https://` nor, on loopback, `http://`.
    #[error(
        "must start with https:// (plain http:// is accepted only for a service on this computer: 127.0.0.1, ::1 \
         or localhost)"
    )]
    NotHttps,
    /// A user name or password in the URL, which would be sent to every request's log.
    #[error("must not carry a user name or password: give only the address")]
    Credentials,
    /// A query or fragment, which the API's paths cannot be added to.
    #[error("must not end with a query (?…) or a fragment (#…): give the root that the API's paths follow")]
    QueryOrFragment,
}

/// Which of the two roots is wrong, and how.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CustomServiceProblem {
    /// The Banking Service root.
    #[error("The Banking Service address {0}")]
    Banking(RootProblem),
    /// The Token Service root.
    #[error("The Token Service address {0}")]
    TokenService(RootProblem),
}

impl CustomService {
    /// Both roots checked, each given a final `/` when it has none; the first problem found otherwise.
    pub fn parse(banking: &str, token_service: &str) -> Result<Self, CustomServiceProblem> {
        Ok(Self {
            banking: service_root(banking).map_err(CustomServiceProblem::Banking)?,
            token_service: service_root(token_service).map_err(CustomServiceProblem::TokenService)?,
        })
    }

    /// The Banking Service consumer API root.
    #[must_use]
    pub fn banking(&self) -> &Url {
        &self.banking
    }

    /// The Token Service root.
    #[must_use]
    pub fn token_service(&self) -> &Url {
        &self.token_service
    }
}

/// One typed root, checked; a final `/` is added to its path when missing (so `api/v1` keeps its last segment when
/// the API's paths are joined to it).
pub fn service_root(typed: &str) -> Result<Url, RootProblem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(RootProblem::Empty);
    }
    let mut url = Url::parse(typed).map_err(|error| RootProblem::NotAUrl(error.to_string()))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        _ => return Err(RootProblem::NotHttps),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(RootProblem::Credentials);
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(RootProblem::QueryOrFragment);
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// True for a URL whose host is this computer: `localhost`, 127.0.0.0/8, `::1`, or an IPv4 loopback address written
/// as IPv6 (`::ffff:127.0.0.1`). Shared with the browser's check of the pages it opens.
#[must_use]
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| IpAddr::V4(v4).is_loopback()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_roots_are_taken_and_given_their_final_slash() {
        let service =
            CustomService::parse(" https://bankdrive.example.com:8443/api/v1 ", "https://sts.example.com/api/v1/")
                .expect("valid");
        assert_eq!(service.banking().as_str(), "https://bankdrive.example.com:8443/api/v1/");
        assert_eq!(service.token_service().as_str(), "https://sts.example.com/api/v1/");
        assert_eq!(service.banking().join("banks").expect("joins").path(), "/api/v1/banks");
    }

    #[test]
    fn plain_http_is_taken_only_on_loopback() {
        for loopback in
            ["http://127.0.0.1:8080/api/v1/", "http://localhost:1/", "http://[::1]:9/x/", "http://127.8.0.1/"]
        {
            assert!(service_root(loopback).is_ok(), "{loopback}");
        }
        for remote in ["http://bankdrive.example.com/api/v1/", "http://10.0.0.5/", "ftp://127.0.0.1/"] {
            assert_eq!(service_root(remote), Err(RootProblem::NotHttps), "{remote}");
        }
    }

    #[test]
    fn each_problem_names_the_field_and_what_to_type() {
        assert_eq!(service_root("  "), Err(RootProblem::Empty));
        assert!(matches!(service_root("bankdrive.example.com"), Err(RootProblem::NotAUrl(_))));
        assert_eq!(service_root("https://me:pw@example.com/"), Err(RootProblem::Credentials));
        assert_eq!(service_root("https://example.com/api?x=1"), Err(RootProblem::QueryOrFragment));
        assert_eq!(service_root("https://example.com/api#top"), Err(RootProblem::QueryOrFragment));
        let problem = CustomService::parse("https://example.com/", "http://sts.example.com/").expect_err("plain http");
        assert_eq!(problem, CustomServiceProblem::TokenService(RootProblem::NotHttps));
        assert!(problem.to_string().starts_with("The Token Service address must start with https://"), "{problem}");
        let problem = CustomService::parse("", "https://sts.example.com/").expect_err("empty");
        assert!(problem.to_string().starts_with("The Banking Service address is empty: type"), "{problem}");
    }
}
