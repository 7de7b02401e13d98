//! projectledger's JSON in a build where `rust_decimal/serde-float` is on (issue 12).

#[cfg(test)]
mod tests {
    use projectledger::{Journal, Money, Payload};
    use rust_decimal::Decimal;

    fn golden(name: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden").join(name)).expect("golden journal")
    }

    #[test]
    fn the_feature_is_on_in_this_build() {
        assert_eq!(serde_json::to_string(&Decimal::new(125, 1)).expect("json"), "12.5");
    }

    #[test]
    fn money_is_still_written_as_exact_text() {
        let money = Money::parse("CNY 12345678901234567.89").expect("money");
        let json = serde_json::to_string(&money).expect("json");
        assert!(json.starts_with(r#"{"amount":"12345678901234567.89","#), "{json}");
        assert_eq!(serde_json::from_str::<Money>(&json).expect("read back"), money);
    }

    #[test]
    fn journals_written_by_a_normal_build_still_load_byte_for_byte() {
        for name in ["sample-portfolio.jsonl", "daywork.jsonl"] {
            // The golden files are version 1; their version-2 re-export must round-trip here too.
            let current = Journal::from_jsonl(&golden(name)).expect(name).to_jsonl();
            let journal = Journal::from_jsonl(current.as_bytes()).expect(name);
            assert_eq!(journal.to_jsonl(), current, "{name}");
        }
    }

    #[test]
    fn a_json_number_in_a_decimal_field_is_refused_naming_the_field() {
        let number = r#"{"type":"budget_lines_set","data":{"project_id":"P","lines":[{"code":"01","cost_type":"labour","amount":12345678901234567.89}]}}"#;
        let error = Payload::from_json(number).expect_err("a float amount");
        assert_eq!(error.kind(), "InvalidField");
        assert!(error.to_string().contains("payload data.lines[0].amount"), "{error}");
        assert!(Payload::from_json(&number.replace("12345678901234567.89", r#""12345678901234567.89""#)).is_ok());
    }
}
