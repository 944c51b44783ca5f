//! The emulator explains itself, and what it says works: the real `bankfeeds-onboard emulator` process is started as
//! docs/emulator-reference.md says, and the reference's whole curl session ("Every call with curl") is run against it
//! with bash, curl and jq, every curl failing the run on an HTTP error unless the line documents one, and every line
//! that documents its answer (`… # 204`, `… # active`) giving exactly that; then the banner's own first calls are run
//! as it prints them, from a captcha to a signed access token.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::real_binary::BINARY;

/// The emulator process, killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.kill().is_ok() {
            self.0.wait().ok();
        }
    }
}

/// A started emulator: its address (`127.0.0.1:port`), application signing key and banner.
struct Emulator {
    _process: Running,
    address: String,
    application_key: String,
    banner: Vec<String>,
}

/// Starts `bankfeeds-onboard emulator` with `args` and reads its banner.
fn start(args: &[&str]) -> Emulator {
    let mut process = Running(
        Command::new(BINARY)
            .arg("emulator")
            .args(args)
            .env("RUST_LOG", "off")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the emulator starts"),
    );
    let stdout = process.0.stdout.take().expect("its standard output");
    let mut banner = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a banner line");
        let done = line.starts_with("Serving until Ctrl-C.");
        banner.push(line);
        if done {
            break;
        }
    }
    let after = |prefix: &str| {
        banner
            .iter()
            .find_map(|line| line.strip_prefix(prefix).map(|rest| rest.trim().to_owned()))
            .unwrap_or_else(|| panic!("the banner has no \"{prefix}\": {banner:#?}"))
    };
    let address = after("Sage Banking Service emulator, listening on");
    let application_key = after("Application signing key:");
    Emulator { _process: process, address, application_key, banner }
}

/// The shell blocks of the reference's section `heading`, in order.
fn shell_blocks(reference: &str, heading: &str) -> Vec<String> {
    let start = reference.find(heading).unwrap_or_else(|| panic!("the reference has no \"{heading}\""));
    let section = &reference[start + heading.len()..];
    let section = section.find("\n## ").map_or(section, |end| &section[..end]);
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in section.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```sh") => current = Some(Vec::new()),
            (Some(block), "```") => {
                blocks.push(block.join("\n"));
                current = None;
            }
            (Some(block), _) => block.push(line),
            (None, _) => {}
        }
    }
    blocks
}

/// The answer a line documents at its end (`… # 204`): one word after a `#` that follows a command.
fn documented_answer(line: &str) -> Option<(&str, &str)> {
    let (command, comment) = line.rsplit_once(" # ")?;
    let answer = comment.trim();
    let one_word = !answer.is_empty() && !answer.contains(char::is_whitespace);
    (one_word && !command.trim().is_empty() && !command.trim_start().starts_with('#'))
        .then_some((command.trim_end(), answer))
}

/// The session as bash runs it: each curl fails on an HTTP error (`--fail-with-body`) unless its line reads the
/// error's code; each line that documents its answer is checked against it. Heredocs are left as they are.
fn checked_script(session: &str) -> String {
    let mut script =
        vec!["set -euo pipefail".to_owned(), "curl_ok() { command curl --fail-with-body \"$@\"; }".to_owned()];
    let mut heredoc_end: Option<String> = None;
    for (number, line) in session.lines().enumerate() {
        if let Some(end) = &heredoc_end {
            if line.trim() == end {
                heredoc_end = None;
            }
            script.push(line.to_owned());
            continue;
        }
        if let Some((_, end)) = line.split_once("<<") {
            heredoc_end = Some(end.trim().trim_matches('\'').to_owned());
        }
        let reads_an_error = line.contains("jq -r .code");
        let line = if reads_an_error { line.to_owned() } else { line.replace("curl ", "curl_ok ") };
        match documented_answer(&line) {
            Some((command, answer)) => script.push(format!(
                "got=$({command}); [ \"$got\" = '{answer}' ] || {{ echo \"line {n}: expected {answer}, got $got\" >&2; \
                 exit 1; }}",
                n = number + 1
            )),
            None => script.push(line),
        }
    }
    script.join("\n")
}

/// Runs `script` with bash in `folder`, this build's binary first on PATH; its standard output, or a failure with
/// everything it said.
fn run_bash(script: &str, folder: &Path) -> String {
    let binary_dir = Path::new(BINARY).parent().expect("the binary's folder");
    let path = format!("{}:{}", binary_dir.display(), std::env::var("PATH").unwrap_or_default());
    let output = Command::new("timeout")
        .args(["120", "bash", "-c", script])
        .current_dir(folder)
        .env("PATH", path)
        .env_remove("BANKFEEDS_SIGNING_KEY")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "the script failed ({}):\n--- stderr\n{}\n--- stdout\n{stdout}\n--- script\n{script}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn require_tools() {
    crate::support::require_tools(&["bash", "curl", "jq", "timeout"], "install curl and jq (apt install curl jq)");
}

