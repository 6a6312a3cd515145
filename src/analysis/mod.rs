//! Analyses of the actor graph (petgraph only; never touches the store).
