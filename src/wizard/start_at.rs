//! Start at any step, for demos and QA (`--start-at`, Emulator → Start at): `Intent::StartAt(seed)` resets the local
//! emulator's demo as Reset demo does, the runtime then builds the seed's world by walking the real flow against the
//! local emulator, and the wizard takes the progress that walk ended with, as after a restart. Local emulator only;
//! other environments' organisations are kept. Values only: the UI words seeds and problems.

use super::answer::DemoResetProblem;
use super::effect::{Effect, RequestId};
use super::progress::Progress;
use super::resume::Screen;
use super::{DemoResetBlocked, DemoState, EnvironmentStep, ProductKind, Step, Wizard};

/// A named starting point: a step, with the local emulator's world and the wizard's progress that lead to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Seed {
    /// The licence step, the local emulator chosen.
    Licence,
    /// The organisation form, the licence accepted.
    Organisation,
    /// The captcha, the organisation form filled in.
    Captcha,
    /// Choosing a bank, an organisation onboarded with its key in the keyring.
    Bank,
    /// Waiting for the consent at Emulator Bank.
    LinkWaiting,
    /// The new bank account's details, Emulator Bank linked.
    BankAccount,
    /// More accounts: the checklist of Emulator Bank's three other accounts, its first one already linked.
    MoreAccounts,
    /// An active account turned `authRequired`.
    Reauth,
    /// The overview with accounts in every status: active, pending, `authRequired`, cancelled.
    Overview,
}

impl Seed {
    /// Every seed, in the order of the flow.
    pub const ALL: [Self; 9] = [
        Self::Licence,
        Self::Organisation,
        Self::Captcha,
        Self::Bank,
        Self::LinkWaiting,
        Self::BankAccount,
        Self::MoreAccounts,
        Self::Reauth,
        Self::Overview,
    ];

    /// Its name on the command line (`--start-at NAME`).
    #[must_use]
    pub fn cli_name(self) -> &'static str {
        match self {
            Self::Licence => "licence",
            Self::Organisation => "organisation",
            Self::Captcha => "captcha",
            Self::Bank => "bank",
            Self::LinkWaiting => "link-waiting",
            Self::BankAccount => "bank-account",
            Self::MoreAccounts => "more-accounts",
            Self::Reauth => "reauth",
            Self::Overview => "overview",
        }
    }

    /// True for a seed whose step only a desktop product has (web products have no licence or captcha).
    #[must_use]
    pub fn desktop_only(self) -> bool {
        matches!(self, Self::Licence | Self::Captcha)
    }
}

/// Why the wizard cannot start at a seed now; the UI words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartAtBlocked {
    /// The demo cannot be reset now (off the emulator, a reset under way, a step busy).
    Demo(DemoResetBlocked),
    /// The seed's step is a desktop product's, and a web product is chosen.
    WebProduct,
}

/// Why a start at a step did not happen; the UI words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartAtProblem {
    /// The demo could not be reset first; nothing was set up.
    NotReset(DemoResetProblem),
    /// No data folder: the emulator's world would not outlive the walk that builds it.
    NoDataFolder,
    /// The walk that builds the seed stopped before its step; what was built was reset again.
    NotBuilt {
        /// What it was doing and why it stopped, as a sentence.
        detail: String,
    },
}

impl Wizard {
    /// Why the wizard cannot start at `seed` now, if it cannot.
    #[must_use]
    pub fn start_at_blocked(&self, seed: Seed) -> Option<StartAtBlocked> {
        if let Some(blocked) = self.demo_reset_blocked() {
            Some(StartAtBlocked::Demo(blocked))
        } else if seed.desktop_only() && self.session.settings.product_kind == ProductKind::Web {
            Some(StartAtBlocked::WebProduct)
        } else {
            None
        }
    }

    /// `Intent::StartAt`: stops the step's tasks and asks the runtime to reset the demo and build `seed` from the
    /// progress as it would be after a reset (the local organisations forgotten, on the first step).
    pub(super) fn start_at(&mut self, seed: Seed) -> Vec<Effect> {
        if self.start_at_blocked(seed).is_some() {
            return Vec::new();
        }
        let mut effects = self.stop_step_tasks();
        let keys = self.local_key_slots();
        let mut from = self.progress();
        from.organisations.retain(|organisation| !organisation.environment.is_local());
        if from.link.as_ref().is_some_and(|link| link.target.environment.is_local()) {
            from.link = None;
            from.account_details = None;
        }
        from.screen = Some(Screen::Environment);
        let request = self.next_request();
        self.session.demo = DemoState { resetting: Some(request), seeding: Some(seed), ..DemoState::default() };
        // Whatever this runtime's connection was doing, its answers are not waited for any more.
        self.session.connection = None;
        self.session.connecting = None;
        effects.push(Effect::StartAt { request, seed, keys, from });
        effects
    }

    /// The start's answer, if it is the one under way: the seed's progress taken as after a restart, or why not.
    pub(super) fn started_at(
        &mut self,
        request: RequestId,
        seed: Seed,
        result: Result<Progress, StartAtProblem>,
    ) -> Vec<Effect> {
        if self.session.demo.resetting != Some(request) {
            return Vec::new();
        }
        // Without a data folder nothing was started; a reset that failed deleted nothing it could be sure of.
        let reset = matches!(result, Ok(_) | Err(StartAtProblem::NotBuilt { .. }));
        if reset {
            self.forget_local_demo();
        } else {
            self.session.connection = None;
            self.session.connecting = None;
        }
        self.step = Step::Environment(EnvironmentStep::for_environment(&self.session.settings.environment));
        self.session.demo = DemoState::default();
        let mut effects = match result {
            Ok(progress) => {
                self.session.demo.started = Some(Ok(seed));
                self.restore(Some(progress))
            }
            Err(problem) => {
                self.session.demo.started = Some(Err(problem));
                Vec::new()
            }
        };
        effects.insert(0, self.save());
        effects
    }
}
