//! One error type for the whole tool. Every message is Dutch, names the file,
//! line or flag involved, and suggests a fix. `exit_code` maps each kind onto
//! the documented exit codes (see README).

use std::path::PathBuf;

/// Where in a file something went wrong (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Nothing matched: an unknown id, no objection found, unknown municipality.
    #[error("{message}")]
    NotFound { message: String },

    /// A usage problem the argument parser could not catch (e.g. a bad combination).
    #[error("{0}")]
    Usage(String),

    /// Bad input data: YAML, CSV, profile, journal. Always carries a location.
    #[error("{location}: {message}")]
    Data { location: Location, message: String },

    /// Several data problems at once (validation reports all, not just the first).
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),

    /// A template failed to render.
    #[error("sjabloon {name}: {message}")]
    Template { name: String, message: String },

    /// We refuse to overwrite a file that exists.
    #[error("{} bestaat al. Gebruik --force om het te overschrijven, of kies een andere naam.", .0.display())]
    WouldOverwrite(PathBuf),

    /// stdout was closed by the reader (`coop ... | head -1`): not an error.
    #[error("uitvoer afgebroken")]
    BrokenPipe,

    /// Reading or writing a file failed.
    #[error("{}: {message}", .path.display())]
    Io { path: PathBuf, message: String },
}

impl Error {
    pub fn not_found(message: impl Into<String>) -> Self {
        Error::NotFound {
            message: message.into(),
        }
    }

    pub fn data(location: Location, message: impl Into<String>) -> Self {
        Error::Data {
            location,
            message: message.into(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, err: &std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            message: io_message(err),
        }
    }

    /// The documented exit code: 1 nothing found, 2 usage, 3 data/template/write.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::NotFound { .. } => 1,
            Error::Usage(_) => 2,
            Error::Many(errors) => errors.iter().map(Error::exit_code).max().unwrap_or(3),
            Error::Data { .. }
            | Error::Template { .. }
            | Error::WouldOverwrite(_)
            | Error::Io { .. } => 3,
            Error::BrokenPipe => 0,
        }
    }
}

/// A Dutch description of common I/O failures.
fn io_message(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "bestand of map niet gevonden. Controleer het pad.".into(),
        PermissionDenied => {
            "geen toegang. Controleer de rechten op dit bestand of deze map.".into()
        }
        AlreadyExists => "bestaat al.".into(),
        _ => format!("kan niet lezen of schrijven ({err})."),
    }
}

pub type Result<T> = std::result::Result<T, Error>;
