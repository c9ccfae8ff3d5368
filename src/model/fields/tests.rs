use super::shared::SHARED_PER_NAME;
use super::*;

#[test]
fn details_read_and_serialize_as_a_sorted_map() {
    let mut d = Details::default();
    d.insert("type", "t3.micro");
    d.insert("az", "us-east-1a");
    d.insert("vpc", "");
    d.insert("type", "m5.large");
    d.insert("gone", "x");
    d.remove("gone");
    assert_eq!(d.get("type"), Some("m5.large"));
    assert_eq!(d.get("az"), Some("us-east-1a"));
    assert_eq!(d.get("vpc"), Some(""));
    assert_eq!(d.get("other"), None);
    let json = serde_json::to_string(&d).expect("json");
    assert_eq!(json, r#"{"az":"us-east-1a","type":"m5.large","vpc":""}"#);
    let back: Details = serde_json::from_str(r#"{"vpc":"","type":"m5.large","az":"us-east-1a"}"#).expect("read");
    assert_eq!(back, d);
    assert_eq!(
        format!("{d:?}"),
        r#"{"az": "us-east-1a", "type": "m5.large", "vpc": ""}"#
    );
}

#[test]
fn repeated_values_are_shared_and_a_field_of_many_values_keeps_them_in_the_row() {
    let mut d = Details::default();
    d.insert("test_type", "m5.large");
    d.insert("test_az", "eu-west-1a");
    // Both values shared: the count and two entries, no text.
    assert_eq!(d.packed.0.len(), 4 + 2 * DETAIL);
    assert_eq!(d.get("test_type"), Some("m5.large"));
    // A field past its distinct values keeps its new ones in the text,
    // between shared ones, and reads and compares the same.
    let many: Vec<Details> = (0..SHARED_PER_NAME as usize + 10)
        .map(|i| {
            let mut d = Details::default();
            d.insert("test_az", "eu-west-1a");
            d.insert("test_ip", &format!("10.0.{}.{}", i / 256, i % 256));
            d.insert("test_type", "m5.large");
            d
        })
        .collect();
    let last = many.last().expect("rows");
    assert_eq!(last.get("test_ip"), Some("10.0.2.9"));
    assert_eq!(last.get("test_type"), Some("m5.large"));
    assert_eq!(last.packed.0.len(), 4 + 3 * DETAIL + "10.0.2.9".len());
    assert_eq!(many[0].packed.0.len(), 4 + 3 * DETAIL, "its first values are shared");
    let json = serde_json::to_string(last).expect("json");
    assert_eq!(
        json,
        r#"{"test_az":"eu-west-1a","test_ip":"10.0.2.9","test_type":"m5.large"}"#
    );
    let mut text = Details::default();
    text.insert("test_az", "eu-west-1a");
    text.insert("test_type", "m5.large");
    text.insert("test_ip", "10.0.2.9");
    assert_eq!(&text, last);
    let mut other = text.clone();
    other.insert("test_ip", "10.0.2.8");
    assert_ne!(&other, last);
    other.remove("test_ip");
    assert_eq!(other.get("test_ip"), None);
    assert_eq!(other.get("test_type"), Some("m5.large"));
}

#[test]
fn tag_keys_and_repeated_tag_values_are_shared() {
    let rows: Vec<Tags> = (0..SHARED_PER_NAME as usize + 3)
        .map(|i| {
            [("test-Name", format!("web-{i}")), ("test-Env", "prod".to_string())]
                .into_iter()
                .collect()
        })
        .collect();
    assert_eq!(
        rows[0].packed.0.len(),
        4 + 2 * TAG,
        "the first rows' texts are all shared"
    );
    let last = rows.last().expect("rows");
    // The key and `prod` shared, `web-514` in the text.
    assert_eq!(last.packed.0.len(), 4 + 2 * TAG + "web-514".len());
    assert_eq!(
        last.iter().collect::<Vec<_>>(),
        [("test-Env", "prod"), ("test-Name", "web-514")]
    );
    let text: Tags = [("test-Name", "web-514"), ("test-Env", "prod")].into_iter().collect();
    assert_eq!(&text, last);
    assert_eq!(
        serde_json::to_string(last).expect("json"),
        r#"{"test-Env":"prod","test-Name":"web-514"}"#
    );
}

#[test]
fn tags_read_and_serialize_as_a_sorted_map() {
    let mut t: Tags = [("Team", "web"), ("Env", "prod")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    t.insert("Team", "data");
    assert_eq!(t.get("Team"), Some("data"));
    assert_eq!(t.iter().collect::<Vec<_>>(), [("Env", "prod"), ("Team", "data")]);
    assert!(t.contains_key("Env") && !t.contains_key("Name"));
    assert_eq!(
        serde_json::to_string(&t).expect("json"),
        r#"{"Env":"prod","Team":"data"}"#
    );
    let back: Tags = serde_json::from_str(r#"{"Team":"data","Env":"prod"}"#).expect("read");
    assert_eq!(back, t);
}

#[test]
fn packed_fields_keep_any_text_and_empty_ones_allocate_nothing() {
    let mut t = Tags::new();
    t.insert("Owner", "Zoë");
    t.insert("", "");
    t.insert("日本", "東京");
    assert_eq!(
        t.iter().collect::<Vec<_>>(),
        [("", ""), ("Owner", "Zoë"), ("日本", "東京")]
    );
    let mut d = Details::default();
    d.insert("description", "café ☕");
    d.insert("az", "");
    assert_eq!(d.get("description"), Some("café ☕"));
    assert_eq!(d.get("az"), Some(""));
    assert_eq!(Tags::new().packed.0.len(), 0);
    assert_eq!(Details::default().packed.0.len(), 0);
    // One tag: the count and one entry (its key and value shared).
    let one: Tags = [("Env", "prod")].into_iter().collect();
    assert_eq!(one.packed.0.len(), 4 + TAG);
}

#[test]
fn a_row_of_tags_and_details_stays_small() {
    // The two maps this replaces took over 500 bytes each for one entry;
    // each is one pointer to one allocation, none when empty.
    assert!(size_of::<Tags>() <= 16 && size_of::<Details>() <= 16);
}
