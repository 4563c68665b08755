//! Open data arrives as a single file or as the zip the source hands out.
//! Both become a list of (name, bytes), within fixed limits so a wrong or
//! hostile file costs bounded time and memory. Pure: bytes in.

use std::io::{Cursor, Read};

use crate::error::{Error, Location, Result};

/// The largest file coop reads (the national results zip is a few MB, the
/// full register export tens of MB).
pub const MAX_FILE: u64 = 128 * 1024 * 1024;
/// The largest file inside a zip, unpacked.
pub const MAX_ENTRY: u64 = 64 * 1024 * 1024;
/// All files in one zip together, unpacked.
pub const MAX_UNPACKED: u64 = 512 * 1024 * 1024;
/// The most files in one zip.
pub const MAX_ENTRIES: usize = 20_000;

fn err(label: &str, message: impl Into<String>) -> Error {
    Error::data(
        Location {
            file: label.to_string(),
            line: 0,
            column: 0,
        },
        message,
    )
}

pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The files to read: the file itself, or each data file (.xml, .csv) in
/// a zip, named "archive.zip/inner.xml" (the flag says it came from a
/// zip). `visit` gets one at a time, so
/// only one unpacked file is in memory.
pub fn each_file(
    label: &str,
    bytes: &[u8],
    mut visit: impl FnMut(&str, &[u8], bool) -> Result<()>,
) -> Result<()> {
    if !is_zip(bytes) {
        return visit(label, bytes, false);
    }
    let broken = |e: zip::result::ZipError| {
        err(
            label,
            format!("het zipbestand is beschadigd of niet compleet ({e}). Download het opnieuw."),
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    if zip.len() > MAX_ENTRIES {
        return Err(err(
            label,
            format!(
                "het zipbestand heeft {} bestanden; coop leest er hoogstens {MAX_ENTRIES}.",
                zip.len()
            ),
        ));
    }
    let mut total = 0u64;
    let mut read_any = false;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(broken)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        let lower = name.to_lowercase();
        if !(lower.ends_with(".xml") || lower.ends_with(".csv")) {
            continue;
        }
        let inner = format!("{label}/{name}");
        if entry.size() > MAX_ENTRY {
            return Err(err(
                &inner,
                format!(
                    "uitgepakt is dit bestand {} MB; coop leest hoogstens {} MB per bestand.",
                    entry.size() / (1024 * 1024),
                    MAX_ENTRY / (1024 * 1024)
                ),
            ));
        }
        // The size in the header can lie: read at most one byte past the limit.
        let mut data = Vec::with_capacity(entry.size().min(MAX_ENTRY) as usize);
        (&mut entry)
            .take(MAX_ENTRY + 1)
            .read_to_end(&mut data)
            .map_err(|e| {
                err(
                    &inner,
                    format!("niet uit te pakken ({e}). Is het zipbestand compleet?"),
                )
            })?;
        if data.len() as u64 > MAX_ENTRY {
            return Err(err(
                &inner,
                format!(
                    "uitgepakt is dit bestand groter dan {} MB; zo'n bestand leest coop niet.",
                    MAX_ENTRY / (1024 * 1024)
                ),
            ));
        }
        total += data.len() as u64;
        if total > MAX_UNPACKED {
            return Err(err(
                label,
                format!(
                    "uitgepakt is het zipbestand groter dan {} MB; zo'n bestand leest coop niet.",
                    MAX_UNPACKED / (1024 * 1024)
                ),
            ));
        }
        read_any = true;
        visit(&inner, &data, true)?;
    }
    if !read_any {
        return Err(err(
            label,
            "in het zipbestand staat geen XML- of CSV-bestand.",
        ));
    }
    Ok(())
}
