//! The scenario's injected faults through the real typed `Client`: what the client gets for each kind, whether the
//! emulator did the work before the fault struck, that a counted fault ends, and that other endpoints are untouched.

use std::time::{Duration, Instant};

use super::session::{Session, switch};
use crate::api::error::{ApiError, Failure};
use crate::api::{Fault, FaultEndpoint, FaultKind, Scenario};

/// A scenario whose only change is `fault`.
fn with(fault: Fault) -> Scenario {
    Scenario { fault: Some(fault), ..Scenario::default() }
}

/// What the client got, in a word the assertions read.
fn outcome<T>(result: &Result<T, ApiError>) -> String {
    match result.as_ref().map_err(ApiError::failure) {
        Ok(_) => "ok".to_owned(),
        Err(Failure::Unreachable { .. }) => "unreachable".to_owned(),
        Err(Failure::TimedOut { .. }) => "timed out".to_owned(),
        Err(Failure::Status { status, code, retry_after, .. }) => {
            format!("{status} {} {retry_after:?}", code.unwrap_or_default())
        }
        Err(Failure::Unreadable { status, .. }) => format!("unreadable {status}"),
        Err(
            Failure::NotSent { .. } | Failure::NotSaved(_) | Failure::KeyringNotReady(_) | Failure::Untrusted { .. },
        ) => "not sent".to_owned(),
    }
}

#[tokio::test]
async fn each_kind_reaches_the_client_as_it_would_from_a_network_and_does_the_work_only_when_it_says_so() {
    let expected = [
        (FaultKind::Refused, "unreachable"),
        (FaultKind::ResetMidResponse, "unreachable"),
        (FaultKind::Timeout, "timed out"),
        (FaultKind::ServerError, "500 injectedFault None"),
        (FaultKind::BadGateway, "502  None"),
        (FaultKind::RateLimited, "429 rateLimited Some(1)"),
        (FaultKind::MalformedJson, "unreadable 201"),
        (FaultKind::MissingFields, "unreadable 201"),
        (FaultKind::Slow, "ok"),
    ];
    for (kind, client_gets) in expected {
        let mut session = Session::new().await;
        session.client = session.client.clone().with_timeout(Duration::from_millis(600));
        let account = session.linked().await;
        let delay_ms = if kind == FaultKind::Timeout { 900 } else { 300 };
        let fault = Fault { delay_ms: Some(delay_ms), ..Fault::times(FaultEndpoint::CreateBankAccount, kind, 1) };
        switch(&session.client, with(fault)).await;
        let started = Instant::now();
        let result = session.try_create(&account).await;
        assert_eq!(outcome(&result), client_gets, "{kind:?}");
        if kind == FaultKind::Slow {
            assert!(started.elapsed() >= Duration::from_millis(300), "answered late, within the client's timeout");
        }
        let created = session.accounts().await.len();
        let done = usize::from(kind.handles_the_request());
        assert_eq!(created, done, "{kind:?}: accounts after the fault");
        assert_eq!(session.client.scenario().await.expect("read").fault, None, "{kind:?}: spent after one request");
        session.emulator.shutdown().await;
    }
}

#[tokio::test]
async fn a_fault_without_a_count_stays_and_touches_no_other_endpoint() {
    let session = Session::new().await;
    switch(&session.client, with(Fault::always(FaultEndpoint::BankAccounts, FaultKind::BadGateway))).await;
    let account = session.linked().await;
    assert_eq!(outcome(&session.try_create(&account).await), "ok", "another endpoint is untouched");
    for _ in 0..3 {
        let listed = session.client.bank_accounts(&session.organisation, &session.company, &session.token).await;
        assert_eq!(outcome(&listed), "502  None");
        let Err(ApiError::Status { raw_body, .. }) = listed else { unreachable!("checked above") };
        assert!(raw_body.contains("502 Bad Gateway"), "the proxy's page: {raw_body}");
    }
    let in_force = session.client.scenario().await.expect("read");
    assert_eq!(in_force.fault, Some(Fault::always(FaultEndpoint::BankAccounts, FaultKind::BadGateway)));
    assert!(in_force.describe().iter().any(|line| line == "fault GET bankaccounts: 502 HTML, every request"));
    switch(&session.client, Scenario::default()).await;
    assert_eq!(session.accounts().await.len(), 1, "normal again");
    session.emulator.shutdown().await;
}
