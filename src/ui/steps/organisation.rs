//! The organisation form: company, CRM ID and user, each checked before anything is sent.

use egui::{RichText, Ui};

use crate::ui::theme;
use crate::ui::widgets;
use crate::wizard::{Field, Intent, LANGUAGES, OrganisationStep, ProductKind};

use super::View;

/// Draws the organisation form.
pub fn organisation_ui(ui: &mut Ui, step: &OrganisationStep, view: &mut View<'_>) {
    widgets::heading(ui, "Organisation", "The company to onboard and the person onboarding it.");
    let problem = |field: Field, view: &View<'_>| {
        let problem = if step.show_problems { view.session.organisation.problem(field) } else { None };
        problem.map(|problem| crate::ui::words::field_problem(field, problem))
    };
    let p = [
        problem(Field::CompanyName, view),
        problem(Field::PostalCode, view),
        problem(Field::IndustrialCode, view),
        problem(Field::VatNumber, view),
        problem(Field::CrmId, view),
        problem(Field::Email, view),
        problem(Field::Identity, view),
    ];
    let opening = view.opening;
    let form = &mut view.session.organisation;
    ui.label(RichText::new("Company").color(theme::muted(ui)));
    let name = widgets::text_field(ui, "Company name", &mut form.company_name, "Acme Widgets Ltd", p[0].as_deref());
    super::focus_first(opening, &name);
    widgets::text_field(ui, "Postal code", &mut form.postal_code, "NE13 9AA", p[1].as_deref());
    widgets::text_field(ui, "Standard industrial code", &mut form.industrial_code, "62012", p[2].as_deref());
    widgets::text_field(ui, "VAT number", &mut form.vat_number, "GB123456789", p[3].as_deref());
    let language_name = crate::ui::words::language_name(&form.language).unwrap_or("Choose…");
    let label = ui.label(RichText::new("Language").strong());
    let language =
        egui::ComboBox::from_id_salt("language").selected_text(language_name).width(260.0).show_ui(ui, |ui| {
            for tag in LANGUAGES {
                ui.selectable_value(
                    &mut form.language,
                    tag.to_owned(),
                    crate::ui::words::language_name(tag).unwrap_or(tag),
                );
            }
        });
    language.response.labelled_by(label.id);
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("Customer and user").color(theme::muted(ui)));
    widgets::text_field(ui, "CRM ID", &mut form.crm_id, "the customer's ID in your CRM", p[4].as_deref());
    widgets::text_field(ui, "User e-mail", &mut form.email, "name@company.com", p[5].as_deref());
    widgets::text_field(ui, "User identity", &mut form.identity, "the user's ID in the product", p[6].as_deref());
    if step.show_problems && p.iter().any(Option::is_some) {
        ui.label(RichText::new("Correct the fields marked above to go on").color(theme::danger(ui)));
    }
    let web = view.session.settings.product_kind == ProductKind::Web;
    view.actions.secondary("Back", true, Intent::Back);
    view.actions.primary(if web { "Create organisation" } else { "Continue" }, true, Intent::Continue);
}
