//! The walk that builds a seed: a wizard on a runtime of its own, moved on by the headless mode's stand-in for the
//! person (`cli::autopilot`), who also approves the consent page at the bank as a person in a browser would; and the
//! few moves a seed makes beyond the happy path (a press, the emulator's admin asking for a new sign-in). Each leg
//! ends when its goal holds, or with a sentence saying what it waited for and where it stood.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use url::Url;

use crate::api::ids::BankAccountId;
use crate::cli::autopilot::{Answers, Move, Shown, next_move};
use crate::runtime::Runtime;
use crate::wizard::{
    Answer, BankIntent, BankList, Event, Intent, LinkPhase, LinkStep, Progress, StartAtProblem, Step, Wizard,
};

/// How long one leg of the walk may take before it is given up.
const LEG_PATIENCE: Duration = Duration::from_mins(1);

/// How long the walk waits for an answer before it looks again.
const LOOK_AGAIN_AFTER: Duration = Duration::from_millis(200);

/// How often the stand-in may press on one screen before the walk is taken to be going round in circles.
const MOST_PRESSES_PER_SCREEN: u32 = 20;

/// A wizard walked on its own runtime.
pub(super) struct SeedWalk {
    wizard: Wizard,
    runtime: Runtime,
    answers: Answers,
    /// The consent pages already approved (each once).
    approved: HashSet<Url>,
    /// A small runtime for the calls the person and the bank make (the consent page, the emulator's admin API).
    calls: tokio::runtime::Runtime,
}

