//! Words for what the wizard returns as values: the problems of what was typed, why Reset demo cannot be pressed, the
//! starting points of Start at, the names of the languages and countries it offers, an unnamed candidate account, a
//! support reference. The wizard says what is wrong; these say it to people, one sentence for each value wherever it
//! is shown. Failures are worded in `explain.rs`.

mod account_details;
mod candidate_names;
mod clocks;
mod countries;
mod demo_reset;
mod identity;
mod languages;
mod licence_form;
mod organisation_form;
mod seeds;
mod support_reference;
mod text;

pub use account_details::{account_name_problem, start_date_problem};
pub use candidate_names::candidate_name;
pub use clocks::{captcha_clock_note, service_clock_difference};
pub use countries::country_name;
pub use demo_reset::demo_reset_blocked;
pub use identity::identity_problem;
pub use languages::language_name;
pub use licence_form::licence_field_problem;
pub use organisation_form::field_problem;
pub use seeds::{seed_summary, seed_title, start_at_blocked};
pub use support_reference::support_reference;
pub use text::text_problem;
