//! The Azure classic portal beside the tenant: accounts, directories and Azure
//! subscriptions, for the tenant-linking flows of seeds 000 (link an Office 365 tenant to an
//! Azure subscription), 001 (Office 365 and Azure in the same directory) and 002 (one
//! account for Power BI and Azure).
//!
//! [`world`] holds the model, [`rules`] who is where and who may do what, [`changes`] the
//! changes the portal makes, [`refusal`] why it refuses one, [`rest`] its requests and [`demo`] what the demo starts with.

pub mod changes;
pub mod demo;
pub mod refusal;
pub mod rest;
pub mod rules;
pub mod world;
