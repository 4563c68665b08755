//! The layers, bottom to top. A module may use its own layer and the layers
//! below it, never one above: the test below reads every `crate::` path in
//! `src/` and fails on a path that points up.

/// Top-level modules in order; each may depend only on those before it.
pub const ORDER: &[&str] = &[
    "error", "io", "core", "matching", "compose", "render", "ask", "web", "cli", "commands",
];

#[cfg(test)]
mod tests {
    use super::ORDER;
    use std::path::Path;

    fn rank(module: &str) -> Option<usize> {
        ORDER.iter().position(|m| *m == module)
    }

    fn visit(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn no_module_uses_a_layer_above_it() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        visit(&src, &mut files);
        let mut wrong = Vec::new();
        for file in &files {
            let rel = file.strip_prefix(&src).unwrap();
            let top = rel.iter().next().unwrap().to_string_lossy();
            let top = top.trim_end_matches(".rs");
            let Some(own) = rank(top) else { continue };
            let text = std::fs::read_to_string(file).unwrap();
            for (n, line) in text.lines().enumerate() {
                for (i, _) in line.match_indices("crate::") {
                    let rest = &line[i + "crate::".len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if let Some(r) = rank(&name) {
                        if r > own {
                            wrong.push(format!(
                                "src/{}:{}: {top} uses {name}",
                                rel.display(),
                                n + 1
                            ));
                        }
                    }
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "layers pointing up:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn no_command_line_type_below_the_front_ends() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let cli = rank("cli").unwrap();
        let mut files = Vec::new();
        visit(&src, &mut files);
        let wrong: Vec<String> = files
            .iter()
            .filter(|f| {
                let rel = f.strip_prefix(&src).unwrap();
                let top = rel.iter().next().unwrap().to_string_lossy();
                rank(top.trim_end_matches(".rs")).is_some_and(|r| r < cli)
            })
            .filter(|f| std::fs::read_to_string(f).unwrap().contains("clap::"))
            .map(|f| f.display().to_string())
            .collect();
        assert!(wrong.is_empty(), "clap used below cli: {wrong:?}");
    }

    #[test]
    fn the_check_sees_every_layer() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for m in ORDER {
            assert!(
                src.join(m).is_dir() || src.join(format!("{m}.rs")).is_file(),
                "{m} is not a module"
            );
        }
    }

    #[test]
    fn commands_do_not_call_each_other() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
        let root = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
        let commands: Vec<&str> = root
            .lines()
            .filter_map(|l| l.strip_prefix("pub mod "))
            .map(|l| l.trim_end_matches(';'))
            .filter(|m| *m != "shared")
            .collect();
        assert!(commands.contains(&"letter"), "{commands:?}");
        let mut files = Vec::new();
        visit(&dir, &mut files);
        let mut wrong = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for m in &commands {
                for pattern in [format!("super::{m}::"), format!("commands::{m}::")] {
                    if text.contains(&pattern) {
                        wrong.push(format!("{}: {pattern}", file.display()));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "a command calls another: {wrong:?}");
    }
}
