//! bankfeeds-onboard: a desktop wizard that onboards a customer of a Sage desktop product to the Sage Banking
//! Service (bank-account linking comes next), with a faithful local emulator of the services it talks to.

#[macro_use]
mod assertions;

pub mod api;
pub mod browser;
pub mod build_info;
pub mod cli;
pub mod config;
pub mod data_folder;
pub mod diagnostics;
pub mod emulator;
pub mod folder_opener;
pub mod runtime;
pub mod save_dialog;
pub mod secrets;
pub mod seeds;
pub mod store;
pub mod system_theme;
pub mod ui;
pub mod wizard;
