//! Shared test helpers: an app wired to an in-memory keyring and a temporary progress folder, and ways to wait for
//! the background runtime without sleeping longer than needed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bankfeeds_onboard::api::redacted::SigningKey;
use bankfeeds_onboard::browser::{BrowserOpener, RecordingBrowser};
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::runtime::{Runtime, RuntimeParts, Secrets};
use bankfeeds_onboard::secrets::{KeySlot, KeyringProblem, KeyringStore, SecretStore};
use bankfeeds_onboard::store::ProgressStore;
use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::Wizard;

/// The answer every captcha of the test emulator accepts.
pub const CAPTCHA_TEXT: &str = "TESTME";

/// How long a test waits for the runtime before it fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// An app, its keyring and its progress folder.
pub struct TestApp {
    /// The app.
    pub app: WizardApp,
    /// The keyring it writes to (keyring-core's in-memory mock store).
    pub secrets: Arc<KeyringStore>,
    /// Its progress folder, removed when dropped.
    pub data_dir: tempfile::TempDir,
}

/// An app on a fresh in-memory keyring and an empty progress folder.
pub fn test_app() -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    test_app_in(data_dir, Arc::new(KeyringStore::in_memory().expect("mock keyring")))
}

/// An app on the given keyring and progress folder (to test a restart).
pub fn test_app_in(data_dir: tempfile::TempDir, secrets: Arc<KeyringStore>) -> TestApp {
    let runtime = runtime(&secrets, data_dir.path());
    TestApp { app: WizardApp::new(runtime), secrets, data_dir }
}

/// The emulator the tests use: every captcha's answer is [`CAPTCHA_TEXT`].
pub fn test_emulator() -> EmulatorConfig {
    EmulatorConfig { captcha_text: Some(CAPTCHA_TEXT.to_owned()), ..EmulatorConfig::default() }
}

/// An app on a fresh in-memory keyring and an empty progress folder, with its own emulator settings.
pub fn test_app_with(emulator: EmulatorConfig) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let secrets = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    let runtime = runtime_with(Arc::clone(&secrets) as Arc<dyn SecretStore>, data_dir.path(), emulator);
    TestApp { app: WizardApp::new(runtime), secrets, data_dir }
}

/// A runtime on the given keyring and progress folder, whose emulator accepts [`CAPTCHA_TEXT`].
pub fn runtime(secrets: &Arc<KeyringStore>, data_dir: &std::path::Path) -> Runtime {
    runtime_on(Arc::clone(secrets) as Arc<dyn SecretStore>, data_dir)
}

/// The test emulator with access tokens that live `lifetime`, a bank that takes a few polls and accounts active after
/// a few seconds: a walk of a link outlives several tokens.
pub fn short_token_emulator(lifetime: Duration) -> EmulatorConfig {
    EmulatorConfig {
        jwt_lifetime: lifetime,
        poll_period: Duration::from_millis(700),
        slow_bank_polls: 3,
        activation_delay: Duration::from_secs(4),
        ..test_emulator()
    }
}

/// A runtime on any secret store and the given progress folder, whose emulator accepts [`CAPTCHA_TEXT`].
pub fn runtime_on(store: Arc<dyn SecretStore>, data_dir: &std::path::Path) -> Runtime {
    runtime_with(store, data_dir, test_emulator())
}

/// A runtime on any secret store, progress folder and emulator settings; the browser only records.
pub fn runtime_with(store: Arc<dyn SecretStore>, data_dir: &std::path::Path, emulator: EmulatorConfig) -> Runtime {
    runtime_with_browser(store, data_dir, emulator, Arc::new(RecordingBrowser::default()))
}

/// A runtime on any secret store, progress folder, emulator settings and browser opener.
pub fn runtime_with_browser(
    store: Arc<dyn SecretStore>,
    data_dir: &std::path::Path,
    emulator: EmulatorConfig,
    browser: Arc<dyn BrowserOpener>,
) -> Runtime {
    runtime_with_clock(store, data_dir, emulator, browser, bankfeeds_onboard::runtime::Clock::system())
}

/// As [`runtime_with_browser`], on a computer whose clock is `clock`.
pub fn runtime_with_clock(
    store: Arc<dyn SecretStore>,
    data_dir: &std::path::Path,
    emulator: EmulatorConfig,
    browser: Arc<dyn BrowserOpener>,
    clock: bankfeeds_onboard::runtime::Clock,
) -> Runtime {
    let parts = RuntimeParts {
        secrets: Secrets::Given(store),
        progress: Some(ProgressStore::new(data_dir)),
        emulator,
        browser,
        request_timeout: None,
        clock,
    };
    Runtime::new(parts, Arc::new(|| {})).expect("runtime starts")
}

