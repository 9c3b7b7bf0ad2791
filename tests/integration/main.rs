//! The generator seen from outside: the `scaffold` binary run on real directories. One test binary
//! (linking one is what CI pays for), a module per subject.

mod cli;
mod evolve;
mod examples;
mod interactive;
