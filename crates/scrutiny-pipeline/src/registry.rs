//! The registry: every source plugin, in detection order, and how a page picks one.
//!
//! One macro invocation lists the plugins; `cargo xtask new-source` appends to it. The order
//! is the detection order when two plugins are equally sure, so runs are deterministic.

use scrutiny_core::{Document, RejectCode, Source};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

macro_rules! registry {
    ($($name:ident => $krate:ident),+ $(,)?) => {
        /// Every registered plugin name, in detection order.
        pub const NAMES: &[&str] = &[$(stringify!($name)),+];

        /// One plugin as the pipeline configures it: its name and its options.
        #[derive(Debug, Clone)]
        #[allow(non_camel_case_types)]
        pub enum SourceConfig {
            $(
                #[doc = concat!("The `", stringify!($name), "` plugin.")]
                $name($krate::Options),
            )+
        }

        impl SourceConfig {
            /// The plugin's registry name.
            pub fn name(&self) -> &'static str {
                match self { $(Self::$name(_) => stringify!($name)),+ }
            }

            /// Every registered plugin with its default options, in registry order.
            pub fn all_defaults() -> Vec<SourceConfig> {
                vec![$(Self::$name(Default::default())),+]
            }

            /// Build the running plugin.
            pub fn build(&self) -> Box<dyn Source> {
                match self { $(Self::$name(o) => Box::new($krate::Plugin::new(o.clone()))),+ }
            }

            fn options<'de, A: MapAccess<'de>>(name: &str, map: Option<&mut A>) -> Result<Self, A::Error> {
                match name {
                    $(stringify!($name) => Ok(Self::$name(match map {
                        Some(m) => m.next_value()?,
                        None => Default::default(),
                    })),)+
                    other => Err(de::Error::unknown_variant(other, NAMES)),
                }
            }
        }
    };
}

registry! {
    cypnow => scrutiny_source_cypnow,
    bbc => scrutiny_source_bbc,
    council_press => scrutiny_source_council_press,
    reach => scrutiny_source_reach,
    generic => scrutiny_source_generic,
}

/// A plugin name checked against the registry while deserializing, so a typo has a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceName(pub &'static str);

impl<'de> Deserialize<'de> for SourceName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = SourceName;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a source plugin name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SourceName, E> {
                NAMES
                    .iter()
                    .find(|n| **n == v)
                    .map(|n| SourceName(n))
                    .ok_or_else(|| E::unknown_variant(v, NAMES))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for SourceConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SourceConfig;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a source: `kind: NAME` and optional `with: {options}`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SourceConfig, A::Error> {
                match map.next_key::<String>()?.as_deref() {
                    Some("kind") => {}
                    Some("with") => return Err(de::Error::custom("put `kind` before `with`")),
                    Some(other) => return Err(de::Error::unknown_field(other, &["kind", "with"])),
                    None => return Err(de::Error::missing_field("kind")),
                }
                let SourceName(name) = map.next_value()?;
                let mut config = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "with" if config.is_none() => {
                            config = Some(SourceConfig::options(name, Some(&mut map))?)
                        }
                        "with" => return Err(de::Error::duplicate_field("with")),
                        "kind" => return Err(de::Error::duplicate_field("kind")),
                        other => return Err(de::Error::unknown_field(other, &["kind", "with"])),
                    }
                }
                match config {
                    Some(c) => Ok(c),
                    None => SourceConfig::options::<A>(name, None),
                }
            }
        }
        d.deserialize_map(V)
    }
}

/// How a page's plugin was chosen (counted in `run.json`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ChosenBy {
    /// The pipeline's input entry names the plugin.
    Pipeline,
    /// The sidecar's `publisher`.
    Sidecar,
    /// The sidecar URL's host.
    Host,
    /// The plugins' confidence in the page's own signatures.
    Confidence,
    /// No plugin claimed the page: the generic fallback.
    Fallback,
}

/// Confidence at or above which a plugin claims a page.
pub const CLAIM: f32 = 0.5;
/// Confidence at or above which a claim is strong; two strong claims are logged.
pub const STRONG: f32 = 0.8;

/// The plugins in play, in the pipeline's order.
pub struct Registry {
    plugins: Vec<Box<dyn Source>>,
}

/// The outcome of choosing a plugin for one page.
pub struct Choice<'a> {
    /// The plugin.
    pub plugin: &'a dyn Source,
    /// Why it was chosen.
    pub by: ChosenBy,
    /// Other plugins that claimed the page strongly too.
    pub contested: Vec<&'static str>,
}

