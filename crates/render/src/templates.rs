//! Page templates: minijinja with autoescaping, read from the embedded `templates/` folder
//! (from disk in debug builds), with `t()` for UI strings and date filters.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use domain::Locale;
use minijinja::value::Kwargs;
use minijinja::{Environment, Error, ErrorKind, Output, State, Value};
use rust_embed::RustEmbed;

use crate::Assets;
use crate::i18n::{format_date, format_datetime, format_long_date, iso8601, t, t_args};

#[derive(RustEmbed)]
#[folder = "../../templates"]
struct Embedded;

/// A template failed to render.
#[derive(Debug, thiserror::Error)]
#[error("template {name}: {source:#}")]
pub struct RenderError {
    name: String,
    #[source]
    source: Error,
}

/// A value converted for templates once and passed to many renders (the site chrome of a
/// language): inside a render's context it costs a reference count, not a deep copy
/// (minijinja keeps a `Value` met during serialization as it is). Other serializers see
/// the value itself.
#[derive(Debug, Clone, Default)]
pub struct Prepared(Value);

impl Prepared {
    pub fn new<S: serde::Serialize>(x: &S) -> Prepared {
        Prepared(Value::from(minijinja::value::Serde(x)))
    }
}

impl serde::Serialize for Prepared {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// UI strings without arguments, per language (`[sq, en]`), as template values: looked up
/// in Fluent once, then shared.
type PlainStrings = [RwLock<HashMap<String, Value>>; 2];

/// More than every UI string there is, per language.
const MAX_PLAIN_STRINGS: usize = 4096;

fn plain_t(cache: &PlainStrings, locale: Locale, key: &str) -> Value {
    let slot = &cache[usize::from(locale == Locale::En)];
    if let Some(v) = slot.read().ok().and_then(|m| m.get(key).cloned()) {
        return v;
    }
    let v = Value::from(t(locale, key));
    // Keys come from templates and code; the bound only guards against a template that
    // one day passes something else.
    if let Ok(mut m) = slot.write()
        && m.len() < MAX_PLAIN_STRINGS
    {
        m.insert(key.to_owned(), v.clone());
    }
    v
}

/// Prints a value: strings not marked safe HTML-escaped with [`crate::html::write_escaped`],
/// anything else as minijinja does.
fn format_value(
    out: &mut Output<'_>,
    state: &mut State<'_, '_>,
    value: &Value,
) -> Result<(), Error> {
    if let (minijinja::AutoEscape::Html, Some(s)) = (state.auto_escape(), value.as_str())
        && !value.is_safe()
    {
        return crate::html::write_escaped(out, s).map_err(Error::from);
    }
    minijinja::escape_formatter(out, state, value)
}

/// The compiled template set.
#[derive(Debug, Clone)]
pub struct Templates {
    env: Arc<Environment<'static>>,
}

fn locale_of(state: &State<'_, '_>) -> Locale {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Locale::parse))
        .unwrap_or(Locale::Sq)
}

impl Templates {
    /// Loads every template; `assets` provides hashed URLs to the `asset()` function.
    pub fn new(assets: Arc<Assets>) -> Result<Templates, RenderError> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        // Strings are escaped like the rest of our HTML: minijinja's own escaper also turns
        // every `/` into `&#x2f;`, which HTML does not need and which made every URL of a
        // page longer (4.5 % of an article page's bytes).
        env.set_formatter(format_value);
        for name in Embedded::iter() {
            let file = Embedded::get(&name).expect("listed templates exist");
            let source = String::from_utf8(file.data.into_owned()).map_err(|e| RenderError {
                name: name.to_string(),
                source: Error::new(ErrorKind::InvalidOperation, e.to_string()),
            })?;
            env.add_template_owned(name.to_string(), source)
                .map_err(|source| RenderError {
                    name: name.to_string(),
                    source,
                })?;
        }
        let plain: Arc<PlainStrings> = Arc::default();
        env.add_function(
            "t",
            move |state: &State<'_, '_>, key: &str, kwargs: Kwargs| -> Result<Value, Error> {
                let locale = locale_of(state);
                let args: Vec<&str> = kwargs.args().collect();
                if args.is_empty() {
                    return Ok(plain_t(&plain, locale, key));
                }
                let mut values = Vec::with_capacity(args.len());
                for name in args {
                    let v: Value = kwargs.get(name)?;
                    let fv = match v.as_i64() {
                        Some(n) => fluent_templates::fluent_bundle::FluentValue::from(n),
                        None => fluent_templates::fluent_bundle::FluentValue::from(v.to_string()),
                    };
                    values.push((name, fv));
                }
                Ok(Value::from(t_args(locale, key, &values)))
            },
        );
        env.add_filter("date", |state: &State<'_, '_>, ts: i64| {
            format_date(ts, locale_of(state))
        });
        env.add_filter("longdate", |state: &State<'_, '_>, ts: i64| {
            format_long_date(ts, locale_of(state))
        });
        env.add_filter("iso", |ts: i64| iso8601(ts));
        env.add_filter("datetime", |state: &State<'_, '_>, ts: i64| {
            format_datetime(ts, locale_of(state))
        });
        let a = assets.clone();
        env.add_function("asset", move |name: &str| a.url(name));
        Ok(Templates { env: Arc::new(env) })
    }

    /// Renders `name` with `ctx`.
    pub fn render<S: serde::Serialize>(&self, name: &str, ctx: S) -> Result<String, RenderError> {
        let tmpl = self.env.get_template(name).map_err(|source| RenderError {
            name: name.to_owned(),
            source,
        })?;
        tmpl.render(minijinja::value::Serde(ctx))
            .map_err(|source| RenderError {
                name: name.to_owned(),
                source,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::format_value;

    #[test]
    fn values_are_escaped_except_slashes_and_safe_strings() {
        let mut env = minijinja::Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_formatter(format_value);
        let out = env
            .render_str(
                "<a href=\"{{ url }}\">{{ text }}</a>{{ raw|safe }} {{ n }} {{ yes }} {{ none }}",
                minijinja::context! {
                    url => "/en/a?b=1&c='2'",
                    text => "<script>\"x\" & 'y'</script>",
                    raw => "<b>/</b>",
                    n => 42,
                    yes => true,
                    none => (),
                },
            )
            .expect("renders");
        assert_eq!(
            out,
            "<a href=\"/en/a?b=1&amp;c=&#39;2&#39;\">&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;</a><b>/</b> 42 True None"
        );
    }
}
