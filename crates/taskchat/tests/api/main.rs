//! taskchat's one integration test binary: a real server on a random port, spoken to over HTTP only, on a fresh
//! SQLite file per test and, when `TASKCHAT_TEST_POSTGRES_URL` is set, on a fresh PostgreSQL database per test.

#[macro_use]
mod helpers;

mod assistant;
mod auth;
mod bad_input;
mod chatkit;
mod encryption;
mod faults;
mod fixtures;
mod health;
mod isolation;
mod jwt;
mod limits;
mod llm;
mod load;
mod mcp;
mod pagination;
mod retention;
mod tasks;
