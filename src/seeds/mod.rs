//! Seeded starting points for demos and QA (`--start-at`, Emulator → Start at). Each seed's local emulator world is
//! built by walking the real flow: the wizard on a runtime of its own over the data folder, the emulator's real
//! routes, the keyring, and the headless mode's stand-in for the person (`cli::autopilot`). So the world, the
//! organisation's key in the keyring and the progress are what a person who walked there would leave, and the app
//! then takes that progress as after a restart. Blocking: `runtime/start_at.rs` runs it on a thread of its own while
//! the app's emulator stays stopped. Never for a Sage environment: only the local emulator's admin API is used.

mod recipes;
mod walk;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::api::Scenario;
use crate::api::ids::BankId;
use crate::browser::RecordingBrowser;
use crate::cli::autopilot::Answers;
use crate::emulator::EmulatorConfig;
use crate::emulator::banks::TestBank;
use crate::runtime::{Clock, Runtime, RuntimeParts, Secrets};
use crate::secrets::SecretStore;
use crate::store::ProgressStore;
use crate::wizard::{Progress, Seed, StartAtProblem};

pub use recipes::PENDING_FOR;

/// The licence serial the seeds' organisation is onboarded with: a named test serial every profile accepts.
pub const SEED_SERIAL: &str = "ACTIVE";

/// The company name the seeds' organisation is onboarded with.
pub const SEED_COMPANY: &str = "Demo Widgets Ltd";

/// The captcha text of the emulator the seeds are built on (the app's emulator shows its own captchas).
const SEED_CAPTCHA: &str = "SEEDED";

/// What the walk works with: the app's keyring, data folder, emulator settings and clock.
pub struct SeedParts {
    /// The keyring the organisation's key goes to (the app's own).
    pub secrets: Arc<dyn SecretStore>,
    /// The data folder: the progress file and the local emulator's saved world.
    pub data_dir: PathBuf,
    /// The app's emulator settings; the seed's walk runs on them with quick polls and activation.
    pub emulator: EmulatorConfig,
    /// The app's clock.
    pub clock: Clock,
}

/// Builds `seed` from `from` (the progress as a demo reset leaves it) and returns the progress its walk ended with.
/// The data folder then holds that progress and the emulator's world; the keyring, the organisation's key.
pub fn build(seed: Seed, from: Progress, parts: &SeedParts) -> Result<Progress, StartAtProblem> {
    let mut progress = from;
    for phase in recipes::phases(seed) {
        let runtime = Runtime::new(
            RuntimeParts {
                secrets: Secrets::Given(Arc::clone(&parts.secrets)),
                progress: Some(ProgressStore::new(&parts.data_dir)),
                emulator: (phase.emulator)(quick(parts.emulator.clone())),
                browser: Arc::new(RecordingBrowser::new()),
                request_timeout: None,
                clock: parts.clock,
            },
            Arc::new(|| {}),
        )
        .map_err(|error| StartAtProblem::NotBuilt {
            detail: format!("the seed's runtime could not start ({error})"),
        })?;
        let mut walk = walk::SeedWalk::start(runtime, progress, answers())?;
        let walked = (phase.walk)(&mut walk);
        progress = walk.finish();
        walked?;
    }
    Ok(progress)
}

/// The app's emulator, quick: polls answered at once, accounts active at once, a known captcha, the normal scenario
/// (whatever the command line chose for the app's own).
fn quick(config: EmulatorConfig) -> EmulatorConfig {
    EmulatorConfig {
        captcha_text: Some(SEED_CAPTCHA.to_owned()),
        poll_period: Duration::from_millis(100),
        slow_bank_polls: 0,
        activation_delay: Duration::ZERO,
        refresh_candidates_after_links: None,
        link_rate_limit: None,
        scenario: Scenario::default(),
        ..config
    }
}

/// What the stand-in types and chooses (each walk names the bank it chooses from the list).
fn answers() -> Answers {
    Answers {
        serial: SEED_SERIAL.to_owned(),
        captcha: SEED_CAPTCHA.to_owned(),
        bank: BankId::from(TestBank::Emulator.name()),
        company: SEED_COMPANY.to_owned(),
    }
}
