//! The one integration-test binary (each extra binary relinks everything): the client against the real emulator,
//! the whole app in `egui_kittest`, secrets kept out of logs and files, and the real OS keyring.

#[macro_use]
extern crate bankfeeds_onboard;

mod about_ui;
mod action_bar_ui;
mod another_device;
mod appearance_ui;
#[cfg(unix)]
mod atspi_window;
mod bank_search_ui;
mod card_numbers_ui;
mod cli_sentences;
mod client_emulator;
mod close_guard_ui;
mod consent;
#[cfg(unix)]
mod consent_chromium;
mod crash_report;
mod demo_ui;
#[cfg(target_os = "linux")]
mod emulator_connections;
#[cfg(unix)]
mod emulator_https;
#[cfg(unix)]
mod emulator_reference;
#[cfg(unix)]
mod expired_link_headless;
mod expired_link_ui;
mod exports_ui;
mod fault_matrix;
#[cfg(unix)]
mod full_disk;
#[cfg(unix)]
mod honest_exits;
mod hostile_input_ui;
#[cfg(unix)]
mod https_headless;
#[cfg(unix)]
mod https_window;
mod inspector_rows_ui;
mod inspector_ui;
mod keyring_locked;
mod keyring_os;
mod keyring_refuses;
mod keyring_trouble;
#[cfg(unix)]
mod kill_resume;
mod layout_ui;
mod linking_ui;
mod more_accounts_paths;
mod more_accounts_ui;
#[cfg(unix)]
mod nothing_unsaved;
mod onboarding_ui;
#[cfg(unix)]
mod one_copy;
mod overview_ui;
mod plain_words_ui;
mod qa_notes_ui;
#[cfg(unix)]
mod real_binary;
mod reauth_ui;
mod restart;
mod restart_emulator;
mod restart_linking;
#[cfg(target_os = "linux")]
mod save_dialog_portal;
mod save_dialog_ui;
mod scenario_ui;
mod secrets_stay_secret;
mod short_tokens;
mod skewed_clock;
mod start_at_ui;
mod support;
mod support_times_ui;
#[cfg(target_os = "linux")]
mod system_theme;
#[cfg(unix)]
mod tls_emulator;
#[cfg(unix)]
mod unusable_folder;
#[cfg(unix)]
mod webdriver;
