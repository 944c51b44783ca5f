//! Where exports go and how they are written: a file name per kind stamped with the export's UTC time
//! (`bankfeeds-session-20261122-103000.har`), a folder that must already exist, a name never taken over (` (2)`,
//! ` (3)`… when it is), and an atomic write through `store::write_atomically`; or the very file the person chose in
//! the save dialog. The default folder is the person's Downloads folder. Writes only the bytes it is given.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::store::{FreeNameError, write_atomically, write_under_free_name};

/// How many numbered names are tried before giving up (`name (2)` to `name (999)`).
const NUMBERED_NAMES_TRIED: u32 = 999;

/// What an export holds, which decides its file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// The session's exchanges as HAR 1.2.
    Har,
    /// The timeline as a Markdown transcript.
    Transcript,
    /// The support bundle (zip).
    SupportBundle,
    /// A picture of the window taken with a QA mark (PNG).
    QaScreenshot,
}

impl ExportKind {
    /// The file name of this kind of export made at `at`: `bankfeeds-<what>-<yyyymmdd>-<hhmmss>.<extension>`, UTC.
    #[must_use]
    pub fn file_name(self, at: Timestamp) -> String {
        self.numbered_file_name(at, 1)
    }

    /// The file name with ` (number)` before the extension, from 2 on (`… (2).har`).
    fn numbered_file_name(self, at: Timestamp, number: u32) -> String {
        let stamp = at.strftime("%Y%m%d-%H%M%S");
        let (stem, extension) = (self.stem(), self.extension());
        if number < 2 {
            format!("{stem}-{stamp}.{extension}")
        } else {
            format!("{stem}-{stamp} ({number}).{extension}")
        }
    }

    /// What the export is, in words fit for a button or a message.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Har => "HAR file",
            Self::Transcript => "timeline transcript",
            Self::SupportBundle => "support bundle",
            Self::QaScreenshot => "QA screenshot",
        }
    }

    /// This kind of file in words, as a save dialog's filter names it.
    #[must_use]
    pub fn file_type_name(self) -> &'static str {
        match self {
            Self::Har => "HAR files",
            Self::Transcript => "Markdown files",
            Self::SupportBundle => "Zip archives",
            Self::QaScreenshot => "PNG pictures",
        }
    }

    /// The pattern of this kind's file names, like `*.har`.
    #[must_use]
    pub fn file_pattern(self) -> String {
        format!("*.{}", self.extension())
    }

    fn stem(self) -> &'static str {
        match self {
            Self::Har => "bankfeeds-session",
            Self::Transcript => "bankfeeds-timeline",
            Self::SupportBundle => "bankfeeds-support",
            Self::QaScreenshot => "bankfeeds-qa",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Har => "har",
            Self::Transcript => "md",
            Self::SupportBundle => "zip",
            Self::QaScreenshot => "png",
        }
    }
}

/// Why an export was not written; each sentence says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The chosen folder does not exist.
    #[error("The folder {} does not exist. Choose another folder, or create this one and export again.", .0.display())]
    FolderMissing(PathBuf),
    /// The chosen path is a file, not a folder.
    #[error("{} is a file, not a folder. Choose the folder to save the export in.", .0.display())]
    NotAFolder(PathBuf),
    /// The name chosen is a folder's, or not a file name this program can write.
    #[error("{} cannot be written as a file. Choose a file name, not a folder.", .0.display())]
    NotAFile(PathBuf),
    /// The folder could not be looked at.
    #[error(
        "The folder {} could not be opened ({source}). Check that you may write to it, or choose another folder.",
        folder.display()
    )]
    FolderUnreadable {
        /// The folder.
        folder: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Every name tried was taken.
    #[error(
        "The folder {} already holds too many exports named {name}. Move some away, or choose another folder.",
        folder.display()
    )]
    NoFreeName {
        /// The folder.
        folder: PathBuf,
        /// The first name tried.
        name: String,
    },
    /// The file could not be written.
    #[error(
        "{} could not be written ({source}). Check that the disk has room and that you may write to the folder, \
         then export again.",
        path.display()
    )]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Writes `contents` as a `kind` export made at `at` into `folder`, under a name no file had yet; returns where.
/// The folder must exist already. The file appears whole or not at all.
pub fn write_export(folder: &Path, kind: ExportKind, at: Timestamp, contents: &[u8]) -> Result<PathBuf, ExportError> {
    check_folder(folder)?;
    let numbered = |number| kind.numbered_file_name(at, number);
    write_under_free_name(folder, NUMBERED_NAMES_TRIED, numbered, contents).map_err(|error| match error {
        FreeNameError::NoFreeName => ExportError::NoFreeName { folder: folder.to_owned(), name: kind.file_name(at) },
        FreeNameError::Claim { path, source } | FreeNameError::Write { path, source } => {
            ExportError::Write { path, source }
        }
    })
}

/// Writes `contents` as the file `path`, the one the person chose in the save dialog (which has asked already whether
/// to replace a file of that name): the file appears whole or not at all. Its folder must exist already.
pub fn write_export_as(path: &Path, contents: &[u8]) -> Result<PathBuf, ExportError> {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name().and_then(|name| name.to_str())) else {
        return Err(ExportError::NotAFile(path.to_owned()));
    };
    check_folder(folder)?;
    if path.is_dir() {
        return Err(ExportError::NotAFile(path.to_owned()));
    }
    match write_atomically(folder, name, contents) {
        Ok(()) => Ok(path.to_owned()),
        Err(source) => Err(ExportError::Write { path: path.to_owned(), source }),
    }
}

/// Fails unless `folder` is an existing folder.
fn check_folder(folder: &Path) -> Result<(), ExportError> {
    match std::fs::metadata(folder) {
        Ok(metadata) if metadata.is_dir() => Ok(()),
        Ok(_) => Err(ExportError::NotAFolder(folder.to_owned())),
        Err(error) if error.kind() == ErrorKind::NotFound => Err(ExportError::FolderMissing(folder.to_owned())),
        Err(source) => Err(ExportError::FolderUnreadable { folder: folder.to_owned(), source }),
    }
}

/// Where exports go unless the person chooses otherwise: their Downloads folder, else their home folder, else the
/// current folder.
#[must_use]
pub fn default_export_folder() -> PathBuf {
    let user_folders = directories::UserDirs::new();
    user_folders
        .as_ref()
        .and_then(|folders| folders.download_dir().map(Path::to_path_buf))
        .or_else(|| user_folders.as_ref().map(|folders| folders.home_dir().to_path_buf()))
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests;