#[test]
#[ignore = "needs curl and jq"]
fn every_curl_of_the_emulator_reference_gets_its_documented_answer() {
    require_tools();
    let reference = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/emulator-reference.md"))
        .expect("docs/emulator-reference.md");
    let blocks = shell_blocks(&reference, "## Every call with curl");
    let (start_block, session) = blocks.split_first().expect("the section starts the emulator");
    let documented_port = "127.0.0.1:8080";
    let args: Vec<String> = start_block
        .split_whitespace()
        .skip_while(|word| *word != "emulator")
        .skip(1)
        .map(|word| word.replace(documented_port, "127.0.0.1:0"))
        .collect();
    assert!(args.iter().any(|arg| arg == "--listen"), "the reference starts it on a known address: {start_block}");
    let emulator = start(&args.iter().map(String::as_str).collect::<Vec<_>>());

    let session = session.join("\n").replace(documented_port, &emulator.address);
    assert!(session.contains("APP_KEY=…"), "the web product's key is the banner's");
    let session = session.replace("APP_KEY=…", &format!("APP_KEY={}", emulator.application_key));
    let curls = session.matches("curl ").count();
    let checked = session.lines().filter(|line| documented_answer(line).is_some()).count();
    let folder = tempfile::tempdir().expect("a folder");
    run_bash(&checked_script(&session), folder.path());
    eprintln!("the reference's session: {curls} curl calls, {checked} documented answers checked");
    assert!(curls >= 25 && checked >= 6, "the session still covers every call: {curls} curls, {checked} checked");
}

#[test]
#[ignore = "needs curl and jq"]
fn the_banners_first_calls_run_as_printed_from_the_licence_to_a_signed_access_token() {
    require_tools();
    let emulator = start(&["--listen", "127.0.0.1:0", "--captcha-text", "HELLO"]);
    let section: Vec<&str> = emulator
        .banner
        .iter()
        .skip_while(|line| !line.starts_with("First calls with curl"))
        .skip(1)
        .take_while(|line| !line.is_empty())
        .map(String::as_str)
        .collect();
    let commands = banner_commands(&section);
    let [request_token, captcha, organisation, signed @ ..] = commands.as_slice() else {
        panic!("the banner gives the licence, captcha, organisation and signed calls: {commands:#?}")
    };
    let folder = tempfile::tempdir().expect("a folder");
    let json = |script: &str| -> serde_json::Value {
        let out = run_bash(&format!("set -euo pipefail\n{script} --fail-with-body -s"), folder.path());
        serde_json::from_str(&out).unwrap_or_else(|error| panic!("{error}: {out}"))
    };
    assert!(json(request_token)["requestId"].is_string(), "requestToken answers with a request");
    let captcha_id = json(captcha)["captchaId"].as_str().expect("a captcha").to_owned();
    let created = json(&organisation.replace("CAPTCHA-ID", &captcha_id));
    let field = |name: &str| created[name].as_str().unwrap_or_else(|| panic!("no {name}: {created}")).to_owned();
    let company = created["companies"][0].as_str().expect("a company").to_owned();
    let signed = signed
        .join("\n")
        .replace("=KEY ", &format!("={} ", field("token")))
        .replace("ORGANISATION-ID", &field("organisationId"))
        .replace("COMPANY-ID", &company);
    let token = json(&signed);
    assert!(token["jwt"].as_str().is_some_and(|jwt| jwt.split('.').count() == 3), "a JWT: {token}");
}

/// The commands among the banner's lines: a line starting with `curl`, `export` or `SIG=` and the lines that continue
/// it (after a `\` or inside a quoted body); the prose between them left out.
fn banner_commands(lines: &[&str]) -> Vec<String> {
    let mut commands = Vec::new();
    let mut current: Option<String> = None;
    for line in lines {
        let line = line.trim();
        match &mut current {
            Some(command) => {
                command.push('\n');
                command.push_str(line);
            }
            None if ["curl ", "export ", "SIG="].iter().any(|start| line.starts_with(start)) => {
                current = Some(line.to_owned());
            }
            None => continue,
        }
        let command = current.as_deref().unwrap_or_default();
        let open_quote = command.matches('\'').count() % 2 == 1;
        if !open_quote && !command.ends_with('\\') {
            commands.extend(current.take());
        }
    }
    commands
}
