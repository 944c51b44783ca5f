//! `--start-at STEP`: the window starts at a step with a seeded local emulator world (`seeds`), for demos and QA. The
//! argument lists every seed with its one line in `--help`; before the window opens, a start that would touch a Sage
//! or custom environment is refused with a sentence saying what to change.

use std::sync::OnceLock;

use clap::builder::PossibleValue;

use crate::config::Environment;
use crate::ui::words::seed_summary;
use crate::wizard::{ProductKind, Progress, Seed};

/// A seed named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StartAtArg(pub Seed);

impl clap::ValueEnum for StartAtArg {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: OnceLock<Vec<StartAtArg>> = OnceLock::new();
        ALL.get_or_init(|| Seed::ALL.into_iter().map(StartAtArg).collect())
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.cli_name()).help(seed_summary(self.0)))
    }
}

/// Why `--start-at` is refused; each says what to change.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum StartAtRefused {
    /// A custom environment was named on the command line.
    #[error(
        "--start-at sets up the local emulator's demo only, and --banking-service-url names another environment: \
         leave out --banking-service-url and --token-service-url, or leave out --start-at"
    )]
    CustomEnvironment,
    /// The saved progress is on another environment than the local emulator.
    #[error(
        "--start-at sets up the local emulator's demo only, and the saved progress is on {environment}, which it \
         never replaces: choose the local emulator in the window first, or give another --data-dir"
    )]
    SavedElsewhere {
        /// The saved progress's environment, in words.
        environment: String,
    },
    /// The saved progress is for a web product, which has no such step.
    #[error(
        "the saved progress is for a web product, which has no {step} step: choose a desktop product in the window \
         first, or start at another step"
    )]
    WebProduct {
        /// The step asked for, as named on the command line.
        step: &'static str,
    },
}

/// Refuses a start at `seed` with a custom environment on the command line (`custom`), or with `saved` progress on
/// another environment than the local emulator or for a product without that step.
pub fn check(seed: Seed, custom: bool, saved: Option<&Progress>) -> Result<(), StartAtRefused> {
    if custom {
        return Err(StartAtRefused::CustomEnvironment);
    }
    let Some(settings) = saved.map(|progress| &progress.settings) else { return Ok(()) };
    if !matches!(settings.environment, Environment::Local(_)) {
        return Err(StartAtRefused::SavedElsewhere { environment: settings.environment.label() });
    }
    if seed.desktop_only() && settings.product_kind == ProductKind::Web {
        return Err(StartAtRefused::WebProduct { step: seed.cli_name() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;
    use crate::config::Region;
    use crate::wizard::Wizard;

    #[derive(clap::Parser)]
    struct Args {
        #[arg(long, value_enum)]
        start_at: Option<StartAtArg>,
    }

    fn saved_on(environment: Environment, product_kind: ProductKind) -> Progress {
        let mut progress = Wizard::new().progress();
        progress.settings.environment = environment;
        progress.settings.product_kind = product_kind;
        progress
    }

    #[test]
    fn every_seed_is_named_on_the_command_line_and_an_unknown_one_is_refused() {
        for seed in Seed::ALL {
            let args = Args::try_parse_from(["app", "--start-at", seed.cli_name()]).expect("parses");
            assert_eq!(args.start_at, Some(StartAtArg(seed)));
        }
        assert!(Args::try_parse_from(["app", "--start-at", "nowhere"]).is_err());
    }

    #[test]
    fn a_sage_or_custom_environment_is_refused_and_the_local_emulator_is_not() {
        assert_eq!(check(Seed::Bank, true, None), Err(StartAtRefused::CustomEnvironment));
        let sandbox = saved_on(Environment::Sandbox(Region::Eu), ProductKind::Desktop);
        let refused = check(Seed::Bank, false, Some(&sandbox)).expect_err("refused");
        assert!(refused.to_string().contains("choose the local emulator in the window first"), "{refused}");
        let local = saved_on(Environment::default(), ProductKind::Desktop);
        assert_eq!(check(Seed::Overview, false, Some(&local)), Ok(()));
        assert_eq!(check(Seed::Overview, false, None), Ok(()), "nothing saved: the local emulator");
    }

    #[test]
    fn a_desktop_only_step_is_refused_for_a_web_product() {
        let web = saved_on(Environment::default(), ProductKind::Web);
        assert_eq!(check(Seed::Captcha, false, Some(&web)), Err(StartAtRefused::WebProduct { step: "captcha" }));
        assert_eq!(check(Seed::Bank, false, Some(&web)), Ok(()));
    }
}
