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

    /// Ctrl-C (or a kill signal) while coop was working; nothing was changed.
    #[error("{0}")]
    Interrupted(String),
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
            Error::Interrupted(_) => 130,
            Error::BrokenPipe => 0,
        }
    }
}

/// A Dutch description of an I/O failure. Never the English text of the
/// operating system, and never the name of a temp file.
fn io_message(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "bestand of map niet gevonden. Controleer het pad.".into(),
        PermissionDenied => {
            "geen toegang. Controleer de rechten op dit bestand of deze map.".into()
        }
        AlreadyExists => "bestaat al.".into(),
        ReadOnlyFilesystem => {
            "deze schijf is alleen-lezen. Kies een map waarin je mag schrijven.".into()
        }
        StorageFull | QuotaExceeded => {
            "de schijf is vol. Maak ruimte vrij en probeer het opnieuw.".into()
        }
        FileTooLarge => "het bestand is te groot voor deze schijf.".into(),
        IsADirectory => "dit is een map, geen bestand. Geef de naam van een bestand.".into(),
        NotADirectory => "een deel van het pad is geen map. Controleer het pad.".into(),
        DirectoryNotEmpty => "de map is niet leeg.".into(),
        InvalidData => {
            "dit bestand is geen UTF-8-tekst. Sla het op als UTF-8 in je teksteditor.".into()
        }
        Interrupted | WouldBlock | TimedOut => {
            "lezen of schrijven werd onderbroken. Probeer het opnieuw.".into()
        }
        _ => match err.raw_os_error() {
            Some(code) => format!(
                "lezen of schrijven lukt niet (foutcode {code} van het systeem). Controleer het pad en de schijf."
            ),
            None => "lezen of schrijven lukt niet. Controleer het pad en de schijf.".into(),
        },
    }
}

/// Longest excerpt of a user's value that a message repeats.
pub const EXCERPT_CHARS: usize = 40;

/// A user's value as a message repeats it: at most `EXCERPT_CHARS`
/// characters (then "…"), on one line, without control characters.
pub fn excerpt(value: &str) -> String {
    let mut out = String::new();
    for (n, c) in value.chars().enumerate() {
        if n == EXCERPT_CHARS {
            out.push('…');
            return out;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_and_on_one_line() {
        assert_eq!(excerpt("kort"), "kort");
        let long = "a".repeat(1000);
        assert_eq!(excerpt(&long).chars().count(), EXCERPT_CHARS + 1);
        assert_eq!(excerpt("a\nb\x1b[2J"), "a b [2J");
    }

    #[test]
    fn io_messages_are_dutch() {
        for e in [
            std::io::Error::from_raw_os_error(30),
            std::io::Error::from_raw_os_error(28),
            std::io::Error::from_raw_os_error(5),
            std::io::Error::other("tmp/.coop-abc: something"),
        ] {
            let m = io_message(&e);
            assert!(!m.contains("os error"), "{m}");
            assert!(!m.contains(".coop-"), "{m}");
        }
        assert!(io_message(&std::io::Error::from_raw_os_error(30)).contains("alleen-lezen"));
    }
}