impl SeedWalk {
    /// A walk from `progress`, taken as the wizard takes saved progress at start-up.
    pub(super) fn start(runtime: Runtime, progress: Progress, answers: Answers) -> Result<Self, StartAtProblem> {
        let calls = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| not_built(format!("the seed's calls could not start ({error})")))?;
        let mut walk = Self { wizard: Wizard::new(), runtime, answers, approved: HashSet::new(), calls };
        walk.apply(Answer::Restored(Some(progress)));
        Ok(walk)
    }

    /// The wizard walked.
    pub(super) fn wizard(&self) -> &Wizard {
        &self.wizard
    }

    /// Walks the happy path as the headless stand-in does (choosing the bank named `bank`, approving its consent) until
    /// `goal` holds; `what` names the goal for the sentence when it is not reached.
    pub(super) fn walk_until(
        &mut self,
        what: &str,
        bank: &str,
        goal: impl Fn(&Wizard) -> bool,
    ) -> Result<(), StartAtProblem> {
        let started = Instant::now();
        let mut presses: HashMap<String, u32> = HashMap::new();
        loop {
            self.apply_answers();
            if goal(&self.wizard) {
                return Ok(());
            }
            self.give_up_after(started, what)?;
            self.approve_consent_waited_for()?;
            let next = self.next_move(bank);
            if matches!(next, Move::Press(_) | Move::TypeThenPress(..)) {
                let count = presses.entry(Shown::of(&self.wizard).stage).or_default();
                *count += 1;
                if *count > MOST_PRESSES_PER_SCREEN {
                    return Err(self.stuck(what, "pressing on did not get anywhere"));
                }
            }
            match next {
                Move::TypeThenPress(type_in, intent) => {
                    type_in(self.wizard.session_mut(), &self.answers);
                    self.apply(intent);
                }
                Move::Press(intent) => self.apply(intent),
                Move::Wait | Move::Done => self.wait_for_an_answer(),
                Move::Stuck(why) => return Err(not_built(format!("{why} (on the way to {what})"))),
            }
        }
    }

    /// Presses `intent`, then waits for answers until `goal` holds.
    pub(super) fn press_until(
        &mut self,
        intent: impl Into<Intent>,
        what: &str,
        goal: impl Fn(&Wizard) -> bool,
    ) -> Result<(), StartAtProblem> {
        self.apply(intent.into());
        self.settle(what, goal)
    }

    /// Waits for answers until `goal` holds.
    pub(super) fn settle(&mut self, what: &str, goal: impl Fn(&Wizard) -> bool) -> Result<(), StartAtProblem> {
        let started = Instant::now();
        loop {
            self.apply_answers();
            if goal(&self.wizard) {
                return Ok(());
            }
            self.give_up_after(started, what)?;
            self.wait_for_an_answer();
        }
    }

    /// Asks the local emulator's admin API to make `account` (and the accounts under its authorisation) need a new
    /// sign-in at the bank now, as a bank asking for MFA again would.
    pub(super) fn require_sign_in_again(&mut self, account: &BankAccountId) -> Result<(), StartAtProblem> {
        let Some(connection) = &self.wizard.session().connection else {
            return Err(not_built("no emulator was connected to ask for a new sign-in".to_owned()));
        };
        let path = format!("/emulator/admin/bankaccounts/{account}/authrequired");
        let admin = connection
            .banking
            .join(&path)
            .map_err(|error| not_built(format!("the emulator's admin address could not be made ({error})")))?;
        let request = reqwest::Client::new().post(admin);
        self.send(request, "the emulator's admin API, asked for a new sign-in,")
    }

    /// The progress as the walk left it, written to disk, and the runtime stopped (its emulator commits its world).
    pub(super) fn finish(self) -> Progress {
        let progress = self.wizard.progress();
        self.runtime.execute(crate::wizard::Effect::SaveProgress(progress.clone()));
        self.runtime.shutdown();
        progress
    }

    /// The stand-in's next move; on the bank list, the bank named `bank`.
    fn next_move(&self, bank: &str) -> Move {
        if let Step::Bank(step) = self.wizard.step()
            && let BankList::Ready(index) = &step.list
        {
            return match index.banks().iter().find(|listed| listed.name == bank) {
                Some(listed) => Move::Press(BankIntent::Choose(listed.bank_id.clone()).into()),
                None => Move::Stuck(format!("the bank list has no bank named {bank}")),
            };
        }
        next_move(&self.wizard, &self.answers)
    }

    /// Presses Approve on the consent page the link waits for, once, as the person in the browser would.
    fn approve_consent_waited_for(&mut self) -> Result<(), StartAtProblem> {
        let Step::Link(LinkStep { phase: LinkPhase::Waiting { waiting, .. }, .. }) = self.wizard.step() else {
            return Ok(());
        };
        let page = waiting.redirect.clone();
        if !self.approved.insert(page.clone()) {
            return Ok(());
        }
        let request = reqwest::Client::new()
            .post(page)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("decision=approve&account=ticked");
        self.send(request, "the bank's consent page, approved,")
    }

    /// Sends `request` on the calls' runtime; anything but a 2xx answer stops the walk, saying `what` answered.
    fn send(&self, request: reqwest::RequestBuilder, what: &str) -> Result<(), StartAtProblem> {
        let answer = self
            .calls
            .block_on(async { request.timeout(LEG_PATIENCE).send().await })
            .map_err(|error| not_built(format!("{what} could not be reached ({error})")))?;
        if answer.status().is_success() {
            Ok(())
        } else {
            Err(not_built(format!("{what} answered {}", answer.status())))
        }
    }

    fn apply(&mut self, event: impl Into<Event>) {
        for effect in self.wizard.update(event) {
            self.runtime.execute(effect);
        }
    }

    fn apply_answers(&mut self) {
        for answer in self.runtime.take_answers() {
            self.apply(answer);
        }
    }

    fn wait_for_an_answer(&mut self) {
        if let Some(answer) = self.runtime.wait_answer(LOOK_AGAIN_AFTER) {
            self.apply(answer);
        }
    }

    fn give_up_after(&self, started: Instant, what: &str) -> Result<(), StartAtProblem> {
        if started.elapsed() > LEG_PATIENCE {
            return Err(self.stuck(what, &format!("nothing got there within {} seconds", LEG_PATIENCE.as_secs())));
        }
        Ok(())
    }

    fn stuck(&self, what: &str, why: &str) -> StartAtProblem {
        not_built(format!("the walk to {what} stopped at \"{}\": {why}", Shown::of(&self.wizard)))
    }
}

fn not_built(detail: String) -> StartAtProblem {
    StartAtProblem::NotBuilt { detail }
}
