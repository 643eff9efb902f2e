//! The one place where exact decimals become `f64` and back.
//!
//! Published figures enter the solver as the nearest `f64`; solver values come back as
//! decimals rounded to the scenario's precision (`from_f64`). Everything outside the model
//! and solve stages stays in `Decimal`.

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;

/// The nearest `f64` to a decimal figure.
pub fn to_f64(value: Decimal) -> f64 {
    value
        .to_f64()
        .expect("every Decimal has a finite f64 approximation")
}

/// A solver value as a decimal rounded (half to even) to `scale` decimals; `None` when the
/// value is not finite or out of `Decimal`'s range.
pub fn from_f64(value: f64, scale: u32) -> Option<Decimal> {
    let exact = Decimal::from_f64(value)?;
    Some(exact.round_dp(scale).normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn published_figures_survive_the_round_trip_at_their_precision() {
        for text in [
            "69.302972",
            "0.4084",
            "132.72823",
            "0.000001",
            "40000.123456",
        ] {
            let value = Decimal::from_str(text).unwrap();
            assert_eq!(
                from_f64(to_f64(value), 6).unwrap(),
                value.normalize(),
                "{text}"
            );
        }
        assert_eq!(from_f64(f64::NAN, 6), None);
    }
}