/// How long [`eventually`] waits between two looks.
const LOOK_AGAIN_AFTER: Duration = Duration::from_millis(10);

/// Looks with `look` until it finds something, and returns that; fails after [`PATIENCE`] saying what was awaited
/// and what `why_not` says about the last look. The one waiting loop the tests share.
pub fn eventually<T>(what: &str, look: impl FnMut() -> Option<T>, why_not: impl Fn() -> String) -> T {
    eventually_within(PATIENCE, what, look, why_not)
}

/// [`eventually`] with a patience of its own, for what takes longer than [`PATIENCE`] (a real process's next line).
pub fn eventually_within<T>(
    patience: Duration,
    what: &str,
    mut look: impl FnMut() -> Option<T>,
    why_not: impl Fn() -> String,
) -> T {
    let start = Instant::now();
    loop {
        if let Some(found) = look() {
            return found;
        }
        assert!(start.elapsed() < patience, "waited {patience:?} for {what}; {}", why_not());
        std::thread::sleep(LOOK_AGAIN_AFTER);
    }
}

/// [`eventually`] for asynchronous looks (a client's calls): awaits `look` until it finds something, sleeping on
/// tokio's clock between looks; fails after [`PATIENCE`] saying what was awaited and what the last look saw.
pub async fn eventually_async<T, Seen: std::fmt::Debug, Look: Future<Output = Result<T, Seen>>>(
    what: &str,
    mut look: impl FnMut() -> Look,
) -> T {
    let start = Instant::now();
    loop {
        match look().await {
            Ok(found) => return found,
            Err(seen) => assert!(start.elapsed() < PATIENCE, "waited {PATIENCE:?} for {what}; last saw {seen:?}"),
        }
        tokio::time::sleep(LOOK_AGAIN_AFTER).await;
    }
}

/// Steps `harness` until `done` holds for the wizard, or fails after [`PATIENCE`].
pub fn run_until(harness: &mut egui_kittest::Harness<'_, WizardApp>, what: &str, done: impl Fn(&Wizard) -> bool) {
    let harness = std::cell::RefCell::new(harness);
    eventually(
        what,
        || {
            let mut harness = harness.borrow_mut();
            harness.step();
            done(harness.state().wizard()).then(|| harness.step())
        },
        || format!("the wizard is at {:#?}", harness.borrow().state().wizard().step()),
    );
}

/// Steps `harness` until a node labelled `label` shows, or fails after [`PATIENCE`].
pub fn run_until_shown(harness: &mut egui_kittest::Harness<'_, WizardApp>, label: &str) {
    use egui_kittest::kittest::Queryable as _;
    eventually(
        &format!("\"{label}\" on screen"),
        || {
            harness.step();
            harness.query_by_label(label).map(drop)
        },
        String::new,
    );
}

/// A kittest harness drawing `app` in a window of the product's default size.
pub fn harness(app: WizardApp) -> egui_kittest::Harness<'static, WizardApp> {
    egui_kittest::Harness::builder()
        .with_size([1040.0, 780.0])
        .build_ui_state(|ui, app: &mut WizardApp| app.draw(ui), app)
}

/// Focuses the field labelled `label` and types `text` into it, as a person would.
pub fn type_into(harness: &mut egui_kittest::Harness<'_, WizardApp>, label: &str, text: &str) {
    use egui_kittest::kittest::Queryable as _;
    harness.get_by_label(label).focus();
    harness.step();
    harness.get_by_label(label).type_text(text);
    harness.step();
}

/// Presses the button labelled `label` (through AccessKit, so it works wherever the button is scrolled to).
pub fn press(harness: &mut egui_kittest::Harness<'_, WizardApp>, label: &str) {
    use egui_kittest::kittest::Queryable as _;
    harness.get_by_label(label).click_accesskit();
    harness.step();
}

/// A valid organisation form's fields after the company name, each with what is typed in it.
pub const FORM_AFTER_COMPANY: [(&str, &str); 6] = [
    ("Postal code", "NE13 9AA"),
    ("Standard industrial code", "62012"),
    ("VAT number", "GB123456789"),
    ("CRM ID", "CRM-1001"),
    ("User e-mail", "ada@acme.test"),
    ("User identity", "1001"),
];

/// Types a valid organisation form.
pub fn fill_organisation_form(harness: &mut egui_kittest::Harness<'_, WizardApp>, company: &str) {
    type_into(harness, "Company name", company);
    for (label, text) in FORM_AFTER_COMPANY {
        type_into(harness, label, text);
    }
}

