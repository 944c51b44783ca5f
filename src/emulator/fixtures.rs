//! Named test licence serials that force the emulator's outcomes, as a payment sandbox's test cards do (CONTRACT
//! §10). The serial is the customer's identity: any serial not named here is a valid customer of its own. Pure data.

/// The documented test licence [DOC]: a valid customer.
pub const ACTIVE: &str = crate::config::TEST_SERIAL;
/// Accepted by `requestToken`, then refused at POST organisation with 400 `notAValidCustomer`.
pub const NOT_A_CUSTOMER: &str = "NOT-A-CUSTOMER";
/// Accepted by `requestToken`, then refused at POST organisation with 409 `organisationLimitReached`, on every
/// profile (even QA, which is otherwise unlimited).
pub const LIMIT_REACHED: &str = "LIMIT-REACHED";
/// `requestToken` itself answers 503 `injectedFault`, as if the Token Service were down.
pub const STS_DOWN: &str = "STS-DOWN";

/// A named serial and what it forces, for the command line's banner and the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NamedSerial {
    /// The serial to put in `licenceDetails`.
    pub serial: &'static str,
    /// What the emulator does with it.
    pub effect: &'static str,
}

/// Every named serial, in the order they are listed to people.
pub const NAMED_SERIALS: [NamedSerial; 4] = [
    NamedSerial { serial: ACTIVE, effect: "a valid customer" },
    NamedSerial { serial: NOT_A_CUSTOMER, effect: "POST organisation answers 400 notAValidCustomer" },
    NamedSerial {
        serial: LIMIT_REACHED,
        effect: "POST organisation answers 409 organisationLimitReached on every profile",
    },
    NamedSerial { serial: STS_DOWN, effect: "requestToken answers 503 injectedFault (the Token Service is down)" },
];

/// What a licence serial forces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LicenceOutcome {
    /// A valid customer, whose own organisations count towards its limit.
    ValidCustomer,
    /// Not a valid Sage customer.
    NotACustomer,
    /// The customer's organisation limit is already reached.
    LimitReached,
    /// The Token Service is down for this licence.
    TokenServiceDown,
}

/// The outcome a serial forces; serials are compared exactly (case matters).
#[must_use]
pub fn licence_outcome(serial: &str) -> LicenceOutcome {
    match serial {
        NOT_A_CUSTOMER => LicenceOutcome::NotACustomer,
        LIMIT_REACHED => LicenceOutcome::LimitReached,
        STS_DOWN => LicenceOutcome::TokenServiceDown,
        _ => LicenceOutcome::ValidCustomer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_serials_force_their_outcomes_and_others_are_customers() {
        assert_eq!(licence_outcome(ACTIVE), LicenceOutcome::ValidCustomer);
        assert_eq!(licence_outcome(NOT_A_CUSTOMER), LicenceOutcome::NotACustomer);
        assert_eq!(licence_outcome(LIMIT_REACHED), LicenceOutcome::LimitReached);
        assert_eq!(licence_outcome(STS_DOWN), LicenceOutcome::TokenServiceDown);
        assert_eq!(licence_outcome("SOMEONE-ELSE"), LicenceOutcome::ValidCustomer);
        assert_eq!(licence_outcome("sts-down"), LicenceOutcome::ValidCustomer);
    }

    #[test]
    fn every_named_serial_is_listed_once() {
        let serials: Vec<&str> = NAMED_SERIALS.iter().map(|named| named.serial).collect();
        assert_eq!(serials, [ACTIVE, NOT_A_CUSTOMER, LIMIT_REACHED, STS_DOWN]);
    }
}
