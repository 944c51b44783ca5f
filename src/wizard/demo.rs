//! Demo mode on the local emulator: "Reset demo" forgets everything onboarded there (the emulator's world and saved
//! state, the local organisations' keys in the keyring, their saved progress) and starts again on the first step,
//! keeping the settings and what was typed, and leaving other environments' organisations alone.

use super::Wizard;
use super::answer::DemoResetProblem;
use super::effect::{Effect, RequestId};
use super::{EnvironmentStep, Step};
use crate::secrets::KeySlot;

/// The demo reset: under way, or how the last one ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoState {
    /// The reset under way.
    pub resetting: Option<RequestId>,
    /// How the last reset ended: what was cleared, or why it could not be.
    pub outcome: Option<Result<DemoCleared, DemoResetProblem>>,
    /// The seed being set up, when the reset under way is a start at a step (`Intent::StartAt`).
    pub seeding: Option<super::Seed>,
    /// How the last start at a step ended: the seed set up, or why it could not be.
    pub started: Option<Result<super::Seed, super::StartAtProblem>>,
}

/// What a demo reset cleared.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoCleared {
    /// Saved emulator states deleted.
    pub state_files: usize,
    /// Keys deleted from the keyring.
    pub keys: usize,
    /// Local organisations forgotten from the saved progress.
    pub organisations: usize,
}

/// Why the demo cannot be reset now; the UI words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoResetBlocked {
    /// The environment chosen is not the local emulator.
    NotLocal,
    /// A reset is under way.
    Resetting,
    /// The step is in the middle of something it cannot leave.
    StepBusy,
}

impl Wizard {
    /// Why the demo cannot be reset now, if it cannot.
    #[must_use]
    pub fn demo_reset_blocked(&self) -> Option<DemoResetBlocked> {
        if !self.session.settings.environment.is_local() {
            Some(DemoResetBlocked::NotLocal)
        } else if self.session.demo.resetting.is_some() {
            Some(DemoResetBlocked::Resetting)
        } else if !self.can_leave_step() {
            Some(DemoResetBlocked::StepBusy)
        } else {
            None
        }
    }

    /// The reset's answer, if it is the one under way.
    pub(super) fn demo_reset_answered(
        &mut self,
        request: RequestId,
        result: Result<DemoCleared, DemoResetProblem>,
    ) -> Vec<Effect> {
        if self.session.demo.resetting != Some(request) {
            return Vec::new();
        }
        self.session.demo.resetting = None;
        self.demo_reset(result)
    }
    pub(super) fn reset_demo(&mut self) -> Vec<Effect> {
        if self.demo_reset_blocked().is_some() {
            return Vec::new();
        }
        let mut effects = self.stop_step_tasks();
        let keys = self.local_key_slots();
        let request = self.next_request();
        self.session.demo = DemoState { resetting: Some(request), ..DemoState::default() };
        effects.push(Effect::ResetDemo { request, keys });
        effects
    }

    /// The key slots of the local organisations the progress knows.
    pub(super) fn local_key_slots(&self) -> Vec<KeySlot> {
        self.session
            .organisations
            .iter()
            .filter(|organisation| organisation.environment.is_local())
            .map(|organisation| KeySlot::customer(&organisation.environment, &organisation.organisation_id))
            .collect()
    }

    /// Forgets the local organisations, a local link and the connection, as a demo reset leaves them; returns how many
    /// organisations were forgotten.
    pub(super) fn forget_local_demo(&mut self) -> usize {
        let before = self.session.organisations.len();
        self.session.organisations.retain(|organisation| !organisation.environment.is_local());
        if self.session.link.as_ref().is_some_and(|link| link.target.environment.is_local()) {
            self.session.link = None;
            self.session.account_details = None;
        }
        self.session.reopen_more_accounts = false;
        self.session.connection = None;
        self.session.connecting = None;
        self.session.connect_problem = None;
        before - self.session.organisations.len()
    }

    fn demo_reset(&mut self, result: Result<DemoCleared, DemoResetProblem>) -> Vec<Effect> {
        match result {
            Ok(mut cleared) => {
                cleared.organisations = self.forget_local_demo();
                self.session.demo.outcome = Some(Ok(cleared));
                self.step = Step::Environment(EnvironmentStep::for_environment(&self.session.settings.environment));
                vec![self.save()]
            }
            Err(problem) => {
                // The emulator was stopped before the reset failed: whatever it got to, the next step connects anew.
                self.session.connection = None;
                self.session.connecting = None;
                self.session.demo.outcome = Some(Err(problem));
                self.step = Step::Environment(EnvironmentStep::for_environment(&self.session.settings.environment));
                vec![self.save()]
            }
        }
    }
}
