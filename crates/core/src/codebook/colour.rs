//! Colours of a codebook's labels, and the contrast checks of WCAG 2.2.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// An sRGB colour, written `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Colour(pub u8, pub u8, pub u8);

/// A string that is not a `#rrggbb` colour.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("\"{0}\" is not a colour like #1d4ed8")]
pub struct BadColour(pub String);

impl Colour {
    /// Reads `#rrggbb` (or `#rgb`), in either case.
    pub fn parse(s: &str) -> Result<Self, BadColour> {
        let bad = || BadColour(s.to_string());
        let hex = s.trim().strip_prefix('#').ok_or_else(bad)?;
        let digit = |i: usize| {
            hex.get(i..i + 1)
                .and_then(|d| u8::from_str_radix(d, 16).ok())
                .ok_or_else(bad)
        };
        match hex.len() {
            6 => Ok(Colour(
                digit(0)? * 16 + digit(1)?,
                digit(2)? * 16 + digit(3)?,
                digit(4)? * 16 + digit(5)?,
            )),
            3 => Ok(Colour(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            _ => Err(bad()),
        }
    }

    /// The colour laid at `alpha` (0–1) over `under`.
    pub fn over(self, under: Colour, alpha: f64) -> Colour {
        let mix =
            |a: u8, b: u8| (f64::from(a) * alpha + f64::from(b) * (1.0 - alpha)).round() as u8;
        Colour(
            mix(self.0, under.0),
            mix(self.1, under.1),
            mix(self.2, under.2),
        )
    }

    /// WCAG 2.2 relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                pow_2_4((c + 0.055) / 1.055)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }
}

/// `x`^2.4 for `x` in (0, 1], as `x² · (x²)^(1/5)` with the fifth root
/// found by Newton's method: the same figure as `powf` to 1e-12, without
/// the page carrying a `pow` routine for it.
fn pow_2_4(x: f64) -> f64 {
    let a = x * x;
    let mut y = 1.0_f64;
    for _ in 0..100 {
        let y4 = y * y * y * y;
        let next = y - (y4 * y - a) / (5.0 * y4);
        if (next - y).abs() <= 1e-15 {
            break;
        }
        y = next;
    }
    a * y
}

/// `x` to one decimal (`4.5`), rounded, for the panel (without the float
/// formatting routines the page would otherwise carry).
pub fn one_decimal(x: f64) -> String {
    let tenths = (x * 10.0).round().max(0.0) as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The WCAG 2.2 contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Colour, b: Colour) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The article's paper (`--paper`).
pub const PAPER: Colour = Colour(0xff, 0xfd, 0xf8);
/// The article's text (`--ink`).
pub const INK: Colour = Colour(0x1f, 0x23, 0x28);
/// How strongly a label's colour fills its highlight.
pub const FILL_ALPHA: f64 = 0.25;

/// How a label's colour reads in the article: the contrast of the text on
/// its highlight (WCAG AA asks 4.5:1 for text), and of its line and
/// letter on the paper (3:1 for marks that carry meaning, WCAG 1.4.11).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Legibility {
    /// Text on the highlight's fill.
    pub text: f64,
    /// The colour's line and letter on the paper.
    pub mark: f64,
}

impl Legibility {
    /// Of `colour` as the app draws it.
    pub fn of(colour: Colour) -> Self {
        Self {
            text: contrast(INK, colour.over(PAPER, FILL_ALPHA)),
            mark: contrast(colour, PAPER),
        }
    }

    /// Whether both meet WCAG AA.
    pub fn passes(self) -> bool {
        self.text >= 4.5 && self.mark >= 3.0
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl TryFrom<String> for Colour {
    type Error = BadColour;
    fn try_from(s: String) -> Result<Self, BadColour> {
        Colour::parse(&s)
    }
}

impl From<Colour> for String {
    fn from(c: Colour) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_read_and_write_as_hex() {
        assert_eq!(Colour::parse("#1D4ED8"), Ok(Colour(0x1d, 0x4e, 0xd8)));
        assert_eq!(Colour::parse("#fff"), Ok(Colour(255, 255, 255)));
        assert_eq!(Colour(0x1d, 0x4e, 0xd8).to_string(), "#1d4ed8");
        for bad in ["", "1d4ed8", "#12345", "#ggg", "#1d4ed8ff", "#é12"] {
            assert!(Colour::parse(bad).is_err(), "{bad}");
        }
    }

    /// The ratios of WCAG's own definition: black on white is 21:1, a colour
    /// on itself 1:1, and #767676 on white the well-known 4.54:1.
    #[test]
    fn contrast_follows_wcag() {
        let white = Colour(255, 255, 255);
        let black = Colour(0, 0, 0);
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        let grey = Colour(0x76, 0x76, 0x76);
        assert!(
            (contrast(grey, white) - 4.54).abs() < 0.01,
            "{}",
            contrast(grey, white)
        );
        assert!((contrast(white, grey) - contrast(grey, white)).abs() < 1e-12);
    }

    #[test]
    fn the_power_and_the_decimal_are_exact_enough() {
        for i in 0..=1000 {
            let x = 0.09 + 0.91 * f64::from(i) / 1000.0;
            assert!((pow_2_4(x) - x.powf(2.4)).abs() < 1e-12, "{x}");
        }
        assert_eq!(one_decimal(4.54), "4.5");
        assert_eq!(one_decimal(4.55), "4.6");
        assert_eq!(one_decimal(21.0), "21.0");
        assert_eq!(one_decimal(0.96), "1.0");
    }

    #[test]
    fn a_pale_colour_fails_as_a_mark_and_a_dark_one_passes() {
        assert!(Legibility::of(Colour(0x1d, 0x4e, 0xd8)).passes());
        let pale = Legibility::of(Colour(0xff, 0xee, 0x88));
        assert!(pale.text >= 4.5, "text on a pale fill still reads");
        assert!(pale.mark < 3.0 && !pale.passes(), "but its line does not");
        let black = Legibility::of(Colour(0, 0, 0));
        assert!(black.text < 12.0 && black.passes());
    }
}
