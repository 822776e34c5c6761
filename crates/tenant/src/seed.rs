//! Where tenants come from: the builders, the Contoso demo of the source documents, and the
//! large-tenant generator.

pub mod build;
pub mod demo;
pub mod generate;
