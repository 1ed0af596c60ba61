//! `precompress DIR`: writes `NAME.br` (brotli, quality 11) and `NAME.gz` (gzip, level 9) next
//! to each file of a build whose name carries its content hash (so the copies never go stale),
//! for the servers that hand them out as they are: the NetBox plugin, nginx's `gzip_static`
//! and `brotli_static`. Prints each file's raw, gzip and brotli size.

use flate2::write::GzEncoder;
use flate2::Compression;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The files a page loads, named by their content (trunk, tools/externalize-boot.sh).
fn hashed(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let hash = stem.rsplit_once('-').map_or("", |(_, hash)| hash);
    matches!(ext, "wasm" | "js" | "css")
        && (8..=16).contains(&hash.len())
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

fn brotli(raw: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params).expect("writing to memory");
    out
}

fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(raw).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

fn compress(dir: &Path) -> std::io::Result<Vec<(String, usize, usize, usize)>> {
    let mut names: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(hashed))
        .collect();
    names.sort();
    let mut sizes = Vec::new();
    for path in names {
        let raw = fs::read(&path)?;
        let (br, gz) = (brotli(&raw), gzip(&raw));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        fs::write(dir.join(format!("{name}.br")), &br)?;
        fs::write(dir.join(format!("{name}.gz")), &gz)?;
        sizes.push((name, raw.len(), gz.len(), br.len()));
    }
    Ok(sizes)
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: precompress DIR");
        return ExitCode::from(2);
    };
    match compress(&dir) {
        Ok(sizes) => {
            println!("{:<48} {:>10} {:>10} {:>10}", "file", "raw", "gzip -9", "brotli 11");
            for (name, raw, gz, br) in sizes {
                let kb = |n: usize| format!("{:.1} KB", n as f64 / 1000.0);
                println!("{name:<48} {:>10} {:>10} {:>10}", kb(raw), kb(gz), kb(br));
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("precompress {}: {error}", dir.display());
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_named_files_get_copies() {
        for name in
            ["proxbox-ha-1a2b3c4d5e6f7a8b_bg.wasm", "main-0123abcd.css", "boot-89abcdef01.js"]
        {
            assert!(hashed(name), "{name}");
        }
        for name in ["index.html", "config.json", "main.css", "x-nothex12.js", "a-0123abcd.png"] {
            assert!(!hashed(name), "{name}");
        }
    }

    #[test]
    fn the_copies_decode_to_the_file() {
        let raw = b"proxbox-ha ".repeat(1000);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(&raw)[..], &mut back).unwrap();
        assert_eq!(back, raw);
        let mut back = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzip(&raw)[..]), &mut back)
            .unwrap();
        assert_eq!(back, raw);
    }
}