impl Registry {
    /// Build every configured plugin.
    pub fn new(configs: &[SourceConfig]) -> Self {
        Self {
            plugins: configs.iter().map(SourceConfig::build).collect(),
        }
    }

    fn by_name(&self, name: &str) -> Option<&dyn Source> {
        self.plugins
            .iter()
            .find(|p| p.name() == name)
            .map(|p| p.as_ref())
    }

    /// Choose the plugin for a page: explicit choice, sidecar publisher, URL host,
    /// confidence, then the generic fallback. `Err` says why none could be chosen.
    pub fn choose(
        &self,
        doc: &Document,
        explicit: Option<&str>,
    ) -> Result<Choice<'_>, (RejectCode, String)> {
        let plain = |plugin, by| Choice {
            plugin,
            by,
            contested: Vec::new(),
        };
        if let Some(name) = explicit {
            return self.by_name(name).map(|p| plain(p, ChosenBy::Pipeline)).ok_or_else(|| {
                let why = format!("the pipeline names source `{name}` for this input, but `sources` does not enable it");
                (RejectCode::ParseFailed, why)
            });
        }
        if let Some(name) = doc.meta.publisher.as_deref() {
            if let Some(p) = self.by_name(name) {
                return Ok(plain(p, ChosenBy::Sidecar));
            }
            // A registered plugin the pipeline leaves out is its choice; detection goes on.
            // A name no plugin has is a bad sidecar: never guess what it meant.
            if !NAMES.contains(&name) {
                let hint = crate::diagnostic::nearest(name, NAMES.iter().copied())
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                let why = format!(
                    "the sidecar names publisher `{name}`, which is no source plugin{hint}"
                );
                return Err((RejectCode::BadSidecar, why));
            }
        }
        if let Some(host) = doc.host() {
            if let Some(p) = self.plugins.iter().find(|p| p.serves_host(&host)) {
                return Ok(plain(p.as_ref(), ChosenBy::Host));
            }
        }
        let mut best: Option<(f32, &dyn Source)> = None;
        let mut strong = Vec::new();
        for p in &self.plugins {
            let c = p.confidence(doc);
            let c = if c.is_finite() { c } else { 0.0 };
            if c >= STRONG {
                strong.push(p.name());
            }
            if c >= CLAIM && best.is_none_or(|(b, _)| c > b) {
                best = Some((c, p.as_ref()));
            }
        }
        if let Some((_, plugin)) = best {
            let contested = if strong.len() > 1 { strong } else { Vec::new() };
            return Ok(Choice {
                plugin,
                by: ChosenBy::Confidence,
                contested,
            });
        }
        self.by_name(scrutiny_source_generic::NAME)
            .map(|p| plain(p, ChosenBy::Fallback))
            .ok_or_else(|| {
                let why = "no enabled source plugin claims this page and `generic` is not enabled";
                (RejectCode::ParseFailed, why.to_owned())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::{Format, Sidecar};

    fn page(url: &str, text: &str) -> Document {
        Document {
            id: String::new(),
            path: "p.txt".into(),
            text: text.into(),
            encoding: "UTF-8".into(),
            format: Format::Text,
            meta: Sidecar {
                url: Some(url.into()),
                ..Sidecar::default()
            },
        }
    }

    fn chosen(url: &str) -> (&'static str, ChosenBy) {
        let registry = Registry::new(&SourceConfig::all_defaults());
        let doc = page(url, "Headline\n\nA paragraph of the story.\n");
        let choice = registry
            .choose(&doc, None)
            .unwrap_or_else(|(_, why)| panic!("{url}: {why}"));
        (choice.plugin.name(), choice.by)
    }

    #[test]
    fn a_url_host_picks_its_publisher() {
        assert_eq!(
            chosen("https://www.bbc.co.uk/news/uk-1"),
            ("bbc", ChosenBy::Host)
        );
        assert_eq!(
            chosen("https://news.knowsley.gov.uk/x"),
            ("council_press", ChosenBy::Host)
        );
        assert_eq!(
            chosen("https://www.liverpoolecho.co.uk/news/x"),
            ("reach", ChosenBy::Host)
        );
    }

    #[test]
    fn central_government_and_ofsted_hosts_are_not_council_press() {
        for url in [
            "https://www.gov.uk/government/news/x",
            "https://reports.ofsted.gov.uk/provider/44/80448",
            "https://www.local.gov.uk/about/news/x",
        ] {
            assert_ne!(chosen(url).1, ChosenBy::Host, "{url}");
        }
    }
}
