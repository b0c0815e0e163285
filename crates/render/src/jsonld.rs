//! JSON-LD for `<script type="application/ld+json">`: serialised with serde_json, then `<`, `>`
//! and `&` written as `\u003c`, `\u003e` and `\u0026`, so no text inside (a title holding
//! `</script>`, say) can end the script element or start a comment. The result is still the
//! same JSON value, and templates may output it unescaped.

/// `value` as JSON that is safe inside a `<script>` element.
pub fn script_json(value: &serde_json::Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len() + 16);
    let mut start = 0;
    for (i, c) in json.char_indices() {
        let escaped = match c {
            '<' => "\\u003c",
            '>' => "\\u003e",
            '&' => "\\u0026",
            // Line and paragraph separators are valid in JSON but not in older JavaScript.
            '\u{2028}' => "\\u2028",
            '\u{2029}' => "\\u2029",
            _ => continue,
        };
        out.push_str(&json[start..i]);
        out.push_str(escaped);
        start = i + c.len_utf8();
    }
    out.push_str(&json[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cannot_close_the_script_and_round_trips() {
        let v = serde_json::json!({"headline": "</script><script>alert(1)</script> & <!--"});
        let s = script_json(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&s).expect("json"),
            v
        );
    }
}
