//! The support reference of a POST organisation whose answer was lost: what Sage support needs to find the
//! organisation it may have created.

use crate::wizard::LostAnswer;

/// The reference to give Sage support: the CRM ID and, when known, the attempt's time in UTC to the second.
#[must_use]
pub fn support_reference(lost: &LostAnswer) -> String {
    match lost.at {
        Some(at) => format!("CRM ID {} · {} UTC", lost.crm_id, at.strftime("%Y-%m-%d %H:%M:%S")),
        None => format!("CRM ID {}", lost.crm_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_names_the_crm_id_and_the_attempts_utc_time_when_known() {
        let at = "2026-11-22T03:50:12.75Z".parse().expect("a time");
        let lost = LostAnswer { crm_id: "CRM-1".into(), at: Some(at) };
        assert_eq!(support_reference(&lost), "CRM ID CRM-1 · 2026-11-22 03:50:12 UTC");
        let unknown = LostAnswer { crm_id: "CRM-1".into(), at: None };
        assert_eq!(support_reference(&unknown), "CRM ID CRM-1");
    }
}
