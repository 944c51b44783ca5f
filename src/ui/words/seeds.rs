//! Words for the starting points of Start at (`--start-at`, Emulator → Start at): each seed's title, as its menu item
//! and the demo strip name it, and its summary, as `--help`, the menu's tooltip and the confirmation say what it sets
//! up; and why a start cannot be made now.

use crate::wizard::{Seed, StartAtBlocked};

use super::demo_reset_blocked;

/// The seed's title: a menu item, unique among them.
#[must_use]
pub fn seed_title(seed: Seed) -> &'static str {
    match seed {
        Seed::Licence => "Licence step",
        Seed::Organisation => "Organisation step",
        Seed::Captcha => "Captcha step",
        Seed::Bank => "Bank step",
        Seed::LinkWaiting => "Waiting for the bank's consent",
        Seed::BankAccount => "Bank account step",
        Seed::MoreAccounts => "More accounts checklist",
        Seed::Reauth => "Account needing a new sign-in",
        Seed::Overview => "Overview with every status",
    }
}

/// What the seed sets up, in one line.
#[must_use]
pub fn seed_summary(seed: Seed) -> &'static str {
    match seed {
        Seed::Licence => "the licence step, the local emulator chosen and nothing sent yet",
        Seed::Organisation => "the organisation form, the licence accepted by the Token Service",
        Seed::Captcha => "the captcha, the licence accepted and the organisation form filled in",
        Seed::Bank => "choosing a bank, an organisation onboarded with its signing key in the keyring",
        Seed::LinkWaiting => {
            "waiting for the consent at Emulator Bank: open the bank's page again and approve it to go on"
        }
        Seed::BankAccount => "the new bank account's name and start date, Emulator Bank linked",
        Seed::MoreAccounts => {
            "the checklist of three more accounts at Emulator Bank, whose first account is already linked and active"
        }
        Seed::Reauth => "an active account at Emulator Bank whose bank asks for a new sign-in (authRequired)",
        Seed::Overview => "the overview with an account in every status: active, pending, authRequired and cancelled",
    }
}

/// Why the demo cannot start at a step now.
#[must_use]
pub fn start_at_blocked(blocked: StartAtBlocked) -> &'static str {
    match blocked {
        StartAtBlocked::Demo(blocked) => demo_reset_blocked(blocked),
        StartAtBlocked::WebProduct => "A web product has no licence or captcha step: choose a desktop product first",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::wizard::DemoResetBlocked;

    #[test]
    fn every_seed_has_its_own_title_and_summary() {
        let titles: HashSet<&str> = Seed::ALL.into_iter().map(seed_title).collect();
        let summaries: HashSet<&str> = Seed::ALL.into_iter().map(seed_summary).collect();
        assert_eq!((titles.len(), summaries.len()), (Seed::ALL.len(), Seed::ALL.len()), "none shared");
        assert!(Seed::ALL.into_iter().all(|seed| !seed_summary(seed).ends_with('.')), "one line, no period");
    }

    #[test]
    fn a_start_refused_says_why() {
        assert_eq!(
            start_at_blocked(StartAtBlocked::Demo(DemoResetBlocked::NotLocal)),
            "Reset demo is for the local emulator only"
        );
        assert!(start_at_blocked(StartAtBlocked::WebProduct).contains("choose a desktop product"));
    }
}
