//! entente: an actor-relationship knowledge graph of conflicts and diplomacy.
pub mod analysis;
pub mod view;
