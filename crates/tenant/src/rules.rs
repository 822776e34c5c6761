//! The rules: which products and plans exist ([`catalog`], [`countries`]), how licences
//! combine and are counted ([`licensing`]), who may do what to whom ([`roles`]), and a
//! change planned before it is saved ([`plan`]).

pub mod catalog;
pub mod countries;
pub mod licensing;
pub mod plan;
pub mod roles;