/// The wizard and the real runtime without a window: events in, effects executed, answers applied.
pub struct Driver {
    /// The wizard.
    pub wizard: Wizard,
    /// The runtime executing its effects.
    pub runtime: Runtime,
    /// Every effect executed so far, first first.
    pub executed: Vec<bankfeeds_onboard::wizard::Effect>,
}

impl Driver {
    /// A driver on `runtime` with a fresh wizard.
    pub fn new(runtime: Runtime) -> Self {
        Self { wizard: Wizard::new(), runtime, executed: Vec::new() }
    }

    /// Gives the wizard an event and the runtime its effects.
    pub fn send(&mut self, event: impl Into<bankfeeds_onboard::wizard::Event>) {
        for effect in self.wizard.update(event) {
            self.executed.push(effect.clone());
            self.runtime.execute(effect);
        }
    }

    /// Applies the runtime's answers until `done` holds, or fails after [`PATIENCE`].
    pub fn settle(&mut self, what: &str, done: impl Fn(&Wizard) -> bool) {
        let driver = std::cell::RefCell::new(self);
        eventually(
            what,
            || {
                let mut driver = driver.borrow_mut();
                if done(&driver.wizard) {
                    return Some(());
                }
                if let Some(event) = driver.runtime.wait_answer(Duration::from_millis(200)) {
                    driver.send(event);
                }
                None
            },
            || format!("the wizard is at {:#?}", driver.borrow().wizard.step()),
        );
    }

    /// Walks the whole onboarding for a customer with licence `serial`, up to a verified connection.
    pub fn onboard(&mut self, serial: &str) {
        use bankfeeds_onboard::wizard::{KeyPhase, Step};
        self.onboard_from_environment(
            serial,
            |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified),
        );
    }

    /// Walks the onboarding from the environment step for a customer with licence `serial`, until `done` holds after
    /// the organisation is created.
    pub fn onboard_from_environment(&mut self, serial: &str, done: impl Fn(&Wizard) -> bool) {
        self.walk_to_captcha(serial);
        self.send(bankfeeds_onboard::wizard::CaptchaIntent::CreateOrganisation);
        self.settle("the organisation's outcome", done);
    }

    /// Walks the onboarding from the environment step for a customer with licence `serial`, up to a captcha answered
    /// and not yet sent.
    pub fn walk_to_captcha(&mut self, serial: &str) {
        use bankfeeds_onboard::wizard::{CaptchaFetch, Intent, LicenceIntent, Step};
        self.send(Intent::Continue);
        self.settle("the licence step", |w| matches!(w.step(), Step::Licence(_)));
        serial.clone_into(&mut self.wizard.session_mut().licence.fields[0].value);
        self.send(LicenceIntent::Send);
        self.settle("the organisation step", |w| matches!(w.step(), Step::Organisation(_)));
        let form = &mut self.wizard.session_mut().organisation;
        (form.company_name, form.postal_code, form.industrial_code) =
            ("Acme".into(), "NE13 9AA".into(), "62012".into());
        (form.vat_number, form.crm_id, form.email, form.identity) =
            ("GB123456789".into(), "CRM-1".into(), "ada@acme.test".into(), "1001".into());
        self.send(Intent::Continue);
        self.settle(
            "a captcha",
            |w| matches!(w.step(), Step::Captcha(s) if matches!(s.captcha, CaptchaFetch::Ready(_))),
        );
        *self.wizard.session_mut().captcha_answer = CAPTCHA_TEXT.into();
    }

    /// Presses Create organisation and waits until POST organisation stopped on a failure it offers to send again
    /// (`why` names the condition for the failure message); returns that failure.
    pub fn create_organisation_until_stopped(&mut self, why: &str) -> bankfeeds_onboard::api::error::Failure {
        use bankfeeds_onboard::wizard::{CaptchaIntent, CreatePhase, CreateProblem, CreateStep, Step};
        self.send(CaptchaIntent::CreateOrganisation);
        self.settle("POST organisation stopped", |w| {
            matches!(w.step(), Step::Create(CreateStep { phase: CreatePhase::Failed(_), .. }))
        });
        match self.wizard.step() {
            Step::Create(CreateStep { phase: CreatePhase::Failed(CreateProblem::Transient(failure)), .. }) => {
                failure.clone()
            }
            other => panic!("{why} is offered again, but the step is {other:#?}"),
        }
    }

    /// Links the first account at Emulator Slow Bank, then every candidate under its authorisation in one batch, and
    /// checks that each was linked: a walk of several bearer calls spread over some seconds.
    pub fn link_an_account_and_every_candidate(&mut self) {
        use bankfeeds_onboard::wizard::{MoreAccountsIntent, MoreAccountsStep};
        self.link_first_account("emulator-slow-bank-gbr");
        self.open_more_accounts();
        self.send(MoreAccountsIntent::SelectShown(true));
        self.send(MoreAccountsIntent::LinkSelected);
        self.settle("the batch", |w| more_accounts(w).is_some_and(MoreAccountsStep::batch_finished));
        let count = more_accounts(&self.wizard).expect("on more accounts").count();
        assert_eq!((count.linked, count.failed), (count.total, 0), "every account linked: {count:?}");
    }

    /// How many requests of `method` went to a path ending in `path_end`.
    pub fn sent(&self, method: &str, path_end: &str) -> usize {
        let exchanges = self.runtime.exchanges().exchanges();
        exchanges.iter().filter(|e| e.method == method && e.path.ends_with(path_end)).count()
    }

    /// From an onboarded organisation: links `bank` (its consent approved by the browser, see [`approving_browser`]),
    /// creates the bank account and follows it until it is `active`.
    pub fn link_first_account(&mut self, bank: &str) {
        use bankfeeds_onboard::wizard::{
            AccountIntent, AccountPhase, AccountStep, BankIntent, BankList, BankStep, Intent, LinkPhase, LinkStep, Step,
        };
        self.send(Intent::LinkBank);
        self.settle("the bank list", |w| matches!(w.step(), Step::Bank(BankStep { list: BankList::Ready(_), .. })));
        self.send(BankIntent::Choose(bankfeeds_onboard::api::ids::BankId::from(bank)));
        self.settle("the link", |w| matches!(w.step(), Step::Link(LinkStep { phase: LinkPhase::Linked(_), .. })));
        self.send(Intent::Continue);
        self.send(AccountIntent::Create);
        self.settle("an active first account", |w| {
            matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. }) if f.watching().is_none())
        });
    }

    /// From an `active` first account: opens the more-accounts step and waits for the candidates.
    pub fn open_more_accounts(&mut self) {
        use bankfeeds_onboard::wizard::{AccountIntent, Listing};
        self.send(AccountIntent::AddMoreAccounts);
        self.settle("the candidates", |w| more_accounts(w).is_some_and(|s| s.listing == Listing::Ready));
    }

    /// Applies answers until none comes for a while (the last progress save has landed).
    pub fn drain(&mut self) {
        while let Some(event) = self.runtime.wait_answer(Duration::from_millis(300)) {
            self.send(event);
        }
    }
}

