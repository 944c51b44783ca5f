//! The standalone emulator under many sessions at once: `cargo bench --bench emulator_sessions`. Starts
//! `bankfeeds-onboard emulator --listen 127.0.0.1:0` (the binary cargo built for the bench, or `BANKFEEDS_BINARY`)
//! with `--captcha-text` and a 50 ms `pollPeriod`, then runs `EMULATOR_SESSIONS_ONBOARDINGS` (default 200) onboardings
//! at once (`requestToken`, captcha, POST organisation, access token), then `EMULATOR_SESSIONS_LINKS` (default 1,000)
//! link sessions at once over those organisations (`indirectlinkaccount`, its poll routes polled every `pollPeriod`,
//! the consent approved over HTTP, polled until linked). Prints each phase's wall time and requests per second, the
//! errors (none is injected, so every one counts), and the emulator's peak RSS (`VmHWM`) before and after, so that
//! whether its memory stays bounded can be judged; `EMULATOR_SESSIONS_ROUNDS` (default 1) repeats the link sessions
//! that many times over the same organisations, printing the memory after each round. A link is remembered for a day;
//! so that rounds show what a day of sustained linking does to memory in seconds, the emulator is started with
//! `--link-memory-secs` `EMULATOR_SESSIONS_LINK_MEMORY_SECS` (default 2) and the bench waits that long between rounds:
//! each round's links have expired when the next starts, and are forgotten as it starts its own (0 keeps the day and
//! does not wait). `cargo test --bench emulator_sessions` runs it on the debug build.

#![allow(clippy::print_stdout, reason = "a bench command prints its figures")]

mod emulator_process;
mod emulator_sessions {
    pub mod flows;
}

use std::sync::Arc;
use std::time::{Duration, Instant};

use bankfeeds_onboard::api::Client;
use bankfeeds_onboard::config::AppIdentity;
use emulator_process::{Emulator, Memory};
use emulator_sessions::flows::{self, CAPTCHA_TEXT, Ending, Onboarded, POLLS_BEFORE_APPROVAL};
use tokio::task::JoinSet;

/// The `pollPeriod` the emulator is started with, in milliseconds.
const POLL_PERIOD_MS: &str = "50";
/// The budget of the emulator's peak RSS, in MB.
const PEAK_RSS_BUDGET_MB: u32 = 300;

fn main() {
    let onboardings = setting("EMULATOR_SESSIONS_ONBOARDINGS", 200);
    let links = setting("EMULATOR_SESSIONS_LINKS", 1_000);
    let rounds = setting("EMULATOR_SESSIONS_ROUNDS", 1).max(1);
    let link_memory = setting("EMULATOR_SESSIONS_LINK_MEMORY_SECS", 2);
    let link_memory_arg = link_memory.to_string();
    let mut args = vec!["--captcha-text", CAPTCHA_TEXT, "--poll-period-ms", POLL_PERIOD_MS];
    if link_memory > 0 {
        args.extend(["--link-memory-secs", &link_memory_arg]);
    }
    let emulator = Emulator::start(&args);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    let client = Client::new(emulator.endpoints.clone(), AppIdentity::default()).expect("a client");
    let before = emulator.memory();

    let mut onboarding = runtime.block_on(all_at_once(onboardings, |index| {
        let client = client.clone();
        async move { flows::onboard(&client, index).await }
    }));
    let onboarded: Arc<Vec<Onboarded>> = Arc::new(std::mem::take(&mut onboarding.done));
    assert!(!onboarded.is_empty(), "no organisation was onboarded: {}", onboarding.first_error());
    let after_onboarding = emulator.memory();

    let browser = reqwest::Client::new();
    let mut rounds_memory = Vec::with_capacity(rounds);
    let mut linking = Vec::with_capacity(rounds);
    for round in 0..rounds {
        if round > 0 && link_memory > 0 {
            std::thread::sleep(Duration::from_secs(u64::try_from(link_memory).expect("seconds")));
        }
        linking.push(runtime.block_on(all_at_once(links, |index| {
            let (client, browser, onboarded) = (client.clone(), browser.clone(), Arc::clone(&onboarded));
            async move { flows::link(&client, &browser, &onboarded[index % onboarded.len()]).await }
        })));
        rounds_memory.push(emulator.memory());
    }
    let after = emulator.memory();

    println!(
        "emulator sessions: {onboardings} onboardings at once, then {links} link sessions at once over {} \
         organisations (pollPeriod {POLL_PERIOD_MS} ms, Approve after {POLLS_BEFORE_APPROVAL} pending polls), {}",
        onboarded.len(),
        match link_memory {
            0 => "links remembered a day".to_owned(),
            seconds => format!("links remembered {seconds} s, and {seconds} s between rounds"),
        }
    );
    onboarding.report(&format!("{onboardings} onboardings"));
    for (round, phase) in linking.iter().enumerate() {
        let name = if rounds == 1 {
            format!("{links} link sessions")
        } else {
            format!("{links} link sessions, round {}", round + 1)
        };
        phase.report(&name);
    }
    memory_line("before", before);
    memory_line("after the onboardings", after_onboarding);
    for (round, memory) in rounds_memory.iter().enumerate() {
        memory_line(&format!("after link round {}", round + 1), *memory);
    }
    let errors = onboarding.errors + linking.iter().map(|phase| phase.errors).sum::<usize>();
    println!("figure: emulator sessions errors = {errors} budget <= 0");
    println!("figure: emulator peak RSS before the sessions (MB) = {:.1}", before.peak);
    println!("figure: emulator peak RSS after the sessions (MB) = {:.1} budget <= {PEAK_RSS_BUDGET_MB}", after.peak);
}

