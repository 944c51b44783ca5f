//! The first step: where to onboard, as which product, and (web products) the application key.

use egui::{RichText, Ui};

use crate::config::{Environment, Profile};
use crate::ui::widgets::{self, Tone};
use crate::ui::{explain, theme};
use crate::wizard::{EnvironmentIntent, EnvironmentStep, Intent, ProductKind};

use super::View;

/// Draws the environment step.
pub fn environment_ui(
    ui: &mut Ui,
    step: &EnvironmentStep,
    identity_problem: Option<crate::wizard::IdentityProblem>,
    view: &mut View<'_>,
) {
    widgets::heading(ui, "Where to onboard", "Choose the Sage environment and the product that onboards the customer.");
    // Nothing that decides where the connection goes may change while it is being made.
    let busy = view.session.connecting.is_some() || step.storing_key.is_some();
    ui.add_enabled_ui(!busy, |ui| environment_choice(ui, step, view));
    ui.add_space(theme::SECTION_GAP);
    if step.custom_chosen {
        custom_service_facts(ui);
    } else {
        environment_facts(ui, &view.session.settings.environment);
    }
    let environment = view.session.settings.environment.clone();
    if environment.is_live() && !step.custom_chosen {
        widgets::callout(
            ui,
            Tone::Danger,
            "Production is the live Sage service",
            "Real customers and real banks. Each customer can onboard one organisation per product here, and a mistake cannot be undone by trying again.",
        );
        ui.checkbox(&mut view.session.live_confirmed, "I am onboarding a real customer on the live service");
        if step.confirmation_asked && !view.session.live_confirmed {
            ui.label(RichText::new("Tick the box above to go on to the live service").color(theme::danger(ui)).small());
        }
        ui.add_space(theme::SECTION_GAP);
    }
    ui.add_enabled_ui(!busy, |ui| product_settings(ui, step, identity_problem, view));
    if let Some(problem) = &view.session.connect_problem {
        let text = explain::connect(problem);
        widgets::explained(ui, Tone::Danger, &text);
    }
    if view.session.connecting.is_some() {
        let what =
            if environment.is_local() { "Starting the local emulator…" } else { "Preparing the connection…" };
        view.actions.busy(what);
    } else {
        view.actions.primary("Continue", identity_problem.is_none() && step.storing_key.is_none(), Intent::Continue);
        view.actions.focus_primary_on_open();
    }
}

fn environment_choice(ui: &mut Ui, step: &EnvironmentStep, view: &mut View<'_>) {
    let current = if step.custom_chosen { None } else { Some(view.session.settings.environment.clone()) };
    ui.label(RichText::new("Environment").strong());
    let local = Environment::Local(match current {
        Some(Environment::Local(profile)) => profile,
        _ => Profile::Qa,
    });
    let is_local = current.as_ref().is_some_and(Environment::is_local);
    if ui.radio(is_local, "Local emulator: no account, no network, no real bank").clicked() {
        view.intents.push(EnvironmentIntent::Select(local).into());
    }
    if let Some(Environment::Local(profile)) = current {
        ui.indent("emulator-profile", |ui| {
            ui.horizontal(|ui| {
                ui.label("Emulator profile");
                for choice in [Profile::Qa, Profile::PreProduction, Profile::Production] {
                    if ui.selectable_label(profile == choice, profile_name(choice)).clicked() {
                        view.intents.push(EnvironmentIntent::Select(Environment::Local(choice)).into());
                    }
                }
            });
        });
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Sage environments").color(theme::muted(ui)));
    egui::Grid::new("remote-environments").num_columns(2).spacing([24.0, 4.0]).show(ui, |ui| {
        for pair in Environment::REMOTE.chunks(2) {
            for environment in pair {
                if ui.radio(current.as_ref() == Some(environment), environment.label()).clicked() {
                    view.intents.push(EnvironmentIntent::Select(environment.clone()).into());
                }
            }
            ui.end_row();
        }
    });
    ui.add_space(4.0);
    if ui
        .radio(step.custom_chosen, "Custom Banking Service…: a team's emulator, or a Sage environment not listed")
        .clicked()
    {
        view.intents.push(EnvironmentIntent::ChooseCustom.into());
    }
    if step.custom_chosen {
        ui.indent("custom-service", |ui| custom_service_fields(ui, step, view));
    }
}

/// The custom environment's two roots; once a Continue found a problem, each field says what is wrong with it until
/// it is fixed.
fn custom_service_fields(ui: &mut Ui, step: &EnvironmentStep, view: &mut View<'_>) {
    use crate::config::CustomServiceProblem as Problem;
    let problem = step.custom_problem.as_ref().and_then(|_| view.session.custom_service.parse().err());
    let (banking_problem, token_problem) = match &problem {
        Some(Problem::Banking(root)) => (Some(root.to_string()), None),
        Some(Problem::TokenService(root)) => (None, Some(root.to_string())),
        None => (None, None),
    };
    let input = &mut view.session.custom_service;
    let sentence = |what: &str, problem: Option<String>| problem.map(|problem| format!("{what} {problem}"));
    widgets::text_field(
        ui,
        "Banking Service address",
        &mut input.banking,
        "https://bankdrive.example.com/api/v1/",
        sentence("This address", banking_problem).as_deref(),
    );
    widgets::text_field(
        ui,
        "Token Service address",
        &mut input.token_service,
        "https://tokens.example.com/api/v1/",
        sentence("This address", token_problem).as_deref(),
    );
}

/// What a custom environment is, before it is used.
fn custom_service_facts(ui: &mut Ui) {
    widgets::value_row(
        ui,
        "Connection",
        "HTTPS, checked with this computer's trusted certificates and its proxy settings",
    );
    widgets::value_row(ui, "Organisation limit", Environment::CUSTOM_LIMIT_PHRASE);
    ui.add_space(theme::SECTION_GAP);
}

fn profile_name(profile: Profile) -> &'static str {
    match profile {
        Profile::Qa => "QA (unlimited)",
        Profile::PreProduction => "Pre-production (15)",
        Profile::Production => "Production (1)",
    }
}