/// More accounts, when it is the wizard's step.
pub fn more_accounts(wizard: &Wizard) -> Option<&bankfeeds_onboard::wizard::MoreAccountsStep> {
    match wizard.step() {
        bankfeeds_onboard::wizard::Step::MoreAccounts(step) => Some(step),
        _ => None,
    }
}

/// A browser that, like a person who presses Approve at once, approves every consent page it is sent to (sharing
/// the ticked account), over HTTP on a thread of its own.
pub fn approving_browser() -> RecordingBrowser {
    RecordingBrowser::with_callback(|url| {
        let consent = url.to_string();
        let visit = std::thread::spawn(move || approve_consent(&consent));
        visit.join().expect("the consent visit ends");
    })
}

/// Presses Approve on the consent page at `url` (sharing the ticked account), as a person would; the status answered.
pub fn approve_consent(url: &str) -> u16 {
    approve_consent_with(&reqwest::Client::new(), url)
}

/// [`approve_consent`] with `client`, as a browser with its own trusted certificates.
pub fn approve_consent_with(client: &reqwest::Client, url: &str) -> u16 {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("decision=approve&account=ticked")
            .send()
            .await
            .expect("the consent page answers")
            .status()
            .as_u16()
    })
}

/// Fails the test unless `scripts/test` started a throwaway Secret Service for it (`BANKFEEDS_SECRET_SERVICE=1`): a
/// test of the real OS keyring is `#[ignore = "needs a Secret Service …"]`, and this says why it cannot run when it is
/// run anyway.
pub fn require_secret_service() {
    assert!(
        std::env::var_os("BANKFEEDS_SECRET_SERVICE").is_some(),
        "this test needs a Secret Service and none was started for it: run it with scripts/test, which starts a \
         throwaway gnome-keyring where gnome-keyring and dbus are installed (Debian: apt install gnome-keyring dbus)"
    );
}

/// Where `tool` is on `PATH`, if it is.
#[cfg(unix)]
pub fn on_path(tool: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(tool)).find(|candidate| candidate.is_file())
}

