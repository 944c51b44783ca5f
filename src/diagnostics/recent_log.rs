//! `RecentLog`: the last lines the program logged, kept in memory for the support bundle. It is a
//! `tracing_subscriber::fmt::MakeWriter`, so a second fmt layer (without ANSI colours) can write into it beside the
//! one writing to stderr. Bounded in lines and in the length of a line; shared between threads; a poisoned lock is
//! taken over, never a panic. It keeps what the logs say, and the logs never hold a secret.

use std::collections::VecDeque;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tracing_subscriber::fmt::MakeWriter;

/// How many lines a session keeps by default.
pub const LINES_KEPT: usize = 2_000;

/// The longest line kept, in bytes; the rest of a longer line is dropped and the cut marked.
pub const LINE_BYTES_KEPT: usize = 8 * 1024;

/// What ends a line that was cut.
const CUT_MARK: &str = " …[cut]";

/// The last lines logged, oldest first; cheap to clone (every clone is the same buffer).
#[derive(Clone, Debug)]
pub struct RecentLog {
    inner: Arc<Mutex<Lines>>,
}

#[derive(Debug)]
struct Lines {
    kept: VecDeque<String>,
    capacity: usize,
    /// The bytes of a line whose end has not been written yet.
    unfinished: Vec<u8>,
    let_go: u64,
}

impl Default for RecentLog {
    fn default() -> Self {
        Self::new(LINES_KEPT)
    }
}

impl RecentLog {
    /// An empty log that keeps the last `capacity` lines (at least one).
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        let lines = Lines {
            kept: VecDeque::with_capacity(capacity.min(LINES_KEPT)),
            capacity,
            unfinished: Vec::new(),
            let_go: 0,
        };
        Self { inner: Arc::new(Mutex::new(lines)) }
    }

    /// Every line kept, oldest first, each ending in a line break (a line still being written is included).
    #[must_use]
    pub fn text(&self) -> String {
        let lines = self.lines();
        let mut text = String::with_capacity(lines.kept.iter().map(|line| line.len() + 1).sum());
        for line in &lines.kept {
            text.push_str(line);
            text.push('\n');
        }
        if !lines.unfinished.is_empty() {
            text.push_str(&String::from_utf8_lossy(&lines.unfinished));
            text.push('\n');
        }
        text
    }

    /// How many lines are kept.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lines().kept.len()
    }

    /// True when nothing was logged (or everything is still on its first line).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.lines().kept.is_empty()
    }

    /// How many older lines were let go.
    #[must_use]
    pub fn let_go(&self) -> u64 {
        self.lines().let_go
    }

    fn lines(&self) -> MutexGuard<'_, Lines> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Lines {
    /// Takes `bytes` in, keeping every line they finish.
    fn take(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some(end) = rest.iter().position(|&byte| byte == b'\n') {
            self.append_unfinished(&rest[..end]);
            let line = std::mem::take(&mut self.unfinished);
            self.keep(&line);
            rest = &rest[end + 1..];
        }
        self.append_unfinished(rest);
    }

    /// Adds to the unfinished line, up to one byte past the most kept, so that a cut can still be told.
    fn append_unfinished(&mut self, bytes: &[u8]) {
        let room = (LINE_BYTES_KEPT + 1).saturating_sub(self.unfinished.len());
        self.unfinished.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    fn keep(&mut self, bytes: &[u8]) {
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let mut line = String::from_utf8_lossy(bytes).into_owned();
        if bytes.len() > LINE_BYTES_KEPT {
            let mut end = LINE_BYTES_KEPT.min(line.len());
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            line.truncate(end);
            line.push_str(CUT_MARK);
        }
        self.kept.push_back(line);
        while self.kept.len() > self.capacity {
            self.kept.pop_front();
            self.let_go += 1;
        }
    }
}

/// A writer into a [`RecentLog`], made for each event by the fmt layer.
#[derive(Debug)]
pub struct RecentLogWriter {
    log: RecentLog,
}

impl io::Write for RecentLogWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.log.lines().take(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'writer> MakeWriter<'writer> for RecentLog {
    type Writer = RecentLogWriter;

    fn make_writer(&'writer self) -> Self::Writer {
        RecentLogWriter { log: self.clone() }
    }
}

#[cfg(test)]
mod tests;
