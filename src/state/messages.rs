//! Messages for the user: errors (kept until dismissed) and the latest
//! notice.

use super::{AppState, Outcome};
use std::rc::Rc;

/// A message for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Identifies the message (to dismiss it).
    pub id: u64,
    /// What to say.
    pub text: String,
}

impl AppState {
    /// Shows an error, unless the same one is already shown.
    pub(super) fn alert(&mut self, text: String) -> Outcome {
        if self.alerts.iter().any(|message| message.text == text) {
            return Outcome::Unchanged;
        }
        let mut list = Vec::clone(&self.alerts);
        list.push(Message {
            id: self.next_message,
            text,
        });
        self.next_message += 1;
        self.alerts = Rc::new(list);
        Outcome::Changed
    }

    /// Shows a notice in place of the previous one.
    pub(super) fn notice(&mut self, text: String) -> Outcome {
        self.status = Some(Message {
            id: self.next_message,
            text,
        });
        self.next_message += 1;
        Outcome::Changed
    }

    /// Dismisses the error `id`.
    pub(super) fn dismiss(&mut self, id: u64) -> Outcome {
        self.alerts = Rc::new(
            self.alerts
                .iter()
                .filter(|message| message.id != id)
                .cloned()
                .collect(),
        );
        Outcome::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::state;
    use super::super::Action;
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn an_error_shown_twice_is_listed_once_and_dismissed() {
        let s = state().reduce(Action::Alert("Oops.".into()));
        let again = s.clone().reduce(Action::Alert("Oops.".into()));
        assert!(Rc::ptr_eq(&again, &s), "the same error: no new state");
        let id = s.alerts[0].id;
        let s = s.reduce(Action::Dismiss(id));
        assert!(s.alerts.is_empty());
    }
}
