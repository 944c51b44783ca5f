//! Words for why Reset demo cannot be pressed now, shown when the pointer rests on the disabled button.

use crate::wizard::DemoResetBlocked;

/// Why the demo cannot be reset now.
#[must_use]
pub fn demo_reset_blocked(blocked: DemoResetBlocked) -> &'static str {
    match blocked {
        DemoResetBlocked::NotLocal => "Reset demo is for the local emulator only",
        DemoResetBlocked::Resetting => "The demo is being reset",
        DemoResetBlocked::StepBusy => "Finish or cancel what this step is doing first",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reason_a_reset_is_refused_has_its_sentence() {
        assert_eq!(demo_reset_blocked(DemoResetBlocked::NotLocal), "Reset demo is for the local emulator only");
        assert_eq!(demo_reset_blocked(DemoResetBlocked::Resetting), "The demo is being reset");
        assert_eq!(demo_reset_blocked(DemoResetBlocked::StepBusy), "Finish or cancel what this step is doing first");
    }
}