/// Fails the test unless every one of `tools` is on `PATH`, naming those missing and what to `install`.
#[cfg(unix)]
pub fn require_tools(tools: &[&str], install: &str) {
    let missing: Vec<&str> = tools.iter().copied().filter(|tool| on_path(tool).is_none()).collect();
    assert!(
        missing.is_empty(),
        "this test needs {} on PATH, which this machine lacks: {install}",
        missing.join(" and ")
    );
}

/// Every file directly under `dir`, read as text (to search for secrets that must not be there).
pub fn files_text(dir: &std::path::Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).expect("lists").flatten() {
        text.push_str(&String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap_or_default()));
    }
    text
}

/// The in-memory keyring behind a lock a test opens and closes, like a Secret Service collection: while locked, a
/// write is refused and a look-up of a missing item still answers "no such item" (as gnome-keyring does).
pub struct LockableKeyring {
    inner: KeyringStore,
    /// Locked now.
    pub locked: std::sync::atomic::AtomicBool,
    /// The probe passes even while locked: a keyring that takes the probe, then refuses the key itself.
    probe_ignores_lock: bool,
}

impl LockableKeyring {
    /// An unlocked keyring whose probe honours the lock.
    pub fn new() -> Arc<Self> {
        Self::with_probe(false)
    }

    /// An unlocked keyring whose probe passes even while locked.
    pub fn refusing_after_the_probe() -> Arc<Self> {
        Self::with_probe(true)
    }

    fn with_probe(probe_ignores_lock: bool) -> Arc<Self> {
        let inner = KeyringStore::in_memory().expect("mock keyring");
        Arc::new(Self { inner, locked: std::sync::atomic::AtomicBool::new(false), probe_ignores_lock })
    }

    /// Locks or unlocks it.
    pub fn set_locked(&self, locked: bool) {
        self.locked.store(locked, std::sync::atomic::Ordering::SeqCst);
    }

    fn refuse_when_locked(&self) -> Result<(), KeyringProblem> {
        if self.locked.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(KeyringProblem::Locked { detail: "Cannot create an item in a locked collection".into() });
        }
        Ok(())
    }
}

impl SecretStore for LockableKeyring {
    fn store(&self, slot: &KeySlot, key: &SigningKey) -> Result<(), KeyringProblem> {
        self.refuse_when_locked()?;
        self.inner.store(slot, key)
    }
    fn load(&self, slot: &KeySlot) -> Result<SigningKey, KeyringProblem> {
        match self.inner.load(slot) {
            Err(KeyringProblem::Missing) => Err(KeyringProblem::Missing),
            found => self.refuse_when_locked().and(found),
        }
    }
    fn delete(&self, slot: &KeySlot) -> Result<(), KeyringProblem> {
        self.refuse_when_locked()?;
        self.inner.delete(slot)
    }
    fn probe(&self) -> Result<(), KeyringProblem> {
        if !self.probe_ignores_lock {
            self.refuse_when_locked()?;
        }
        self.inner.probe()
    }
}

/// Fails unless every control in the window (button, checkbox, field, list, menu) has an accessible name and no two
/// share one, as a screen reader lists them: "Copy organisation ID", never two "Copy". Returns how many were read.
pub fn assert_controls_named_once(harness: &egui_kittest::Harness<'_, WizardApp>, screen: &str) -> usize {
    use egui::accesskit::Role;
    use egui_kittest::kittest::{NodeT as _, Queryable as _, by};
    let mut names = std::collections::BTreeMap::<String, usize>::new();
    let mut unnamed = Vec::new();
    for node in harness.query_all(by().predicate(|_| true)) {
        let node = node.accesskit_node();
        let control = matches!(
            node.role(),
            Role::Button
                | Role::CheckBox
                | Role::RadioButton
                | Role::TextInput
                | Role::MultilineTextInput
                | Role::SearchInput
                | Role::ComboBox
                | Role::SpinButton
                | Role::Slider
                | Role::Link
                | Role::MenuItem
                | Role::Tab
                | Role::Switch
        );
        if !control || node.is_hidden() {
            continue;
        }
        match node.label().filter(|name| !name.trim().is_empty()) {
            Some(name) => *names.entry(name).or_default() += 1,
            None => unnamed.push(format!("{:?} at {:?}", node.role(), node.bounding_box())),
        }
    }
    assert!(unnamed.is_empty(), "{screen}: controls with no accessible name: {unnamed:?}");
    let alike: Vec<_> = names.iter().filter(|(_, count)| **count > 1).collect();
    assert!(alike.is_empty(), "{screen}: controls sharing a name: {alike:?}");
    names.len()
}