fn environment_facts(ui: &mut Ui, environment: &Environment) {
    match (environment.banking_url(), environment.token_service_url()) {
        (Some(banking), Some(token_service)) => {
            widgets::value_row(ui, "Banking Service", banking.as_str());
            widgets::value_row(ui, "Token Service", token_service.as_str());
        }
        _ => widgets::value_row(ui, "Services", "started on 127.0.0.1 when you continue"),
    }
    widgets::value_row(ui, "Organisation limit", &environment.limit_phrase());
    ui.add_space(theme::SECTION_GAP);
}

fn product_settings(
    ui: &mut Ui,
    step: &EnvironmentStep,
    identity_problem: Option<crate::wizard::IdentityProblem>,
    view: &mut View<'_>,
) {
    use crate::wizard::IdentityProblem as Problem;
    ui.label(RichText::new("Product").strong());
    let kind = view.session.settings.product_kind;
    if ui.radio(kind == ProductKind::Desktop, "Desktop product: licence details and a captcha").clicked() {
        view.intents.push(EnvironmentIntent::SelectProductKind(ProductKind::Desktop).into());
    }
    if ui.radio(kind == ProductKind::Web, "Web (trusted) product: signed with the application key").clicked() {
        view.intents.push(EnvironmentIntent::SelectProductKind(ProductKind::Web).into());
    }
    ui.add_space(theme::FIELD_GAP);
    let identity = &mut view.session.settings.identity;
    // Each problem is shown under the field it is about.
    let words = identity_problem.map(crate::ui::words::identity_problem);
    let (product_problem, provider_problem) = match identity_problem {
        Some(Problem::ProductId | Problem::TestProductIdOnProduction) => (words, None),
        Some(Problem::ProviderId) => (None, words),
        None => (None, None),
    };
    widgets::text_field(ui, "Product ID", &mut identity.product_id, "sage.uk.myproduct", product_problem);
    widgets::text_field(ui, "Provider ID", &mut identity.provider_id, "integrate.my.provider", provider_problem);
    if kind == ProductKind::Web {
        application_key(ui, step, view);
    }
}

fn application_key(ui: &mut Ui, step: &EnvironmentStep, view: &mut View<'_>) {
    if view.session.settings.environment.is_local() {
        ui.label(
            RichText::new("The emulator's own application key is put in the keyring for you.").color(theme::muted(ui)),
        );
        return;
    }
    widgets::secret_field(
        ui,
        "Application signing key",
        &mut view.session.application_key_input,
        "paste the key Sage issued to the product",
    );
    ui.horizontal(|ui| {
        let typed = !view.session.application_key_input.trim().is_empty();
        if step.storing_key.is_some() {
            widgets::busy(ui, "Storing in the keyring…");
        } else if widgets::button(ui, "Store in keyring", typed) {
            view.intents.push(EnvironmentIntent::StoreApplicationKey.into());
        }
    });
    match &step.key_result {
        Some(Ok(())) => {
            ui.label(RichText::new("Stored in the OS keyring. It is not shown again.").color(theme::success(ui)));
        }
        Some(Err(problem)) => {
            let text = explain::keyring(problem);
            widgets::explained(ui, Tone::Danger, &text);
        }
        None => {}
    }
}
