//! The main job on the bundled sample: it runs and prints what the README promises, with the
//! figures worked by hand for the funds section.

use std::process::Command;

#[test]
fn the_main_job_prints_the_sample_portfolio_report() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample-portfolio.json");
    let output = Command::new(env!("CARGO_BIN_EXE_portfolio-report")).arg(sample).output().expect("the report runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report = String::from_utf8(output.stdout).expect("UTF-8");
    for expected in [
        // SC-02's second application: 167,400 this period, 80 % payable = 133,920, 3 % retention
        // 5,022, the rest of the 40,200 advance (13,100 recovered before) 27,100, rebar 6,500.
        "net due                                                  CNY 95298.00",
        // The advance, the foundations invoice and the first application drew on tranche 1.
        "2025-02-20 PAY-00  S-APP-1   01.02      → 01.02 subcontract      40200.00",
        // 12 % of the owner's 640,000 paid in, 74,828.14 of wages drawn, March's 62,430.07 due.
        "WARNING: 2025-03's wages still due (CNY 62430.07) exceed the balance by CNY 60458.21",
        "Paying DC-01 on 2025-03-10: refused",
        "funding gap: 2025-03 is the first month short, by CNY 39034.48",
        "both devices agree: true",
        // The schedule at 31 March: cabling started two days late, so the platform (SS +15)
        // starts 2 April and drives integration testing and the handover.
        "critical path: P → T → H",
        "forecast finish 2025-09-16 (baseline B0: 2025-09-12)",
        // Risks: 35 % of 180,000, 70 % of 90,000 and 30 % of 60,000 against the 150,000
        // reserve less the 30,000 transfer drawn; R-DC1's review was due 20 March.
        "P-DC02   3 open (3 with EMV)  EMV CNY 144000.00  reserve 03 CNY 120000.00  → short by CNY 24000.00",
        "P-DC02   R-DC1   3  5    15 high       CNY 63000.00  pm-wang       2025-03-20 OVERDUE",
        "   4     L·    M·    H·    1E    E·",
        // 中建八局三公司 in March: D-02 late, D-03 on time → delivery 50;
        // (30 × 72 + 25 × 50 + 20 × 100 + 15 × 70 + 10 × 60) ÷ 100 = 70.60, a C, down 16.65.
        "2025-03-31    72.00    50.00 100.00   70.00  60.00   70.60  C     -16.65",
        // KPIs from the state at each month-end: CPI 0.8264 by March (EV 736,500 ÷ AC 891,258.21).
        "P-ZH01   cpi            成本绩效 CPI                               0         0    0.8264   RED (0.95 / 0.9)",
        "P-DC02   risk_emv       风险敞口 Risk exposure                     — 144000.00 144000.00   AMBER (100000 / 150000)",
        // 云联科技: no deliveries, so delivery's weight is left out: 5600 ÷ 75 = 74.67.
        "2025-03-31    65.00        — 100.00   50.00  90.00   74.67  C",
    ] {
        assert!(report.contains(expected), "the report lacks {expected:?}:\n{report}");
    }
}