/// A count from the environment variable `name`, or `default`.
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().map_or(default, |value| value.parse().expect("a whole number"))
}

/// What a phase of sessions did, all of them started at once.
struct Phase<T> {
    /// What each successful session produced.
    done: Vec<T>,
    /// Requests sent by every session.
    requests: usize,
    /// Sessions ended by a failure, and the failures (the first few are printed).
    errors: usize,
    failures: Vec<String>,
    /// From the first session started to the last ended.
    elapsed: Duration,
}

/// Starts `count` sessions, `session(index)` each, at once on the runtime, and gathers how they ended.
async fn all_at_once<T, F, Fut>(count: usize, session: F) -> Phase<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Ending<T>> + Send + 'static,
{
    let started = Instant::now();
    let mut sessions = JoinSet::new();
    for index in 0..count {
        sessions.spawn(session(index));
    }
    let endings = sessions.join_all().await;
    let elapsed = started.elapsed();
    let mut phase = Phase { done: Vec::new(), requests: 0, errors: 0, failures: Vec::new(), elapsed };
    for ending in endings {
        phase.requests += ending.requests;
        match ending.result {
            Ok(done) => phase.done.push(done),
            Err(failure) => {
                phase.errors += 1;
                phase.failures.push(failure);
            }
        }
    }
    phase
}

impl<T> Phase<T> {
    /// Prints the phase's wall time, its rate and its errors (with the first few failures) as figures named `name`.
    fn report(&self, name: &str) {
        let seconds = self.elapsed.as_secs_f64();
        #[allow(clippy::cast_precision_loss, reason = "a request count far below 2^52")]
        let rate = self.requests as f64 / seconds;
        println!("  {name}: {} requests in {seconds:.2} s, {rate:.0} req/s, {} errors", self.requests, self.errors);
        for failure in self.failures.iter().take(5) {
            println!("    error: {failure}");
        }
        println!("figure: emulator {name} wall time (s) = {seconds:.2}");
        println!("figure: emulator {name} throughput (req/s) = {rate:.0}");
    }

    /// The first failure, or a note that there was none.
    fn first_error(&self) -> &str {
        self.failures.first().map_or("no failure", String::as_str)
    }
}

/// Prints the emulator's peak and current resident memory at `moment`.
fn memory_line(moment: &str, memory: Memory) {
    println!("  emulator memory {moment}: peak RSS {:.1} MB, RSS {:.1} MB", memory.peak, memory.now);
}
