//! Words for a problem with the product's identity (its product ID and provider ID), shown beside the field.

use crate::wizard::IdentityProblem;

/// What to enter instead, for the field `problem` is about.
#[must_use]
pub fn identity_problem(problem: IdentityProblem) -> &'static str {
    match problem {
        IdentityProblem::ProductId => "Enter the product ID, like sage.uk.myproduct (no spaces)",
        IdentityProblem::ProviderId => "Enter the provider ID, like integrate.my.provider (no spaces)",
        IdentityProblem::TestProductIdOnProduction => {
            "The documented test product ID is never valid on Production: enter your product's own ID"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Environment, Region};
    use crate::wizard::Wizard;

    #[test]
    fn each_identity_problem_says_what_to_enter() {
        let mut wizard = Wizard::new();
        wizard.session_mut().settings.identity.product_id = "sage uk".into();
        let words = |wizard: &Wizard| wizard.identity_problem().map(identity_problem);
        assert_eq!(words(&wizard), Some("Enter the product ID, like sage.uk.myproduct (no spaces)"));
        wizard.session_mut().settings.identity.product_id = crate::config::TEST_PRODUCT_ID.into();
        wizard.session_mut().settings.identity.provider_id = String::new();
        assert_eq!(words(&wizard), Some("Enter the provider ID, like integrate.my.provider (no spaces)"));
        wizard.session_mut().settings.identity.provider_id = "integrate.my.provider".into();
        assert_eq!(words(&wizard), None);
        wizard.session_mut().settings.environment = Environment::Production(Region::Eu);
        assert_eq!(
            words(&wizard),
            Some("The documented test product ID is never valid on Production: enter your product's own ID")
        );
    }
}
