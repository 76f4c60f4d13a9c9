//! Long reads in steps: code that reads a long document awaits a [`Pause`]
//! between parts, so that in the browser each part is a task of its own
//! (the page stays responsive) while tests and short reads run it at once.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// Stored bytes read between two pauses.
pub const STEP_BYTES: usize = 128 * 1024;

/// A future that resolves later (in the browser: in a task of its own).
pub type Pending = Pin<Box<dyn Future<Output = ()>>>;

/// What a stepwise read awaits between steps.
pub type Pause<'a> = &'a dyn Fn() -> Pending;

/// A pause that is over at once (for reads done in one go).
pub fn no_pause() -> Pending {
    Box::pin(std::future::ready(()))
}

/// Runs `f` to its end now: for futures whose only waits are
/// [`no_pause`]s.
pub fn at_once<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        Poll::Pending => unreachable!("a read in one go never waits"),
    }
}

/// Counts the bytes read and pauses after each [`STEP_BYTES`].
pub struct Stepper<'a> {
    pause: Pause<'a>,
    read: usize,
}

impl<'a> Stepper<'a> {
    /// A stepper pausing with `pause`.
    pub fn new(pause: Pause<'a>) -> Self {
        Self { pause, read: 0 }
    }

    /// Notes that `bytes` more were read, pausing when a step is full.
    pub async fn read(&mut self, bytes: usize) {
        self.read += bytes;
        if self.read >= STEP_BYTES {
            self.read = 0;
            (self.pause)().await;
        }
    }

    /// Pauses now (before a step of work that does not read).
    pub async fn pause(&mut self) {
        self.read = 0;
        (self.pause)().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    #[test]
    fn a_stepper_pauses_once_per_full_step() {
        let pauses = Rc::new(Cell::new(0));
        let counter = pauses.clone();
        let pause = move || {
            counter.set(counter.get() + 1);
            no_pause()
        };
        at_once(async {
            let mut s = Stepper::new(&pause);
            s.read(STEP_BYTES - 1).await;
            assert_eq!(pauses.get(), 0);
            s.read(1).await;
            assert_eq!(pauses.get(), 1);
            s.read(STEP_BYTES / 2).await;
            s.pause().await;
            s.read(STEP_BYTES / 2).await;
            assert_eq!(pauses.get(), 2, "a pause starts a new step");
        });
    }
}
