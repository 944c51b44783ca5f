//! Why a service's certificate was not accepted, read from the TLS library's error: the kinds a person can act on
//! (a company proxy's or a test CA not trusted, a computer's clock out of the certificate's dates, an address the
//! certificate is not for). Certificate checks are never switched off; this only says which one failed.

use std::error::Error as StdError;

use rustls::CertificateError;

/// Which check a service's certificate failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateProblem {
    /// Not signed by an authority this computer trusts: a company proxy re-signing traffic, or a test CA.
    UnknownIssuer,
    /// Not valid at this computer's time: expired, or not valid yet (often the computer's clock).
    OutsideItsDates,
    /// Issued for another host name or address than the one connected to.
    OtherName,
    /// Another certificate failure (revoked, bad signature, wrong purpose).
    Refused,
}

impl CertificateProblem {
    /// The certificate problem in `error` or any of its causes, if it failed over one.
    #[must_use]
    pub fn find(error: &(dyn StdError + 'static)) -> Option<Self> {
        let mut cause = Some(error);
        while let Some(current) = cause {
            if let Some(problem) = Self::of(current) {
                return Some(problem);
            }
            // An I/O error hides the error it wraps from `source()` (and may wrap another I/O error): look inside.
            let mut wrapped = current.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref);
            while let Some(inner) = wrapped {
                if let Some(problem) = Self::of(inner) {
                    return Some(problem);
                }
                wrapped = inner.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref);
            }
            cause = current.source();
        }
        None
    }

    fn of(error: &(dyn StdError + 'static)) -> Option<Self> {
        match error.downcast_ref::<rustls::Error>()? {
            rustls::Error::InvalidCertificate(certificate) => Some(Self::classify(certificate)),
            _ => None,
        }
    }

    fn classify(error: &CertificateError) -> Self {
        match error {
            CertificateError::UnknownIssuer => Self::UnknownIssuer,
            CertificateError::Expired
            | CertificateError::ExpiredContext { .. }
            | CertificateError::NotValidYet
            | CertificateError::NotValidYetContext { .. } => Self::OutsideItsDates,
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => Self::OtherName,
            _ => Self::Refused,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_found_through_the_io_error_that_wraps_it() {
        let wrapped = |error: CertificateError| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, rustls::Error::InvalidCertificate(error))
        };
        let found = |error: CertificateError| CertificateProblem::find(&wrapped(error));
        assert_eq!(found(CertificateError::UnknownIssuer), Some(CertificateProblem::UnknownIssuer));
        assert_eq!(found(CertificateError::Expired), Some(CertificateProblem::OutsideItsDates));
        assert_eq!(found(CertificateError::NotValidYet), Some(CertificateProblem::OutsideItsDates));
        assert_eq!(found(CertificateError::NotValidForName), Some(CertificateProblem::OtherName));
        assert_eq!(found(CertificateError::Revoked), Some(CertificateProblem::Refused));
        // As hyper hands it over: an I/O error wrapping the I/O error that wraps the TLS library's.
        let twice = std::io::Error::other(wrapped(CertificateError::UnknownIssuer));
        assert_eq!(CertificateProblem::find(&twice), Some(CertificateProblem::UnknownIssuer));
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
        assert_eq!(CertificateProblem::find(&refused), None);
    }
}
