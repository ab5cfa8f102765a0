"""The loop: distribute copies, collect what came back, diff and compare cases, and the
demo that runs it all on the shipped samples."""
