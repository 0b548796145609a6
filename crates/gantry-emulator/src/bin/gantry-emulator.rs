//! `just emulator`: starts LocalStack as the tests do and keeps it running
//! until Ctrl-C, printing what to export to point gantry at it.

use gantry_emulator::Emulator;

fn main() {
    let emu = match Emulator::start() {
        Ok(e) => e,
        Err(why) => {
            eprintln!("Error: the emulator could not start: {why}");
            std::process::exit(1);
        }
    };
    println!("LocalStack is listening on {}\n", emu.endpoint());
    println!("Point gantry (or Terraform) at it with:\n");
    for (k, v) in emu.env() {
        println!("  export {k}={v}");
    }
    println!("\nPress Ctrl-C to stop it.");
    // Wait for Ctrl-C: SIGINT ends this process, and the emulator dies
    // with it (it was started with PR_SET_PDEATHSIG).
    loop {
        std::thread::park();
    }
}
