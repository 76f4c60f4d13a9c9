//! Approximate placements withheld from a file that seems to belong to
//! another text, made when the user asks for them.

use super::ImportPlan;

impl ImportPlan {
    /// Makes the approximate placements withheld (see
    /// [`ImportPlan::guesses`]); returns how many.
    pub fn place_guesses(&mut self) -> usize {
        let guesses = std::mem::take(&mut self.guesses);
        let mut placed = 0;
        for (index, anchoring) in guesses {
            if let Some(item) = self.items.get_mut(index) {
                item.anchoring = anchoring;
                placed += 1;
            }
        }
        placed
    }
}
