//! `entente completions SHELL` and `entente man`: generated from the clap
//! definitions, so they never drift from the real options.

use anyhow::Result;

pub fn completions(shell: clap_complete::Shell, mut command: clap::Command) -> Result<()> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut command, "entente", &mut out);
    Ok(())
}

pub fn man(command: clap::Command) -> Result<()> {
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(command)
        .render(&mut out)
        .map_err(entente::Error::Output)?;
    Ok(())
}
