//! Ready specs that `scaffold new --preset` starts from, embedded in the binary.

use include_dir::{Dir, include_dir};

static PRESETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/presets");

/// The name of the spec used when neither a spec nor a preset is given.
const BLANK: &str = "default";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Preset {
    pub name: &'static str,
    pub source: &'static str,
}

impl Preset {
    /// The preset's `[project] description`.
    pub(crate) fn description(&self) -> String {
        self.source
            .parse::<toml::Table>()
            .ok()
            .and_then(|table| {
                table
                    .get("project")?
                    .get("description")?
                    .as_str()
                    .map(str::to_owned)
            })
            .unwrap_or_default()
    }
}

/// Every preset but the blank one, by name.
pub(crate) fn all() -> Vec<Preset> {
    let mut presets: Vec<Preset> = PRESETS
        .files()
        .filter_map(|file| {
            let name = file.path().file_stem()?.to_str()?;
            (file.path().extension()? == "toml" && name != BLANK)
                .then(|| {
                    Some(Preset {
                        name,
                        source: file.contents_utf8()?,
                    })
                })
                .flatten()
        })
        .collect();
    presets.sort_by_key(|preset| preset.name);
    presets
}

pub(crate) fn get(name: &str) -> Option<Preset> {
    all().into_iter().find(|preset| preset.name == name)
}

/// The blank spec: one `item` resource.
pub(crate) fn blank() -> &'static str {
    PRESETS
        .get_file(format!("{BLANK}.toml"))
        .and_then(|file| file.contents_utf8())
        .expect("the blank spec is embedded")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_listed_with_descriptions_and_all_valid() {
        let names: Vec<&str> = all().iter().map(|preset| preset.name).collect();
        assert_eq!(names, ["blog", "minimal", "saas", "shop"]);
        for preset in all() {
            assert!(!preset.description().is_empty(), "{}", preset.name);
            crate::spec::parse(preset.source, preset.name).unwrap_or_else(|e| panic!("{e}"));
        }
        crate::spec::parse(blank(), "default").unwrap();
        assert!(get("nope").is_none());
    }
}
