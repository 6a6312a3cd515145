//! The second conflict shipped with entente: the Colombian peace process
//! with the FARC-EP (`data/colombia-*.trig`), asked as a new user would.
