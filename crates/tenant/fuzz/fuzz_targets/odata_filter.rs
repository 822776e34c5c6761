//! Any text as a `$filter`: the parser answers a filter or an error, never a panic or a
//! stack overflow, and a filter it accepts renders to text that parses back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenant::query::parse_filter;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(filter) = parse_filter(text) {
        let rendered = filter.render();
        let again = parse_filter(&rendered).expect("a rendered filter parses");
        assert_eq!(again, filter, "{text:?} rendered as {rendered:?}");
    }
});
