// Nothing: this library only carries a precompiled header for others to reuse.
